import { describe, expect, it } from 'vitest';
import { DOTS_PER_INCH, FIM_DOTS, IMB_DOTS, IMB_WIDTH_DOTS, escapeZplFieldData, layoutLabel, renderZpl, zplFontWidth, type ImbElement } from '../../core/labels';
import { FIM_PATTERNS, formatImpbTracking, formatTrackingDigits, imbBars } from '../../core/postal';
import { CELINE, celineInput, celineLetter, celineParcel, demoLabelCases, mustBuild } from './fixtures';
import { imbBarsFromBoxes, readZplFormats, type ZplLabel } from './zpl-reader';

const inches = (dots: number): number => dots / DOTS_PER_INCH;

function panel(formats: ZplLabel[], name: string): ZplLabel {
  const found = formats.find((f) => f.panel === name);
  if (!found) throw new Error(`no ${name} format in ${formats.map((f) => f.panel).join(', ')}`);
  return found;
}

/** Nothing but `allowed` boxes and no text may fall inside [x0,x1) x [y0,y1). */
function assertClear(read: ZplLabel, zone: { x0: number; x1: number; y0: number; y1: number }, allowed: (box: ZplLabel['boxes'][number]) => boolean, what: string): void {
  for (const t of read.texts) {
    const width = t.blockWidth ?? t.text.length * 0.62 * t.fontWidth;
    const overlaps = t.x < zone.x1 && t.x + width > zone.x0 && t.y < zone.y1 && t.y + t.fontHeight > zone.y0;
    expect(overlaps, `"${t.text}" intrudes on the ${what}`).toBe(false);
  }
  for (const b of read.boxes.filter((box) => !allowed(box))) {
    const overlaps = b.x < zone.x1 && b.x + b.width > zone.x0 && b.y < zone.y1 && b.y + b.height > zone.y0;
    expect(overlaps, `a box at ${b.x},${b.y} intrudes on the ${what}`).toBe(false);
  }
}

describe('renderZpl: the letter mailer is two 4 x 4 in formats in one job', () => {
  const label = celineLetter();
  const zpl = renderZpl(label);
  const formats = readZplFormats(zpl);
  const outbound = panel(formats, 'letter-outbound');
  const reply = panel(formats, 'letter-reply');

  it('outbound then reply, each ^PW812 ^LL812', () => {
    expect(formats.map((f) => [f.panel, f.printWidth, f.labelLength])).toEqual([
      ['letter-outbound', 812, 812],
      ['letter-reply', 812, 812],
    ]);
    expect(zpl.endsWith('^XZ\n')).toBe(true);
  });

  it('outbound: permit imprint indicia boxed in the upper right (DMM 604.5.3)', () => {
    const lines = outbound.texts.filter((t) => label.indicia.includes(t.text as never));
    expect(lines.map((t) => t.text)).toEqual(['FIRST-CLASS MAIL', 'U.S. POSTAGE PAID', 'SAN JOSE CA', 'PERMIT NO. 1024']);
    for (const t of lines) {
      expect(t.x).toBeGreaterThan(812 / 2);
      expect(t.y).toBeLessThan(DOTS_PER_INCH);
    }
  });

  it('outbound: sender block upper left, the endorsement directly below it (DMM 507.1.5.2), at least 8 point', () => {
    const texts = outbound.texts.map((t) => t.text);
    const at = texts.indexOf('BACKLOT');
    expect(texts.slice(at, at + 4)).toEqual(['BACKLOT', '2150 TRADE ZONE BLVD', 'SAN JOSE CA  95131-1201', 'ADDRESS SERVICE REQUESTED']);
    const endorsement = outbound.texts[at + 3]!;
    expect(endorsement.x).toBe(outbound.texts[at]!.x);
    expect(endorsement.y).toBeGreaterThan(outbound.texts[at + 2]!.y);
    expect(inches(endorsement.fontHeight) * 72).toBeGreaterThanOrEqual(8);
  });

  it('outbound: the delivery address in Pub 28 order with its 65 IMb bars and digits under it', () => {
    const texts = outbound.texts.map((t) => t.text);
    const at = texts.indexOf('CELINE HARRISON');
    expect(texts.slice(at, at + 4)).toEqual(['CELINE HARRISON', '12165 CLEVELAND PL APT 4B', 'JACKSONVILLE FL  32202-0702', formatTrackingDigits(label.imb.tracking, label.imb.routing)]);
    expect(texts[at + 3]).toBe('00 140 314159 000000042 32202070215');
    expect(imbBarsFromBoxes(outbound.boxes).bars).toBe(imbBars(label.imb.tracking, label.imb.routing));
    // 2.5 in down: inside the OCR read area of a 5-1/4 in mailer once the label sits at its top right corner.
    expect(inches(outbound.texts[at]!.y)).toBeCloseTo(2.5, 2);
  });

  it('places the outbound bars at USPS-B-3200 positions, and keeps their clear zones free', () => {
    const element = layoutLabel(label).panels[0]!.elements.find((e): e is ImbElement => e.kind === 'imb')!;
    const boxes = outbound.boxes.filter((b) => b.inImb).sort((a, b) => a.x - b.x);
    const expected = imbBars(label.imb.tracking, label.imb.routing);
    boxes.forEach((box, i) => {
      expect(box.x).toBe(element.x + i * IMB_DOTS.pitch);
      expect(box.width).toBe(IMB_DOTS.barWidth);
      const dy = box.y - element.y;
      expect([dy, dy + box.height]).toEqual({ F: [0, 32], A: [0, 21], D: [11, 32], T: [11, 21] }[expected.charAt(i)]);
    });
    for (const read of [outbound, reply]) {
      const { top, left } = imbBarsFromBoxes(read.boxes);
      const zone = { x0: left - IMB_DOTS.clearZoneX, x1: left + IMB_WIDTH_DOTS + IMB_DOTS.clearZoneX, y0: top - IMB_DOTS.clearZoneY, y1: top + IMB_DOTS.fullHeight + IMB_DOTS.clearZoneY };
      expect(zone.x0).toBeGreaterThanOrEqual(0);
      expect(zone.x1).toBeLessThanOrEqual(812);
      assertClear(read, zone, (b) => b.inImb, 'IMb clear zone');
    }
  });

  it('reply: FIM C at the top edge, its rightmost bar 2 in from the right edge, its clear zone empty (DMM 708.9)', () => {
    const bars = reply.boxes.filter((b) => b.inFim).sort((a, b) => a.x - b.x);
    const left = bars[0]!.x;
    const pattern = Array.from({ length: 9 }, (_, i) => (bars.some((b) => b.x === left + i * FIM_DOTS.pitch) ? '1' : '0')).join('');
    expect(pattern).toBe(FIM_PATTERNS.C);
    const right = bars[bars.length - 1]!;
    expect(inches(812 - (right.x + right.width))).toBeCloseTo(2, 1);
    for (const b of bars) {
      expect(b.y).toBe(0);
      expect(inches(b.height)).toBeCloseTo(5 / 8, 2);
      expect(inches(b.width)).toBeGreaterThanOrEqual(0.031 - 0.008);
      expect(inches(b.width)).toBeLessThanOrEqual(0.031 + 0.008);
    }
    assertClear(reply, { x0: 812 - 609, x1: 812 - 355, y0: 0, y1: FIM_DOTS.clearZoneDepth }, (b) => b.inFim, 'FIM clear zone');
  });

  it('reply: the BRM legends, the horizontal bars under NO POSTAGE NECESSARY, the BRM address and its IMb (DMM 505.1)', () => {
    const texts = reply.texts.map((t) => t.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        'BUSINESS REPLY MAIL',
        'FIRST-CLASS MAIL PERMIT NO. 2048 SAN JOSE CA',
        'POSTAGE WILL BE PAID BY ADDRESSEE',
        'NO POSTAGE',
        'NECESSARY',
        'IF MAILED',
        'IN THE',
        'UNITED STATES',
        'BACKLOT',
        '2150 TRADE ZONE BLVD',
        'SAN JOSE CA  95131-9901',
        '00 708 314159 000000042 951319901',
      ]),
    );
    const legend = reply.texts.find((t) => t.text === 'BUSINESS REPLY MAIL')!;
    expect(inches(legend.fontHeight)).toBeGreaterThanOrEqual(3 / 16);
    const noPostage = reply.texts.find((t) => t.text === 'UNITED STATES')!;
    const hBars = reply.boxes.filter((b) => !b.inImb && !b.inFim && b.height > 10 && b.width > 150 && b.y > noPostage.y);
    expect(hBars.length).toBeGreaterThanOrEqual(5);
    expect(new Set(hBars.map((b) => `${b.width}x${b.height}`)).size).toBe(1);
    expect(imbBarsFromBoxes(reply.boxes).bars).toBe(imbBars(label.reply.imb.tracking, label.reply.imb.routing));
  });

  it('is deterministic: the same label gives the same bytes', () => {
    expect(renderZpl(celineLetter())).toBe(zpl);
  });
});

describe('renderZpl: the parcel is one 4 x 6 in format with an IMpb', () => {
  const label = celineParcel();
  const [read] = readZplFormats(renderZpl(label));

  it('is ^PW812 ^LL1218 and draws no IMb', () => {
    expect([read!.panel, read!.printWidth, read!.labelLength]).toEqual(['parcel', 812, 1218]);
    expect(read!.boxes.some((b) => b.inImb)).toBe(false);
  });

  it('prints the GS1-128 as FNC1 420 + ZIP+4, FNC1 tracking number, in subset C', () => {
    const impb = read!.code128.find((c) => c.gs1 !== null)!;
    expect(impb.gs1).toEqual(['420322020702', label.impb.tracking]);
    expect(impb.data.startsWith('>;>8')).toBe(true);
    expect(inches(impb.moduleWidth)).toBeGreaterThanOrEqual(0.013);
    expect(inches(impb.moduleWidth)).toBeLessThanOrEqual(0.021);
    expect(inches(impb.height)).toBeGreaterThanOrEqual(0.75);
  });

  it('says USPS TRACKING # over it and the number in groups of four under it; banner, indicia and endorsement', () => {
    const texts = read!.texts.map((t) => t.text);
    expect(texts).toEqual(expect.arrayContaining(['USPS MEDIA MAIL', 'MEDIA MAIL', 'U.S. POSTAGE PAID', 'RETURN SERVICE REQUESTED', 'SHIP TO:', 'USPS TRACKING #', formatImpbTracking(label.impb.tracking)]));
    const caption = read!.texts.find((t) => t.text === 'USPS TRACKING #')!;
    const digits = read!.texts.find((t) => t.text === formatImpbTracking(label.impb.tracking))!;
    const impb = read!.code128.find((c) => c.gs1 !== null)!;
    expect(caption.y).toBeLessThan(impb.y);
    expect(digits.y).toBeGreaterThan(impb.y + impb.height);
  });

  it('keeps the order number as a plain Code 128 for the packing line', () => {
    expect(read!.code128.filter((c) => c.gs1 === null)).toEqual([expect.objectContaining({ data: 'SH000000337', mode: 'A' })]);
  });
});

describe('renderZpl: customer text can never become a command', () => {
  it('neutralizes ^XZ~JA in a name: it prints as text and each format still ends where ours does', () => {
    const label = mustBuild(celineInput({ shipment: { ...CELINE, ship_name: 'Eve ^XZ~JA Mallory_' } }));
    const zpl = renderZpl(label);
    expect(zpl).not.toContain('~');
    expect(zpl.match(/\^XZ/g)).toHaveLength(2);
    expect(zpl).toContain('^FH_^FDEVE _5EXZ_7EJA MALLORY_5F^FS');
    expect(readZplFormats(zpl)[0]!.texts.map((t) => t.text)).toContain('EVE ^XZ~JA MALLORY_');
  });

  it('escapes every command prefix, the hex indicator and the field-block escape', () => {
    expect(escapeZplFieldData('^~_\\')).toBe('_5E_7E_5F_5C');
    expect(escapeZplFieldData('A\nB\u0000C')).toBe('A B C');
    expect(escapeZplFieldData('É')).toBe('?');
  });
});

describe('renderZpl for every shipment of the seed scenario', () => {
  it('keeps everything on its label, every line narrowed to fit, letters with both IMbs and parcels with the IMpb', () => {
    const seen = new Set<string>();
    for (const { input } of demoLabelCases(160)) {
      const label = mustBuild(input);
      seen.add(label.piece);
      const formats = readZplFormats(renderZpl(label));
      expect(formats).toHaveLength(label.piece === 'letter' ? 2 : 1);
      if (label.piece === 'letter') {
        expect(imbBarsFromBoxes(formats[0]!.boxes).bars).toBe(imbBars(label.imb.tracking, label.imb.routing));
        expect(imbBarsFromBoxes(formats[1]!.boxes).bars).toBe(imbBars(label.reply.imb.tracking, label.reply.imb.routing));
      } else {
        expect(formats[0]!.code128.find((c) => c.gs1 !== null)?.gs1).toEqual([label.impb.routing, label.impb.tracking]);
      }
      for (const read of formats) {
        for (const t of read.texts) {
          expect(t.x).toBeGreaterThanOrEqual(0);
          expect(t.y + t.fontHeight).toBeLessThanOrEqual(read.labelLength!);
          const estimated = t.blockWidth ?? t.text.length * 0.62 * t.fontWidth;
          expect(t.x + estimated, `"${t.text}" runs off the label`).toBeLessThanOrEqual(read.printWidth!);
        }
        for (const b of read.boxes) {
          expect(b.x + b.width).toBeLessThanOrEqual(read.printWidth!);
          expect(b.y + b.height).toBeLessThanOrEqual(read.labelLength!);
        }
      }
    }
    expect([...seen].sort()).toEqual(['letter', 'parcel']);
  });

  it('narrows a long line rather than cutting it', () => {
    const long = { height: 40, maxWidth: 712, text: 'X'.repeat(64) };
    const width = zplFontWidth(long);
    expect(width).toBeLessThan(40);
    expect(64 * 0.62 * width).toBeLessThanOrEqual(712);
  });
});
