import { z } from 'zod';
import { CS_AND_UP } from '../../roles';
import { MutationRejected, mutator } from '../mutation';
import { EntityIdSchema, mustGet, writeAuditRow } from './shared';

/** E.164, as stored (DESIGN §2); the CS screen formats what the rep types before it gets here. */
const E164 = /^\+[1-9][0-9]{6,14}$/;

export const customerUpdateContact = mutator({
  name: 'customer.updateContact',
  summary: 'Change a customer’s name, email or phone; only the fields given are touched.',
  roles: CS_AND_UP,
  args: z
    .object({
      customerId: EntityIdSchema,
      fullName: z.string().trim().min(1, 'Name is required.').max(120, 'Name must be at most 120 characters.').optional(),
      email: z.string().trim().toLowerCase().max(254).pipe(z.email('Email is not a valid address.')).optional(),
      phone: z.string().regex(E164, 'Phone must be in international form, e.g. +14155550123.').nullable().optional(),
    })
    .strict()
    .refine((a) => a.fullName !== undefined || a.email !== undefined || a.phone !== undefined, { message: 'Nothing to change.' }),
  async run(tx, args, ctx) {
    const customer = await mustGet<{ email: string }>(tx, 'customers', { id: args.customerId }, `Customer ${args.customerId}`);
    const fields: Record<string, unknown> = {};
    if (args.fullName !== undefined) fields.full_name = args.fullName;
    if (args.email !== undefined) fields.email = args.email;
    if (args.phone !== undefined) fields.phone = args.phone;

    if (args.email !== undefined && args.email !== customer.email) {
      const holders = await tx.find<{ id: number }>('customers', { email: args.email }, { limit: 2 });
      if (holders.some((h) => h.id !== args.customerId)) {
        throw new MutationRejected('EMAIL_TAKEN', `${args.email} belongs to another customer.`, [
          { field: 'email', message: 'Another customer already uses this email.' },
        ]);
      }
    }
    const { written } = await tx.merge('customers', { id: args.customerId }, fields, { touch: { updated_at: ctx.at } });
    if (written.length > 0) await writeAuditRow(tx, ctx, { action: 'customer.contact_updated', customerId: args.customerId, fields: written });
  },
});
