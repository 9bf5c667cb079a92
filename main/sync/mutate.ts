/**
 * `runMutation`: a change made at the station. The optimistic local change,
 * its undo entries and its outbox row are written in ONE transaction (DESIGN
 * §4), so a crash leaves either all of them or none: nothing is changed
 * locally that will not be sent, and nothing is sent that was not shown.
 */
import type { Knex } from 'knex';
import { inWriteTransaction, type Db } from '../db/prepared';
import { AppError } from '../../core/errors';
import type { Role } from '../../core/roles';
import { executeMutation } from '../../core/sync/execute';
import { MutationRejected, type MutationContext } from '../../core/sync/mutation';
import type { MutatorArgs, MutatorName } from '../../core/sync/mutators/index';
import { issueMutationId } from './mutation-ids';
import { StationMutationTx } from './station-tx';
import { fileNewNameWords } from '../db/name-words';
import { insertRow } from '../db/row-statements';

export interface RunMutationInput<N extends MutatorName = MutatorName> {
  name: N;
  args: MutatorArgs<N>;
  staffId: string;
  clientId: string;
  /** The signed-in role: checked here against the mutator's roles before anything is queued. */
  role?: Role | null;
  stationId?: string | null;
  stationDc?: string | null;
  /** When the staff member acted (the station clock). */
  at: Date;
  /** The caller verified the scan in this transaction (see `MutationContext.scanVerified`). */
  scanVerified?: boolean;
}

export interface QueuedMutation {
  mutationId: string;
  /** The station tables it changed (optimistically), and the outbox. */
  tables: string[];
}

/** A mutator's refusal as the error the person at the station sees. */
export function rejectionAsAppError(err: MutationRejected): AppError {
  return AppError.because(err.reason, err.message, err.fields);
}

/** A change in its own transaction. */
export async function runMutation<N extends MutatorName>(knex: Knex, input: RunMutationInput<N>): Promise<QueuedMutation> {
  return inWriteTransaction(knex, (tx) => runMutationIn(tx, input));
}

/**
 * A change inside the caller's transaction, with what it belongs to: an
 * audit fact recorded with the read it is about (a customer opened), a
 * refused change cleared together with the record of who cleared it.
 */
export async function runMutationIn<N extends MutatorName>(trx: Db, input: RunMutationInput<N>): Promise<QueuedMutation> {
  const { at } = input;
  try {
    const mutationId = await issueMutationId(trx, at);
    const ctx: MutationContext = {
      mutationId,
      clientId: input.clientId,
      staffId: input.staffId,
      role: input.role ?? null,
      stationId: input.stationId ?? null,
      stationDc: input.stationDc ?? null,
      at: at.toISOString(),
      side: 'station',
      ...(input.scanVerified ? { scanVerified: true } : {}),
    };
    const tx = new StationMutationTx(trx, mutationId);
    await executeMutation(tx, { name: input.name, args: input.args }, ctx);
    // A renamed customer's new words are found by their typos at once (migration 063).
    if (tx.tables.has('customers')) await fileNewNameWords(trx);
    await insertRow(trx, 'outbox', {
      mutation_id: mutationId,
      client_id: input.clientId,
      staff_id: input.staffId,
      name: input.name,
      // The args as given, not as parsed: the server parses the same input with the same schema.
      args: JSON.stringify(input.args),
      base_versions: JSON.stringify(tx.baseVersions),
      created_at: ctx.at,
      status: 'pending',
      role: input.role ?? null,
    });
    return { mutationId, tables: [...tx.tables, 'outbox'] };
  } catch (err) {
    if (err instanceof MutationRejected) throw rejectionAsAppError(err);
    throw err;
  }
}
