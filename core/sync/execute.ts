/**
 * Runs one mutation by name: the same steps on the station and the server,
 * so an intent is refused for the same reasons on both sides.
 */
import { fieldIssuesFromZod } from '../errors';
import { isRoleAllowed } from '../roles';
import { MutationRejected, type MutationContext, type MutationTx } from './mutation';
import { findMutator } from './mutators/index';

export async function executeMutation(tx: MutationTx, mutation: { name: string; args: unknown }, ctx: MutationContext): Promise<void> {
  const def = findMutator(mutation.name);
  if (!def) throw new MutationRejected('MUTATOR_UNKNOWN', `"${mutation.name.slice(0, 80)}" is not a change this version of Backlot knows.`);
  if (ctx.role !== null && !isRoleAllowed(ctx.role, def.roles)) {
    throw new MutationRejected('ROLE_NOT_ALLOWED', `The ${ctx.role} role may not ${def.summary.charAt(0).toLowerCase()}${def.summary.slice(1)}`);
  }
  const parsed = def.args.safeParse(mutation.args);
  if (!parsed.success) {
    const fields = fieldIssuesFromZod(parsed.error.issues);
    throw new MutationRejected('ARGS_INVALID', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
  }
  await def.run(tx, parsed.data, ctx);
}
