import type { Services } from '../../host/services';
import type { labelsMethods } from '../../../core/labels/contract';
import { type HandlersFor } from '../../host/handler-types';

export function labelsHandlers(s: Services): HandlersFor<typeof labelsMethods> {
  return {
    'labels.testPrint': (input) => s.labels.testPrint(input.printer),
    'labels.printerStatus': () => s.pack.printerStatus(),
  };
}
