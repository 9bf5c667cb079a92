import type { Services } from '../../host/services';
import type { floorMethods } from '../../../core/floor/contract';
import { type HandlersFor, requireSession } from '../../host/handler-types';

export function floorHandlers(s: Services): HandlersFor<typeof floorMethods> {
  return {
    'floor.overview': (input, ctx) => s.floor.overview(requireSession(ctx), input),
    'floor.export': (input, ctx) => s.floor.export(requireSession(ctx), input),
  };
}
