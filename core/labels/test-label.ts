/**
 * The test label an admin prints from the printer settings: the sheet's
 * outline (so a label roll or a page that is off by a few millimetres shows
 * at once), what printed it and when, and a Code 128 a scanner can read.
 * It carries no address and no IMb and says NOT FOR MAILING: nobody can
 * mistake it for a mailpiece.
 */
import { SHEETS, type LabelLayout, type LayoutElement, type SheetName, type TextElement } from './layout';

export interface TestLabelInfo {
  stationName: string;
  printerName: string;
  /** When it was printed, as the station shows it. */
  printedAt: string;
}

/** The Code 128 text on every test label, for a scanner check at the printer. */
export const TEST_LABEL_BARCODE = 'BACKLOT-TEST';

const SHEET_WORDS: Readonly<Record<SheetName, string>> = {
  'label-4x6': '4 x 6 in label',
  'label-4x4': '4 x 4 in label (letter mailer)',
};

function line(x: number, y: number, height: number, maxWidth: number, value: string, bold = false): TextElement {
  return { kind: 'text', role: 'caption', x, y, height, maxWidth, align: 'left', bold, text: value };
}

export function testLabelLayout(sheetName: SheetName, info: TestLabelInfo): LabelLayout {
  const sheet = SHEETS[sheetName];
  const { widthDots: W, heightDots: H } = sheet;
  const border = 6;
  // The 4x2 label is a third the height of the others: smaller type and margins.
  const small = H < 600;
  const unit = small ? 22 : 36;
  const margin = small ? 20 : 40;
  const width = W - 2 * margin;
  const e: LayoutElement[] = [
    { kind: 'box', x: 0, y: 0, width: W, height: border },
    { kind: 'box', x: 0, y: H - border, width: W, height: border },
    { kind: 'box', x: 0, y: 0, width: border, height: H },
    { kind: 'box', x: W - border, y: 0, width: border, height: H },
  ];
  let y = margin;
  const add = (value: string, size: number, bold = false) => {
    e.push(line(margin, y, size, width, value, bold));
    y += Math.round(size * 1.3);
  };
  add('BACKLOT TEST LABEL', Math.round(unit * 1.4), true);
  add('NOT FOR MAILING', unit, true);
  add(`Station: ${info.stationName}`, Math.round(unit * 0.75));
  add(`Printer: ${info.printerName}`, Math.round(unit * 0.75));
  add(`Printed: ${info.printedAt}`, Math.round(unit * 0.75));
  add(`Sheet: ${SHEET_WORDS[sheetName]}`, Math.round(unit * 0.75));
  const barcodeHeight = Math.min(120, Math.max(40, H - y - margin - 10));
  const modules = 11 * (TEST_LABEL_BARCODE.length + 2) + 13;
  e.push({ kind: 'code128', x: margin, y: y + 10, height: barcodeHeight, moduleWidth: Math.max(1, Math.min(3, Math.floor(width / modules))), text: TEST_LABEL_BARCODE });
  return { panels: [{ panel: sheetName === 'label-4x6' ? 'parcel' : 'letter-outbound', sheet, elements: e }] };
}
