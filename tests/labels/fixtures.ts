/**
 * Label inputs built from the seed generator's small scenario (real cities,
 * ZIPs and names with diacritics, the demo DCs' postal set-ups), plus one
 * hand-written shipment and DC for tests that need to know exactly what is
 * printed.
 */
import { generateDemo } from '../../core/demo/generate';
import { smallScenario } from '../../core/demo/scenarios';
import type { DemoRowMap } from '../../core/demo/rows';
import { buildLabelData, type BuildLabelInput, type LabelData, type LabelDistributionCenter, type LabelShipment, type LetterLabel, type ParcelLabel } from '../../core/labels';

export interface DemoLabelCase {
  input: BuildLabelInput;
  /** The raw shipment row, for comparing against. */
  shipment: DemoRowMap['shipments'];
  dc: DemoRowMap['distribution_centers'];
  /** What the outside must never show: the rented title and its genre (policy; 18 U.S.C. § 2710). */
  titleName: string;
  genre: string;
  discBarcode: string | null;
}

/** The first `count` (at most 400) shipments of the small scenario with their DC, serials counted per DC, as their own piece type. */
export function demoLabelCases(count: number): DemoLabelCase[] {
  const all = (cached ??= allDemoCases());
  if (count > all.length) throw new Error(`the small scenario has only ${all.length} shipments`);
  return all.slice(0, count);
}

let cached: DemoLabelCase[] | undefined;

function allDemoCases(): DemoLabelCase[] {
  const count = 400;
  const demo = generateDemo(smallScenario());
  const dcs = new Map([...demo.rows('distribution_centers')].map((dc) => [dc.code, dc]));
  const titles = new Map([...demo.rows('titles')].map((t) => [t.id, t]));
  const discs = new Map([...demo.rows('discs')].map((d) => [d.id, d.barcode]));
  const serials = new Map<string, number>();
  const cases: DemoLabelCase[] = [];
  for (const row of demo.rows('shipments')) {
    if (cases.length >= count) break;
    const dc = dcs.get(row.dc);
    const title = titles.get(row.title_id);
    if (!dc || !title) throw new Error(`shipment ${row.id} names an unknown DC or title`);
    const serial = (serials.get(row.dc) ?? 0) + 1;
    serials.set(row.dc, serial);
    cases.push({
      dc,
      shipment: row,
      titleName: title.name,
      genre: title.genre,
      discBarcode: row.disc_id === null ? null : (discs.get(row.disc_id) ?? null),
      input: { dc, shipment: row, serial: String(serial), piece: row.piece_type },
    });
  }
  return cases;
}

/** San Jose, with every postal column set: basic IMb, OneCode ACS Address Service Requested option 2, IV-MTR tracing. */
export const SJC: LabelDistributionCenter = {
  code: 'SJC',
  name: 'Backlot San Jose',
  line1: '2150 Trade Zone Blvd.',
  city: 'San Jose',
  state: 'CA',
  zip5: '95131',
  zip4: '1201',
  mailer_id: '314159',
  service_name: 'Backlot',
  permit_number: '1024',
  permit_city: 'San Jose',
  permit_state: 'CA',
  brm_permit_number: '2048',
  brm_zip5: '95131',
  brm_zip4: '9901',
  imb_service_option: 'basic',
  address_correction: 'onecode-acs/ASR/2',
  imb_tracing: true,
  brm_tracing: false,
};

export const CELINE: LabelShipment = {
  order_number: 'SH000000337',
  ship_name: 'Céline Harrison',
  ship_line1: '12165 Cleveland Place',
  ship_line2: 'Apartment 4B',
  ship_city: 'Jacksonville',
  ship_state: 'Florida',
  ship_zip5: '32202',
  ship_zip4: '0702',
  ship_delivery_point: '15',
};

export function celineInput(overrides: Partial<BuildLabelInput> = {}): BuildLabelInput {
  return { dc: SJC, shipment: CELINE, serial: '42', ...overrides };
}

/** A label that must build; fails the test with the builder's own messages otherwise. */
export function mustBuild(input: BuildLabelInput): LabelData {
  const result = buildLabelData(input);
  if (!result.ok) throw new Error(`label did not build: ${result.errors.map((e) => e.message).join(' | ')}`);
  return result.label;
}

export function celineLetter(overrides: Partial<BuildLabelInput> = {}): LetterLabel {
  const label = mustBuild(celineInput({ ...overrides, piece: 'letter' }));
  if (label.piece !== 'letter') throw new Error('expected a letter');
  return label;
}

export function celineParcel(overrides: Partial<BuildLabelInput> = {}): ParcelLabel {
  const label = mustBuild(celineInput({ ...overrides, piece: 'parcel' }));
  if (label.piece !== 'parcel') throw new Error('expected a parcel');
  return label;
}

/** Kept for the printer tests: any printable label. */
export const celineLabel = celineLetter;
