import type { Services } from '../../host/services';
import type { lookupMethods } from '../../../core/lookup/contract';
import { type HandlersFor, requireSession } from '../../host/handler-types';

export function lookupHandlers(s: Services): HandlersFor<typeof lookupMethods> {
  return {
    'lookup.search': (input, ctx) => s.lookup.search(requireSession(ctx), input.query, input.reason),
    'lookup.shipment': (input) => s.lookup.shipment(input.shipmentId),
  };
}
