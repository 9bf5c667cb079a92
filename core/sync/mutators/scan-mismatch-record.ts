import { z } from 'zod';
import { WAREHOUSE_AND_UP } from '../../roles';
import { MISMATCH_REASONS } from '../../floor/schemas';
import { mutator } from '../mutation';

/**
 * A disc the station refused for a mailer (issue 16 item 7): the floor
 * view's mismatch rate. The station and DC come from the context (the
 * station's credential on the server), never from the args, and nothing
 * about the order, the customer or the disc is recorded.
 */
export const scanMismatchRecord = mutator({
  name: 'scanMismatch.record',
  summary: 'Count a scanned disc the station refused for the mailer (who, where, when, why; nothing about the order).',
  roles: WAREHOUSE_AND_UP,
  args: z.object({ reason: z.enum(MISMATCH_REASONS) }).strict(),
  async run(tx, args, ctx) {
    await tx.insert('scan_mismatches', {
      id: tx.newId(),
      station_id: ctx.stationId,
      staff_id: ctx.staffId,
      dc: ctx.stationDc,
      reason: args.reason,
      at: ctx.at,
    });
  },
});
