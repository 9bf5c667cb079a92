import type { Services } from '../../host/services';
import type { stationMethods } from '../../../core/station/contract';
import { type HandlersFor, requireSession } from '../../host/handler-types';

export function stationHandlers(s: Services): HandlersFor<typeof stationMethods> {
  return {
    'station.status': () => s.station.status(),
    'station.settings.get': () => s.station.settings(),
    'station.settings.update': (input) => s.station.updateSettings(input),
    // First-run setup and re-enrollment (issue #14): public only until the station has an identity.
    'station.inspectCa': (input) => s.station.inspectCa(input.pem),
    'station.register': (input) => s.station.register(input),
    'station.reenroll': (input) => s.station.reenroll(input),
    'station.systemPrinters': () => s.station.systemPrinters(),
    'station.postal.get': () => s.postal.get(),
    'station.postal.update': (input, ctx) => s.postal.update(requireSession(ctx), input),
  };
}
