import type { Services } from '../../host/services';
import type { packingMethods } from '../../../core/packing/contract';
import { type HandlersFor, requireSession } from '../../host/handler-types';

export function packingHandlers(s: Services): HandlersFor<typeof packingMethods> {
  return {
    'packing.queue': () => s.pack.queue(),
    'packing.claim': (input, ctx) => s.pack.claim(requireSession(ctx), input.count),
    'packing.scan': (input, ctx) => s.pack.scan(requireSession(ctx), input.shipmentId, input.barcode),
    'packing.reprint': (input, ctx) => s.pack.reprint(requireSession(ctx), input.shipmentId, input.reason),
    'packing.voidLabel': (input, ctx) => s.pack.voidLabel(requireSession(ctx), input.shipmentId, input.reason, input.then),
    'packing.ship': (input, ctx) => s.pack.ship(requireSession(ctx), input.shipmentIds),
    'packing.manifest': (input) => s.pack.manifest(input.date),
    'packing.retryPrinter': () => s.pack.retryPrinter(),
    'packing.printBatch': (input, ctx) => s.pack.printBatch(requireSession(ctx), input.reason),
  };
}
