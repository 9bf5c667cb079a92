import type { Clock } from '../../core/clock';
import type { Database } from '../../platform/database';
import type { ApiConfig } from '../config';
import type { PaymentProcessor } from '../customers/payment-processor';
import type { LiveHub } from '../sync/live';
import type { PackingWindows } from '../sync/pull';
import type { MailStatus } from '../mail/problem-mail-sender';
import type { AccessCache } from '../auth/access-cache';

/** What every route plugin is handed (injected, never imported as a singleton, so tests pass a temp database and a fake clock). */
export interface ApiContext {
  db: Database;
  config: ApiConfig;
  clock: Clock;
  /** The payment processor's boundary (the demo one in the embedded default and tests). */
  payments: PaymentProcessor;
  /** Live changes: stations' long-polls wait here (one hub per instance). */
  live: LiveHub;
  /** Packing stations' pulls share one read of their DC's changes per instance (api/sync/shared-window.ts). */
  packingWindows: PackingWindows;
  /** The order-problem mail sender, or `not configured` (no SMTP relay): health reports it, a settling push wakes it. */
  mail: MailStatus;
  /** Stations and sessions remembered while changes of access are heard (api/auth/access-cache.ts); a route that withdraws access forgets. */
  access: AccessCache;
}
