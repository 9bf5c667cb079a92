/**
 * The privacy back office's central routes (issue #7). Every route is for
 * supervisors and admins only (requireRole with core's SUPERVISORS, the same
 * role group the station contract names), so a station with a modified
 * client still cannot reach them with a rep's token.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AffiliateDecideInputSchema, AffiliateListInputSchema } from '../../core/backoffice/affiliates';
import { AuditFilterSchema, AuditSearchInputSchema } from '../../core/backoffice/audit';
import { CampaignDefinitionSchema } from '../../core/backoffice/campaigns';
import { DisclosureFilterSchema, LegalRequestInputSchema } from '../../core/backoffice/disclosures';
import { DeclareUseInputSchema, PublishVersionInputSchema, RecordConsentInputSchema } from '../../core/backoffice/policy';
import { ReportExportInputSchema, ReportInputSchema } from '../../core/backoffice/reports';
import { ModerateInputSchema, ModerationQueueInputSchema } from '../../core/backoffice/reviews';
import { StatementsExportInputSchema, StatementsInputSchema } from '../../core/backoffice/statements';
import { SUPERVISORS } from '../../core/roles';
import type { ApiContext } from '../http/context';
import { requireRole, sessionOf } from '../http/guards';
import { parseInput } from '../http/validate';
import { decideAffiliate, listAffiliates } from '../privacy/affiliates';
import { exportAudit, searchAudit } from '../privacy/audit-search';
import { campaignOptions, exportCampaign, listCampaigns, previewCampaign } from '../privacy/campaigns';
import { exportDisclosures, listDisclosures, recordLegalRequest } from '../privacy/disclosures';
import { declareDataUse, policyOverview, publishPolicyVersion, recordPolicyConsent } from '../privacy/policy';
import { aggregateReport, exportReport } from '../privacy/reports';
import { moderateReview, moderationQueue } from '../privacy/reviews';
import { anonymousStatements, exportStatements } from '../privacy/statements';
import type { Actor } from '../services/staff-accounts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const DecisionBody = AffiliateDecideInputSchema.omit({ affiliateId: true });
const ModerationBody = ModerateInputSchema.omit({ reviewId: true });
const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
const QueueQuery = z.object({ includeUnflagged: booleanQuery.optional(), limit: z.coerce.number().int().optional() }).strict();
const DisclosureQuery = z.object({ kind: z.string().optional(), from: z.string().optional(), to: z.string().optional(), limit: z.coerce.number().int().optional() }).strict();
const AuditQuery = z
  .object({ staffUsername: z.string().optional(), customerId: z.coerce.number().int().optional(), from: z.string().optional(), to: z.string().optional(), limit: z.coerce.number().int().optional(), before: z.string().optional() })
  .strict();

/** Drops absent query values so the core schema's defaults apply. */
function defined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function actorOf(request: FastifyRequest): Actor {
  const session = sessionOf(request);
  return { staffId: session.staff.id, stationId: session.stationId };
}

export function privacyRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (app) => {
    const supervisors = { preHandler: requireRole(ctx, SUPERVISORS) };
    const knex = ctx.db.knex;

    app.get('/privacy/affiliates', supervisors, async (request) => {
      const filter = parseInput(AffiliateListInputSchema, request.query);
      return { affiliates: await listAffiliates(knex, filter) };
    });
    app.post('/privacy/affiliates/:id/decisions', supervisors, async (request) => {
      const { id } = parseInput(IdParams, request.params);
      const body = parseInput(DecisionBody, request.body);
      return decideAffiliate(knex, { affiliateId: id, ...body }, actorOf(request), ctx.clock());
    });

    app.get('/privacy/campaigns/options', supervisors, async () => campaignOptions(knex));
    app.post('/privacy/campaigns/preview', supervisors, async (request) => previewCampaign(knex, parseInput(CampaignDefinitionSchema, request.body), ctx.clock()));
    app.post('/privacy/campaigns', supervisors, async (request) => exportCampaign(knex, parseInput(CampaignDefinitionSchema, request.body), actorOf(request), ctx.clock()));
    app.get('/privacy/campaigns', supervisors, async () => ({ campaigns: await listCampaigns(knex) }));

    app.post('/privacy/reports/aggregate', supervisors, async (request) => aggregateReport(knex, parseInput(ReportInputSchema, request.body)));
    app.post('/privacy/reports/exports', supervisors, async (request) => {
      const { report, recipient } = parseInput(ReportExportInputSchema, request.body);
      return exportReport(knex, report, recipient, actorOf(request), ctx.clock());
    });

    app.get('/privacy/reviews/queue', supervisors, async (request) => {
      const query = parseInput(QueueQuery, request.query);
      return moderationQueue(knex, parseInput(ModerationQueueInputSchema, defined(query)));
    });
    app.post('/privacy/reviews/:id/moderation', supervisors, async (request) => {
      const { id } = parseInput(IdParams, request.params);
      const body = parseInput(ModerationBody, request.body);
      return moderateReview(knex, { reviewId: id, ...body }, actorOf(request), ctx.clock());
    });

    app.post('/privacy/statements/preview', supervisors, async (request) => ({
      statements: await anonymousStatements(knex, parseInput(StatementsInputSchema, request.body)),
    }));
    app.post('/privacy/statements/exports', supervisors, async (request) => {
      const { selection, recipient } = parseInput(StatementsExportInputSchema, request.body);
      return exportStatements(knex, selection, recipient, actorOf(request), ctx.clock());
    });

    app.get('/privacy/disclosures', supervisors, async (request) => {
      const query = parseInput(DisclosureQuery, request.query);
      return { disclosures: await listDisclosures(knex, parseInput(DisclosureFilterSchema, defined(query))) };
    });
    app.post('/privacy/disclosures/legal-requests', supervisors, async (request) =>
      recordLegalRequest(knex, parseInput(LegalRequestInputSchema, request.body), actorOf(request), ctx.clock()));
    app.post('/privacy/disclosures/exports', supervisors, async (request) => {
      const filter = parseInput(DisclosureFilterSchema, request.body);
      return exportDisclosures(knex, filter, actorOf(request), ctx.clock());
    });

    app.get('/privacy/policy', supervisors, async () => policyOverview(knex));
    app.post('/privacy/policy/versions', supervisors, async (request) =>
      publishPolicyVersion(knex, parseInput(PublishVersionInputSchema, request.body), actorOf(request), ctx.clock()));
    app.post('/privacy/policy/uses', supervisors, async (request) =>
      declareDataUse(knex, parseInput(DeclareUseInputSchema, request.body), actorOf(request), ctx.clock()));
    app.post('/privacy/policy/consents', supervisors, async (request) =>
      recordPolicyConsent(knex, parseInput(RecordConsentInputSchema, request.body), actorOf(request), ctx.clock()));

    app.get('/audit', supervisors, async (request) => {
      const query = parseInput(AuditQuery, request.query);
      return searchAudit(knex, parseInput(AuditSearchInputSchema, defined(query)));
    });
    app.post('/audit/exports', supervisors, async (request) => exportAudit(knex, parseInput(AuditFilterSchema, request.body), actorOf(request), ctx.clock()));
  };
}
