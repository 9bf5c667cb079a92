/**
 * Row shapes the generator emits: exactly the columns of `SHARED_TABLES`
 * (snake_case), booleans as booleans, timestamps as ISO-8601 UTC strings,
 * `json` columns as JSON text. A test checks the keys against SHARED_TABLES.
 */

export interface DistributionCenterRow {
  code: string;
  name: string;
  line1: string;
  city: string;
  state: string;
  zip5: string;
  zip4: string | null;
  mailer_id: string;
  timezone: string;
  service_name: string;
  permit_number: string;
  permit_city: string;
  permit_state: string;
  brm_permit_number: string;
  brm_zip5: string;
  brm_zip4: string;
  imb_service_option: 'basic' | 'full-service';
  address_correction: string;
  imb_tracing: boolean;
  brm_tracing: boolean;
}

export interface StaffRow {
  id: string;
  username: string;
  display_name: string;
  role: string;
  home_dc: string | null;
  active: boolean;
  created_at: string;
}

export interface CustomerRow {
  id: number;
  email: string;
  full_name: string;
  phone: string | null;
  pseudonym: string;
  age_certified_at: string | null;
  status: 'active' | 'closed';
  plan_discs_out: number;
  home_dc: string;
  policy_version: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface AddressRow {
  id: number;
  customer_id: number;
  kind: 'shipping';
  line1: string;
  line2: string | null;
  city: string;
  state: string;
  zip5: string;
  zip4: string | null;
  raw: string | null;
  is_current: boolean;
  created_at: string;
  version: number;
}

export interface PaymentMethodRow {
  id: number;
  customer_id: number;
  processor_token: string;
  brand: CardBrand;
  last4: string;
  exp_month: number;
  exp_year: number;
  is_current: boolean;
  created_at: string;
}

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover';

export interface PreferencesRow {
  customer_id: number;
  email_newsletter: boolean;
  email_offers: boolean;
  email_promotions: boolean;
  email_surveys: boolean;
  postal_offers: boolean;
  partner_mailings_excluded: boolean;
  updated_at: string;
  version: number;
}

export type PreferenceField = Exclude<keyof PreferencesRow, 'customer_id' | 'updated_at' | 'version'>;

export interface ConsentEventRow {
  id: string;
  customer_id: number;
  field: PreferenceField;
  old_value: string | null;
  new_value: string | null;
  staff_id: string | null;
  channel: 'web' | 'phone' | 'mail';
  policy_version: string;
  at: string;
}

export interface TitleRow {
  id: number;
  name: string;
  year: number;
  genre: string;
  rating: string;
  runtime_minutes: number;
  popularity: number;
}

export type DiscStatus = 'in_stock' | 'out' | 'damaged' | 'lost';

export interface DiscRow {
  id: number;
  title_id: number;
  barcode: string;
  home_dc: string;
  status: DiscStatus;
  damage_reason: string | null;
  version: number;
}

export interface DiscBarcodeRow {
  alias: string;
  disc_id: number;
}

export interface RentalQueueRow {
  customer_id: number;
  title_id: number;
  position: number;
  added_at: string;
}

export type ShipmentStatus = 'allocated' | 'picked' | 'packed' | 'labeled' | 'shipped' | 'returned' | 'lost' | 'void';

export interface ShipmentRow {
  id: number;
  order_number: string;
  customer_id: number;
  title_id: number;
  disc_id: number | null;
  dc: string;
  status: ShipmentStatus;
  ship_by: string;
  ship_name: string;
  ship_line1: string;
  ship_line2: string | null;
  ship_city: string;
  ship_state: string;
  ship_zip5: string;
  ship_zip4: string | null;
  label_serial: string | null;
  piece_type: 'letter' | 'parcel';
  claimed_by: string | null;
  claimed_at: string | null;
  created_at: string;
  packed_at: string | null;
  shipped_at: string | null;
  returned_at: string | null;
  version: number;
}

export interface ChargeRow {
  id: number;
  customer_id: number;
  period: string;
  amount_cents: number;
  brand: CardBrand;
  last4: string;
  status: 'paid' | 'failed';
  charged_at: string;
}

export interface ReviewRow {
  id: number;
  title_id: number;
  customer_id: number;
  pseudonym: string;
  stars: number;
  body: string;
  moderation_state: 'pending' | 'approved' | 'redacted' | 'rejected';
  created_at: string;
}

export interface AffiliateRow {
  id: number;
  site_name: string;
  site_url: string;
  mailing_address: string;
  primary_contact: string;
  pay_to_address: string;
  technical_contact: string;
  status: 'applied' | 'approved' | 'rejected' | 'suspended';
  created_at: string;
}

export interface DemoRowMap {
  distribution_centers: DistributionCenterRow;
  staff: StaffRow;
  customers: CustomerRow;
  addresses: AddressRow;
  payment_methods: PaymentMethodRow;
  preferences: PreferencesRow;
  consent_events: ConsentEventRow;
  titles: TitleRow;
  discs: DiscRow;
  disc_barcodes: DiscBarcodeRow;
  rental_queue: RentalQueueRow;
  shipments: ShipmentRow;
  charges: ChargeRow;
  reviews: ReviewRow;
  affiliates: AffiliateRow;
}

export type DemoTable = keyof DemoRowMap;

/** Foreign-key order: every table after the tables it references. */
export const DEMO_TABLES: readonly DemoTable[] = [
  'distribution_centers',
  'staff',
  'customers',
  'addresses',
  'payment_methods',
  'preferences',
  'consent_events',
  'titles',
  'discs',
  'disc_barcodes',
  'rental_queue',
  'shipments',
  'charges',
  'reviews',
  'affiliates',
];
