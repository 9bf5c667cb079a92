import type { Knex } from 'knex';
import { classifyQuery, ftsPrefixQuery, type QueryHandles } from '../../../core/lookup/classify-query';
import type { CustomerHit, ShipmentHit, TitleHit } from '../../../core/lookup/schemas';
import { maySearchByContact, maySeeContactDetails } from '../../../core/lookup/visibility';
import type { Role } from '../../../core/roles';

/**
 * The station-cache side of the lookup box: every query a handle can mean,
 * each one an indexed lookup (unique indexes for exact handles, FTS5 for
 * names and titles), so a hit comes back in milliseconds from a cache of a
 * million shipments.
 */
export const OPEN_STATUSES = ['allocated', 'picked', 'packed', 'labeled'] as const;
const GROUP_LIMIT = 200;

interface CustomerRow {
  id: number;
  full_name: string;
  email: string;
  phone: string | null;
  city: string | null;
  state: string | null;
}

interface ShipmentRow {
  id: number;
  order_number: string;
  status: string;
  title_name: string;
  ship_name: string;
  ship_city: string;
  ship_state: string;
  created_at: string;
}

export interface CacheSearch {
  handles: QueryHandles;
  customers: CustomerHit[];
  shipments: ShipmentHit[];
  titles: TitleHit[];
}

function customerSelect(knex: Knex) {
  return knex('customers as c')
    .leftJoin('addresses as a', function () {
      this.on('a.customer_id', 'c.id').andOn('a.is_current', knex.raw('1'));
    })
    .select('c.id', 'c.full_name', 'c.email', 'c.phone', 'a.city', 'a.state');
}

function shipmentSelect(knex: Knex) {
  return knex('shipments as s')
    .join('titles as t', 't.id', 's.title_id')
    .select('s.id', 's.order_number', 's.status', 't.name as title_name', 's.ship_name', 's.ship_city', 's.ship_state', 's.created_at');
}

export async function searchCache(knex: Knex, role: Role, query: string): Promise<CacheSearch> {
  const handles = classifyQuery(query);
  const result: CacheSearch = { handles, customers: [], shipments: [], titles: [] };
  if (!handles.text) return result;
  const contact = maySeeContactDetails(role);
  const toCustomer = (r: CustomerRow, matchedBy: CustomerHit['matchedBy']): CustomerHit => ({
    id: r.id,
    fullName: r.full_name,
    city: r.city,
    state: r.state,
    ...(contact ? { email: r.email, phone: r.phone } : {}),
    matchedBy,
  });
  const toShipment = (r: ShipmentRow, matchedBy: ShipmentHit['matchedBy']): ShipmentHit => ({
    id: r.id,
    orderNumber: r.order_number,
    status: r.status,
    titleName: r.title_name,
    shipName: r.ship_name,
    shipCity: r.ship_city,
    shipState: r.ship_state,
    createdAt: r.created_at,
    matchedBy,
  });

  if (handles.orderNumber) {
    const rows: ShipmentRow[] = await shipmentSelect(knex).where('s.order_number', handles.orderNumber);
    result.shipments.push(...rows.map((r) => toShipment(r, 'order')));
  }

  if (handles.barcode) {
    const disc = await knex('discs')
      .where('barcode', handles.barcode)
      .first('id')
      .then(async (d: { id: number } | undefined) => d ?? (await knex('disc_barcodes').where('alias', handles.barcode!).first('disc_id as id')));
    if (disc) {
      const rows: ShipmentRow[] = await shipmentSelect(knex).where('s.disc_id', disc.id).orderBy('s.created_at', 'desc').limit(20);
      result.shipments.push(...rows.map((r) => toShipment(r, 'barcode')));
    }
  }

  if (handles.email && maySearchByContact(role)) {
    const q = customerSelect(knex);
    const rows: CustomerRow[] = handles.email.exact
      ? await q.where('c.email', handles.email.value)
      : // A range on the unique email index: a prefix search that never scans the table.
        await q.where('c.email', '>=', handles.email.value).andWhere('c.email', '<', `${handles.email.value}\uffff`).orderBy('c.email').limit(GROUP_LIMIT);
    result.customers.push(...rows.map((r) => toCustomer(r, 'email')));
  }

  if (handles.phone && maySearchByContact(role)) {
    const rows: CustomerRow[] = await customerSelect(knex).where('c.phone', handles.phone).limit(GROUP_LIMIT);
    result.customers.push(...rows.map((r) => toCustomer(r, 'phone')));
  }

  const fts = !handles.orderNumber && !handles.barcode && !handles.email ? ftsPrefixQuery(handles.words) : null;
  if (fts) {
    if (contact) {
      const rows: CustomerRow[] = await customerSelect(knex)
        .join(knex.raw('(SELECT rowid, rank FROM customers_fts WHERE customers_fts MATCH ? ORDER BY rank LIMIT ?) AS f', [fts, GROUP_LIMIT]), 'f.rowid', 'c.id')
        .orderBy('f.rank');
      const seen = new Set(result.customers.map((c) => c.id));
      result.customers.push(...rows.filter((r) => !seen.has(r.id)).map((r) => toCustomer(r, 'name')));
    } else {
      // A packer searches the names on labels of open shipments: enough to find a parcel, nothing more.
      const prefix = handles.words.join(' ').replace(/[\\%_]/g, (c) => `\\${c}`);
      const rows: ShipmentRow[] = await shipmentSelect(knex)
        .whereIn('s.status', OPEN_STATUSES)
        .andWhereRaw("s.ship_name LIKE ? ESCAPE '\\'", [`${prefix}%`])
        .limit(GROUP_LIMIT);
      result.shipments.push(...rows.map((r) => toShipment(r, 'name')));
    }
    const titles: Array<{ id: number; name: string; year: number; genre: string; in_stock: number }> = await knex('titles as t')
      .join(knex.raw('(SELECT rowid, rank FROM titles_fts WHERE titles_fts MATCH ? ORDER BY rank LIMIT ?) AS f', [fts, GROUP_LIMIT]), 'f.rowid', 't.id')
      .select('t.id', 't.name', 't.year', 't.genre', knex.raw("(SELECT count(*) FROM discs d WHERE d.title_id = t.id AND d.status = 'in_stock') AS in_stock"))
      .orderBy('f.rank');
    result.titles.push(...titles.map((t) => ({ id: t.id, name: t.name, year: t.year, genre: t.genre, discsInStock: Number(t.in_stock) })));
  }
  return result;
}
