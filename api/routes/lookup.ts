import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { AccessReasonSchema } from '../../core/lookup/schemas';
import { CS_AND_UP } from '../../core/roles';
import type { ApiContext } from '../http/context';
import { requireRole, sessionOf } from '../http/guards';
import { parseInput } from '../http/validate';
import { customerBundle, searchCustomers } from '../services/customer-lookup';
import { replaceCard } from '../services/payment-methods';

// In the body, not the query string: a URL is written to logs, and a search text is an email, a phone or a name.
const SearchBody = z.object({ q: z.string().max(10_000), reason: AccessReasonSchema }).strict();
const BundleParams = z.object({ id: z.coerce.number().int().positive() });
const BundleQuery = z.object({ reason: AccessReasonSchema }).strict();
// Named `cardNumber` so the logger's redaction list covers it wherever it might be logged.
const CardBody = z.object({ cardNumber: z.string().max(40), expMonth: z.number().int(), expYear: z.number().int() }).strict();

/** Customer lookups for CS desks; the warehouse has no route here (it never receives contact details). */
export function lookupRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (app) => {
    app.post('/lookup/customers', { preHandler: requireRole(ctx, CS_AND_UP) }, async (request) => {
      const { q, reason } = parseInput(SearchBody, request.body);
      const session = sessionOf(request);
      return { customers: await searchCustomers(ctx.db.knex, q, { staffId: session.staff.id, stationId: session.stationId, reason }, ctx.clock()) };
    });

    app.get('/customers/:id/bundle', { preHandler: requireRole(ctx, CS_AND_UP) }, async (request) => {
      const { id } = parseInput(BundleParams, request.params);
      const { reason } = parseInput(BundleQuery, request.query);
      const session = sessionOf(request);
      return { rows: await customerBundle(ctx.db.knex, id, { staffId: session.staff.id, stationId: session.stationId, reason }, ctx.clock()) };
    });

    app.post('/customers/:id/card', { preHandler: requireRole(ctx, CS_AND_UP) }, async (request) => {
      const { id } = parseInput(BundleParams, request.params);
      const body = parseInput(CardBody, request.body);
      const session = sessionOf(request);
      const card = await replaceCard(ctx.db.knex, ctx.payments, id, body, { staffId: session.staff.id, stationId: session.stationId }, ctx.clock());
      // The desk mirrors the new row in its cache (token held centrally) until its next pull brings the same row.
      const row = (await ctx.db.knex('payment_methods').where({ customer_id: id, is_current: true }).orderBy('id', 'desc').first('id', 'created_at')) as
        | { id: number | string; created_at: string | Date }
        | undefined;
      if (!row) return card;
      return { ...card, paymentMethodId: Number(row.id), createdAt: row.created_at instanceof Date ? row.created_at.toISOString() : String(row.created_at) };
    });
  };
}
