/**
 * Table shapes shared by the central API and every station cache (DESIGN §2).
 * Declared once as data so the two databases cannot drift; each side's first
 * migration builds these, then adds its own private tables (central secrets,
 * station outbox). Later changes are new migrations, never edits here that
 * an existing database would miss: see `SHARED_SCHEMA_VERSION`.
 *
 * Ids: entities created centrally (customers, titles, discs, shipments) use
 * integer keys (compact, fast joins at 1M+ rows); rows a station may create
 * offline (events, audit) use ULID text keys so they never collide.
 */
export type ColumnType = 'increments' | 'integer' | 'bigint' | 'text' | 'boolean' | 'real' | 'timestamp' | 'json';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  primary?: boolean;
  nullable?: boolean;
  unique?: boolean;
  references?: { table: string; column: string };
  defaultTo?: string | number | boolean;
}

export interface TableSpec {
  name: string;
  columns: readonly ColumnSpec[];
  /** Composite primary key, when no single column is primary. */
  primaryKey?: string[];
  indexes?: readonly (readonly string[])[];
}

export const SHARED_SCHEMA_VERSION = 1;

type ColumnExtra = Omit<ColumnSpec, 'name' | 'type'>;
// Generic so each column keeps its literal name, type and nullability: `RowOf` below reads them.
const c = <const N extends string, const T extends ColumnType, const E extends ColumnExtra = {}>(name: N, type: T, extra?: E): { name: N; type: T } & E =>
  ({ name, type, ...extra }) as { name: N; type: T } & E;
const ref = (table: string, column = 'id') => ({ references: { table, column } });
const optional = { nullable: true } as const;

export const SHARED_TABLES = [
  {
    name: 'distribution_centers',
    columns: [
      c('code', 'text', { primary: true }),
      c('name', 'text'),
      c('line1', 'text'),
      c('city', 'text'),
      c('state', 'text'),
      c('zip5', 'text'),
      c('zip4', 'text', optional),
      c('mailer_id', 'text'),
      c('timezone', 'text'),
      // Postal set-up of this DC (issue 17; migrations 025): read by core/labels/label-data.ts.
      /** The service's name on the sender block and the Business Reply panel. */
      c('service_name', 'text', optional),
      /** Permit imprint (DMM 604.5): number, and the Post Office holding it. */
      c('permit_number', 'text', optional),
      c('permit_city', 'text', optional),
      c('permit_state', 'text', optional),
      /** Business Reply Mail permit and the ZIP+4 USPS assigned to this DC's BRM. */
      c('brm_permit_number', 'text', optional),
      c('brm_zip5', 'text', optional),
      c('brm_zip4', 'text', optional),
      /** IMb service option: basic | full-service; with the next two, keys the STID table (core/postal/stid.ts). */
      c('imb_service_option', 'text', optional),
      /** Address-correction service key: none | manual/ASR | onecode-acs/ASR/2 | ... */
      c('address_correction', 'text', optional),
      /** IV-MTR tracing of outbound letters, and of Business Reply returns. */
      c('imb_tracing', 'boolean', optional),
      c('brm_tracing', 'boolean', optional),
    ],
  },
  {
    name: 'staff',
    columns: [
      c('id', 'text', { primary: true }),
      c('username', 'text', { unique: true }),
      c('display_name', 'text'),
      c('role', 'text'),
      c('home_dc', 'text', { nullable: true, ...ref('distribution_centers', 'code') }),
      c('active', 'boolean', { defaultTo: true }),
      c('created_at', 'timestamp'),
    ],
  },
  {
    name: 'customers',
    columns: [
      c('id', 'increments', { primary: true }),
      c('email', 'text', { unique: true }),
      c('full_name', 'text'),
      /** E.164; policy: used only for order-related issues, never marketing. */
      c('phone', 'text', optional),
      c('pseudonym', 'text'),
      c('age_certified_at', 'timestamp', optional),
      c('status', 'text', { defaultTo: 'active' }),
      c('plan_discs_out', 'integer', { defaultTo: 2 }),
      c('home_dc', 'text', ref('distribution_centers', 'code')),
      c('policy_version', 'text'),
      c('created_at', 'timestamp'),
      c('updated_at', 'timestamp'),
      c('version', 'integer', { defaultTo: 1 }),
    ],
    indexes: [['full_name'], ['phone']],
  },
  {
    name: 'addresses',
    columns: [
      c('id', 'increments', { primary: true }),
      c('customer_id', 'integer', ref('customers')),
      c('kind', 'text', { defaultTo: 'shipping' }),
      c('line1', 'text'),
      c('line2', 'text', optional),
      c('city', 'text'),
      c('state', 'text'),
      c('zip5', 'text'),
      c('zip4', 'text', optional),
      /** What the customer or rep typed, kept beside the Pub 28 form. */
      c('raw', 'json', optional),
      c('is_current', 'boolean', { defaultTo: true }),
      c('created_at', 'timestamp'),
      c('version', 'integer', { defaultTo: 1 }),
    ],
    indexes: [['customer_id', 'is_current']],
  },
  {
    name: 'payment_methods',
    columns: [
      c('id', 'increments', { primary: true }),
      c('customer_id', 'integer', ref('customers')),
      /** Processor token only: a full card number is never stored (policy). */
      c('processor_token', 'text'),
      c('brand', 'text'),
      c('last4', 'text'),
      c('exp_month', 'integer'),
      c('exp_year', 'integer'),
      c('is_current', 'boolean', { defaultTo: true }),
      c('created_at', 'timestamp'),
    ],
    indexes: [['customer_id', 'is_current']],
  },
  {
    name: 'preferences',
    columns: [
      c('customer_id', 'integer', { primary: true, ...ref('customers') }),
      c('email_newsletter', 'boolean'),
      c('email_offers', 'boolean'),
      c('email_promotions', 'boolean'),
      c('email_surveys', 'boolean'),
      c('postal_offers', 'boolean'),
      c('partner_mailings_excluded', 'boolean'),
      c('updated_at', 'timestamp'),
      c('version', 'integer', { defaultTo: 1 }),
    ],
  },
  {
    name: 'consent_events',
    columns: [
      c('id', 'text', { primary: true }),
      c('customer_id', 'integer', ref('customers')),
      c('field', 'text'),
      c('old_value', 'text', optional),
      c('new_value', 'text', optional),
      c('staff_id', 'text', optional),
      c('channel', 'text'),
      c('policy_version', 'text'),
      c('at', 'timestamp'),
    ],
    indexes: [['customer_id', 'at']],
  },
  {
    /**
     * What a rep noted during a call (issue 15 item 6): who, when, why, and a
     * short text. Personal data: held only in a desk's customer scope, never
     * sent to a packing station.
     */
    name: 'customer_notes',
    columns: [
      c('id', 'text', { primary: true }),
      c('customer_id', 'integer', ref('customers')),
      c('staff_id', 'text'),
      /** Why the rep wrote it: the access reason of the call (phone_call, email, ...). */
      c('reason', 'text'),
      c('body', 'text'),
      c('at', 'timestamp'),
    ],
    indexes: [['customer_id', 'at']],
  },
  {
    /**
     * An order problem a customer reported on a call (issue 15 item 5): the
     * disc never arrived, arrived damaged, or was the wrong one. Recorded at
     * the desk (offline too), settled by the central office: the state, the
     * replacement order and the email that tells the customer are the
     * server's. Personal data (the caller's words): customer scope only.
     */
    name: 'order_problems',
    columns: [
      c('id', 'text', { primary: true }),
      c('customer_id', 'integer', ref('customers')),
      c('shipment_id', 'integer', ref('shipments')),
      /** not_received | damaged | wrong_disc (core/customers/replacement-policy.ts) */
      c('kind', 'text'),
      /** What the caller said, in the rep's words. */
      c('reason', 'text'),
      /** reported | awaiting_approval | replacement_allocated | no_replacement | refused */
      c('state', 'text'),
      c('replacement_shipment_id', 'integer', optional),
      c('reported_by', 'text'),
      c('reported_at', 'timestamp'),
      /** The supervisor who approved or refused a replacement over the limit, and why. */
      c('decided_by', 'text', optional),
      c('decided_at', 'timestamp', optional),
      c('decision_reason', 'text', optional),
      /** When the central office settled it (the replacement allocated, or not). */
      c('settled_at', 'timestamp', optional),
      /** The email that tells the customer, queued for the mailer (null: nothing to tell yet). */
      c('email_subject', 'text', optional),
      c('email_body', 'text', optional),
      c('email_queued_at', 'timestamp', optional),
      /**
       * Its delivery (migrations 062; api/mail/): when the mail server took it,
       * or when the central office gave up, and why the last try failed (fixed
       * words and the SMTP reply code, never the address or the text).
       */
      c('email_sent_at', 'timestamp', optional),
      c('email_failed_at', 'timestamp', optional),
      c('email_last_error', 'text', optional),
    ],
    indexes: [['customer_id', 'reported_at'], ['shipment_id']],
  },
  {
    name: 'titles',
    columns: [
      c('id', 'increments', { primary: true }),
      c('name', 'text'),
      c('year', 'integer'),
      c('genre', 'text'),
      c('rating', 'text'),
      c('runtime_minutes', 'integer'),
      c('popularity', 'integer', { defaultTo: 0 }),
    ],
    indexes: [['genre', 'popularity']],
  },
  {
    name: 'discs',
    columns: [
      c('id', 'increments', { primary: true }),
      c('title_id', 'integer', ref('titles')),
      c('barcode', 'text', { unique: true }),
      c('home_dc', 'text', ref('distribution_centers', 'code')),
      /** in_stock | out | damaged | lost */
      c('status', 'text', { defaultTo: 'in_stock' }),
      c('damage_reason', 'text', optional),
      c('version', 'integer', { defaultTo: 1 }),
      /**
       * Set while out when the customer reported it damaged or the wrong disc
       * (issue 15 item 5; migration 060): damaged | wrong_disc. Returns
       * check-in shows it and clears it.
       */
      c('return_flag', 'text', optional),
    ],
    indexes: [['title_id', 'home_dc', 'status']],
  },
  {
    name: 'disc_barcodes',
    columns: [c('alias', 'text', { primary: true }), c('disc_id', 'integer', ref('discs'))],
    indexes: [['disc_id']],
  },
  {
    name: 'rental_queue',
    columns: [
      c('customer_id', 'integer', ref('customers')),
      c('title_id', 'integer', ref('titles')),
      c('position', 'integer'),
      c('added_at', 'timestamp'),
    ],
    primaryKey: ['customer_id', 'title_id'],
    indexes: [['customer_id', 'position']],
  },
  {
    name: 'shipments',
    columns: [
      c('id', 'increments', { primary: true }),
      c('order_number', 'text', { unique: true }),
      c('customer_id', 'integer', ref('customers')),
      c('title_id', 'integer', ref('titles')),
      c('disc_id', 'integer', { nullable: true, ...ref('discs') }),
      c('dc', 'text', ref('distribution_centers', 'code')),
      /** allocated -> picked -> packed -> labeled -> shipped -> returned (or lost / void) */
      c('status', 'text'),
      c('ship_by', 'timestamp'),
      /** The address the piece was (or will be) shipped to, frozen at allocation. */
      c('ship_name', 'text'),
      c('ship_line1', 'text'),
      c('ship_line2', 'text', optional),
      c('ship_city', 'text'),
      c('ship_state', 'text'),
      c('ship_zip5', 'text'),
      c('ship_zip4', 'text', optional),
      c('label_serial', 'text', optional),
      /** letter | parcel, decided centrally at allocation (core/labels/piece.ts); null = letter. */
      c('piece_type', 'text', optional),
      c('claimed_by', 'text', optional),
      c('claimed_at', 'timestamp', optional),
      c('created_at', 'timestamp'),
      c('packed_at', 'timestamp', optional),
      c('shipped_at', 'timestamp', optional),
      c('returned_at', 'timestamp', optional),
      c('version', 'integer', { defaultTo: 1 }),
    ],
    indexes: [['customer_id', 'created_at'], ['dc', 'status', 'ship_by'], ['disc_id', 'status']],
  },
  {
    name: 'label_events',
    columns: [
      c('id', 'text', { primary: true }),
      c('shipment_id', 'integer', ref('shipments')),
      /** printed | reprinted | voided */
      c('kind', 'text'),
      c('serial', 'text', optional),
      c('staff_id', 'text'),
      c('printer', 'text', optional),
      c('reason', 'text', optional),
      c('at', 'timestamp'),
      /** What the label was (issue 17): letter | parcel, the IMb STID (letters), the Business Reply IMb serial (letters). */
      c('piece_type', 'text', optional),
      c('stid', 'text', optional),
      c('return_serial', 'text', optional),
      /** The station that printed it (issue 16 item 7, migrations 055): the floor view counts per station. Null before then. */
      c('station_id', 'text', optional),
    ],
    indexes: [['shipment_id', 'at']],
  },
  {
    /**
     * A scan the station refused because the disc does not belong in the
     * mailer (issue 16 item 7): who, where, when and why, for the floor
     * view's mismatch rate. Deliberately no order, customer, title or
     * barcode: it says how a packer is doing, not what anyone rents.
     * Push-only, like audit_log.
     */
    name: 'scan_mismatches',
    columns: [
      c('id', 'text', { primary: true }),
      c('station_id', 'text', optional),
      c('staff_id', 'text'),
      c('dc', 'text', optional),
      /** DISC_UNKNOWN | DISC_WRONG_TITLE | DISC_NOT_IN_STOCK | DISC_OTHER_DC | DISC_DAMAGED */
      c('reason', 'text'),
      c('at', 'timestamp'),
    ],
    indexes: [['dc', 'at']],
  },
  {
    name: 'charges',
    columns: [
      c('id', 'increments', { primary: true }),
      c('customer_id', 'integer', ref('customers')),
      c('period', 'text'),
      c('amount_cents', 'integer'),
      c('brand', 'text'),
      c('last4', 'text'),
      c('status', 'text'),
      c('charged_at', 'timestamp'),
    ],
    indexes: [['customer_id', 'charged_at']],
  },
  {
    name: 'reviews',
    columns: [
      c('id', 'increments', { primary: true }),
      c('title_id', 'integer', ref('titles')),
      c('customer_id', 'integer', ref('customers')),
      c('pseudonym', 'text'),
      c('stars', 'integer'),
      c('body', 'text'),
      /** pending | approved | redacted | rejected */
      c('moderation_state', 'text', { defaultTo: 'pending' }),
      c('created_at', 'timestamp'),
    ],
    indexes: [['title_id'], ['customer_id'], ['moderation_state']],
  },
  {
    name: 'affiliates',
    columns: [
      c('id', 'increments', { primary: true }),
      c('site_name', 'text'),
      c('site_url', 'text'),
      c('mailing_address', 'text'),
      c('primary_contact', 'text'),
      c('pay_to_address', 'text'),
      c('technical_contact', 'text'),
      /** applied | approved | rejected | suspended */
      c('status', 'text'),
      c('created_at', 'timestamp'),
    ],
  },
  {
    name: 'audit_log',
    columns: [
      c('id', 'text', { primary: true }),
      c('at', 'timestamp'),
      c('staff_id', 'text', optional),
      c('station_id', 'text', optional),
      c('action', 'text'),
      c('customer_id', 'integer', optional),
      /** JSON array of the personal-data fields viewed or changed. */
      c('fields', 'json', optional),
      c('reason', 'text', optional),
      c('detail', 'json', optional),
    ],
    indexes: [['customer_id', 'at'], ['staff_id', 'at'], ['at']],
  },
] as const satisfies readonly TableSpec[];

/** A shared table's name. */
export type SharedTableName = (typeof SHARED_TABLES)[number]['name'];
type SpecOf<N extends SharedTableName> = Extract<(typeof SHARED_TABLES)[number], { name: N }>;
/** How a column reads once normalised (`core/sync/tables.ts` `normalizeRow`): booleans as booleans, bigints as numbers, times as ISO text. */
type ValueOf<T extends ColumnType> = T extends 'text' | 'timestamp' ? string : T extends 'boolean' ? boolean : T extends 'json' ? unknown : number;
type ColumnValue<C> = C extends { type: infer T extends ColumnType } ? ValueOf<T> | (C extends { nullable: true } ? null : never) : never;

/**
 * The row of a shared table, derived from its spec above, so a column added
 * there is in every row type at once. Code that reads a subset takes a
 * `Pick<RowOf<'shipments'>, ...>`; one that knows more (the demo's status
 * unions) narrows with `Narrowed`.
 */
export type RowOf<N extends SharedTableName> = { [C in SpecOf<N>['columns'][number] as C['name']]: ColumnValue<C> };

/** A row type with some columns narrowed (a status union, a column the writer always fills). */
export type Narrowed<R, Narrow extends { [K in keyof R]?: unknown }> = Omit<R, keyof Narrow> & Narrow;
