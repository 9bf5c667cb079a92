/** The central API's lookup route (`core/routes.ts`): customers a CS desk has never held. */
import { z } from 'zod';
import { route } from '../route';
import { CS_AND_UP } from '../roles';
import { AccessReasonSchema, CustomerHitSchema } from './schemas';

export const lookupRoutes = {
  'lookup.searchCustomers': route({
    // In the body, not the query string: a URL is written to logs, and a search text is an email, a phone or a name.
    summary: 'Customers matching a search text at the central office; each one listed is audited with the reason.',
    verb: 'POST',
    path: '/v1/lookup/customers',
    access: CS_AND_UP,
    input: z.object({ q: z.string().max(10_000), reason: AccessReasonSchema }).strict(),
    output: z.object({ customers: z.array(CustomerHitSchema), closest: z.array(CustomerHitSchema).optional() }),
  }),
} as const;
