import { method } from '../method';
import { SUPERVISORS } from '../roles';
import { AuditExportSchema, AuditFilterSchema, AuditSearchInputSchema, AuditSearchSchema } from './schemas';

/** The audit viewer: who viewed or changed which customer's data, read from the central office. */
export const auditMethods = {
  'audit.search': method({
    summary: "Who viewed or changed which customer's data: central audit rows by staff, customer and dates.",
    input: AuditSearchInputSchema,
    output: AuditSearchSchema,
    roles: SUPERVISORS,
  }),
  'audit.export': method({
    summary: 'The filtered audit rows as a CSV; recorded in the disclosure register.',
    input: AuditFilterSchema,
    output: AuditExportSchema,
    roles: SUPERVISORS,
  }),
} as const;
