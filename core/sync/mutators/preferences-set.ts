import { z } from 'zod';
import { CS_AND_UP } from '../../roles';
import { mutator, type MergeResolver } from '../mutation';
import { EntityIdSchema, mustGet } from './shared';

export const PREFERENCE_FIELDS = [
  'email_newsletter',
  'email_offers',
  'email_promotions',
  'email_surveys',
  'postal_offers',
  'partner_mailings_excluded',
] as const;
export type PreferenceField = (typeof PREFERENCE_FIELDS)[number];

/** The value that means "leave me out": false for every publication, true for the partner exclusion. */
export const OPT_OUT_VALUE: Readonly<Record<PreferenceField, boolean>> = {
  email_newsletter: false,
  email_offers: false,
  email_promotions: false,
  email_surveys: false,
  postal_offers: false,
  partner_mailings_excluded: true,
};

export const CONSENT_CHANNELS = ['phone', 'web', 'mail'] as const;

/**
 * policy: unsubscribe anytime; partner mailings opt-out honoured. An opt-in
 * that meets an opt-out its author had not seen loses: the customer said no
 * somewhere else, and only a fresh request made after seeing it may say yes.
 */
export const optOutWins: MergeResolver = (field, current, incoming) =>
  field in OPT_OUT_VALUE && current === OPT_OUT_VALUE[field as PreferenceField] && incoming !== current ? 'current' : 'incoming';

export const preferencesSet = mutator({
  name: 'preferences.set',
  summary: 'Turn one of a customer’s mailing preferences on or off, with a consent event.',
  roles: CS_AND_UP,
  args: z
    .object({
      customerId: EntityIdSchema,
      field: z.enum(PREFERENCE_FIELDS),
      value: z.boolean(),
      channel: z.enum(CONSENT_CHANNELS).default('phone'),
    })
    .strict(),
  async run(tx, args, ctx) {
    const customer = await mustGet<{ policy_version: string }>(tx, 'customers', { id: args.customerId }, `Customer ${args.customerId}`);
    const key = { customer_id: args.customerId };
    const prefs = await mustGet<Record<PreferenceField, boolean>>(tx, 'preferences', key, `Preferences of customer ${args.customerId}`);
    const before = prefs[args.field];
    const { written } = await tx.merge('preferences', key, { [args.field]: args.value }, { resolve: optOutWins, touch: { updated_at: ctx.at } });
    if (!written.includes(args.field)) return;
    // DESIGN §2 consent_events: customer, field, old -> new, staff, channel, policy version, at.
    await tx.insert('consent_events', {
      id: tx.newId(),
      customer_id: args.customerId,
      field: args.field,
      old_value: before === null || before === undefined ? null : String(before),
      new_value: String(args.value),
      staff_id: ctx.staffId,
      channel: args.channel,
      policy_version: customer.policy_version,
      at: ctx.at,
    });
  },
});
