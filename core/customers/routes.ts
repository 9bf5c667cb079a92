/**
 * The central API's customer routes (`core/routes.ts`): what a CS desk asks
 * of the central office about one customer. The warehouse has none of them
 * (it never receives contact details).
 */
import { z } from 'zod';
import { route } from '../route';
import { CS_AND_UP } from '../roles';
import { AccessReasonSchema } from '../lookup/schemas';
import { ChangeCardInputSchema, CustomerIdSchema } from './schemas';

export const customerRoutes = {
  'customers.bundle': route({
    summary: 'Every row a desk caches about one customer, fetched when it opens one it never held; audited with the reason.',
    verb: 'GET',
    path: '/v1/customers/:customerId/bundle',
    access: CS_AND_UP,
    input: z.object({ customerId: CustomerIdSchema, reason: AccessReasonSchema }).strict(),
    output: z.object({ rows: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))) }),
  }),
  'customers.changeCard': route({
    /**
     * The body is the only place a full card number travels (named
     * `cardNumber` so the logger's redaction covers it). The answer carries
     * brand, last 4, expiry and the id of the new payment_methods row, never
     * the number or the token.
     */
    summary: 'Send a new card to the payment processor’s boundary; the station mirrors brand, last 4 and expiry.',
    verb: 'POST',
    path: '/v1/customers/:customerId/card',
    access: CS_AND_UP,
    input: ChangeCardInputSchema,
    output: z.object({
      brand: z.string(),
      last4: z.string().regex(/^\d{4}$/),
      expMonth: z.number().int(),
      expYear: z.number().int(),
      paymentMethodId: z.number().int(),
      createdAt: z.string(),
    }),
    timeoutMs: 20_000,
  }),
  'customers.passwordReset': route({
    summary: 'Have the central office email a password-reset link to the address on file; audited. A rep never sees or sets a password.',
    verb: 'POST',
    path: '/v1/customers/:customerId/password-reset',
    access: CS_AND_UP,
    input: z.object({ customerId: CustomerIdSchema }).strict(),
    output: z.object({ sentTo: z.string(), requestedAt: z.string() }),
  }),
} as const;
