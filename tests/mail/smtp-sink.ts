/**
 * A real SMTP server on 127.0.0.1 for the mail tests (smtp-server, the
 * nodemailer project's): it asks for the sign-in in the URL it hands out,
 * keeps every message it accepted (parsed with mailparser) and can refuse a
 * recipient with a given reply code, stop answering (closed port) and start
 * again on the same port, or run something before it accepts a message (a
 * sender "crashing" between the relay's yes and its own record of it).
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { MailConfig } from '../../api/mail/mail-config';

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  from: { name: string; address: string };
  to: string[];
  subject: string;
  text: string;
  messageId: string;
  autoSubmitted: string | null;
}

export interface SmtpSink {
  port: number;
  received: ReceivedMail[];
  /** RCPT TO commands seen per address (accepted or refused). */
  rcptAttempts: Map<string, number>;
  /** The config an API or sender is given to reach this server. */
  config(from?: string): MailConfig;
  /** Refuse this recipient with `code` (550: no such mailbox; 451: try later) the next `times` times (default: always). */
  refuse(address: string, code: number, times?: number): void;
  /** Runs before a message is accepted (the relay says yes only after it). */
  beforeAccept: ((mail: ReceivedMail) => Promise<void>) | null;
  /** Closes the port: a relay that is down. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
}

export const SINK_USER = 'backlot-relay';
export const SINK_PASS = 'relay pass: with @ and /';
export const SINK_FROM = 'Backlot orders <orders@backlot.example>';

export async function startSmtpSink(opts: { port?: number } = {}): Promise<SmtpSink> {
  const refusals = new Map<string, { code: number; times: number }>();
  let server: SMTPServer | null = null;
  const sink: SmtpSink = {
    port: opts.port ?? 0,
    received: [],
    rcptAttempts: new Map(),
    beforeAccept: null,
    config: (from = SINK_FROM) => ({ smtpUrl: `smtp://${encodeURIComponent(SINK_USER)}:${encodeURIComponent(SINK_PASS)}@127.0.0.1:${sink.port}`, from }),
    refuse(address, code, times = Infinity) {
      refusals.set(address.toLowerCase(), { code, times });
    },
    async stop() {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async start() {
      server = newServer();
      const s = server;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(sink.port, '127.0.0.1', () => resolve());
      });
      sink.port = (s.server.address() as AddressInfo).port;
    },
    async waitFor(count, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (sink.received.length < count) {
        if (Date.now() > until) throw new Error(`the SMTP server received ${sink.received.length} messages, not ${count}, within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return sink.received;
    },
  };

  function newServer(): SMTPServer {
    return new SMTPServer({
      // Loopback, so the sender may use plain SMTP (api/mail/mail-config.ts); the sign-in is still required.
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: false,
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === SINK_USER && auth.password === SINK_PASS) callback(null, { user: SINK_USER });
        else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo(address, _session, callback) {
        const key = address.address.toLowerCase();
        sink.rcptAttempts.set(key, (sink.rcptAttempts.get(key) ?? 0) + 1);
        const refusal = refusals.get(key);
        if (refusal && refusal.times > 0) {
          refusal.times -= 1;
          return callback(Object.assign(new Error(refusal.code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: refusal.code }));
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          void (async () => {
            const parsed = await simpleParser(Buffer.concat(chunks));
            const mail: ReceivedMail = {
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              from: { name: parsed.from?.value[0]?.name ?? '', address: parsed.from?.value[0]?.address ?? '' },
              to: [parsed.to ?? []].flat().flatMap((t) => t.value.map((v) => v.address ?? '')),
              subject: parsed.subject ?? '',
              text: (parsed.text ?? '').replace(/\n$/, ''),
              messageId: parsed.messageId ?? '',
              autoSubmitted: (parsed.headers.get('auto-submitted') as string | undefined) ?? null,
            };
            if (sink.beforeAccept) await sink.beforeAccept(mail);
            sink.received.push(mail);
            callback();
          })().catch((err: unknown) => callback(err as Error));
        });
      },
    });
  }

  await sink.start();
  return sink;
}
