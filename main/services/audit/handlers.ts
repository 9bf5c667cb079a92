import type { Services } from '../../host/services';
import type { auditMethods } from '../../../core/audit/contract';
import { type HandlersFor, requireSession } from '../../host/handler-types';

export function auditHandlers(s: Services): HandlersFor<typeof auditMethods> {
  return {
    'audit.search': (input, ctx) => s.privacy.searchAudit(requireSession(ctx), input),
    'audit.export': (input, ctx) => s.privacy.exportAudit(requireSession(ctx), input),
  };
}
