import { z } from 'zod';
import { AccessReasonSchema } from '../../lookup/schemas';
import { CS_AND_UP } from '../../roles';
import { mutator } from '../mutation';
import { EntityIdSchema, mustGet, writeAuditRow } from './shared';

/** A note is a line or two said on a call, not a document. */
export const NOTE_MAX_CHARS = 500;

export const NoteBodySchema = z
  .string()
  .trim()
  .min(1, 'Write what the note should say.')
  .max(NOTE_MAX_CHARS, `A note has at most ${NOTE_MAX_CHARS} characters.`)
  // Control characters (other than line breaks) are never part of what a rep types.
  .refine((s) => !/[\u0000-\u0009\u000b-\u001f\u007f]/.test(s), 'A note cannot contain control characters.');

export const customerNoteAdd = mutator({
  name: 'customer.addNote',
  summary: 'A rep notes a call on a customer: who (the staff member), when, why (the reason of the call) and a short text.',
  roles: CS_AND_UP,
  args: z.object({ customerId: EntityIdSchema, reason: AccessReasonSchema, body: NoteBodySchema }).strict(),
  async run(tx, args, ctx) {
    await mustGet(tx, 'customers', { id: args.customerId }, `Customer ${args.customerId}`);
    await tx.insert('customer_notes', { id: tx.newId(), customer_id: args.customerId, staff_id: ctx.staffId, reason: args.reason, body: args.body, at: ctx.at });
    await writeAuditRow(tx, ctx, { action: 'customer.note_added', customerId: args.customerId, fields: ['notes'], reason: args.reason });
  },
});
