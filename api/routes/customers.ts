import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { CS_AND_UP } from '../../core/roles';
import type { ApiContext } from '../http/context';
import { requireRole, sessionOf } from '../http/guards';
import { parseInput } from '../http/validate';
import { writeAudit } from '../services/audit';

const Params = z.object({ id: z.coerce.number().int().positive() });
const NoBody = z.object({}).strict();

/** `jo***@example.com`: the rep confirms with the caller where the link went without reading the address out in full. */
function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = email.slice(0, at);
  return `${local.slice(0, Math.min(2, local.length - 1) || 1)}***${email.slice(at)}`;
}

/**
 * Account actions a CS desk asks of the central office (issue #5).
 *
 * Password reset: policy "You can access Your Account ... to update and
 * correct your ... password": the customer sets it, never a rep. A desk can
 * only have a reset link emailed to the address on file; the request is an
 * audit row (`customer.password_reset_requested`) the mailer works from.
 * customer_secrets is neither read nor written here, nor sent anywhere.
 */
export function customerRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (app) => {
    app.post('/customers/:id/password-reset', { preHandler: requireRole(ctx, CS_AND_UP) }, async (request) => {
      const { id } = parseInput(Params, request.params);
      parseInput(NoBody, request.body);
      const session = sessionOf(request);
      const now = ctx.clock();
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
    });
  };
}
