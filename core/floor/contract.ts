import { method } from '../method';
import { SUPERVISORS } from '../roles';
import { FloorExportSchema, FloorOverviewInputSchema, FloorOverviewSchema } from './schemas';

/** The supervisor's live floor view, read from the central office (issue 16 item 7). */
export const floorMethods = {
  'floor.overview': method({
    summary: 'Per station and per packer for the shift: packed per hour, mismatch rate, printer, pending sync, last activity.',
    input: FloorOverviewInputSchema,
    output: FloorOverviewSchema,
    roles: SUPERVISORS,
    // The screen asks every few seconds while open; watching the floor is not activity at this station.
    passive: true,
  }),
  'floor.export': method({
    summary: 'The floor figures for the shift as a CSV; audited.',
    input: FloorOverviewInputSchema,
    output: FloorExportSchema,
    roles: SUPERVISORS,
  }),
} as const;
