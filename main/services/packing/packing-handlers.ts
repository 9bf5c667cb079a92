/** The packing line's methods (`core/packing/contract.ts`), registered by the station host with every other capability's. */
import { requireSession, type HandlerMap } from '../../host/handler-types';
import type { PackingService } from './packing-service';

type PackingMethod = 'pack.queue' | 'pack.claim' | 'pack.scan' | 'pack.reprint' | 'pack.voidLabel' | 'pack.ship' | 'pack.retryPrinter' | 'pack.printBatch';

export function packingHandlers(packing: PackingService): Pick<HandlerMap, PackingMethod> {
  return {
    'pack.queue': () => packing.queue(),
    'pack.claim': (input, ctx) => packing.claim(requireSession(ctx), input.count),
    'pack.scan': (input, ctx) => packing.scan(requireSession(ctx), input.shipmentId, input.barcode),
    'pack.reprint': (input, ctx) => packing.reprint(requireSession(ctx), input.shipmentId, input.reason),
    'pack.voidLabel': (input, ctx) => packing.voidLabel(requireSession(ctx), input.shipmentId, input.reason, input.then),
    'pack.ship': (input, ctx) => packing.ship(requireSession(ctx), input.shipmentIds),
    'pack.retryPrinter': () => packing.retryPrinter(),
    'pack.printBatch': (input, ctx) => packing.printBatch(requireSession(ctx), input.reason),
  };
}
