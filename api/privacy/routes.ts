/**
 * The privacy back office's central routes (issue #7;
 * declared in core/privacy/routes.ts for supervisors and admins only, so
 * a station with a modified client still cannot reach them with a rep's token).
 */
import type { FastifyRequest } from 'fastify';
import type { ApiContext } from '../http/context';
import { sessionOf } from '../http/guards';
import type { RouteHandlers, RoutesOf } from '../http/serve';
import { decideAffiliate, listAffiliates } from './affiliates';
import { campaignOptions, exportCampaign, listCampaigns, previewCampaign } from './campaigns';
import { exportDisclosures, listDisclosures, recordLegalRequest } from './disclosures';
import { declareDataUse, policyOverview, publishPolicyVersion, recordPolicyConsent } from './policy';
import { aggregateReport, exportReport } from './reports';
import { moderateReview, moderationQueue } from './reviews';
import { anonymousStatements, exportStatements } from './statements';
import type { Actor } from '../staff/accounts';

export function actorOf(request: FastifyRequest): Actor {
  const session = sessionOf(request);
  return { staffId: session.staff.id, stationId: session.stationId };
}

export function privacyRoutes(ctx: ApiContext): RouteHandlers<RoutesOf<'privacy'>> {
  const knex = ctx.db.knex;
  return {
    'privacy.affiliates.list': async (filter) => ({ affiliates: await listAffiliates(knex, filter) }),
    'privacy.affiliates.decide': (input, request) => decideAffiliate(knex, input, actorOf(request), ctx.clock.now()),

    'privacy.campaigns.options': () => campaignOptions(knex),
    'privacy.campaigns.preview': (definition) => previewCampaign(knex, definition, ctx.clock.now()),
    'privacy.campaigns.export': (definition, request) => exportCampaign(knex, definition, actorOf(request), ctx.clock.now()),
    'privacy.campaigns.list': async () => ({ campaigns: await listCampaigns(knex) }),

    'privacy.reports.aggregate': (report) => aggregateReport(knex, report),
    'privacy.reports.export': ({ report, recipient }, request) => exportReport(knex, report, recipient, actorOf(request), ctx.clock.now()),

    'privacy.reviews.queue': (input) => moderationQueue(knex, input),
    'privacy.reviews.moderate': (input, request) => moderateReview(knex, input, actorOf(request), ctx.clock.now()),

    'privacy.statements.preview': async (selection) => ({ statements: await anonymousStatements(knex, selection) }),
    'privacy.statements.export': ({ selection, recipient }, request) => exportStatements(knex, selection, recipient, actorOf(request), ctx.clock.now()),

    'privacy.disclosures.list': async (filter) => ({ disclosures: await listDisclosures(knex, filter) }),
    'privacy.disclosures.recordLegalRequest': (input, request) => recordLegalRequest(knex, input, actorOf(request), ctx.clock.now()),
    'privacy.disclosures.export': (filter, request) => exportDisclosures(knex, filter, actorOf(request), ctx.clock.now()),

    'privacy.policy.overview': () => policyOverview(knex),
    'privacy.policy.publishVersion': (input, request) => publishPolicyVersion(knex, input, actorOf(request), ctx.clock.now()),
    'privacy.policy.declareUse': (input, request) => declareDataUse(knex, input, actorOf(request), ctx.clock.now()),
    'privacy.policy.recordConsent': (input, request) => recordPolicyConsent(knex, input, actorOf(request), ctx.clock.now()),
  };
}
