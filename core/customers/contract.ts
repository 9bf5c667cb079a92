import { z } from 'zod';
import { method } from '../method';
import { CS_AND_UP, SUPERVISORS } from '../roles';
import { AccessReasonSchema, Customer360Schema } from '../lookup/schemas';
import { NoteBodySchema } from '../sync/mutators/customer-note-add';
import { ProblemKindSchema, ProblemReasonSchema } from '../sync/mutators/shipment-problem';
import { CallerCheckInputSchema, CallerStatusSchema, VerifyCallerResultSchema } from './caller-check';
import {
  AddressPreviewSchema,
  ChangeCardInputSchema,
  ChangeCardResultSchema,
  ConflictListSchema,
  ConsentHistorySchema,
  CustomerIdSchema,
  MarkConflictSeenInputSchema,
  PasswordResetResultSchema,
  PreviewAddressInputSchema,
  SendPasswordResetInputSchema,
  SetPreferenceInputSchema,
  SetPreferenceResultSchema,
  UpdateAddressInputSchema,
  UpdateAddressResultSchema,
  UpdateContactInputSchema,
  UpdateContactResultSchema,
} from './schemas';

/**
 * Account edits by phone (issue #5). Every edit is refused by main unless this
 * staff session passed a caller check for the same customer within
 * CALLER_CHECK_VALID_MINUTES (policy: "You must be signed in to access Your
 * Account"). There is deliberately no method that reads or sets a password.
 */
export const customerMethods = {
  'customers.get360': method({
    summary: 'Everything about one customer for a rep on the phone; every opening is audited with its reason.',
    input: z.object({ customerId: z.number().int().positive(), reason: AccessReasonSchema }).strict(),
    output: Customer360Schema,
    roles: CS_AND_UP,
  }),
  /**
   * The open 360 view read again after its tables changed (a pull brought
   * another desk's edit). Not an opening: only a customer this session has
   * opened (audited, with its reason) can be re-read, it writes no audit row,
   * and it is passive, so a screen refreshing itself never keeps the idle
   * lock away. Opening the customer again is `customers.get360`, audited again.
   */
  'customers.refresh360': method({
    summary: 'Read the customer this session has open again, after a change reached the station (not audited: the opening was).',
    input: z.object({ customerId: CustomerIdSchema }).strict(),
    output: Customer360Schema,
    roles: CS_AND_UP,
    passive: true,
  }),
  /**
   * A short note about the call (issue 15 item 6): who and when come from the
   * session and the clock, why is the call's reason. Works offline (outbox);
   * the note is personal data, held only where the customer is.
   */
  'customers.addNote': method({
    summary: 'Add a short note to a customer: who, when, why; synced and audited.',
    input: z.object({ customerId: CustomerIdSchema, reason: AccessReasonSchema, body: NoteBodySchema }).strict(),
    output: z.object({ pendingChanges: z.number().int() }),
    roles: CS_AND_UP,
  }),
  /**
   * An order problem on the call (issue 15 item 5): never arrived, damaged or
   * the wrong disc, with the caller's reason. Needs a verified caller; works
   * offline (outbox); the central office settles it (replacement, email).
   */
  'customers.reportProblem': method({
    summary: 'Report that a disc never arrived, arrived damaged or was the wrong one; the central office sends a replacement.',
    input: z.object({ customerId: CustomerIdSchema, shipmentId: CustomerIdSchema, kind: ProblemKindSchema, reason: ProblemReasonSchema }).strict(),
    output: z.object({ pendingChanges: z.number().int() }),
    roles: CS_AND_UP,
  }),
  /** A supervisor approves or refuses a replacement past the limit (core/customers/replacement-policy.ts). */
  'customers.decideProblem': method({
    summary: 'Approve or refuse a replacement that waits for a supervisor.',
    input: z
      .object({ customerId: CustomerIdSchema, problemId: z.string().trim().min(1).max(64), decision: z.enum(['approve', 'refuse']), reason: ProblemReasonSchema })
      .strict(),
    output: z.object({ pendingChanges: z.number().int() }),
    roles: SUPERVISORS,
  }),
  'customers.verifyCaller': method({
    summary: 'Check the caller is the customer (ZIP + card last 4, or the email on file); the outcome is audited, never the answers.',
    input: CallerCheckInputSchema,
    output: VerifyCallerResultSchema,
    roles: CS_AND_UP,
  }),
  'customers.callerStatus': method({
    summary: 'Whether this session has verified the caller for this customer, until when, and attempts left.',
    input: z.object({ customerId: CustomerIdSchema }).strict(),
    output: CallerStatusSchema,
    roles: CS_AND_UP,
  }),
  'customers.setPreference': method({
    summary: 'Turn one mailing preference on or off for the caller, with a consent event (channel: phone).',
    input: SetPreferenceInputSchema,
    output: SetPreferenceResultSchema,
    roles: CS_AND_UP,
  }),
  'customers.updateContact': method({
    summary: 'Correct the customer’s name, email or phone (email unique, phone kept for order issues only).',
    input: UpdateContactInputSchema,
    output: UpdateContactResultSchema,
    roles: CS_AND_UP,
  }),
  'customers.previewAddress': method({
    summary: 'Show the Pub 28 form of an address, or why it cannot be mailed; nothing is saved.',
    input: PreviewAddressInputSchema,
    output: AddressPreviewSchema,
    roles: CS_AND_UP,
  }),
  'customers.updateAddress': method({
    summary: 'Replace the shipping address with its Pub 28 form (the typed entry is kept beside it).',
    input: UpdateAddressInputSchema,
    output: UpdateAddressResultSchema,
    roles: CS_AND_UP,
  }),
  'customers.changeCard': method({
    summary: 'Replace the card: sent straight to the central office’s payment processor; only brand, last 4 and expiry are kept. Needs a connection.',
    input: ChangeCardInputSchema,
    output: ChangeCardResultSchema,
    roles: CS_AND_UP,
  }),
  'customers.sendPasswordReset': method({
    summary: 'Have the central office email the customer a password-reset link.',
    input: SendPasswordResetInputSchema,
    output: PasswordResetResultSchema,
    roles: CS_AND_UP,
  }),
  'customers.consentHistory': method({
    summary: 'Every change of the customer’s mailing preferences: what, old -> new, by whom, through which channel, under which policy version.',
    input: z.object({ customerId: CustomerIdSchema }).strict(),
    output: ConsentHistorySchema,
    roles: CS_AND_UP,
  }),
  'customers.conflicts': method({
    summary: 'Edits of this customer made here that met an edit from another desk, not yet acknowledged.',
    input: z.object({ customerId: CustomerIdSchema }).strict(),
    output: ConflictListSchema,
    roles: CS_AND_UP,
    // The 360 view polls it while open: reading notices is not activity that should keep an idle desk unlocked.
    passive: true,
  }),
  'customers.markConflictSeen': method({
    summary: 'Acknowledge a conflict notice.',
    input: MarkConflictSeenInputSchema,
    output: z.object({ conflictId: z.string(), seenAt: z.string() }),
    roles: CS_AND_UP,
  }),
} as const;
