/**
 * Every station method's handler, merged from the capabilities' own
 * `handlers.ts` (a method's prefix names its folder: `packing.scan` is in
 * `main/services/packing/handlers.ts`). A method without a handler fails the
 * type check here.
 */
import { authHandlers } from '../services/auth/handlers';
import { staffHandlers } from '../services/staff/handlers';
import { stationHandlers } from '../services/station/handlers';
import { labelsHandlers } from '../services/labels/handlers';
import { lookupHandlers } from '../services/lookup/handlers';
import { customersHandlers } from '../services/customers/handlers';
import { packingHandlers } from '../services/packing/handlers';
import { returnsHandlers } from '../services/returns/handlers';
import { syncHandlers } from '../sync/handlers';
import { privacyHandlers } from '../services/privacy/handlers';
import { auditHandlers } from '../services/audit/handlers';
import { floorHandlers } from '../services/floor/handlers';
import type { HandlerMap } from './handler-types';
import type { Services } from './services';

export type { Services } from './services';

export function createHandlers(s: Services): HandlerMap {
  return {
    ...authHandlers(s),
    ...staffHandlers(s),
    ...stationHandlers(s),
    ...labelsHandlers(s),
    ...lookupHandlers(s),
    ...customersHandlers(s),
    ...packingHandlers(s),
    ...returnsHandlers(s),
    ...syncHandlers(s),
    ...privacyHandlers(s),
    ...auditHandlers(s),
    ...floorHandlers(s),
  };
}
