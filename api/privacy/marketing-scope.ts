/**
 * The only door marketing code has to the database: a reader over an
 * explicit list of tables and, for each, an explicit list of columns.
 *
 * policy: "The information collected from our affiliates is used strictly
 * for that program; none of this information is used for general marketing
 * purposes." and "We use your telephone number only if there is an
 * order-related issue, not for marketing purposes." and "the partner company
 * never sees your email address or any other information that could identify
 * you or be used to contact you directly."
 *
 * So the reader opens no table of the affiliate program, and no column with
 * a name, email, phone, pseudonym or card: marketing code (marketing-data.ts)
 * is handed this reader instead of a database handle, and can ask for nothing
 * else. A request outside the lists throws before any SQL is built. The
 * reader builds single-table queries only (no joins, no raw SQL), so it has
 * no path to any other table either.
 */
import type { Knex } from 'knex';

export const MARKETING_COLUMNS = {
  customers: ['id', 'status', 'plan_discs_out', 'created_at', 'policy_version'],
  // A postal mailing goes to the shipping address: the vendor needs it (policy: "via postal mail, using the shipping address provided").
  addresses: ['customer_id', 'line1', 'line2', 'city', 'state', 'zip5', 'zip4', 'is_current'],
  preferences: ['customer_id', 'partner_mailings_excluded', 'postal_offers', 'email_promotions'],
  shipments: ['customer_id', 'title_id', 'ship_state', 'shipped_at'],
  titles: ['id', 'genre'],
  consent_events: ['customer_id', 'field', 'new_value', 'policy_version', 'at'],
} as const satisfies Record<string, readonly string[]>;

export type MarketingTable = keyof typeof MARKETING_COLUMNS;
export type MarketingColumn<T extends MarketingTable> = (typeof MARKETING_COLUMNS)[T][number];

type Scalar = string | number | boolean;

export interface MarketingFilter<C extends string> {
  /** column = value, for each entry. */
  equals?: Partial<Record<C, Scalar>>;
  /** column IN values (any length; sent in chunks). */
  in?: { column: C; values: readonly (string | number)[] };
  /** gte <= column < lt, either bound optional (ISO timestamps compare as text). */
  range?: { column: C; gte?: string; lt?: string };
  notNull?: readonly C[];
  /** Each distinct combination of the selected columns once. */
  distinct?: boolean;
}

export type MarketingRow<C extends string> = { [K in C]: unknown };

export interface MarketingReader {
  select<T extends MarketingTable, C extends MarketingColumn<T>>(
    table: T,
    columns: readonly C[],
    filter?: MarketingFilter<MarketingColumn<T>>,
  ): Promise<MarketingRow<C>[]>;
}

export class MarketingScopeError extends Error {
  override readonly name = 'MarketingScopeError';
}

const IN_CHUNK = 5000;

function allowedColumns(table: string): readonly string[] {
  if (!Object.prototype.hasOwnProperty.call(MARKETING_COLUMNS, table)) {
    throw new MarketingScopeError(`The table "${table}" is not open to marketing (open: ${Object.keys(MARKETING_COLUMNS).join(', ')}).`);
  }
  return MARKETING_COLUMNS[table as MarketingTable];
}

function checkColumn(table: string, allowed: readonly string[], column: string): void {
  if (!allowed.includes(column)) throw new MarketingScopeError(`The column "${table}.${column}" is not open to marketing.`);
}

/** A reader over `db` (a knex instance or a transaction, so an export's reads and its register row commit together). */
export function marketingReader(db: Knex | Knex.Transaction): MarketingReader {
  return {
    // Not async: a request outside the lists throws at the call, not in a later rejection.
    select(table, columns, filter = {}) {
      const allowed = allowedColumns(table);
      if (columns.length === 0) throw new MarketingScopeError('Name the columns to read.');
      for (const c of columns) checkColumn(table, allowed, c);
      for (const c of Object.keys(filter.equals ?? {})) checkColumn(table, allowed, c);
      if (filter.in) checkColumn(table, allowed, filter.in.column);
      if (filter.range) checkColumn(table, allowed, filter.range.column);
      for (const c of filter.notNull ?? []) checkColumn(table, allowed, c);

      const build = () => {
        const q = filter.distinct ? db(table).distinct([...columns]) : db(table).select([...columns]);
        for (const [c, v] of Object.entries(filter.equals ?? {})) q.where(c, v as Scalar);
        if (filter.range?.gte !== undefined) q.where(filter.range.column, '>=', filter.range.gte);
        if (filter.range?.lt !== undefined) q.where(filter.range.column, '<', filter.range.lt);
        for (const c of filter.notNull ?? []) q.whereNotNull(c);
        return q;
      };
      const run = async () => {
        if (!filter.in) return (await build()) as MarketingRow<(typeof columns)[number]>[];
        const values = [...new Set(filter.in.values)];
        const out: MarketingRow<(typeof columns)[number]>[] = [];
        for (let i = 0; i < values.length; i += IN_CHUNK) {
          out.push(...((await build().whereIn(filter.in.column, values.slice(i, i + IN_CHUNK))) as MarketingRow<(typeof columns)[number]>[]));
        }
        return out;
      };
      return run();
    },
  };
}
