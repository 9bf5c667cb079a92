/**
 * What a mutator is and what it may touch (DESIGN §4). A mutator is a named
 * intent with zod-validated args whose `run` is pure logic over `MutationTx`:
 * the station implements the interface over its SQLite cache (optimistic,
 * with an undo log), the central API over its database (authoritative, with
 * per-field versions and conflicts), so the same code decides both outcomes.
 *
 * Determinism is the contract that makes the two runs agree: a mutator reads
 * time only from `ctx.at` (when the staff member acted) and makes ids only
 * with `tx.newId()` (derived from the mutation id), so the station's
 * optimistic row and the server's row are the same row.
 */
import type { z } from 'zod';
import type { FieldIssue, Reason } from '../errors';
import type { Role } from '../roles';
import type { Row, RowKey, WritableTable } from './tables';

/**
 * Thrown by a mutator when the intent can never succeed against this state.
 * On the station it becomes the error the user sees (and nothing is queued);
 * on the server the mutation is recorded as rejected and the client advances.
 */
export class MutationRejected extends Error {
  readonly reason: Reason;
  readonly fields?: FieldIssue[];
  constructor(reason: Reason, message: string, fields?: FieldIssue[]) {
    super(message);
    this.name = 'MutationRejected';
    this.reason = reason;
    if (fields) this.fields = fields;
  }
}

export interface MutationContext {
  mutationId: string;
  clientId: string;
  staffId: string;
  /** The acting staff member's role; null when a station replays a mutation made by an earlier version. */
  role: Role | null;
  stationId: string | null;
  /** The distribution center of the station the mutation came from (its credential's, on the server). */
  stationDc: string | null;
  /** ISO time the staff member acted (station clock): every timestamp a mutator writes. */
  at: string;
  side: 'station' | 'server';
  /**
   * Set only by a station's scan, which verified this disc against the order
   * a moment earlier in the same transaction (with the claim's age
   * certification, which only the station holds): the check runs once per
   * scan. The server, and a station replaying its outbox, always verify.
   */
  scanVerified?: boolean;
}

/**
 * Decides a collision on one field: this mutation's value meets a write by
 * another station that this mutation's author had not seen.
 * 'incoming' applies it (server order: the later arrival wins), 'current' keeps
 * the server's value. Either way a conflict row records both values.
 */
export type MergeResolver = (field: string, current: unknown, incoming: unknown) => 'incoming' | 'current';

export interface MergeOptions {
  resolve?: MergeResolver;
  /**
   * Checks and versions the fields as one unit under this name: an address is
   * one value, and line 1 of one edit with the city of another is no address.
   */
  group?: string;
  /** Bookkeeping columns written whenever any field is written (updated_at); never checked. */
  touch?: Row;
}

export interface FieldConflict {
  table: WritableTable;
  key: string;
  field: string;
  localValue: unknown;
  serverValue: unknown;
  resolution: ConflictResolution;
  /** Server side: the client whose earlier value this one met (told too when its value was replaced). */
  overwrittenClientId?: string;
}

/** applied: this mutation's value won; kept_server: the server kept its value (an opt-out beats an opt-in). */
export type ConflictResolution = 'applied' | 'kept_server' | 'replaced';

export interface MergeResult {
  /** Fields whose value this mutation wrote. */
  written: string[];
  conflicts: FieldConflict[];
}

/**
 * `lock: false`: the mutator reads the row only to decide (it never writes it),
 * and a change committed at the same moment may fall on either side of this
 * one, so the server takes no row lock for it (the default locks it until the
 * mutation commits: api/sync/server-tx.ts).
 */
export interface ReadOptions {
  lock?: boolean;
}

export interface MutationTx {
  get<R extends object = Row>(table: WritableTable, key: RowKey, opts?: ReadOptions): Promise<R | null>;
  /** Rows whose columns equal `where`, in key order. */
  find<R extends object = Row>(table: WritableTable, where: Row, opts?: { limit?: number }): Promise<R[]>;
  insert(table: WritableTable, row: Row): Promise<void>;
  /** Authoritative write of fields on an existing row (no collision check): status changes, counters. */
  update(table: WritableTable, key: RowKey, fields: Row): Promise<void>;
  /** A user's edit of fields on an existing row, merged per field against writes the user had not seen. */
  merge(table: WritableTable, key: RowKey, fields: Row, opts?: MergeOptions): Promise<MergeResult>;
  delete(table: WritableTable, key: RowKey): Promise<void>;
  /** The next id for a row this mutation creates: the same on the station and the server. */
  newId(): string;
}

export interface MutatorDef<N extends string = string, S extends z.ZodType = z.ZodType> {
  name: N;
  summary: string;
  /** Who may run it: checked at the station before queueing and by the server against the staff member's current role. */
  roles: readonly Role[];
  args: S;
  run(tx: MutationTx, args: z.output<S>, ctx: MutationContext): Promise<void>;
}

export function mutator<N extends string, S extends z.ZodType>(def: MutatorDef<N, S>): MutatorDef<N, S> {
  return def;
}

/** Ids of rows a mutation creates: the mutation id itself, then `<id>-1`, `<id>-2`... */
export function derivedIds(mutationId: string): () => string {
  let n = 0;
  return () => (n++ === 0 ? mutationId : `${mutationId}-${n - 1}`);
}
