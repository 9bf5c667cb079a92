import { z } from 'zod';
import { ANY_STAFF } from '../../roles';
import { mutator } from '../mutation';
import { EntityIdSchema, writeAuditRow } from './shared';

/**
 * An audit fact recorded at a station (a customer record viewed, a label
 * looked up), pushed like any change. Append-only: the station never rolls one
 * back, the server never rejects one for the state of other rows.
 */
export const auditRecord = mutator({
  name: 'audit.record',
  summary: 'Append an audit row: who viewed or did what, about which customer, and why.',
  roles: ANY_STAFF,
  args: z
    .object({
      action: z.string().regex(/^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/, 'Action is dotted lower case, e.g. customer.viewed.').max(64),
      customerId: EntityIdSchema.nullable().optional(),
      fields: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/).max(64)).max(40).nullable().optional(),
      reason: z.string().trim().max(500).nullable().optional(),
      detail: z.record(z.string(), z.union([z.string().max(500), z.number(), z.boolean(), z.null()])).nullable().optional(),
    })
    .strict(),
  async run(tx, args, ctx) {
    await writeAuditRow(tx, ctx, {
      action: args.action,
      customerId: args.customerId ?? null,
      fields: args.fields ?? null,
      reason: args.reason ?? null,
      detail: args.detail ?? null,
    });
  },
});
