import type { Knex } from 'knex';
import { recommendTitles } from '../../../core/lookup/recommendations';
import type { Customer360 } from '../../../core/lookup/schemas';

/**
 * Assembles a customer's 360 view from the station cache, inside the caller's
 * transaction (the audit row of the opening is written in the same one).
 * Each part is one indexed query; nothing scans a table.
 */
const SHIPMENT_HISTORY_LIMIT = 200;
const BILLING_LIMIT = 120;
const HISTORY_LIMIT = 200;
const DAY_MS = 86_400_000;

export async function assembleCustomer360(trx: Knex.Transaction | Knex, customerId: number, now: Date): Promise<Omit<Customer360, 'source'> | null> {
  const customer = await trx('customers').where('id', customerId).first();
  if (!customer) return null;

  const [address, card, prefs, queue, shipments, billing, reviews, consent, audit] = await Promise.all([
    trx('addresses').where({ customer_id: customerId, is_current: true }).orderBy('id', 'desc').first(),
    trx('payment_methods').where({ customer_id: customerId, is_current: true }).orderBy('id', 'desc').first('brand', 'last4', 'exp_month', 'exp_year'),
    trx('preferences').where('customer_id', customerId).first(),
    trx('rental_queue as q').join('titles as t', 't.id', 'q.title_id').where('q.customer_id', customerId).orderBy('q.position').select('q.position', 'q.title_id', 't.name'),
    trx('shipments as s')
      .join('titles as t', 't.id', 's.title_id')
      .where('s.customer_id', customerId)
      .orderBy('s.created_at', 'desc')
      .limit(SHIPMENT_HISTORY_LIMIT)
      .select('s.id', 's.order_number', 's.status', 's.title_id', 't.name as title_name', 't.genre', 's.created_at', 's.shipped_at', 's.returned_at'),
    trx('charges').where('customer_id', customerId).orderBy('charged_at', 'desc').limit(BILLING_LIMIT),
    trx('reviews as r').join('titles as t', 't.id', 'r.title_id').where('r.customer_id', customerId).orderBy('r.created_at', 'desc').select('r.*', 't.name as title_name'),
    trx('consent_events').where('customer_id', customerId).orderBy('at', 'desc').limit(HISTORY_LIMIT),
    trx('audit_log').where('customer_id', customerId).orderBy('at', 'desc').limit(HISTORY_LIMIT),
  ]);

  // Every title ever rented, not only the recent page of history: a rented title never comes back as a recommendation.
  const rentedRows: Array<{ title_id: number; genre: string }> = await trx('shipments as s')
    .join('titles as t', 't.id', 's.title_id')
    .where('s.customer_id', customerId)
    .whereNot('s.status', 'void')
    .select('s.title_id', 't.genre');
  const rented = new Set(rentedRows.map((r) => r.title_id));
  const genreCounts = new Map<string, number>();
  for (const r of rentedRows) genreCounts.set(r.genre, (genreCounts.get(r.genre) ?? 0) + 1);
  const topGenres = [...genreCounts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([g]) => g);
  const candidateQuery = trx('titles').select('id', 'name', 'genre', 'popularity').orderBy('popularity', 'desc');
  const candidates = topGenres.length
    ? await candidateQuery.whereIn('genre', topGenres).limit(60 + rented.size)
    : await candidateQuery.limit(60);

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
      ...consent.map((e: { at: string; field: string; old_value: string | null; new_value: string | null; staff_id: string | null; channel: string }) => ({
        at: e.at,
        kind: 'consent' as const,
        what: e.field,
        oldValue: e.old_value,
        newValue: e.new_value,
        staffId: e.staff_id,
        channel: e.channel,
      })),
      ...audit.map((a: { at: string; action: string; staff_id: string | null; reason: string | null }) => ({
        at: a.at,
        kind: 'audit' as const,
        what: a.action,
        oldValue: null,
        newValue: null,
        staffId: a.staff_id,
        channel: a.reason,
      })),
    ]
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
      .slice(0, HISTORY_LIMIT),
  };
}
