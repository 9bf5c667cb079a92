import { describe, expect, it } from 'vitest';
import {
  DOTS_PER_INCH,
  IMB_DOTS,
  IMB_WIDTH_DOTS,
  THERMAL_SHEET,
  escapeZplFieldData,
  layoutLabel,
  renderZpl,
  zplFontWidth,
  type ImbElement,
} from '../../core/labels';
import { formatTrackingDigits, imbBars } from '../../core/postal';
import { CELINE, celineInput, celineLabel, demoLabelCases, mustBuild } from './fixtures';
import { imbBarsFromBoxes, readZpl } from './zpl-reader';

const inches = (dots: number): number => dots / DOTS_PER_INCH;

describe('renderZpl: a 4x6 label for a 203-dpi Zebra', () => {
  const label = celineLabel();
  const zpl = renderZpl(label);
  const read = readZpl(zpl);

  it('is one format sized 4 x 6 in: ^PW812 ^LL1218', () => {
    expect(zpl.startsWith('^XA\n')).toBe(true);
    expect(zpl.endsWith('^XZ\n')).toBe(true);
    expect(read.printWidth).toBe(812);
    expect(read.labelLength).toBe(1218);
  });

  it('prints the delivery address block in Pub 28 order: name, secondary, delivery, last line', () => {
    const lines = read.texts.map((t) => t.text);
    const block = ['CELINE HARRISON', '12165 CLEVELAND PL APT 4B', 'JACKSONVILLE FL  32202-0702'];
    const at = lines.indexOf(block[0]!);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines.slice(at, at + 3)).toEqual(block);
    const ys = read.texts.slice(at, at + 3).map((t) => t.y);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
  });

  it('prints the return address, the mail class banner and the packer’s disc line', () => {
    const lines = read.texts.map((t) => t.text);
    expect(lines).toEqual(expect.arrayContaining(['BACKLOT SAN JOSE', '2150 TRADE ZONE BLVD', 'SAN JOSE CA  95131-1201', 'FIRST-CLASS MAIL', 'DISC BLD004815162  AMELIE']));
  });

  it('draws exactly 65 IMb bars that read back as the encoder’s F/A/D/T sequence', () => {
    const imbBoxes = read.boxes.filter((b) => b.inImb);
    expect(imbBoxes).toHaveLength(65);
    const { bars } = imbBarsFromBoxes(read.boxes);
    expect(bars).toBe(imbBars(label.imb.tracking, label.imb.routing));
  });

  it('places the bars at the computed positions: one pitch apart, each kind at its own height and offset', () => {
    const element = layoutLabel(label, 'label-4x6').elements.find((e): e is ImbElement => e.kind === 'imb')!;
    const imbBoxes = read.boxes.filter((b) => b.inImb).sort((a, b) => a.x - b.x);
    const expected = imbBars(label.imb.tracking, label.imb.routing);
    imbBoxes.forEach((box, i) => {
      const kind = expected.charAt(i);
      expect(box.x).toBe(element.x + i * IMB_DOTS.pitch);
      expect(box.width).toBe(IMB_DOTS.barWidth);
      expect(box.thickness).toBe(IMB_DOTS.barWidth); // filled
      const dy = box.y - element.y;
      const span = [dy, dy + box.height];
      expect(span).toEqual({ F: [0, 32], A: [0, 21], D: [11, 32], T: [11, 21] }[kind]);
    });
  });

  it('keeps the bars within USPS-B-3200 §2.3.1 dimensions and the clear zones free', () => {
    expect(inches(IMB_DOTS.barWidth)).toBeGreaterThanOrEqual(0.015);
    expect(inches(IMB_DOTS.barWidth)).toBeLessThanOrEqual(0.025);
    expect(DOTS_PER_INCH / IMB_DOTS.pitch).toBeGreaterThanOrEqual(20);
    expect(DOTS_PER_INCH / IMB_DOTS.pitch).toBeLessThanOrEqual(24);
    expect(inches(IMB_DOTS.fullHeight)).toBeGreaterThanOrEqual(0.125);
    expect(inches(IMB_DOTS.fullHeight)).toBeLessThanOrEqual(0.165);
    expect(inches(IMB_DOTS.trackerHeight)).toBeGreaterThanOrEqual(0.039);
    expect(inches(IMB_DOTS.trackerHeight)).toBeLessThanOrEqual(0.057);
    const span = inches(64 * IMB_DOTS.pitch);
    expect(span).toBeGreaterThanOrEqual(2.667);
    expect(span).toBeLessThanOrEqual(3.225);

    // Clear zone: nothing else drawn or written within 0.125 in left/right and 0.028 in above/below the bars.
    const { top, left } = imbBarsFromBoxes(read.boxes);
    const zone = {
      x0: left - IMB_DOTS.clearZoneX,
      x1: left + IMB_WIDTH_DOTS + IMB_DOTS.clearZoneX,
      y0: top - IMB_DOTS.clearZoneY,
      y1: top + IMB_DOTS.fullHeight + IMB_DOTS.clearZoneY,
    };
    expect(zone.x0).toBeGreaterThanOrEqual(0);
    expect(zone.x1).toBeLessThanOrEqual(812);
    for (const t of read.texts) {
      const overlapsY = t.y < zone.y1 && t.y + t.fontHeight > zone.y0;
      const overlapsX = t.x < zone.x1;
      expect(overlapsX && overlapsY, `"${t.text}" intrudes on the IMb clear zone`).toBe(false);
    }
  });

  it('prints the human-readable tracking digits under the bars', () => {
    const digits = read.texts.find((t) => t.text === formatTrackingDigits(label.imb.tracking, label.imb.routing));
    expect(digits?.text).toBe('00 300 314159 000000042 32202070215');
    const { top } = imbBarsFromBoxes(read.boxes);
    expect(digits!.y).toBeGreaterThanOrEqual(top + IMB_DOTS.fullHeight + IMB_DOTS.clearZoneY);
  });

  it('carries the order number in a Code 128 (^BC) and as text', () => {
    expect(read.code128).toEqual([expect.objectContaining({ data: 'SH000000337', moduleWidth: 3, height: 120 })]);
    expect(read.texts.map((t) => t.text)).toContain('SH000000337');
  });

  it('is deterministic: the same label gives the same bytes', () => {
    expect(renderZpl(celineLabel())).toBe(zpl);
  });
});

describe('renderZpl: customer text can never become a command', () => {
  it('neutralizes ^XZ~JA in a name: it prints as text and the format still ends where ours does', () => {
    const label = mustBuild(celineInput({ shipment: { ...CELINE, ship_name: 'Eve ^XZ~JA Mallory_' } }));
    const zpl = renderZpl(label);
    expect(zpl).not.toContain('~');
    expect(zpl.match(/\^XZ/g)).toHaveLength(1);
    expect(zpl).toContain('^FH_^FDEVE _5EXZ_7EJA MALLORY_5F^FS');
    // Read back as a printer would: the name is printed literally.
    expect(readZpl(zpl).texts.map((t) => t.text)).toContain('EVE ^XZ~JA MALLORY_');
  });

  it('escapes every command prefix, the hex indicator and the field-block escape', () => {
    expect(escapeZplFieldData('^~_\\')).toBe('_5E_7E_5F_5C');
    expect(escapeZplFieldData('A\nB\u0000C')).toBe('A B C');
    expect(escapeZplFieldData('É')).toBe('?');
  });
});

describe('renderZpl: letter-mailer on a thermal printer', () => {
  const label = celineLabel({ layout: 'letter-mailer' });
  const read = readZpl(renderZpl(label));

  it('is a 4 x 2 in address label: ^PW812 ^LL406', () => {
    expect(THERMAL_SHEET['letter-mailer']).toBe('label-4x2');
    expect(read.printWidth).toBe(812);
    expect(read.labelLength).toBe(406);
  });

  it('still carries the address, the 65 bars and the digits', () => {
    expect(imbBarsFromBoxes(read.boxes).bars).toBe(imbBars(label.imb.tracking, label.imb.routing));
    expect(read.texts.map((t) => t.text)).toEqual(
      expect.arrayContaining(['CELINE HARRISON', '12165 CLEVELAND PL APT 4B', 'JACKSONVILLE FL  32202-0702', '00 300 314159 000000042 32202070215']),
    );
  });
});

describe('renderZpl for every shipment of the seed scenario', () => {
  it.each(['4x6', 'letter-mailer'] as const)('keeps everything on a %s label and every line narrowed to fit', (layout) => {
    for (const { input } of demoLabelCases(120)) {
      const label = mustBuild({ ...input, layout });
      const read = readZpl(renderZpl(label));
      const width = read.printWidth!;
      const height = read.labelLength!;
      expect(imbBarsFromBoxes(read.boxes).bars).toBe(imbBars(label.imb.tracking, label.imb.routing));
      for (const t of read.texts) {
        expect(t.x).toBeGreaterThanOrEqual(0);
        expect(t.y + t.fontHeight).toBeLessThanOrEqual(height);
        const estimated = t.blockWidth ?? t.text.length * 0.62 * t.fontWidth;
        expect(t.x + estimated, `"${t.text}" runs off the label`).toBeLessThanOrEqual(width);
      }
      for (const b of read.boxes) {
        expect(b.x + b.width).toBeLessThanOrEqual(width);
        expect(b.y + b.height).toBeLessThanOrEqual(height);
      }
    }
  });

  it('narrows a long line rather than cutting it', () => {
    const long = { height: 40, maxWidth: 712, text: 'X'.repeat(64) };
    const width = zplFontWidth(long);
    expect(width).toBeLessThan(40);
    expect(64 * 0.62 * width).toBeLessThanOrEqual(712);
  });
});
