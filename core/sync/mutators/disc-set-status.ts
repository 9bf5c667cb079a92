import { z } from 'zod';
import { WAREHOUSE_AND_UP } from '../../roles';
import { mutator } from '../mutation';
import { EntityIdSchema, assertOwnDistributionCenter, mustGet } from './shared';

export const DISC_STATUSES = ['in_stock', 'out', 'damaged', 'lost'] as const;

export const discSetStatus = mutator({
  name: 'disc.setStatus',
  summary: 'Book a disc as in stock, out, damaged (with the damage) or lost.',
  roles: WAREHOUSE_AND_UP,
  args: z
    .object({
      discId: EntityIdSchema,
      status: z.enum(DISC_STATUSES),
      damageReason: z.string().trim().min(3).max(200).optional(),
    })
    .strict()
    .refine((a) => a.status !== 'damaged' || a.damageReason !== undefined, { message: 'Say what is damaged.', path: ['damageReason'] }),
  async run(tx, args, ctx) {
    const disc = await mustGet<{ home_dc: string; barcode: string }>(tx, 'discs', { id: args.discId }, `Disc ${args.discId}`);
    assertOwnDistributionCenter(ctx, disc.home_dc, `Disc ${disc.barcode}`);
    await tx.update('discs', { id: args.discId }, { status: args.status, damage_reason: args.status === 'damaged' ? args.damageReason : null });
  },
});
