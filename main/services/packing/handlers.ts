import type { Services } from '../../host/services';
import type { packingMethods } from '../../../core/packing/contract';
import { type HandlersFor, requireSession } from '../../host/handler-types';
import { commandCardsPdf } from './command-cards';

export function packingHandlers(s: Services): HandlersFor<typeof packingMethods> {
  return {
    'packing.queue': () => s.packing.queue(),
    'packing.claim': (input, ctx) => s.packing.claim(requireSession(ctx), input.count),
    'packing.scan': (input, ctx) => s.packing.scan(requireSession(ctx), input.shipmentId, input.barcode),
    'packing.reprint': (input, ctx) => s.packing.reprint(requireSession(ctx), input.shipmentId, input.reason),
    'packing.voidLabel': (input, ctx) => s.packing.voidLabel(requireSession(ctx), input.shipmentId, input.reason, input.then),
    'packing.ship': (input, ctx) => s.packing.ship(requireSession(ctx), input.shipmentIds),
    'packing.manifest': (input) => s.manifest.manifest(input.date),
    'packing.retryPrinter': () => s.packing.retryPrinter(),
    'packing.shift': () => s.packing.shift(),
    'packing.commandCards': () => commandCardsPdf(),
    'packing.printBatch': (input, ctx) => s.packing.printBatch(requireSession(ctx), input.reason),
  };
}
