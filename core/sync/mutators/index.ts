/**
 * The mutator registry. Adding a mutator = one file in this folder + one line
 * in MUTATOR_LIST; the station, the central API, the role checks and the
 * types below all read from here.
 *
 * Only intents the product sends are registered: the central API runs every
 * name listed here for any station that pushes it, so a mutator kept "for
 * tests" is a door a modified station can walk through (a bare status change
 * that skips scan verification and the age check, say). Tests use these same
 * intents; `tests/sync/intents.test.ts` tries every one against an order of a
 * customer who has not certified being 18.
 */
import type { z } from 'zod';
import type { MutatorDef } from '../mutation';
import { addressUpdate } from './address-update';
import { auditRecord } from './audit-record';
import { customerNoteAdd } from './customer-note-add';
import { customerUpdateContact } from './customer-update-contact';
import { distributionCenterSetPostal } from './distribution-center-set-postal';
import { labelEventRecord } from './label-event-record';
import { preferencesSet } from './preferences-set';
import { shipmentMarkShipped, shipmentVoid } from './shipment-status-changes';
import { shipmentPackAndLabel } from './shipment-pack-disc';
import { shipmentCheckIn } from './shipment-check-in';
import { shipmentRequeue } from './shipment-requeue';
import { shipmentDecideProblem, shipmentReportProblem } from './shipment-problem';
import { scanMismatchRecord } from './scan-mismatch-record';

const MUTATOR_LIST = [
  preferencesSet,
  customerUpdateContact,
  customerNoteAdd,
  addressUpdate,
  shipmentMarkShipped,
  shipmentVoid,
  shipmentPackAndLabel,
  shipmentCheckIn,
  shipmentRequeue,
  shipmentReportProblem,
  shipmentDecideProblem,
  labelEventRecord,
  auditRecord,
  distributionCenterSetPostal,
  scanMismatchRecord,
] as const;

type AnyMutator = (typeof MUTATOR_LIST)[number];
export type MutatorName = AnyMutator['name'];
export type MutatorArgs<N extends MutatorName> = z.input<Extract<AnyMutator, { name: N }>['args']>;

export const MUTATORS: ReadonlyMap<string, MutatorDef> = new Map(MUTATOR_LIST.map((m) => [m.name, m as unknown as MutatorDef]));
export const MUTATOR_NAMES = MUTATOR_LIST.map((m) => m.name) as readonly MutatorName[];

export function findMutator(name: string): MutatorDef | undefined {
  return MUTATORS.get(name);
}
