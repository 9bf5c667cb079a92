/**
 * Row shapes the generator emits: exactly the columns of `SHARED_TABLES`
 * (snake_case), booleans as booleans, timestamps as ISO-8601 UTC strings,
 * `json` columns as JSON text. Derived from the table specs (`RowOf`), each
 * narrowed where the generator knows more (status unions, columns it always
 * fills).
 */
import type { Narrowed, RowOf } from '../data/tables';

export type DistributionCenterRow = Narrowed<
  RowOf<'distribution_centers'>,
  {
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
>;

export type StaffRow = RowOf<'staff'>;

export type CustomerRow = Narrowed<
  RowOf<'customers'>,
  {
    status: 'active' | 'closed';
  }
>;

export type AddressRow = Narrowed<
  RowOf<'addresses'>,
  {
    kind: 'shipping';
    raw: string | null;
  }
>;

export type PaymentMethodRow = Narrowed<
  RowOf<'payment_methods'>,
  {
    brand: CardBrand;
  }
>;

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover';

export type PreferencesRow = RowOf<'preferences'>;

export type PreferenceField = Exclude<keyof PreferencesRow, 'customer_id' | 'updated_at' | 'version'>;

export type ConsentEventRow = Narrowed<
  RowOf<'consent_events'>,
  {
    field: PreferenceField;
    channel: 'web' | 'phone' | 'mail';
  }
>;

export type TitleRow = RowOf<'titles'>;

export type DiscStatus = 'in_stock' | 'out' | 'damaged' | 'lost';

/** The demo reports no problem on any disc: every `return_flag` (migration 060) is null. */
export type DiscRow = Narrowed<
  RowOf<'discs'>,
  {
    status: DiscStatus;
  }
>;

export type DiscBarcodeRow = RowOf<'disc_barcodes'>;

export type RentalQueueRow = RowOf<'rental_queue'>;

export type ShipmentStatus = 'allocated' | 'picked' | 'packed' | 'labeled' | 'shipped' | 'returned' | 'lost' | 'void';

export type ShipmentRow = Narrowed<
  RowOf<'shipments'>,
  {
    status: ShipmentStatus;
    piece_type: 'letter' | 'parcel';
  }
>;

export type ChargeRow = Narrowed<
  RowOf<'charges'>,
  {
    brand: CardBrand;
    status: 'paid' | 'failed';
  }
>;

export type ReviewRow = Narrowed<
  RowOf<'reviews'>,
  {
    moderation_state: 'pending' | 'approved' | 'redacted' | 'rejected';
  }
>;

export type AffiliateRow = Narrowed<
  RowOf<'affiliates'>,
  {
    status: 'applied' | 'approved' | 'rejected' | 'suspended';
  }
>;

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
