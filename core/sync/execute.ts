/**
 * Runs one mutation by name: the same steps on the station and the server,
 * so an intent is refused for the same reasons on both sides.
 */
import { fieldIssuesFromZod } from '../errors';
import { boundarySchema, isTextIssue } from '../text';
import { isRoleAllowed } from '../roles';
import { MutationRejected, type MutationContext, type MutationTx } from './mutation';
import { findMutator } from './mutators/index';

export async function executeMutation(tx: MutationTx, mutation: { name: string; args: unknown }, ctx: MutationContext): Promise<void> {
  const def = findMutator(mutation.name);
  if (!def) throw new MutationRejected('MUTATOR_UNKNOWN', `"${mutation.name.slice(0, 80)}" is not a change this version of Backlot knows.`);
  if (ctx.role !== null && !isRoleAllowed(ctx.role, def.roles)) {
    throw new MutationRejected('ROLE_NOT_ALLOWED', `The ${ctx.role} role may not ${def.summary.charAt(0).toLowerCase()}${def.summary.slice(1)}`);
  }
  // The same text check as every boundary: a station of an older version may push what this one refuses.
  const parsed = boundarySchema(def.args).safeParse(mutation.args);
  if (!parsed.success) {
    const fields = fieldIssuesFromZod(parsed.error.issues);
    const text = parsed.error.issues.some(isTextIssue);
    throw new MutationRejected(text ? 'TEXT_UNSAFE' : 'ARGS_INVALID', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
  }
  await def.run(tx, parsed.data, ctx);
}
