import { classifyQuery, ftsPrefixQuery, type QueryHandles } from '../../../core/lookup/classify-query';
import { fts5NameQuery, searchNames, typoLengthWindow, typoLookupKeys } from '../../../core/lookup/name-search';
import type { CustomerHit, ShipmentHit, TitleHit } from '../../../core/lookup/schemas';
import { maySearchByContact, maySeeContactDetails } from '../../../core/lookup/visibility';
import type { Role } from '../../../core/roles';
import type { SqlReader } from '../../db/prepared';

/**
 * The station-cache side of the lookup box: every query a handle can mean,
 * each one an indexed lookup (unique indexes for exact handles, FTS5 for
 * names and titles, the name words' deletion variants for a name's typo
 * readings), as prepared statements, so a hit comes back in well under a
 * millisecond from a cache of a million shipments. A name or title search
 * still costs more where its words match more rows (FTS5 ranks every match),
 * never by reading the whole index.
 */
export const OPEN_STATUSES = ['allocated', 'picked', 'packed', 'labeled'] as const;
const GROUP_LIMIT = 200;
/** No name word is longer (an open length window's upper end). */
const MAX_WORD = 1_000_000;

const CUSTOMER = `SELECT c.id, c.full_name, c.email, c.phone, a.city, a.state, c.created_at FROM customers c
  LEFT JOIN addresses a ON a.customer_id = c.id AND a.is_current = 1`;
const SHIPMENT = `SELECT s.id, s.order_number, s.status, t.name AS title_name, s.ship_name, s.ship_city, s.ship_state, s.created_at
  FROM shipments s JOIN titles t ON t.id = s.title_id`;

const SQL = {
  shipmentByOrder: `${SHIPMENT} WHERE s.order_number = ?`,
  discByBarcode: `SELECT id FROM discs WHERE barcode = ? UNION ALL SELECT disc_id AS id FROM disc_barcodes WHERE alias = ? LIMIT 1`,
  shipmentsByDisc: `${SHIPMENT} WHERE s.disc_id = ? ORDER BY s.created_at DESC LIMIT 20`,
  customerById: `${CUSTOMER} WHERE c.id = ?`,
  customerByEmail: `${CUSTOMER} WHERE c.email = ?`,
  // A range on the unique email index: a prefix search that never scans the table.
  customersByEmailPrefix: `${CUSTOMER} WHERE c.email >= ? AND c.email < ? ORDER BY c.email LIMIT ${GROUP_LIMIT}`,
  customersByPhone: `${CUSTOMER} WHERE c.phone = ? LIMIT ${GROUP_LIMIT}`,
  customersByName: `${CUSTOMER} JOIN (SELECT rowid, rank FROM customers_fts WHERE customers_fts MATCH ? ORDER BY rank LIMIT ${GROUP_LIMIT}) f ON f.rowid = c.id ORDER BY f.rank`,
  // The name words that could be one typo from a word, by the dictionary's deletion variants (migration 063): the
  // variants equal to ?1's keys or starting with ?2's, the words the index spells otherwise than ?3 that fold to
  // its start, and any word not yet filed; in the length window ?4..?5, most used first.
  nameWordsNear: `SELECT w.word FROM name_words w WHERE w.word IN (
      SELECT v.word FROM json_each(?1) k JOIN name_word_variants v ON v.variant = k.value
      UNION ALL SELECT v.word FROM json_each(?2) k JOIN name_word_variants v ON v.variant >= k.value AND v.variant < k.value || char(1114111)
      UNION ALL SELECT word FROM name_words WHERE folded <> word AND folded >= ?3 AND folded < ?3 || char(1114111)
      UNION ALL SELECT word FROM name_words WHERE folded IS NULL)
    AND length(w.word) BETWEEN ?4 AND ?5 ORDER BY w.names DESC, w.word`,
  openShipmentsByShipName: `${SHIPMENT} WHERE s.status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')}) AND s.ship_name LIKE ? ESCAPE '\\' LIMIT ${GROUP_LIMIT}`,
  titlesByName: `SELECT t.id, t.name, t.year, t.genre,
      (SELECT count(*) FROM discs d WHERE d.title_id = t.id AND d.status = 'in_stock') AS in_stock
    FROM titles t JOIN (SELECT rowid, rank FROM titles_fts WHERE titles_fts MATCH ? ORDER BY rank LIMIT ${GROUP_LIMIT}) f ON f.rowid = t.id ORDER BY f.rank`,
};

interface CustomerRow {
  id: number;
  full_name: string;
  email: string;
  phone: string | null;
  city: string | null;
  state: string | null;
  created_at: string | null;
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

/**
 * The cached name words that could be one typo from a query word, most used
 * first: a few index lookups in the name dictionary (migration 063), whatever
 * the number of customers. A superset; `typoAlternatives` decides.
 */
export async function nameWordsNear(db: SqlReader, word: string): Promise<string[]> {
  const { min, max } = typoLengthWindow(word);
  const { exact, prefix } = typoLookupKeys(word);
  const words = await db.all<{ word: string }>(SQL.nameWordsNear, [JSON.stringify(exact), JSON.stringify(prefix), word, min, max ?? MAX_WORD]);
  return words.map((w) => w.word);
}

/** Names in the desk's cache, matched and ranked as the central office does (core/lookup/name-search.ts). */
function customersByName(db: SqlReader, said: string): Promise<CustomerRow[]> {
  return searchNames<CustomerRow>(
    {
      candidates: async (words) => {
        const match = fts5NameQuery(words);
        return match ? db.all<CustomerRow>(SQL.customersByName, [match]) : [];
      },
      wordsNear: (word) => nameWordsNear(db, word),
    },
    said,
  );
}

export async function searchCache(db: SqlReader, role: Role, query: string): Promise<CacheSearch> {
  const handles = classifyQuery(query);
  const result: CacheSearch = { handles, customers: [], shipments: [], titles: [] };
  if (!handles.text) return result;
  const contact = maySeeContactDetails(role);
  const addCustomers = (rows: CustomerRow[], matchedBy: CustomerHit['matchedBy']) => {
    for (const r of rows) {
      if (result.customers.some((c) => c.id === r.id)) continue;
      result.customers.push({ id: r.id, fullName: r.full_name, city: r.city, state: r.state, ...(contact ? { email: r.email, phone: r.phone } : {}), matchedBy });
    }
  };

  if (handles.customerNumber && contact) {
    addCustomers(await db.all<CustomerRow>(SQL.customerById, [handles.customerNumber]), 'customer_number');
  }
  if (handles.orderNumber) {
    result.shipments.push(...(await db.all<ShipmentRow>(SQL.shipmentByOrder, [handles.orderNumber])).map((r) => toShipment(r, 'order')));
  }
  if (handles.barcode) {
    const disc = await db.first<{ id: number }>(SQL.discByBarcode, [handles.barcode, handles.barcode]);
    if (disc) result.shipments.push(...(await db.all<ShipmentRow>(SQL.shipmentsByDisc, [disc.id])).map((r) => toShipment(r, 'barcode')));
  }
  if (handles.email && maySearchByContact(role)) {
    const v = handles.email.value;
    addCustomers(await db.all<CustomerRow>(handles.email.exact ? SQL.customerByEmail : SQL.customersByEmailPrefix, handles.email.exact ? [v] : [v, `${v}\uffff`]), 'email');
  }
  if (handles.phone && maySearchByContact(role)) {
    addCustomers(await db.all<CustomerRow>(SQL.customersByPhone, [handles.phone]), 'phone');
  }

  // Names and titles only for free text: an order number, barcode, email or phone number is not a name.
  const fts = !handles.orderNumber && !handles.barcode && !handles.email && !handles.phone ? ftsPrefixQuery(handles.words) : null;
  if (fts) {
    if (contact) {
      addCustomers(await customersByName(db, handles.text), 'name');
    } else {
      // A packer searches the names on labels of open shipments: enough to find a parcel, nothing more.
      const prefix = handles.words.join(' ').replace(/[\\%_]/g, (c) => `\\${c}`);
      result.shipments.push(...(await db.all<ShipmentRow>(SQL.openShipmentsByShipName, [`${prefix}%`])).map((r) => toShipment(r, 'name')));
    }
    const titles = await db.all<{ id: number; name: string; year: number; genre: string; in_stock: number }>(SQL.titlesByName, [fts]);
    result.titles.push(...titles.map((t) => ({ id: t.id, name: t.name, year: t.year, genre: t.genre, discsInStock: Number(t.in_stock) })));
  }
  return result;
}
