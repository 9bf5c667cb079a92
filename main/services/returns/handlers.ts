import type { Services } from '../../host/services';
import type { returnsMethods } from '../../../core/returns/contract';
import { type HandlersFor, requireSession } from '../../host/handler-types';

export function returnsHandlers(s: Services): HandlersFor<typeof returnsMethods> {
  return {
    'returns.checkIn': (input, ctx) => s.pack.checkIn(requireSession(ctx), input.barcode, input.damageReason),
    'returns.nextFor': (input) => s.pack.nextFor(input.customerId, input.since),
  };
}
