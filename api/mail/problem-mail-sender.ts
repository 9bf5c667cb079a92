/**
 * The central office's mail sender for order problems (issue 15 item 5: "the
 * customer told by email"). The settlement (core/sync/mutators/
 * shipment-problem.ts) queues the email on the problem; this sends it to
 * `customers.email` over SMTP (nodemailer) and records the outcome.
 *
 * When it looks: at start-up, when a push on this instance settled a problem
 * (`wake`, from the sync routes), and every `pollMs` for back-offs that ran
 * out, leases left by a dead sender and problems another instance settled.
 * One drain at a time per instance; instances share the queue through the
 * claim (api/mail/problem-mail-queue.ts).
 *
 * Exactly once as far as SMTP allows: a send is claimed first, made outside
 * any transaction, then marked. If the process dies after the relay accepted
 * and before the mark, the email is sent once more when the lease runs out;
 * every message carries a Message-ID made from the problem and its state, so
 * that copy is the same message to the customer's mail client.
 *
 * Failures: a refusal of the address or the message (5xx) is final; anything
 * else (server down, 4xx, a timeout, a refused sign-in) is tried again after
 * 1, 2, 4 ... minutes (at most `retryMaxMs` apart) until `maxAttempts`. The
 * reason kept and logged is the classifier's words (api/mail/smtp-failure.ts);
 * the log never sees the address, the subject or the body, and never the
 * error object, whose reply text may quote the address.
 */
import nodemailer, { type Mail } from 'nodemailer';
import type { SMTPSentMessageInfo, SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import type { Knex } from 'knex';
import type { Clock } from '../../core/clock';
import type { MutatorName } from '../../core/sync/mutators/index';
import type { DatabaseKind } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import { senderDomainOf, smtpOptionsOf, type MailConfig } from './mail-config';
import { claimNextProblemEmail, markProblemEmailSent, recordProblemEmailFailure, type ClaimedProblemEmail } from './problem-mail-queue';
import { classifySendFailure, NO_ADDRESS } from './smtp-failure';

export const MAIL_DEFAULTS = {
  /** Longer than one send can take with the SMTP timeouts (api/mail/mail-config.ts), so a live sender never loses its claim. */
  leaseMs: 5 * 60_000,
  /** 12 tries 1, 2, 4 ... 120 minutes apart: about half a day of a relay being down before the desk is told it could not be sent. */
  maxAttempts: 12,
  retryBaseMs: 60_000,
  retryMaxMs: 2 * 60 * 60_000,
  pollMs: 30_000,
  /** At shutdown, how long a send under way may finish before the process goes (its lease covers it if not). */
  closeGraceMs: 5_000,
} as const;

export interface ProblemMailSenderOptions {
  knex: Knex;
  kind: DatabaseKind;
  clock: Clock;
  logger: Logger;
  config: MailConfig;
  leaseMs?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  pollMs?: number;
}

export interface DrainResult {
  sent: number;
  /** Tried and failed; tried again later. */
  retrying: number;
  /** Given up: refused, no address, or the last try. */
  failed: number;
}

/** What the API's routes see of mail: health reports it, a settling push wakes it. */
export interface MailStatus {
  mode(): 'smtp' | 'not configured';
  wake(): void;
}

/** The intents whose server run can queue a problem's email (core/sync/mutators/shipment-problem.ts): a push that applied one wakes the sender. */
export const QUEUES_PROBLEM_EMAIL: ReadonlySet<string> = new Set(['shipment.reportProblem', 'shipment.decideProblem'] satisfies MutatorName[]);

export const MAIL_NOT_CONFIGURED: MailStatus = { mode: () => 'not configured', wake: () => undefined };

/**
 * `<problem.<id>.<state>@<sender's domain>>`: the same for every copy of one
 * email, and a new one if a problem ever queues an email for another state.
 */
export function problemMessageId(email: Pick<ClaimedProblemEmail, 'problemId' | 'state'>, domain: string): string {
  const part = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '-');
  return `<problem.${part(email.problemId)}.${part(email.state)}@${domain}>`;
}

export class ProblemMailSender implements MailStatus {
  private readonly transport: Mail<SMTPSentMessageInfo, SMTPTransportOptions>;
  private readonly domain: string;
  private running: Promise<unknown> | null = null;
  private wakeAgain = false;
  private poller: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly opts: ProblemMailSenderOptions) {
    this.transport = nodemailer.createTransport(smtpOptionsOf(opts.config));
    this.domain = senderDomainOf(opts.config.from);
  }

  mode(): 'smtp' {
    return 'smtp';
  }

  /** Looks now and then every `pollMs`. */
  start(): void {
    if (this.closed || this.poller) return;
    this.wake();
    this.poller = setInterval(() => this.wake(), this.opts.pollMs ?? MAIL_DEFAULTS.pollMs);
    this.poller.unref?.();
  }

  /** Something may be queued: drain soon (a wake during a drain runs one more after it). */
  wake(): void {
    if (this.closed) return;
    if (this.running) {
      this.wakeAgain = true;
      return;
    }
    this.wakeAgain = false;
    this.running = this.drain()
      // The database's error code only: a driver's message may carry the statement's values.
      .catch((err: unknown) => this.opts.logger.warn({ code: (err as { code?: unknown } | null)?.code }, 'order problem emails: the queue could not be read or marked; the next look retries'))
      .finally(() => {
        this.running = null;
        if (this.wakeAgain) this.wake();
      });
  }

  /** Sends every email due now, one at a time; resolves when none is left (or the sender is closing). */
  async drain(): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, retrying: 0, failed: 0 };
    while (!this.closed) {
      const email = await claimNextProblemEmail(this.opts.knex, this.opts.kind, this.opts.clock.now(), this.opts.leaseMs ?? MAIL_DEFAULTS.leaseMs);
      if (!email) break;
      result[await this.deliver(email)] += 1;
    }
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    if (this.running) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.running, new Promise((r) => (timer = setTimeout(r, MAIL_DEFAULTS.closeGraceMs)))]);
      clearTimeout(timer);
    }
    this.transport.close();
  }

  private async deliver(email: ClaimedProblemEmail): Promise<keyof DrainResult> {
    const { logger, clock, knex, config } = this.opts;
    const messageId = problemMessageId(email, this.domain);
    if (!email.to) {
      await recordProblemEmailFailure(knex, email, clock.now(), NO_ADDRESS.words, null);
      logger.warn({ problemId: email.problemId, attempt: email.attempt, why: NO_ADDRESS.words }, 'order problem email given up');
      return 'failed';
    }
    try {
      await this.transport.sendMail({
        from: config.from,
        to: email.to,
        subject: email.subject,
        text: email.body,
        messageId,
        date: clock.now(),
        // RFC 3834: an automatic message; vacation responders leave it alone.
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    } catch (err) {
      const failure = classifySendFailure(err);
      const last = failure.permanent || email.attempt >= (this.opts.maxAttempts ?? MAIL_DEFAULTS.maxAttempts);
      const now = clock.now();
      const retryAt = last ? null : new Date(now.getTime() + this.backoffMs(email.attempt));
      await recordProblemEmailFailure(knex, email, now, failure.words, retryAt);
      logger.warn(
        { problemId: email.problemId, attempt: email.attempt, permanent: failure.permanent, why: failure.words, ...(retryAt ? { retryAt: retryAt.toISOString() } : {}) },
        last ? 'order problem email given up' : 'order problem email not sent; trying again later',
      );
      return last ? 'failed' : 'retrying';
    }
    await markProblemEmailSent(knex, email, clock.now(), messageId);
    logger.info({ problemId: email.problemId, attempt: email.attempt, messageId }, 'order problem email sent');
    return 'sent';
  }

  private backoffMs(attempt: number): number {
    const base = this.opts.retryBaseMs ?? MAIL_DEFAULTS.retryBaseMs;
    return Math.min(base * 2 ** (attempt - 1), this.opts.retryMaxMs ?? MAIL_DEFAULTS.retryMaxMs);
  }
}
