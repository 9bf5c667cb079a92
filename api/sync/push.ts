/**
 * POST /v1/sync/push: a station's outbox, applied exactly once (DESIGN §4).
 *
 * A batch runs in transactions of up to PUSH_COMMIT_RUN mutations, each of
 * which also advances the client's `last_mutation_id`: a mutation at or below
 * the ledger was applied (or rejected) before and is skipped, so a retried,
 * duplicated or late-arriving push is harmless. (One commit per run, not per
 * mutation: a commit is most of what a small mutation costs.) A mutation that
 * can never succeed is recorded as rejected, with its reason, and still
 * advances the client, so one bad change never blocks a station. Only a
 * failure of the moment (the database went away, a serialization failure or
 * deadlock) fails the request before the client advances, and the station
 * retries: `failure-class.ts` decides which.
 *
 * Who: the station credential authenticates the batch; each mutation names
 * the staff member who made it (possibly offline, hours ago). The server
 * checks that person is active, has signed in at this station before, and
 * that their current role may run the mutator (roles declared in core).
 */
import type { Knex } from 'knex';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import { RoleSchema } from '../../core/auth/schemas';
import type { Role } from '../../core/roles';
import { executeMutation } from '../../core/sync/execute';
import { MutationRejected, type MutationContext } from '../../core/sync/mutation';
import type { MutationResult, PushRequestSchema, PushResponse, SyncConflict } from '../../core/sync/protocol';
import type { z } from 'zod';
import type { AuthenticatedStation } from '../station/stations';
import type { AccessCache } from '../auth/access-cache';
import { classifyFailure } from './failure-class';
import { sendTogether } from '../../platform/prepared-statements';
import { ServerMutationTx } from './server-tx';
import { dialectOf, ledgerVersionSql } from './versioning';

type PushBody = z.output<typeof PushRequestSchema>;

interface ClientRow {
  client_id: string;
  station_id: string;
  last_mutation_id: string;
}

type StaffVerdict = { ok: true; role: Role } | { ok: false; rejection: MutationRejected };

export interface PushDeps {
  knex: Knex;
  clock: Clock;
  /** Unexpected mutator failures are rejected (they would fail again); the cause goes to the log. */
  onMutatorBug?: (err: unknown, mutation: { id: string; name: string }) => void;
  /** Staff who passed the check at this station are remembered while changes of access are heard (api/auth/access-cache.ts). */
  access?: AccessCache;
}

/**
 * The client's ledger row, locked for this run; created on the client's first
 * push (a client id belongs to one station forever). Read first and created
 * only when missing: every push but a client's first finds it.
 */
async function lockClient(trx: Knex.Transaction, clientId: string, station: AuthenticatedStation, now: Date, postgres: boolean): Promise<ClientRow> {
  // Two pushes of one client (a retry racing a slow original) serialize here. NO KEY UPDATE, not UPDATE: the
  // conflict rows other clients' pushes write for this client check their foreign key with a KEY SHARE lock,
  // which FOR UPDATE blocks until this whole run commits (bench:central: 19 ms per conflict row at 300 stations).
  const read = async () => {
    const q = trx('sync_clients').where({ client_id: clientId });
    return (await (postgres ? q.forNoKeyUpdate() : q).first()) as ClientRow | undefined;
  };
  let row = await read();
  if (!row) {
    const at = now.toISOString();
    await trx('sync_clients')
      .insert({ client_id: clientId, station_id: station.id, last_mutation_id: '', applied_count: 0, rejected_count: 0, created_at: at, updated_at: at })
      .onConflict('client_id')
      .ignore();
    row = (await read())!;
  }
  assertOwnClient(row, station);
  return row;
}

export function assertOwnClient(row: ClientRow | undefined, station: AuthenticatedStation): void {
  if (row && row.station_id !== station.id) {
    throw new AppError('FORBIDDEN', 'This sync client belongs to another station.');
  }
}

export async function applyPush(deps: PushDeps, station: AuthenticatedStation, body: PushBody): Promise<PushResponse> {
  const { knex } = deps;
  const postgres = dialectOf(knex) === 'postgres';
  const staffVerdicts = new Map<string, StaffVerdict>();
  // In id order: ids are monotonic per client, and the ledger only moves forward.
  const mutations = [...body.mutations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const m of mutations) if (!staffVerdicts.has(m.staffId)) staffVerdicts.set(m.staffId, await checkStaff(knex, m.staffId, station, deps.access));

  // One transaction per run of mutations: the ledger moves with every mutation it covers, so a failure (the
  // database went away) leaves none of that run applied and the station's retry finds the earlier runs counted.
  // A refused mutation must leave nothing behind but its rejection row, which takes a savepoint around each
  // mutation; refusals are rare and savepoints are two statements per change, so a run is first tried without
  // them and, when one of its mutations is refused, rolled back and run again with them.
  //
  // Without savepoints the run's mutations hold their writes in one list: each change's go out with the next one's
  // first read, and the last ones with the ledger update and the COMMIT, in one message (a pack's push was ten
  // round trips; bench:central). A write that fails there is a refusal like any other: the run goes again with
  // savepoints, where each mutation sends its own and the refusal is pinned on the right change.
  const commitRun = (run: PushBody['mutations'], savepoints: boolean) => knex.transaction(async (trx) => {
    const locked = await lockClient(trx, body.clientId, station, deps.clock.now(), postgres);
    let runLast = locked.last_mutation_id;
    let applied = 0;
    let rejected = 0;
    const runResults: MutationResult[] = [];
    const held: Knex.QueryBuilder[] = [];
    for (const m of run) {
      if (m.id <= runLast) {
        runResults.push({ id: m.id, status: 'duplicate', conflicts: [] });
        continue;
      }
      const outcome = await applyOne(deps, trx, station, body.clientId, m, staffVerdicts.get(m.staffId)!, postgres, savepoints ? null : held);
      runResults.push(outcome);
      if (outcome.status === 'rejected') rejected++;
      else applied++;
      runLast = m.id;
    }
    const ledger = applied + rejected === 0 ? [] : [
      trx('sync_clients')
        .where({ client_id: body.clientId })
        .update({
          last_mutation_id: runLast,
          ...(postgres ? { ledger_version: ledgerVersionSql(trx) } : {}),
          updated_at: deps.clock.now().toISOString(),
          applied_count: trx.raw('applied_count + ?', [applied]),
          rejected_count: trx.raw('rejected_count + ?', [rejected]),
        }),
    ];
    try {
      await sendTogether(trx, [...held, ...ledger], { thenCommit: true });
    } catch (err) {
      if (held.length > 0 && classifyFailure(err).kind === 'rejected') throw new RefusedWithoutSavepoint('held writes');
      throw err;
    }
    return { runLast, runResults };
  });
  const commitRunOnce = async (run: PushBody['mutations']) => {
    try {
      return await commitRun(run, false);
    } catch (err) {
      if (!(err instanceof RefusedWithoutSavepoint)) throw err;
      return commitRun(run, true);
    }
  };

  let last = '';
  const results: MutationResult[] = [];
  for (let start = 0; start < mutations.length || start === 0; start += PUSH_COMMIT_RUN) {
    const run = mutations.slice(start, start + PUSH_COMMIT_RUN);
    let answers: { runLast: string; runResults: MutationResult[] }[];
    try {
      answers = [await commitRunOnce(run)];
    } catch (err) {
      if (!chosenAsVictim(err)) throw err;
      // The run took its rows in another order than another station's run: one mutation per
      // transaction holds one change's rows at a time and cannot close a cycle with a whole run.
      answers = [];
      for (const m of run) answers.push(await retryWhenChosenAsVictim(() => commitRunOnce([m])));
    }
    for (const answer of answers) {
      last = answer.runLast;
      results.push(...answer.runResults);
    }
  }
  return { lastMutationId: last || null, results };
}

/**
 * Mutations committed per transaction. A whole batch (up to PUSH_BATCH_MAX) in
 * one transaction held its row locks for seconds: fifty desks coming back
 * online at once with edits to the same customers locked each other in turn,
 * deadlocked, and every deadlock threw away a whole batch (measured: no
 * progress for minutes in bench:central's reconnect burst). A short run keeps
 * locks brief and a deadlock costs one run. Runs of 50 still queued desks
 * behind each other's runs (148 s of lock waits in the burst at 300 stations,
 * drained in 48 s); runs of 10 cut the waits to 23 s and the burst to 37 s, for
 * two more statements per ten changes.
 */
export const PUSH_COMMIT_RUN = 10;

/** PostgreSQL's deadlock victim and serialization failure: the whole transaction was rolled back, ledger included. */
const RETRYABLE = new Set(['40P01', '40001']);
const PUSH_ATTEMPTS = 3;

function chosenAsVictim(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/**
 * Two batches that lock the same rows in another order (two desks editing the
 * same customers offline, coming back together) can deadlock; PostgreSQL
 * rolls one back whole. Running it again is exactly-once safe (the ledger
 * moved with nothing), and saves the station a failed push and its backoff.
 */
async function retryWhenChosenAsVictim<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= PUSH_ATTEMPTS || !chosenAsVictim(err)) throw err;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
    }
  }
}

/** A mutation was refused in a run without savepoints: the run rolls back and runs again with them. */
class RefusedWithoutSavepoint extends Error {}

/**
 * One mutation inside the run's transaction: applied, or recorded as rejected
 * with its effects rolled back (to its savepoint; without savepoints, the
 * refusal rolls the whole run back to be run again with them).
 */
async function applyOne(
  deps: PushDeps,
  trx: Knex.Transaction,
  station: AuthenticatedStation,
  clientId: string,
  m: PushBody['mutations'][number],
  verdict: StaffVerdict,
  postgres: boolean,
  /** The run's held writes when it runs without savepoints; null: with them, each mutation sends its own. */
  runHeld: Knex.QueryBuilder[] | null,
): Promise<MutationResult> {
  const savepoints = runHeld === null;
  const now = deps.clock.now();
  let rejection: MutationRejected | null = verdict.ok ? null : verdict.rejection;
  let conflicts: SyncConflict[] = [];
  if (verdict.ok) {
    const ctx: MutationContext = {
      mutationId: m.id,
      clientId,
      staffId: m.staffId,
      role: verdict.role,
      stationId: station.id,
      stationDc: station.distributionCenter,
      at: m.at,
      side: 'server',
    };
    const apply = async (q: Knex.Transaction) => {
      const tx = new ServerMutationTx(q, ctx, m.baseVersions, postgres, runHeld ?? []);
      await executeMutation(tx, m, ctx);
      // Conflict rows are written straight away, after this change's writes (rare: edits that crossed).
      if (savepoints || tx.conflicts.length > 0) await tx.flush();
      return recordConflicts(q, tx, ctx, station, now);
    };
    try {
      conflicts = savepoints ? await trx.transaction(apply) : await apply(trx);
    } catch (err) {
      // Without savepoints a refusal only says to run again with them; the run with them records it (and logs a bug once).
      if (!savepoints && (err instanceof MutationRejected || classifyFailure(err).kind === 'rejected')) throw new RefusedWithoutSavepoint(m.id);
      rejection = asRejection(err, deps, m);
      if (!rejection) throw err;
    }
  }
  if (!rejection) return { id: m.id, status: 'applied', conflicts };
  await trx('sync_rejections').insert({
    mutation_id: m.id,
    client_id: clientId,
    station_id: station.id,
    staff_id: m.staffId,
    name: m.name,
    // Columns from migration 002: `code` holds the reason, `reason` the words.
    code: rejection.reason,
    reason: rejection.message,
    at: m.at,
    rejected_at: now.toISOString(),
  });
  return { id: m.id, status: 'rejected', reason: rejection.reason, message: rejection.message, conflicts: [] };
}

/**
 * Only a verdict that lets the change through is remembered: everything that
 * can withdraw it (the staff row changing, a session deleted) is announced,
 * while the sign-in that turns "never here" into "here" is not.
 */
async function checkStaff(knex: Knex, staffId: string, station: AuthenticatedStation, access: AccessCache | undefined): Promise<StaffVerdict> {
  if (!access) return readStaffVerdict(knex, staffId, station);
  let refused: StaffVerdict | undefined;
  const passed = await access.shelf<StaffVerdict>('staff at station').get(`${staffId} ${station.id}`, async () => {
    const verdict = await readStaffVerdict(knex, staffId, station);
    if (verdict.ok) return verdict;
    refused = verdict;
    return undefined;
  });
  return passed ?? refused!;
}

async function readStaffVerdict(knex: Knex, staffId: string, station: AuthenticatedStation): Promise<StaffVerdict> {
  // Offline sign-in needs an earlier online one at the same station, so a real change always has one.
  const seenHere = knex('staff_sessions').where({ staff_id: staffId, station_id: station.id }).select(knex.raw('1'));
  const staff = (await knex('staff')
    .where({ id: staffId })
    .first('role', 'active', knex.raw('exists ? as seen_here', [seenHere]))) as { role: string; active: boolean | number; seen_here: boolean | number } | undefined;
  if (!staff) return { ok: false, rejection: new MutationRejected('STAFF_UNKNOWN', `No staff member has id ${staffId}.`) };
  if (!staff.active) return { ok: false, rejection: new MutationRejected('STAFF_INACTIVE', 'The staff member who made this change has been deactivated.') };
  if (!staff.seen_here) return { ok: false, rejection: new MutationRejected('STAFF_NEVER_HERE', 'The staff member who made this change has never signed in at this station.') };
  const role = RoleSchema.safeParse(staff.role);
  if (!role.success) return { ok: false, rejection: new MutationRejected('ROLE_NOT_ALLOWED', `Unknown role "${staff.role}".`) };
  return { ok: true, role: role.data };
}

async function recordConflicts(
  trx: Knex.Transaction,
  tx: ServerMutationTx,
  ctx: MutationContext,
  station: AuthenticatedStation,
  now: Date,
): Promise<SyncConflict[]> {
  const out: SyncConflict[] = [];
  for (const [i, c] of tx.conflicts.entries()) {
    const conflict: SyncConflict = {
      id: `${ctx.mutationId}-c${i}`,
      mutationId: ctx.mutationId,
      entity: c.table,
      entityId: c.key,
      field: c.field,
      localValue: c.localValue === undefined ? null : JSON.stringify(c.localValue),
      serverValue: c.serverValue === undefined ? null : JSON.stringify(c.serverValue),
      resolution: c.resolution,
      at: now.toISOString(),
    };
    await trx('sync_conflicts').insert({
      id: conflict.id,
      client_id: ctx.clientId,
      station_id: station.id,
      mutation_id: ctx.mutationId,
      staff_id: ctx.staffId,
      entity: conflict.entity,
      entity_id: conflict.entityId,
      field: conflict.field,
      local_value: conflict.localValue,
      server_value: conflict.serverValue,
      resolution: conflict.resolution,
      at: conflict.at,
    });
    // The desk whose value was replaced by this later edit is told as well (its pull delivers the row).
    if (c.resolution === 'applied' && c.overwrittenClientId && c.overwrittenClientId !== ctx.clientId) {
      const other = await trx('sync_clients').where({ client_id: c.overwrittenClientId }).first('station_id');
      if (other) {
        await trx('sync_conflicts').insert({
          id: `${conflict.id}-replaced`,
          client_id: c.overwrittenClientId,
          station_id: other.station_id,
          mutation_id: ctx.mutationId,
          staff_id: ctx.staffId,
          entity: conflict.entity,
          entity_id: conflict.entityId,
          field: conflict.field,
          // From that desk's side: its value, and the value that replaced it.
          local_value: conflict.serverValue,
          server_value: conflict.localValue,
          resolution: 'replaced',
          at: conflict.at,
        });
      }
    }
    out.push(conflict);
  }
  return out;
}

/** A failure inside a mutation's savepoint: a rejection to record, or null when the push must fail and be retried. */
function asRejection(err: unknown, deps: PushDeps, m: { id: string; name: string }): MutationRejected | null {
  if (err instanceof MutationRejected) return err;
  const verdict = classifyFailure(err);
  if (verdict.kind === 'transient') return null;
  if (verdict.programError) deps.onMutatorBug?.(err, m);
  return new MutationRejected(verdict.reason, verdict.message);
}
