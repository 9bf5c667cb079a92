import { z } from 'zod';
import { PROBLEM_KINDS, PROBLEM_STATES } from '../customers/replacement-policy';
import { PROBLEM_EMAIL_STATES } from '../customers/problem-email-delivery';

/** Why a rep opened a customer's personal data: recorded with every opening (audit). */
export const AccessReasonSchema = z.enum(['phone_call', 'email', 'postal_mail', 'follow_up', 'other']);
export type AccessReason = z.infer<typeof AccessReasonSchema>;

/** How a hit was found; `closest` marks a name offered when nothing matched ("did you mean"). */
export const MatchKindSchema = z.enum(['customer_number', 'order', 'barcode', 'email', 'phone', 'name', 'title', 'closest']);

/**
 * A customer in search results. `email` and `phone` are present only for
 * roles that may see them (core/lookup/visibility.ts); the warehouse never
 * receives them, not even hidden in the response.
 */
export const CustomerHitSchema = z.object({
  id: z.number().int(),
  fullName: z.string(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  email: z.string().optional(),
  phone: z.string().nullable().optional(),
  matchedBy: MatchKindSchema,
});
export type CustomerHit = z.infer<typeof CustomerHitSchema>;

export const ShipmentHitSchema = z.object({
  id: z.number().int(),
  orderNumber: z.string(),
  status: z.string(),
  titleName: z.string(),
  shipName: z.string(),
  shipCity: z.string(),
  shipState: z.string(),
  createdAt: z.string(),
  matchedBy: MatchKindSchema,
});
export type ShipmentHit = z.infer<typeof ShipmentHitSchema>;

export const TitleHitSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  year: z.number().int(),
  genre: z.string(),
  discsInStock: z.number().int(),
});
export type TitleHit = z.infer<typeof TitleHitSchema>;

export const SearchResultSchema = z.object({
  customers: z.array(CustomerHitSchema),
  shipments: z.array(ShipmentHitSchema),
  titles: z.array(TitleHitSchema),
  /** 'cache' offline or when the cache sufficed; 'cache+central' when the central office was asked too. */
  source: z.enum(['cache', 'cache+central']),
  /** Plain words for the person, e.g. that only this station's cache was searched. */
  notice: z.string().nullable(),
  /** Nothing matched: what was searched, in plain words, and the nearest names there are. */
  noMatch: z
    .object({
      searched: z.string(),
      closest: z.array(CustomerHitSchema),
    })
    .nullable()
    .optional(),
});
export type SearchResult = z.infer<typeof SearchResultSchema>;

export const SearchInputSchema = z
  .object({
    // Long pastes are accepted and cut (classifyQuery), so a scanner glitch never shows an error.
    query: z.string().max(10_000, 'Search text is too long.'),
    /**
     * Why the rep is looking (the reason chosen on the Lookup screen): the
     * central office records it with every customer it lists for the desk.
     * Not asked of packers, who are never sent customers; `other` if unsaid.
     */
    reason: AccessReasonSchema.optional(),
  })
  .strict();

const AddressViewSchema = z.object({
  deliveryLine: z.string(),
  secondaryLine: z.string().nullable(),
  lastLine: z.string(),
});

export const CardViewSchema = z.object({
  brand: z.string(),
  last4: z.string().regex(/^\d{4}$/),
  expMonth: z.number().int(),
  expYear: z.number().int(),
});

export const PreferencesViewSchema = z.object({
  emailNewsletter: z.boolean(),
  emailOffers: z.boolean(),
  emailPromotions: z.boolean(),
  emailSurveys: z.boolean(),
  postalOffers: z.boolean(),
  partnerMailingsExcluded: z.boolean(),
});

export const Customer360Schema = z.object({
  profile: z.object({
    id: z.number().int(),
    fullName: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    pseudonym: z.string(),
    status: z.string(),
    planDiscsOut: z.number().int(),
    ageCertified: z.boolean(),
    createdAt: z.string(),
    address: AddressViewSchema.nullable(),
    /** Brand and last 4 only: the full number is never stored anywhere (policy). */
    card: CardViewSchema.nullable(),
  }),
  preferences: PreferencesViewSchema.nullable(),
  queue: z.array(z.object({ position: z.number().int(), titleId: z.number().int(), titleName: z.string() })),
  atHome: z.array(z.object({ shipmentId: z.number().int(), orderNumber: z.string(), titleName: z.string(), shippedAt: z.string().nullable(), daysOut: z.number().int() })),
  shipments: z.array(
    z.object({
      id: z.number().int(),
      orderNumber: z.string(),
      titleName: z.string(),
      status: z.string(),
      createdAt: z.string(),
      shippedAt: z.string().nullable(),
      returnedAt: z.string().nullable(),
    }),
  ),
  /** Order problems reported on calls (issue 15 item 5), newest first, with their state. */
  problems: z.array(
    z.object({
      id: z.string(),
      shipmentId: z.number().int(),
      orderNumber: z.string(),
      titleName: z.string(),
      kind: z.enum(PROBLEM_KINDS),
      reason: z.string(),
      state: z.enum(PROBLEM_STATES),
      replacementOrderNumber: z.string().nullable(),
      replacementTitleName: z.string().nullable(),
      reportedAt: z.string(),
      reportedBy: z.string(),
      decidedBy: z.string().nullable(),
      /** The email that tells the customer: queued, sent, or given up (core/customers/problem-email-delivery.ts). */
      email: z.object({ state: z.enum(PROBLEM_EMAIL_STATES), at: z.string().nullable(), lastError: z.string().nullable() }),
    }),
  ),
  billing: z.array(z.object({ period: z.string(), amountCents: z.number().int(), brand: z.string(), last4: z.string(), status: z.string(), chargedAt: z.string() })),
  recommendations: z.array(z.object({ id: z.number().int(), name: z.string(), genre: z.string() })),
  reviews: z.array(z.object({ id: z.number().int(), titleName: z.string(), pseudonym: z.string(), stars: z.number().int(), body: z.string(), moderationState: z.string(), createdAt: z.string() })),
  history: z.array(
    z.object({
      at: z.string(),
      /** `note`: a rep's call note (`what` is its text, `channel` the reason of the call). */
      kind: z.enum(['consent', 'audit', 'note']),
      what: z.string(),
      oldValue: z.string().nullable(),
      newValue: z.string().nullable(),
      staffId: z.string().nullable(),
      /** The staff member's display name, when this station knows them. */
      staffName: z.string().nullable().optional(),
      channel: z.string().nullable(),
    }),
  ),
  source: z.enum(['cache', 'central']),
});
export type Customer360 = z.infer<typeof Customer360Schema>;

export const ShipmentDetailSchema = z.object({
  id: z.number().int(),
  orderNumber: z.string(),
  status: z.string(),
  customerId: z.number().int(),
  titleName: z.string(),
  discBarcode: z.string().nullable(),
  distributionCenter: z.string(),
  shipBy: z.string(),
  shipTo: z.object({ name: z.string(), deliveryLine: z.string(), secondaryLine: z.string().nullable(), lastLine: z.string() }),
  timeline: z.array(z.object({ status: z.string(), at: z.string() })),
  labelEvents: z.array(z.object({ kind: z.string(), at: z.string(), staffId: z.string(), printer: z.string().nullable(), reason: z.string().nullable(), serial: z.string().nullable() })),
});
export type ShipmentDetail = z.infer<typeof ShipmentDetailSchema>;
