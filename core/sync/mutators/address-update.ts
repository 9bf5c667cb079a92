import { z } from 'zod';
import { normalizeAddress } from '../../postal/address';
import { CS_AND_UP } from '../../roles';
import { MutationRejected, mutator } from '../mutation';
import { EntityIdSchema, writeAuditRow } from './shared';

const AddressEntrySchema = z
  .object({
    line1: z.string().max(200),
    line2: z.string().max(200).nullable().optional(),
    city: z.string().max(100),
    state: z.string().max(40),
    zip: z.string().max(20),
  })
  .strict();

/**
 * Replaces the customer's current shipping address with the Pub 28 form of
 * what was typed, keeping the typed entry as `raw` (DESIGN §2). The address
 * merges as one unit: two reps' edits never blend into an address nobody entered.
 */
export const addressUpdate = mutator({
  name: 'address.update',
  summary: 'Change a customer’s shipping address (stored Pub 28 normalized, plus the raw entry).',
  roles: CS_AND_UP,
  args: z.object({ customerId: EntityIdSchema, address: AddressEntrySchema }).strict(),
  async run(tx, args, ctx) {
    const normalized = normalizeAddress(args.address);
    if (!normalized.ok) {
      throw new MutationRejected(
        'ADDRESS_NOT_MAILABLE',
        `The address is not deliverable as entered: ${normalized.errors.map((e) => e.message).join('; ')}.`,
        normalized.errors.map((e) => ({ field: `address.${e.field}`, message: e.message })),
      );
    }
    const [current] = await tx.find<{ id: number }>('addresses', { customer_id: args.customerId, kind: 'shipping', is_current: true }, { limit: 1 });
    if (!current) throw new MutationRejected('RECORD_NOT_FOUND', `Customer ${args.customerId} has no current shipping address.`);
    const { written } = await tx.merge(
      'addresses',
      { id: current.id },
      {
        line1: normalized.line1,
        line2: normalized.line2,
        city: normalized.city,
        state: normalized.state,
        zip5: normalized.zip5,
        zip4: normalized.zip4,
        raw: JSON.stringify(args.address),
      },
      { group: 'address' },
    );
    if (written.length > 0) await writeAuditRow(tx, ctx, { action: 'customer.address_updated', customerId: args.customerId, fields: ['address'] });
  },
});
