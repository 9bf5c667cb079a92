import type { Services } from '../../host/services';
import type { customerMethods } from '../../../core/customers/contract';
import { type HandlersFor, requireSession } from '../../host/handler-types';

export function customersHandlers(s: Services): HandlersFor<typeof customerMethods> {
  return {
    'customers.get360': (input, ctx) => s.lookup.customer360(requireSession(ctx), input.customerId, input.reason),
    'customers.refresh360': (input, ctx) => s.lookup.refresh360(requireSession(ctx), input.customerId),
    // Account edits by phone (issue #5): each edit handler refuses unless this session verified the caller.
    'customers.verifyCaller': (input, ctx) => s.customers.verifyCaller(requireSession(ctx), input),
    'customers.callerStatus': (input, ctx) => s.customers.callerStatus(requireSession(ctx), input.customerId),
    'customers.setPreference': (input, ctx) => s.customers.setPreference(requireSession(ctx), input),
    'customers.updateContact': (input, ctx) => s.customers.updateContact(requireSession(ctx), input),
    'customers.addNote': (input, ctx) => s.customers.addNote(requireSession(ctx), input),
    'customers.reportProblem': (input, ctx) => s.customers.reportProblem(requireSession(ctx), input),
    'customers.decideProblem': (input, ctx) => s.customers.decideProblem(requireSession(ctx), input),
    'customers.previewAddress': (input) => s.customers.previewAddress(input.address),
    'customers.updateAddress': (input, ctx) => s.customers.updateAddress(requireSession(ctx), input),
    'customers.changeCard': (input, ctx) => s.customers.changeCard(requireSession(ctx), input),
    'customers.sendPasswordReset': (input, ctx) => s.customers.sendPasswordReset(requireSession(ctx), input.customerId),
    'customers.consentHistory': (input) => s.customers.consentHistory(input.customerId),
    'customers.conflicts': (input) => s.customers.conflicts(input.customerId),
    'customers.markConflictSeen': (input) => s.customers.markConflictSeen(input.customerId, input.conflictId),
  };
}
