/**
 * How an API instance's live hub learns that something committed (issue 18).
 *
 * PostgreSQL: `LISTEN "backlot_sync:<schema>"` on ONE dedicated connection
 * per instance, outside the query pool: a transaction-mode pooler (PgBouncer)
 * hands pool connections to other clients between transactions, so a LISTEN
 * there would hear nothing, and the pool must stay free of session state. The
 * triggers of migration 030 send the notification at commit from whichever
 * instance (or script) wrote. At start, the feed sends itself a probe through
 * the pool; if the probe never arrives (the listen URL points at a
 * transaction pooler), it says so in the log and the hub falls back to
 * looking on its own every 200 ms.
 *
 * The same channel carries migration 065's `access` notifications (a station
 * revoked, a session ended, a staff member deactivated): they are not
 * commits of synced rows, and go to `onAccessChange` instead (the instance's
 * access cache forgets what it holds). Losing the connection or getting it
 * back calls it too: what was announced meanwhile was not heard.
 *
 * SQLite: no NOTIFY; the embedded API is the only process that writes, its
 * write routes poke the hub in-process and the hub looks at its one-row
 * version counter every 200 ms for anyone else (a script, a test).
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';
import type { Logger } from '../../platform/logger';
import type { CommitFeed } from './live';

const PROBE_WAIT_MS = 2_000;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

/**
 * The embedded SQLite default: this process's write routes poke the hub after
 * they answer, and the hub also looks every 200 ms for other writers (a
 * script, a test). Commits are not pushed by the database, so the hub polls;
 * for what this process writes, the poke is as quick as a notification.
 */
export class LocalCommitFeed implements CommitFeed {
  async start(): Promise<void> {}
  pushes(): boolean {
    return false;
  }
  async close(): Promise<void> {}
}

export interface PgCommitFeedOptions {
  /** The query pool: the schema's name, and the probe. */
  knex: Knex;
  /** A direct connection to PostgreSQL (not through a transaction-mode pooler). */
  url: string;
  logger?: Logger;
  /** A change of access was announced, or may have gone unheard (the connection was lost or is back). */
  onAccessChange?: () => void;
}

/** The payload of migration 065's triggers. */
export const ACCESS_CHANGED_PAYLOAD = 'access';

export class PgCommitFeed implements CommitFeed {
  private client: pg.Client | null = null;
  private channel = '';
  private onCommit: () => void = () => undefined;
  private closed = false;
  private reconnectMs = RECONNECT_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private listening = false;
  /** Whether the start-up probe came through (a pooler in the way keeps it false for good). */
  private probed = false;
  private probe: { nonce: string; arrived(): void } | null = null;

  constructor(private readonly opts: PgCommitFeedOptions) {}

  pushes(): boolean {
    return this.listening;
  }

  async start(onCommit: () => void): Promise<void> {
    this.onCommit = onCommit;
    const schema = (await this.opts.knex.raw<{ rows: { s: string }[] }>('SELECT current_schema() AS s')).rows[0]?.s ?? 'public';
    this.channel = `backlot_sync:${schema}`;
    try {
      await this.connect();
    } catch (err) {
      this.opts.logger?.warn({ err }, 'live changes: the LISTEN connection failed; looking for changes by polling until it connects');
      this.scheduleReconnect();
      return;
    }
    this.probed = await this.probeArrives();
    this.listening = this.probed && this.client !== null;
    if (!this.probed) {
      this.opts.logger?.warn(
        { channel: this.channel },
        'live changes: a notification sent through the pool never reached the LISTEN connection (is BACKLOT_LISTEN_URL a transaction pooler?); looking for changes every 200 ms instead',
      );
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.opts.url, application_name: 'backlot-live' });
    client.on('notification', (msg) => {
      if (msg.channel !== this.channel) return;
      if (msg.payload === ACCESS_CHANGED_PAYLOAD) {
        this.opts.onAccessChange?.();
        return;
      }
      if (this.probe && msg.payload === `probe:${this.probe.nonce}`) this.probe.arrived();
      this.onCommit();
    });
    client.on('error', (err) => {
      this.opts.logger?.warn({ err }, 'live changes: the LISTEN connection failed; reconnecting');
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query(`LISTEN ${client.escapeIdentifier(this.channel)}`);
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.reconnectMs = RECONNECT_MIN_MS;
  }

  private async probeArrives(): Promise<boolean> {
    const nonce = randomBytes(8).toString('hex');
    const arrived = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), PROBE_WAIT_MS);
      this.probe = {
        nonce,
        arrived: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
    });
    await this.opts.knex.raw('SELECT pg_notify(?, ?)', [this.channel, `probe:${nonce}`]);
    const ok = await arrived;
    this.probe = null;
    return ok;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.listening = false;
    this.opts.onAccessChange?.();
    if (!this.closed) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    const wait = this.reconnectMs;
    this.reconnectMs = Math.min(RECONNECT_MAX_MS, this.reconnectMs * 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().then(
        // Whatever committed while nobody listened is in the next version window: look now.
        () => {
          this.listening = this.probed;
          this.opts.onAccessChange?.();
          this.onCommit();
        },
        (err: unknown) => {
          this.opts.logger?.warn({ err }, 'live changes: reconnecting the LISTEN connection failed');
          this.scheduleReconnect();
        },
      );
    }, wait);
    this.reconnectTimer.unref?.();
  }
}
