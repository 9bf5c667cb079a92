/**
 * Label inputs built from the seed generator's small scenario (real cities,
 * ZIPs and names with diacritics), plus one hand-written shipment for tests
 * that need to know exactly what is printed.
 */
import { generateDemo } from '../../core/demo/generate';
import { smallScenario } from '../../core/demo/scenarios';
import { buildLabelData, type BuildLabelInput, type LabelData, type LabelDistributionCenter, type LabelShipment } from '../../core/labels';

export interface DemoLabelCase {
  input: BuildLabelInput;
  /** The raw shipment row, for comparing against. */
  shipment: LabelShipment;
  dc: LabelDistributionCenter;
}

/** The first `count` (at most 400) shipments of the small scenario with their DC, disc barcode and title, serials counted per DC. */
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
  const titles = new Map([...demo.rows('titles')].map((t) => [t.id, t.name]));
  const discs = new Map([...demo.rows('discs')].map((d) => [d.id, d.barcode]));
  const serials = new Map<string, number>();
  const cases: DemoLabelCase[] = [];
  for (const row of demo.rows('shipments')) {
    if (cases.length >= count) break;
    const dc = dcs.get(row.dc);
    if (!dc) throw new Error(`shipment ${row.id} names unknown DC ${row.dc}`);
    const serial = (serials.get(row.dc) ?? 0) + 1;
    serials.set(row.dc, serial);
    const shipment: LabelShipment = {
      ...row,
      disc_barcode: row.disc_id === null ? null : (discs.get(row.disc_id) ?? null),
      title_name: titles.get(row.title_id) ?? null,
    };
    cases.push({
      dc,
      shipment,
      input: { dc, shipment, serial: String(serial), serviceType: '300', mailClass: 'First-Class Mail' },
    });
  }
  return cases;
}

export const SJC: LabelDistributionCenter = {
  code: 'SJC',
  name: 'Backlot San Jose',
  line1: '2150 Trade Zone Blvd.',
  city: 'San Jose',
  state: 'CA',
  zip5: '95131',
  zip4: '1201',
  mailer_id: '314159',
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
  disc_barcode: 'BLD004815162',
  title_name: 'Amélie',
};

export function celineInput(overrides: Partial<BuildLabelInput> = {}): BuildLabelInput {
  return { dc: SJC, shipment: CELINE, serial: '42', serviceType: '300', mailClass: 'First-Class Mail', ...overrides };
}

/** A label that must build; fails the test with the builder's own messages otherwise. */
export function mustBuild(input: BuildLabelInput): LabelData {
  const result = buildLabelData(input);
  if (!result.ok) throw new Error(`label did not build: ${result.errors.map((e) => e.message).join(' | ')}`);
  return result.label;
}

export function celineLabel(overrides: Partial<BuildLabelInput> = {}): LabelData {
  return mustBuild(celineInput(overrides));
}
