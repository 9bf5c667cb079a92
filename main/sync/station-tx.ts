/**
 * `MutationTx` over the station cache: the optimistic run of a mutator.
 *
 * Every row a mutation touches leaves its before-image in `sync_undo`, so
 * applying a pull can take all not-yet-acknowledged changes back out, lay the
 * server's rows down and replay the outbox on top (DESIGN §4 client apply).
 * Reads record the `server_version` of each row seen: the base versions an
 * edit carries, so the server can tell a change this station had seen from
 * one it had not.
 *
 * Audit rows (append-only) are facts about what happened here: they get no
 * undo entry and a replay does not write them twice.
 */
import {
  derivedIds,
  MutationRejected,
  type MergeOptions,
  type MergeResult,
  type MutationTx,
} from '../../core/sync/mutation';
import type { Db } from '../db/prepared';
import { deleteRowByKey, insertRow, selectRowByKey, selectRowsWhere, updateRowByKey } from '../db/row-statements';
import { baseVersionKey, keyOf, keyString, normalizeRow, SYNCED_TABLES, type Row, type RowKey, type WritableTable } from '../../core/sync/tables';

export class StationMutationTx implements MutationTx {
  readonly baseVersions: Record<string, number> = {};
  /** Tables this mutation wrote (the screens showing them read again). */
  readonly tables = new Set<WritableTable>();
  readonly newId: () => string;
  private seq = 0;
  /**
   * Rows this mutation read and has not written since: a mutator reads a row
   * and then changes it (the scan reads the shipment, then packs it), and the
   * change needs its before-image; the second read would return the same row.
   */
  private readonly seen = new Map<string, Row | undefined>();

  constructor(
    /** A knex transaction or a write transaction: every statement here is a prepared row statement, which runs on either. */
    private readonly trx: Db,
    private readonly mutationId: string,
  ) {
    this.newId = derivedIds(mutationId);
  }

  async get<R extends object = Row>(table: WritableTable, key: RowKey): Promise<R | null> {
    const row = await this.raw(table, key);
    if (!row) return null;
    this.noteBase(table, row);
    return normalizeRow(table, row) as R;
  }

  async find<R extends object = Row>(table: WritableTable, where: Row, opts: { limit?: number } = {}): Promise<R[]> {
    const rows = (await selectRowsWhere(this.trx, table, where, SYNCED_TABLES[table].key, opts.limit || undefined)) as Row[];
    for (const row of rows) this.noteBase(table, row);
    return rows.map((r) => normalizeRow(table, r) as R);
  }

  async insert(table: WritableTable, row: Row): Promise<void> {
    const spec = SYNCED_TABLES[table];
    if (spec.appendOnly) {
      this.seen.clear();
      this.tables.add(table);
      await insertRow(this.trx, table, row, { key: spec.key, then: 'ignore' });
      return;
    }
    const key = keyOf(table, row);
    const before = await this.raw(table, key);
    await this.remember(table, key, before);
    // The server's copy of this very row may already be here (pulled before the outbox row was acknowledged).
    await insertRow(this.trx, table, row, { key: spec.key, then: 'merge' });
  }

  async update(table: WritableTable, key: RowKey, fields: Row): Promise<void> {
    const before = await this.raw(table, key);
    if (!before) throw new MutationRejected('RECORD_NOT_FOUND', `${table} ${keyString(table, key)} is not at this station.`);
    await this.remember(table, key, before);
    await updateRowByKey(this.trx, table, key, fields);
  }

  /** Optimistic: this station cannot know of unseen writes, so every changed field is written; the server merges. */
  async merge(table: WritableTable, key: RowKey, fields: Row, opts: MergeOptions = {}): Promise<MergeResult> {
    const before = await this.raw(table, key);
    if (!before) throw new MutationRejected('RECORD_NOT_FOUND', `${table} ${keyString(table, key)} is not at this station.`);
    this.noteBase(table, before);
    const current = normalizeRow(table, before);
    const changed = Object.keys(fields).filter((f) => (current[f] ?? null) !== (fields[f] ?? null));
    // A group is written whole or not at all, as on the server.
    const written = opts.group && changed.length > 0 ? Object.keys(fields) : changed;
    if (written.length === 0) return { written, conflicts: [] };
    await this.remember(table, key, before);
    await updateRowByKey(this.trx, table, key, { ...Object.fromEntries(written.map((f) => [f, fields[f]])), ...(opts.touch ?? {}) });
    return { written, conflicts: [] };
  }

  async delete(table: WritableTable, key: RowKey): Promise<void> {
    const before = await this.raw(table, key);
    if (!before) return;
    await this.remember(table, key, before);
    await deleteRowByKey(this.trx, table, key);
  }

  private async raw(table: WritableTable, key: RowKey): Promise<Row | undefined> {
    const at = `${table}|${keyString(table, key)}`;
    if (this.seen.has(at)) return this.seen.get(at);
    const row = (await selectRowByKey(this.trx, table, key)) as Row | undefined;
    this.seen.set(at, row);
    return row;
  }

  /** The first version seen is the one the staff member acted on. */
  private noteBase(table: WritableTable, row: Row): void {
    if (SYNCED_TABLES[table].appendOnly) return;
    const entry = baseVersionKey(table, keyOf(table, row));
    if (!(entry in this.baseVersions)) this.baseVersions[entry] = Number(row.server_version ?? 0);
  }

  /** Every write to a row goes through here first: the row as read is no longer the row. */
  private async remember(table: WritableTable, key: RowKey, before: Row | undefined): Promise<void> {
    this.seen.delete(`${table}|${keyString(table, key)}`);
    this.tables.add(table);
    await insertRow(this.trx, 'sync_undo', {
      mutation_id: this.mutationId,
      seq: this.seq++,
      table_name: table,
      row_key: JSON.stringify(key),
      before: before ? JSON.stringify(before) : null,
    });
  }
}
