/**
 * Where the central office sends customers' email: one SMTP relay
 * (`BACKLOT_SMTP_URL`, e.g. `smtp://user:pass@mail.site.lan:587`, or
 * `smtps://...:465` for TLS from the first byte) and the sender address
 * (`BACKLOT_MAIL_FROM`). Without both the API sends nothing, the emails stay
 * queued, and `GET /health` says `"mail": "not configured"`.
 *
 * Policy: personal information travels over a secure connection. A relay on
 * this machine may take plain SMTP; any other must speak TLS, by `smtps://` or
 * STARTTLS (required, not opportunistic), with a certificate Node trusts
 * (a site CA through `NODE_EXTRA_CA_CERTS`).
 */
import { z } from 'zod';
import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import { isLoopbackHost } from '../config';

export const MailConfigSchema = z.object({
  /** smtp:// or smtps://, user and password in the URL (percent-encoded). Never logged: it carries the password. */
  smtpUrl: z.string().min(1),
  /** `Backlot <orders@backlot.example>` or a bare address. */
  from: z.string().min(3),
});
export type MailConfig = z.infer<typeof MailConfigSchema>;

/** How long one send may take, in parts: a relay that hangs does not hold the queue (or the lease) for ever. */
export const SMTP_TIMEOUTS_MS = { connection: 10_000, greeting: 10_000, socket: 30_000 } as const;

/**
 * From the CLI options, else the environment; null when neither names a
 * relay. Half a configuration (a relay and no sender, or the reverse) is a
 * start-up error: an operator who set one meant mail to go out.
 */
export function mailConfigFrom(args: { smtpUrl?: string | undefined; from?: string | undefined }, env: NodeJS.ProcessEnv = process.env): MailConfig | null {
  const smtpUrl = (args.smtpUrl ?? env.BACKLOT_SMTP_URL)?.trim() || undefined;
  const from = (args.from ?? env.BACKLOT_MAIL_FROM)?.trim() || undefined;
  if (!smtpUrl && !from) return null;
  if (!smtpUrl) throw new Error('BACKLOT_MAIL_FROM is set but no mail server: set BACKLOT_SMTP_URL (smtp://user:pass@host:587) too, or unset both.');
  if (!from) throw new Error('BACKLOT_SMTP_URL is set but not the sender: set BACKLOT_MAIL_FROM (e.g. "Backlot <orders@backlot.example>") too.');
  const config = { smtpUrl, from };
  smtpOptionsOf(config); // refuses a malformed URL or sender now, not at the first email
  return config;
}

/** The domain of the sender address: it names the central office in every Message-ID. */
export function senderDomainOf(from: string): string {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  const at = address.lastIndexOf('@');
  const domain = at > 0 ? address.slice(at + 1).trim().toLowerCase() : '';
  if (!/^[a-z0-9.-]+$/.test(domain) || !domain.includes('.')) {
    throw new Error('BACKLOT_MAIL_FROM must be an email address, e.g. "Backlot <orders@backlot.example>".');
  }
  return domain;
}

/** nodemailer's SMTP options from the URL (parsed here, so the TLS rule above is ours, not the URL's query string). */
export function smtpOptionsOf(config: MailConfig): SMTPTransportOptions {
  let url: URL;
  try {
    url = new URL(config.smtpUrl);
  } catch {
    throw new Error('BACKLOT_SMTP_URL is not a URL: write it as smtp://user:pass@host:587 or smtps://user:pass@host:465.');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('BACKLOT_SMTP_URL must start with smtp:// or smtps://.');
  if (!url.hostname) throw new Error('BACKLOT_SMTP_URL names no mail server.');
  senderDomainOf(config.from);
  const secure = url.protocol === 'smtps:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return {
    host,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    // Off this machine, STARTTLS or nothing: the message names the customer's order and goes to their address.
    requireTLS: !secure && !isLoopbackHost(host),
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: SMTP_TIMEOUTS_MS.connection,
    greetingTimeout: SMTP_TIMEOUTS_MS.greeting,
    socketTimeout: SMTP_TIMEOUTS_MS.socket,
    // nodemailer's own logger would write the envelope (the customer's address): off.
    logger: false,
    debug: false,
  };
}
