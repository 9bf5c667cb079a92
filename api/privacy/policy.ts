/**
 * Policy versions, declared uses of data, consent to a version, and the
 * notice-and-consent email job.
 *
 * policy: "Customers should check back for updates to this policy. Netflix
 * will obtain email consent from any user if the company is going to be
 * using the information collected in a manner different from that stated
 * when the user registered."
 *
 * - A version is ordered by when it was published; accepting a version
 *   accepts what every earlier one permitted.
 * - A customer's accepted version is `customers.policy_version`; accepting a
 *   newer one updates it and leaves a consent_events row (field
 *   `policy_version`, old -> new) in the same transaction.
 * - A use of data names the version that first permits it; `acceptedVersionsFor`
 *   gives the versions whose customers may be included (the use's version and
 *   later ones). A customer on an unknown version is in none of them.
 * - Publishing a version queues one `consent_notices` row per active customer
 *   who has not accepted it, for the mailer to send.
 */
import type { Knex } from 'knex';
import { ulid } from 'ulidx';
import { AppError } from '../../core/errors';
import type { DataUse, PolicyOverview } from '../../core/privacy/policy';
import type { Actor } from '../staff/accounts';
import { writeAudit } from '../audit/write-audit';

interface VersionRow {
  version: string;
  published_at: string;
  summary: string;
}

async function versionsInOrder(db: Knex | Knex.Transaction): Promise<VersionRow[]> {
  return (await db('policy_versions').select('version', 'published_at', 'summary').orderBy([{ column: 'published_at' }, { column: 'version' }])) as VersionRow[];
}

/** The versions whose acceptance includes `version`: it and every later one. */
function fromVersion(versions: VersionRow[], version: string): string[] {
  const at = versions.findIndex((v) => v.version === version);
  return at < 0 ? [] : versions.slice(at).map((v) => v.version);
}

export async function acceptedVersionsFor(db: Knex | Knex.Transaction, useName: string): Promise<{ requiresVersion: string; versions: string[] }> {
  const use = (await db('data_uses').where({ name: useName }).first('requires_version')) as { requires_version: string } | undefined;
  if (!use) {
    throw new AppError('INVALID_INPUT', `No use of data called "${useName}" is declared. Declare it on the Policy tab first.`, [
      { field: 'dataUse', message: 'Not a declared use of data.' },
    ]);
  }
  return { requiresVersion: use.requires_version, versions: fromVersion(await versionsInOrder(db), use.requires_version) };
}

export async function policyOverview(knex: Knex): Promise<PolicyOverview> {
  const versions = await versionsInOrder(knex);
  const byVersion = (await knex('customers').where('status', 'active').select('policy_version').count({ n: '*' }).groupBy('policy_version')) as {
    policy_version: string;
    n: number | string;
  }[];
  const activeOn = new Map(byVersion.map((r) => [r.policy_version, Number(r.n)]));
  const activeCustomers = [...activeOn.values()].reduce((a, b) => a + b, 0);
  const notices = (await knex('consent_notices').select('version').count({ n: '*' }).groupBy('version')) as { version: string; n: number | string }[];
  const noticesOf = new Map(notices.map((r) => [r.version, Number(r.n)]));
  const acceptedFrom = (version: string) => fromVersion(versions, version).reduce((sum, v) => sum + (activeOn.get(v) ?? 0), 0);

  const uses = (await knex('data_uses as u')
    .leftJoin('staff as s', 's.id', 'u.declared_by')
    .select('u.name', 'u.description', 'u.requires_version', 'u.declared_at', 's.username', 's.display_name')
    .orderBy([{ column: 'u.declared_at' }, { column: 'u.name' }])) as {
    name: string;
    description: string;
    requires_version: string;
    declared_at: string;
    username: string | null;
    display_name: string | null;
  }[];

  return {
    versions: versions.map((v) => ({
      version: v.version,
      publishedAt: v.published_at,
      summary: v.summary,
      customersAccepted: acceptedFrom(v.version),
      noticesQueued: noticesOf.get(v.version) ?? 0,
    })),
    uses: uses.map((u) => ({
      name: u.name,
      description: u.description,
      requiresVersion: u.requires_version,
      declaredAt: u.declared_at,
      declaredBy: u.username ? { username: u.username, displayName: u.display_name ?? u.username } : null,
      customersConsented: acceptedFrom(u.requires_version),
    })),
    activeCustomers,
  };
}

/** A new version, and a notice-and-consent email queued for every active customer not on it, in one transaction. */
export async function publishPolicyVersion(knex: Knex, input: { version: string; summary: string }, actor: Actor, now: Date) {
  return knex.transaction(async (trx) => {
    if (await trx('policy_versions').where({ version: input.version }).first('version')) {
      throw new AppError('CONFLICT', `Policy version ${input.version} is already published.`, [{ field: 'version', message: 'Already published.' }]);
    }
    const latest = (await versionsInOrder(trx)).at(-1);
    if (latest && latest.published_at >= now.toISOString()) {
      throw new AppError('CONFLICT', `Version ${latest.version} was published at ${latest.published_at}; a new version must come after it.`);
    }
    const at = now.toISOString();
    await trx('policy_versions').insert({ version: input.version, published_at: at, summary: input.summary, published_by: actor.staffId });
    // The newest version: everyone active who is not already on it gets the notice.
    await trx.raw(
      'INSERT INTO consent_notices (customer_id, version, queued_at) SELECT id, ?, ? FROM customers WHERE status = ? AND policy_version <> ?',
      [input.version, at, 'active', input.version],
    );
    const row = (await trx('consent_notices').where({ version: input.version }).count({ n: '*' }).first()) as { n: number | string } | undefined;
    const noticesQueued = Number(row?.n ?? 0);
    await writeAudit(trx, {
      at: now, action: 'policy.version_published', staffId: actor.staffId, stationId: actor.stationId,
      detail: { version: input.version, noticesQueued },
    });
    return { version: input.version, publishedAt: at, noticesQueued };
  });
}

export async function declareDataUse(
  knex: Knex,
  input: { name: string; description: string; requiresVersion: string },
  actor: Actor,
  now: Date,
): Promise<DataUse> {
  await knex.transaction(async (trx) => {
    if (await trx('data_uses').where({ name: input.name }).first('name')) {
      throw new AppError('CONFLICT', `A use called "${input.name}" is already declared.`, [{ field: 'name', message: 'Already declared.' }]);
    }
    if (!(await trx('policy_versions').where({ version: input.requiresVersion }).first('version'))) {
      throw new AppError('INVALID_INPUT', `There is no policy version ${input.requiresVersion}. Publish it first.`, [
        { field: 'requiresVersion', message: 'Not a published version.' },
      ]);
    }
    await trx('data_uses').insert({ name: input.name, description: input.description, requires_version: input.requiresVersion, declared_at: now.toISOString(), declared_by: actor.staffId });
    await writeAudit(trx, {
      at: now, action: 'policy.use_declared', staffId: actor.staffId, stationId: actor.stationId,
      detail: { use: input.name, requiresVersion: input.requiresVersion },
    });
  });
  const overview = await policyOverview(knex);
  return overview.uses.find((u) => u.name === input.name)!;
}

/**
 * A customer's consent to a version (the reply to the notice). Accepting an
 * older version than the one already accepted changes nothing.
 */
export async function recordPolicyConsent(
  knex: Knex,
  input: { customerId: number; version: string; channel: string },
  actor: Actor,
  now: Date,
): Promise<{ customerId: number; policyVersion: string; changed: boolean }> {
  return knex.transaction(async (trx) => {
    const customer = (await trx('customers').where({ id: input.customerId }).first('id', 'policy_version')) as { id: number; policy_version: string } | undefined;
    if (!customer) throw new AppError('NOT_FOUND', `No customer ${input.customerId}.`);
    const versions = await versionsInOrder(trx);
    if (!versions.some((v) => v.version === input.version)) {
      throw new AppError('INVALID_INPUT', `There is no policy version ${input.version}.`, [{ field: 'version', message: 'Not a published version.' }]);
    }
    if (fromVersion(versions, input.version).includes(customer.policy_version) && customer.policy_version !== input.version) {
      return { customerId: input.customerId, policyVersion: customer.policy_version, changed: false };
    }
    if (customer.policy_version === input.version) return { customerId: input.customerId, policyVersion: input.version, changed: false };
    const at = now.toISOString();
    await trx('customers').where({ id: input.customerId }).update({ policy_version: input.version, updated_at: at });
    await trx('consent_events').insert({
      id: ulid(now.getTime()),
      customer_id: input.customerId,
      field: 'policy_version',
      old_value: customer.policy_version,
      new_value: input.version,
      staff_id: actor.staffId,
      channel: input.channel,
      policy_version: input.version,
      at,
    });
    await writeAudit(trx, {
      at: now, action: 'policy.consent_recorded', staffId: actor.staffId, stationId: actor.stationId, customerId: input.customerId,
      fields: ['policy_version'], reason: `consent by ${input.channel}`, detail: { from: customer.policy_version, to: input.version },
    });
    return { customerId: input.customerId, policyVersion: input.version, changed: true };
  });
}
