/**
 * The central API's audit-viewer routes (`core/routes.ts`): supervisors and
 * admins only, checked by the station's dispatch and again by the API.
 */
import { route } from '../route';
import { SUPERVISORS } from '../roles';
import { AuditExportSchema, AuditFilterSchema, AuditSearchInputSchema, AuditSearchSchema } from './schemas';

const access = SUPERVISORS;
const timeoutMs = 60_000;

export const auditRoutes = {
  'audit.search': route({
    summary: 'Central audit rows by staff, customer and dates, newest first, paged.',
    verb: 'GET', path: '/v1/audit', access, timeoutMs,
    input: AuditSearchInputSchema, output: AuditSearchSchema,
  }),
  'audit.export': route({
    summary: 'The filtered audit rows as a CSV; recorded in the disclosure register.',
    verb: 'POST', path: '/v1/audit/exports', access, timeoutMs,
    input: AuditFilterSchema, output: AuditExportSchema,
  }),
} as const;
