/**
 * The one contract: every method a renderer may call, with its zod input and
 * output schemas and the roles allowed. main registers one handler per entry
 * (a missing handler fails the type check), preload exposes one `invoke`, and
 * the renderer's typed client is derived from this object.
 *
 * Adding a capability = one `*Methods` object in its core folder, spread here.
 */
import type { z } from 'zod';
import { authMethods } from './auth/contract';
import { stationMethods } from './station/contract';
import { lookupMethods } from './lookup/contract';
import { customerMethods } from './customers/contract';
import { packingMethods } from './packing/contract';
import { syncMethods } from './sync/contract';
import { privacyMethods } from './privacy/contract';
import { auditMethods } from './audit/contract';
import { staffMethods } from './staff/contract';
import { returnsMethods } from './returns/contract';
import { labelsMethods } from './labels/contract';
import { floorMethods } from './floor/contract';

export const contract = {
  ...authMethods,
  ...staffMethods,
  ...stationMethods,
  ...lookupMethods,
  ...customerMethods,
  ...packingMethods,
  ...returnsMethods,
  ...syncMethods,
  ...privacyMethods,
  ...auditMethods,
  ...labelsMethods,
  ...floorMethods,
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
