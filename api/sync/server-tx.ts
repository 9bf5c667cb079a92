/**
 * `MutationTx` over the central database: the authoritative run of a mutator.
 *
 * Per-field merge (DESIGN §4): every write records, per field, the version it
 * produced and the client that made it (`sync_field_versions`). A merge then
 * checks each field it changes against the base version the station saw for
 * the row: a field written since by *another* client is a collision. Edits to
 * different fields never collide; a client never collides with its own
 * earlier edits (it saw them, it made them). Collisions resolve in server
 * order (this later arrival wins) unless the mutator's resolver keeps the
 * server's value (an opt-out beats an opt-in), and each one becomes a
 * conflict row.
 */
import type { Knex } from 'knex';
import {
  derivedIds,
  MutationRejected,
  type FieldConflict,
  type MergeOptions,
  type MergeResult,
  type MutationContext,
  type MutationTx,
  type ReadOptions,
} from '../../core/sync/mutation';
import { baseVersionKey, keyString, normalizeRow, SERVER_VERSION, SYNCED_TABLES, type Row, type RowKey, type WritableTable } from '../../core/sync/tables';
import { REFERENCE_TABLES } from '../../core/sync/scopes';
import { sendTogether } from '../../platform/prepared-statements';

/**
 * Reference data (titles, distribution centers) is read by mutators for names
 * and never written by one: locking it would only make every pack of a
 * popular title wait for the one before it, and let two stations' batches
 * that pack the same titles in another order deadlock (bench:central found
 * both).
 */
const READ_WITHOUT_LOCK: ReadonlySet<string> = new Set(REFERENCE_TABLES);

interface FieldVersionRow {
  field: string;
  version: number | string;
  client_id: string;
}

export class ServerMutationTx implements MutationTx {
  readonly conflicts: FieldConflict[] = [];
  readonly newId: () => string;
  /**
   * PostgreSQL: writes whose answer the mutator does not need (inserts, field
   * versions, deletes), held until the next statement that reads or the end
   * of the mutation (`flush`) and sent together: a pack's field versions,
   * label event and audit row were three round trips, each costing the API
   * more than the statement (bench:central). In order, and before any read,
   * so the mutation always sees its own writes.
   */
  private readonly held: Knex.QueryBuilder[];

  constructor(
    private readonly trx: Knex.Transaction,
    private readonly ctx: MutationContext,
    private readonly baseVersions: Readonly<Record<string, number>>,
    /**
     * On PostgreSQL: rows a mutator reads are locked until it commits, so two
     * stations' concurrent changes to one shipment decide in turn, each on the
     * other's result (SQLite has one writer at a time anyway). FOR NO KEY
     * UPDATE, the lock an UPDATE itself takes (no mutator changes a key): it
     * does not wait for transactions that merely reference the row (an audit
     * row naming the customer takes a KEY SHARE lock for its foreign key),
     * which FOR UPDATE did for the rest of their push run. Writes are held
     * (`held`) and updates return their version: round trips cost there.
     */
    private readonly postgres = false,
    /**
     * Where writes are held: the mutation's own, or its push run's (shared by
     * the run's mutations, so one change's writes go with the next one's first
     * read and the last ones with the run's ledger update; the run sends them).
     */
    held: Knex.QueryBuilder[] = [],
  ) {
    this.newId = derivedIds(ctx.mutationId);
    this.held = held;
  }

  async get<R extends object = Row>(table: WritableTable, key: RowKey, opts: ReadOptions = {}): Promise<R | null> {
    const q = this.trx(table).where(key);
    const [row] = await this.read((this.locks(table) && opts.lock !== false ? q.forNoKeyUpdate() : q).limit(1));
    return row ? (normalizeRow(table, row) as R) : null;
  }

  async find<R extends object = Row>(table: WritableTable, where: Row, opts: { limit?: number } = {}): Promise<R[]> {
    let q = this.trx(table).where(where).orderBy([...SYNCED_TABLES[table].key]);
    if (this.locks(table)) q = q.forNoKeyUpdate();
    if (opts.limit) q = q.limit(opts.limit);
    const rows = await this.read(q);
    return rows.map((r) => normalizeRow(table, r) as R);
  }

  /** A statement whose rows the mutation needs, after the writes held so far: in the same message (one round trip, not two). */
  private async read(q: Knex.QueryBuilder): Promise<Row[]> {
    if (this.held.length === 0) return (await q) as Row[];
    const results = await sendTogether(this.trx, [...this.held.splice(0), q]);
    return results[results.length - 1]!;
  }

  private locks(table: WritableTable): boolean {
    return this.postgres && !READ_WITHOUT_LOCK.has(table);
  }

  async insert(table: WritableTable, row: Row): Promise<void> {
    await this.hold(this.trx(table).insert(row));
  }

  /** Sends the writes held so far (before a read, and at the end of the mutation). */
  async flush(): Promise<void> {
    if (this.held.length === 0) return;
    await sendTogether(this.trx, this.held.splice(0));
  }

  private async hold(write: Knex.QueryBuilder): Promise<void> {
    // SQLite runs in the process: there is no round trip to save.
    if (this.postgres) this.held.push(write);
    else await write;
  }

  async update(table: WritableTable, key: RowKey, fields: Row): Promise<void> {
    const stamped = await this.write(table, key, fields);
    if (stamped === null) throw new MutationRejected('RECORD_NOT_FOUND', `${table} ${keyString(table, key)} was not found.`);
    await this.recordFieldVersions(table, key, Object.keys(fields), stamped);
  }

  /**
   * Updates one row; returns the version its stamp trigger gave it (undefined:
   * not known yet), or null when no row has the key. PostgreSQL returns it
   * with the update (its stamp is a BEFORE trigger), which spares a read per
   * change; SQLite's stamp runs after the update, so it is read after.
   */
  private async write(table: WritableTable, key: RowKey, fields: Row): Promise<number | undefined | null> {
    if (!this.postgres || SYNCED_TABLES[table].appendOnly) {
      await this.flush();
      return (await this.trx(table).where(key).update(fields)) === 0 ? null : undefined;
    }
    const rows = await this.read(this.trx(table).where(key).update(fields, [SERVER_VERSION]));
    return rows.length === 0 ? null : Number(rows[0]![SERVER_VERSION] ?? 0);
  }

  async merge(table: WritableTable, key: RowKey, fields: Row, opts: MergeOptions = {}): Promise<MergeResult> {
    const current = await this.get<Row>(table, key);
    if (!current) throw new MutationRejected('RECORD_NOT_FOUND', `${table} ${keyString(table, key)} was not found.`);
    const rowKey = keyString(table, key);
    const base = this.baseVersions[baseVersionKey(table, key)] ?? 0;
    const names = Object.keys(fields);
    const lastWrites = await this.fieldVersions(table, rowKey, opts.group ? [opts.group] : names);
    // An unseen write by someone else: after the version this station saw, by another client.
    const unseen = (field: string) => {
      const w = lastWrites.get(field);
      return w !== undefined && Number(w.version) > base && w.client_id !== this.ctx.clientId;
    };

    const toWrite: Row = {};
    if (opts.group) {
      // The whole group is one value: it collides, resolves and is written as a unit.
      const changed = names.some((f) => !sameValue(current[f], fields[f]));
      if (changed) {
        let accept = true;
        if (unseen(opts.group)) {
          const currentGroup = Object.fromEntries(names.map((f) => [f, current[f]]));
          const verdict = opts.resolve?.(opts.group, currentGroup, fields) ?? 'incoming';
          accept = verdict === 'incoming';
          this.conflict(table, rowKey, opts.group, fields, currentGroup, accept, lastWrites.get(opts.group)?.client_id);
        }
        if (accept) Object.assign(toWrite, fields);
      }
    } else {
      for (const field of names) {
        const incoming = fields[field];
        if (sameValue(current[field], incoming)) continue;
        let accept = true;
        if (unseen(field)) {
          accept = (opts.resolve?.(field, current[field], incoming) ?? 'incoming') === 'incoming';
          this.conflict(table, rowKey, field, incoming, current[field], accept, lastWrites.get(field)?.client_id);
        }
        if (accept) toWrite[field] = incoming;
      }
    }

    const written = Object.keys(toWrite);
    if (written.length === 0) return { written, conflicts: this.conflicts.filter((c) => c.key === rowKey && c.table === table) };
    const stamped = await this.write(table, key, { ...toWrite, ...(opts.touch ?? {}) });
    await this.recordFieldVersions(table, key, opts.group ? [opts.group] : written, stamped ?? undefined);
    return { written, conflicts: this.conflicts.filter((c) => c.key === rowKey && c.table === table) };
  }

  async delete(table: WritableTable, key: RowKey): Promise<void> {
    await this.hold(this.trx(table).where(key).del());
  }

  private conflict(table: WritableTable, key: string, field: string, local: unknown, server: unknown, applied: boolean, overwrittenClientId?: string): void {
    this.conflicts.push({ table, key, field, localValue: local, serverValue: server, resolution: applied ? 'applied' : 'kept_server', ...(overwrittenClientId ? { overwrittenClientId } : {}) });
  }

  private async fieldVersions(table: WritableTable, rowKey: string, fields: string[]): Promise<Map<string, FieldVersionRow>> {
    const rows = (await this.read(
      this.trx('sync_field_versions').where({ table_name: table, row_key: rowKey }).whereIn('field', fields).select('field', 'version', 'client_id'),
    )) as unknown as FieldVersionRow[];
    return new Map(rows.map((r) => [r.field, r]));
  }

  private async recordFieldVersions(table: WritableTable, key: RowKey, fields: string[], stamped?: number): Promise<void> {
    if (SYNCED_TABLES[table].appendOnly || fields.length === 0) return;
    if (stamped === undefined) await this.flush();
    const version = stamped ?? Number(((await this.trx(table).where(key).first(SERVER_VERSION)) as Row | undefined)?.[SERVER_VERSION] ?? 0);
    const rowKey = keyString(table, key);
    const rows = fields.map((field) => ({
      table_name: table,
      row_key: rowKey,
      field,
      version,
      client_id: this.ctx.clientId,
      mutation_id: this.ctx.mutationId,
    }));
    await this.hold(this.trx('sync_field_versions').insert(rows).onConflict(['table_name', 'row_key', 'field']).merge(['version', 'client_id', 'mutation_id']));
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}
