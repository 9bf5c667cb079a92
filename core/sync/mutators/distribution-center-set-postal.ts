/**
 * A site sets its distribution center's postal set-up (issue 17): permit
 * imprint, Business Reply permit and ZIP+4, IMb services. Admins only, and
 * only through a station of that DC: the permit and the BRM ZIP+4 are the
 * site's own, and a label printed elsewhere would never show them. Audited
 * in the same transaction (who set what, when).
 */
import { z } from 'zod';
import { ADMINS } from '../../roles';
import { DcPostalSetupInputSchema, postalColumns } from '../../station/postal-setup';
import { DistributionCenterCodeSchema } from '../../station/schemas';
import { MutationRejected, mutator } from '../mutation';
import { mustGet, writeAuditRow } from './shared';

export const distributionCenterSetPostal = mutator({
  name: 'distributionCenter.setPostal',
  summary: 'Set a distribution center’s postal set-up: permit imprint, Business Reply Mail, IMb services.',
  roles: ADMINS,
  args: z.object({ distributionCenter: DistributionCenterCodeSchema, setup: DcPostalSetupInputSchema }).strict(),
  async run(tx, args, ctx) {
    await mustGet(tx, 'distribution_centers', { code: args.distributionCenter }, `Distribution center ${args.distributionCenter}`);
    if (ctx.stationDc !== null && ctx.stationDc !== args.distributionCenter) {
      throw new MutationRejected('OUT_OF_SCOPE', `Distribution center ${args.distributionCenter}’s postal set-up is set at one of its own stations, not at this station of ${ctx.stationDc}.`);
    }
    const columns = postalColumns(args.setup);
    await tx.update('distribution_centers', { code: args.distributionCenter }, columns);
    await writeAuditRow(tx, ctx, { action: 'dc.postal_set', reason: null, detail: { distributionCenter: args.distributionCenter, ...columns } });
  },
});
