/**
 * The mutator registry. Adding a mutator = one file in this folder + one line
 * in MUTATOR_LIST; the station, the central API, the role checks and the
 * types below all read from here.
 */
import type { z } from 'zod';
import type { MutatorDef } from '../mutation';
import { addressUpdate } from './address-update';
import { auditRecord } from './audit-record';
import { customerUpdateContact } from './customer-update-contact';
import { discSetStatus } from './disc-set-status';
import { labelEventRecord } from './label-event-record';
import { preferencesSet } from './preferences-set';
import { shipmentMarkLabeled, shipmentMarkPacked, shipmentMarkReturned, shipmentMarkShipped, shipmentVoid } from './shipment-status-changes';
import { shipmentPackAndLabel, shipmentPackDisc } from './shipment-pack-disc';
import { shipmentCheckIn } from './shipment-check-in';
import { shipmentRequeue } from './shipment-requeue';

const MUTATOR_LIST = [
  preferencesSet,
  customerUpdateContact,
  addressUpdate,
  shipmentMarkPacked,
  shipmentMarkLabeled,
  shipmentMarkShipped,
  shipmentMarkReturned,
  shipmentVoid,
  shipmentPackDisc,
  shipmentPackAndLabel,
  shipmentCheckIn,
  shipmentRequeue,
  discSetStatus,
  labelEventRecord,
  auditRecord,
] as const;

type AnyMutator = (typeof MUTATOR_LIST)[number];
export type MutatorName = AnyMutator['name'];
export type MutatorArgs<N extends MutatorName> = z.input<Extract<AnyMutator, { name: N }>['args']>;

export const MUTATORS: ReadonlyMap<string, MutatorDef> = new Map(MUTATOR_LIST.map((m) => [m.name, m as unknown as MutatorDef]));
export const MUTATOR_NAMES = MUTATOR_LIST.map((m) => m.name) as readonly MutatorName[];

export function findMutator(name: string): MutatorDef | undefined {
  return MUTATORS.get(name);
}
