/**
 * Inputs and answers of the CS desk's account edits (issue #5). Validation is
 * per field, so a rep sees each problem next to the field it belongs to
 * (`FieldIssue.field` is the property name below, `address.zip` for the
 * address). No schema here echoes what was typed in an error message: a card
 * number must never come back in an error, a log line or a report.
 */
import { z } from 'zod';
import { REASON_LIST } from '../errors';
import { EmailSchema } from '../contact/email';
import { normalizePhone } from '../contact/phone';
import { CardViewSchema, PreferencesViewSchema } from '../lookup/schemas';
import type { PreferenceField } from '../sync/mutators/preferences-set';

export const CustomerIdSchema = z.number().int().positive().max(2 ** 53 - 1);

// ---------------------------------------------------------------- preferences

/**
 * The mailing preferences of the policy: "newsletters ..., special offers,
 * promotional announcements and consumer surveys" by email, "special offers
 * and promotional information via postal mail", and the request "that your
 * name be excluded from these mailings with our marketing partners".
 */
export const PreferenceKeySchema = PreferencesViewSchema.keyof();
export type PreferenceKey = z.infer<typeof PreferenceKeySchema>;

/** The view's key -> the column the `preferences.set` mutator writes. */
export const PREFERENCE_COLUMN: Readonly<Record<PreferenceKey, PreferenceField>> = {
  emailNewsletter: 'email_newsletter',
  emailOffers: 'email_offers',
  emailPromotions: 'email_promotions',
  emailSurveys: 'email_surveys',
  postalOffers: 'postal_offers',
  partnerMailingsExcluded: 'partner_mailings_excluded',
};

export const SetPreferenceInputSchema = z.object({ customerId: CustomerIdSchema, field: PreferenceKeySchema, value: z.boolean() }).strict();

export const SetPreferenceResultSchema = z.object({
  preferences: PreferencesViewSchema,
  /** Changes of this station not yet accepted by the central office (they go when it answers). */
  pendingChanges: z.number().int(),
});

// ---------------------------------------------------------------- contact

export const FullNameSchema = z.string().trim().min(1, 'Enter the customer’s name.').max(120, 'A name has at most 120 characters.');

/**
 * Typed in any common form, stored in E.164. An empty entry removes the number.
 * Policy: "We use your telephone number only if there is an order-related
 * issue, not for marketing purposes": no marketing or partner export can read it
 * (api/privacy/marketing-scope.ts; proven in tests/customers/).
 */
export const PhoneEntrySchema = z
  .string()
  .max(40, 'A phone number has at most 40 characters.')
  .transform((text, ctx): string | null => {
    if (text.trim() === '') return null;
    const phone = normalizePhone(text);
    if (!phone.ok) {
      ctx.addIssue({ code: 'custom', message: 'This is not a phone number the service can call (e.g. (408) 555-0123).' });
      return z.NEVER;
    }
    return phone.e164;
  });

export const UpdateContactInputSchema = z
  .object({
    customerId: CustomerIdSchema,
    fullName: FullNameSchema.optional(),
    email: EmailSchema.optional(),
    phone: PhoneEntrySchema.optional(),
  })
  .strict()
  .refine((v) => v.fullName !== undefined || v.email !== undefined || v.phone !== undefined, { message: 'Change at least one of name, email or phone.' });

export const ContactViewSchema = z.object({ fullName: z.string(), email: z.string(), phone: z.string().nullable() });

export const UpdateContactResultSchema = z.object({
  contact: ContactViewSchema,
  /** Fields that changed (none when the entry matched what was on file). */
  changed: z.array(z.enum(['fullName', 'email', 'phone'])),
  pendingChanges: z.number().int(),
});

// ---------------------------------------------------------------- address

/** What the rep types, kept beside the Pub 28 form as the raw entry (DESIGN §2). */
export const AddressEntrySchema = z
  .object({
    line1: z.string().max(200, 'Address line 1 has at most 200 characters.'),
    line2: z.string().max(200, 'Address line 2 has at most 200 characters.').nullable().optional(),
    city: z.string().max(100, 'A city has at most 100 characters.'),
    state: z.string().max(40, 'A state has at most 40 characters.'),
    zip: z.string().max(20, 'A ZIP Code has at most 10 characters.'),
  })
  .strict();
export type AddressEntry = z.infer<typeof AddressEntrySchema>;

export const FieldIssueSchema = z.object({ field: z.string(), message: z.string() });

/** The Pub 28 form the label will carry: what the rep reads back to the caller before saving. */
export const NormalizedAddressSchema = z.object({
  deliveryLine: z.string(),
  secondaryLine: z.string().nullable(),
  lastLine: z.string(),
});
export type NormalizedAddressView = z.infer<typeof NormalizedAddressSchema>;

export const PreviewAddressInputSchema = z.object({ address: AddressEntrySchema }).strict();

export const AddressPreviewSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), address: NormalizedAddressSchema }),
  /** Why it cannot be mailed, per field (`address.zip`, ...): nothing was saved. */
  z.object({ ok: z.literal(false), fields: z.array(FieldIssueSchema) }),
]);
export type AddressPreview = z.infer<typeof AddressPreviewSchema>;

export const UpdateAddressInputSchema = z.object({ customerId: CustomerIdSchema, address: AddressEntrySchema }).strict();

export const UpdateAddressResultSchema = z.object({ address: NormalizedAddressSchema, pendingChanges: z.number().int() });

// ---------------------------------------------------------------- card

/**
 * The one input that carries a full card number. Named `cardNumber` so the
 * logger's redaction covers it (platform/logger.ts); the messages never quote
 * it. It is sent straight to the central office's processor boundary and
 * never stored (policy: card via processor token, only last 4 kept).
 */
export const ChangeCardInputSchema = z
  .object({
    customerId: CustomerIdSchema,
    cardNumber: z.string().max(40, 'A card number has at most 19 digits.'),
    expMonth: z.number({ error: 'Enter the expiry month as a number (1-12).' }).int('Enter the expiry month as a whole number.'),
    expYear: z.number({ error: 'Enter the expiry year as a number.' }).int('Enter the expiry year as a whole number.'),
  })
  .strict();

export const ChangeCardResultSchema = z.object({ card: CardViewSchema });

// ---------------------------------------------------------------- password

/** A rep can only ask the central office to email a reset link; no method sees or sets a password (policy: you choose your password). */
export const SendPasswordResetInputSchema = z.object({ customerId: CustomerIdSchema }).strict();

export const PasswordResetResultSchema = z.object({
  /** `sent`: recorded at the central office now; `queued`: offline, recorded there when the station reconnects. */
  delivery: z.enum(['sent', 'queued']),
  /** The address on file, masked (`j***@example.com`): enough to read to the caller. */
  sentTo: z.string(),
  requestedAt: z.string(),
});
export type PasswordResetResult = z.infer<typeof PasswordResetResultSchema>;

// ---------------------------------------------------------------- history and conflicts

export const ConsentEventViewSchema = z.object({
  id: z.string(),
  at: z.string(),
  field: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  staffId: z.string().nullable(),
  /** The rep's display name when this station knows it, their staff id otherwise; null when the customer acted (online, by mail). */
  rep: z.string().nullable(),
  channel: z.string(),
  policyVersion: z.string(),
});
export type ConsentEventView = z.infer<typeof ConsentEventViewSchema>;

export const ConsentHistorySchema = z.object({ events: z.array(ConsentEventViewSchema) });

export const ConflictViewSchema = z.object({
  id: z.string(),
  /** What was edited, in words ("Email", "Shipping address", "Newsletters (email)"). */
  what: z.string(),
  /** The value this desk sent, as text. */
  yourValue: z.string().nullable(),
  /** The value another desk had written that this desk had not seen. */
  otherValue: z.string().nullable(),
  /** applied: this desk's value replaced the other; kept_server: the other desk's value stayed (an opt-out wins). */
  resolution: z.enum(['applied', 'kept_server', 'replaced']),
  at: z.string(),
  message: z.string(),
});
export type ConflictView = z.infer<typeof ConflictViewSchema>;

/** A change of this customer made here that the central office refused for good (e.g. EMAIL_TAKEN): its optimistic effect is already undone here. */
export const RejectedChangeSchema = z.object({ mutationId: z.string(), what: z.string(), reason: z.enum(REASON_LIST).nullable(), message: z.string(), at: z.string() });
export type RejectedChange = z.infer<typeof RejectedChangeSchema>;

export const ConflictListSchema = z.object({ conflicts: z.array(ConflictViewSchema), rejections: z.array(RejectedChangeSchema) });

export const MarkConflictSeenInputSchema = z.object({ customerId: CustomerIdSchema, conflictId: z.string().min(1).max(120) }).strict();
