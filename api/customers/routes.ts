import { maskEmail } from '../../core/contact/email';
import { AppError } from '../../core/errors';
import type { ApiContext } from '../http/context';
import { sessionOf } from '../http/guards';
import type { RouteHandlers, RoutesOf } from '../http/serve';
import { writeAudit } from '../audit/write-audit';
import { customerBundle } from '../lookup/customer-search';
import { replaceCard } from './payment-methods';

/**
 * What a CS desk asks of the central office about one customer (issue #5).
 *
 * Password reset: policy "You can access Your Account ... to update and
 * correct your ... password": the customer sets it, never a rep. A desk can
 * only have a reset link emailed to the address on file; the request is an
 * audit row (`customer.password_reset_requested`) the mailer works from.
 * customer_secrets is neither read nor written here, nor sent anywhere.
 */
export function customerRoutes(ctx: ApiContext): RouteHandlers<RoutesOf<'customers'>> {
  return {
    'customers.bundle': async ({ customerId, reason }, request) => {
      const session = sessionOf(request);
      return { rows: await customerBundle(ctx.db.knex, customerId, { staffId: session.staff.id, stationId: session.stationId, reason }, ctx.clock.now()) };
    },

    'customers.changeCard': async ({ customerId, cardNumber, expMonth, expYear }, request) => {
      const session = sessionOf(request);
      const card = await replaceCard(ctx.db.knex, ctx.payments, customerId, { cardNumber, expMonth, expYear }, { staffId: session.staff.id, stationId: session.stationId }, ctx.clock.now());
      // The desk mirrors the new row in its cache (token held centrally) until its next pull brings the same row.
      const row = (await ctx.db.knex('payment_methods').where({ customer_id: customerId, is_current: true }).orderBy('id', 'desc').first('id', 'created_at')) as
        | { id: number | string; created_at: string | Date }
        | undefined;
      // Just written in replaceCard's transaction: its absence is a bug here, not something a desk can act on.
      if (!row) throw new Error(`the card stored for customer ${customerId} is not there`);
      return { ...card, paymentMethodId: Number(row.id), createdAt: row.created_at instanceof Date ? row.created_at.toISOString() : String(row.created_at) };
    },

    'customers.passwordReset': async ({ customerId: id }, request) => {
      const session = sessionOf(request);
      const now = ctx.clock.now();
      return ctx.db.knex.transaction(async (trx) => {
        const customer = (await trx('customers').where({ id }).first('email', 'status')) as { email: string; status: string } | undefined;
        if (!customer) throw new AppError('NOT_FOUND', `There is no customer ${id}.`);
        await writeAudit(trx, {
          at: now,
          action: 'customer.password_reset_requested',
          staffId: session.staff.id,
          stationId: session.stationId,
          customerId: id,
          reason: 'phone_call',
          detail: { channel: 'phone' },
        });
        return { sentTo: maskEmail(customer.email), requestedAt: now.toISOString() };
      });
    },
  };
}
