/** The returns desk's methods (`core/packing/contract.ts`), registered by the station host with every other capability's. */
import { requireSession, type HandlerMap } from '../../host/handler-types';
import type { ReturnsService } from './returns-service';

export function returnsHandlers(returns: ReturnsService): Pick<HandlerMap, 'returns.checkIn' | 'returns.nextFor'> {
  return {
    'returns.checkIn': (input, ctx) => returns.checkIn(requireSession(ctx), input.barcode, input.damageReason),
    'returns.nextFor': (input) => returns.nextFor(input.customerId, input.since),
  };
}
