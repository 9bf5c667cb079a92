/** The end-of-day manifest's method (`pack.manifest` in `core/packing/contract.ts`), registered by the station host. */
import type { HandlerMap } from '../../host/handler-types';
import type { ManifestService } from './manifest-service';

export function manifestHandlers(manifest: ManifestService): Pick<HandlerMap, 'pack.manifest'> {
  return {
    'pack.manifest': (input) => manifest.manifest(input.date),
  };
}
