import type { Knex } from 'knex';
import { recommendTitles } from '../../../core/lookup/recommendations';
import { preparedAll, preparedFirst } from '../../db/prepared';
import type { Customer360 } from '../../../core/lookup/schemas';
import { PROBLEM_KINDS, PROBLEM_STATES, type ProblemKind, type ProblemState } from '../../../core/customers/replacement-policy';
import { problemEmailDelivery, type ProblemEmailColumns } from '../../../core/customers/problem-email-delivery';

const isProblemKind = (v: string): v is ProblemKind => (PROBLEM_KINDS as readonly string[]).includes(v);
const isProblemState = (v: string): v is ProblemState => (PROBLEM_STATES as readonly string[]).includes(v);

/**
 * Assembles a customer's 360 view from the station cache, inside the caller's
 * transaction (the audit row of the opening is written in the same one).
 * Each part is one indexed query; nothing scans a table.
 */
const SHIPMENT_HISTORY_LIMIT = 200;
const BILLING_LIMIT = 120;
const HISTORY_LIMIT = 200;
const DAY_MS = 86_400_000;

const SQL = {
  customer: 'SELECT * FROM customers WHERE id = ?',
  address: 'SELECT * FROM addresses WHERE customer_id = ? AND is_current = 1 ORDER BY id DESC LIMIT 1',
  card: 'SELECT brand, last4, exp_month, exp_year FROM payment_methods WHERE customer_id = ? AND is_current = 1 ORDER BY id DESC LIMIT 1',
  preferences: 'SELECT * FROM preferences WHERE customer_id = ?',
  queue: 'SELECT q.position, q.title_id, t.name FROM rental_queue q JOIN titles t ON t.id = q.title_id WHERE q.customer_id = ? ORDER BY q.position',
  shipments: `SELECT s.id, s.order_number, s.status, s.title_id, t.name AS title_name, t.genre, s.created_at, s.shipped_at, s.returned_at
    FROM shipments s JOIN titles t ON t.id = s.title_id WHERE s.customer_id = ? ORDER BY s.created_at DESC LIMIT ${SHIPMENT_HISTORY_LIMIT}`,
  billing: `SELECT period, amount_cents, brand, last4, status, charged_at FROM charges WHERE customer_id = ? ORDER BY charged_at DESC LIMIT ${BILLING_LIMIT}`,
  reviews: 'SELECT r.id, r.pseudonym, r.stars, r.body, r.moderation_state, r.created_at, t.name AS title_name FROM reviews r JOIN titles t ON t.id = r.title_id WHERE r.customer_id = ? ORDER BY r.created_at DESC',
  // Staff by display name (a rep reads "Carl Service", not an id): from the synced staff rows, or from those who signed in here.
  consent: `SELECT e.*, COALESCE(st.display_name, so.display_name) AS staff_name FROM consent_events e
    LEFT JOIN staff st ON st.id = e.staff_id LEFT JOIN staff_offline so ON so.staff_id = e.staff_id
    WHERE e.customer_id = ? ORDER BY e.at DESC LIMIT ${HISTORY_LIMIT}`,
  audit: `SELECT a.at, a.action, a.staff_id, a.reason, COALESCE(st.display_name, so.display_name) AS staff_name FROM audit_log a
    LEFT JOIN staff st ON st.id = a.staff_id LEFT JOIN staff_offline so ON so.staff_id = a.staff_id
    WHERE a.customer_id = ? ORDER BY a.at DESC LIMIT ${HISTORY_LIMIT}`,
  notes: `SELECT n.at, n.body, n.reason, n.staff_id, COALESCE(st.display_name, so.display_name) AS staff_name FROM customer_notes n
    LEFT JOIN staff st ON st.id = n.staff_id LEFT JOIN staff_offline so ON so.staff_id = n.staff_id
    WHERE n.customer_id = ? ORDER BY n.at DESC LIMIT ${HISTORY_LIMIT}`,
  // Order problems with their order, title and replacement (issue 15 item 5); the replacement may not have reached this desk yet.
  problems: `SELECT p.id, p.shipment_id, p.kind, p.reason, p.state, p.reported_at, p.email_queued_at, p.email_sent_at, p.email_failed_at, p.email_last_error, s.order_number, t.name AS title_name,
    r.order_number AS replacement_order_number, rt.name AS replacement_title_name,
    COALESCE(st.display_name, so.display_name, p.reported_by) AS reported_by, COALESCE(ds.display_name, dso.display_name, p.decided_by) AS decided_by
    FROM order_problems p LEFT JOIN shipments s ON s.id = p.shipment_id LEFT JOIN titles t ON t.id = s.title_id
    LEFT JOIN shipments r ON r.id = p.replacement_shipment_id LEFT JOIN titles rt ON rt.id = r.title_id
    LEFT JOIN staff st ON st.id = p.reported_by LEFT JOIN staff_offline so ON so.staff_id = p.reported_by
    LEFT JOIN staff ds ON ds.id = p.decided_by LEFT JOIN staff_offline dso ON dso.staff_id = p.decided_by
    WHERE p.customer_id = ? ORDER BY p.reported_at DESC LIMIT ${HISTORY_LIMIT}`,
  // Every title ever rented, not only the recent page of history: a rented title never comes back as a recommendation.
  rented: "SELECT s.title_id, t.genre FROM shipments s JOIN titles t ON t.id = s.title_id WHERE s.customer_id = ? AND s.status <> 'void'",
  popular: 'SELECT id, name, genre, popularity FROM titles ORDER BY popularity DESC LIMIT ?',
  popularInGenres: 'SELECT id, name, genre, popularity FROM titles WHERE genre IN (?, ?, ?) ORDER BY popularity DESC LIMIT ?',
};

type Row = Record<string, any>;

export async function assembleCustomer360(trx: Knex.Transaction | Knex, customerId: number, now: Date): Promise<Omit<Customer360, 'source'> | null> {
  const one = (sql: string) => preparedFirst(trx, sql, [customerId]);
  // Rows are typed where they are mapped below; the SQL constants above are the contract.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const all = (sql: string): Promise<any[]> => preparedAll(trx, sql, [customerId]);
  const customer = await one(SQL.customer);
  if (!customer) return null;
  const address = await one(SQL.address);
  const card = await one(SQL.card);
  const prefs = await one(SQL.preferences);
  const queue = await all(SQL.queue);
  const shipments = await all(SQL.shipments);
  const billing = await all(SQL.billing);
  const reviews = await all(SQL.reviews);
  const consent = await all(SQL.consent);
  const audit = await all(SQL.audit);
  const notes = await all(SQL.notes);
  const problems = await all(SQL.problems);

  const rentedRows = await all(SQL.rented);
  const rented = new Set(rentedRows.map((r: Row) => r.title_id as number));
  const genreCounts = new Map<string, number>();
  for (const r of rentedRows) genreCounts.set(r.genre, (genreCounts.get(r.genre) ?? 0) + 1);
  const topGenres = [...genreCounts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([g]) => g);
  const want = 60 + rented.size;
  const candidates = (
    topGenres.length
      ? await preparedAll(trx, SQL.popularInGenres, [topGenres[0], topGenres[1] ?? topGenres[0], topGenres[2] ?? topGenres[0], want])
      : await preparedAll(trx, SQL.popular, [want])
  ) as Array<{ id: number; name: string; genre: string; popularity: number }>;

  const open = shipments.filter((s: { status: string }) => s.status === 'shipped');
  return {
    profile: {
      id: customer.id,
      fullName: customer.full_name,
      email: customer.email,
      phone: customer.phone,
      pseudonym: customer.pseudonym,
      status: customer.status,
      planDiscsOut: customer.plan_discs_out,
      ageCertified: customer.age_certified_at != null,
      createdAt: customer.created_at,
      address: address
        ? {
            deliveryLine: address.line1,
            secondaryLine: address.line2 ?? null,
            lastLine: `${address.city} ${address.state}  ${address.zip5}${address.zip4 ? `-${address.zip4}` : ''}`,
          }
        : null,
      card: card ? { brand: card.brand, last4: card.last4, expMonth: card.exp_month, expYear: card.exp_year } : null,
    },
    preferences: prefs
      ? {
          emailNewsletter: !!prefs.email_newsletter,
          emailOffers: !!prefs.email_offers,
          emailPromotions: !!prefs.email_promotions,
          emailSurveys: !!prefs.email_surveys,
          postalOffers: !!prefs.postal_offers,
          partnerMailingsExcluded: !!prefs.partner_mailings_excluded,
        }
      : null,
    queue: queue.map((q: { position: number; title_id: number; name: string }) => ({ position: q.position, titleId: q.title_id, titleName: q.name })),
    atHome: open.map((s: { id: number; order_number: string; title_name: string; shipped_at: string | null }) => ({
      shipmentId: s.id,
      orderNumber: s.order_number,
      titleName: s.title_name,
      shippedAt: s.shipped_at,
      daysOut: s.shipped_at ? Math.max(0, Math.floor((now.getTime() - Date.parse(s.shipped_at)) / DAY_MS)) : 0,
    })),
    shipments: shipments.map((s: { id: number; order_number: string; title_name: string; status: string; created_at: string; shipped_at: string | null; returned_at: string | null }) => ({
      id: s.id,
      orderNumber: s.order_number,
      titleName: s.title_name,
      status: s.status,
      createdAt: s.created_at,
      shippedAt: s.shipped_at,
      returnedAt: s.returned_at,
    })),
    problems: problems
      .filter((p: { kind: string; state: string }) => isProblemKind(p.kind) && isProblemState(p.state))
      .map((p: Row) => ({
        id: p.id as string,
        shipmentId: p.shipment_id as number,
        orderNumber: (p.order_number as string | null) ?? `#${p.shipment_id}`,
        titleName: (p.title_name as string | null) ?? '',
        kind: p.kind as ProblemKind,
        reason: p.reason as string,
        state: p.state as ProblemState,
        replacementOrderNumber: (p.replacement_order_number as string | null) ?? null,
        replacementTitleName: (p.replacement_title_name as string | null) ?? null,
        reportedAt: p.reported_at as string,
        reportedBy: p.reported_by as string,
        decidedBy: (p.decided_by as string | null) ?? null,
        email: problemEmailDelivery(p as ProblemEmailColumns),
      })),
    billing: billing.map((c: { period: string; amount_cents: number; brand: string; last4: string; status: string; charged_at: string }) => ({
      period: c.period,
      amountCents: c.amount_cents,
      brand: c.brand,
      last4: c.last4,
      status: c.status,
      chargedAt: c.charged_at,
    })),
    recommendations: recommendTitles({
      rentedTitleIds: rented,
      queuedTitleIds: new Set(queue.map((q: { title_id: number }) => q.title_id)),
      genreCounts,
      candidates,
    }).map((r) => ({ id: r.id, name: r.name, genre: r.genre })),
    reviews: reviews.map((r: { id: number; title_name: string; pseudonym: string; stars: number; body: string; moderation_state: string; created_at: string }) => ({
      id: r.id,
      titleName: r.title_name,
      pseudonym: r.pseudonym,
      stars: r.stars,
      body: r.body,
      moderationState: r.moderation_state,
      createdAt: r.created_at,
    })),
    history: [
      ...consent.map((e: { at: string; field: string; old_value: string | null; new_value: string | null; staff_id: string | null; staff_name: string | null; channel: string }) => ({
        at: e.at,
        kind: 'consent' as const,
        what: e.field,
        oldValue: e.old_value,
        newValue: e.new_value,
        staffId: e.staff_id,
        staffName: e.staff_name ?? null,
        channel: e.channel,
      })),
      ...notes.map((n: { at: string; body: string; reason: string; staff_id: string; staff_name: string | null }) => ({
        at: n.at,
        kind: 'note' as const,
        what: n.body,
        oldValue: null,
        newValue: null,
        staffId: n.staff_id,
        staffName: n.staff_name ?? null,
        channel: n.reason,
      })),
      ...audit.map((a: { at: string; action: string; staff_id: string | null; staff_name: string | null; reason: string | null }) => ({
        at: a.at,
        kind: 'audit' as const,
        what: a.action,
        oldValue: null,
        newValue: null,
        staffId: a.staff_id,
        staffName: a.staff_name ?? null,
        channel: a.reason,
      })),
    ]
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
      .slice(0, HISTORY_LIMIT),
  };
}
