/**
 * Reads ZPL back the way a Zebra would, for the commands our generator uses:
 * every caret starts a command; ^FO sets the origin of the next field, ^A the
 * font, ^FH_ turns on hex escapes in the next ^FD, ^FS closes the field.
 * Tests assert on what would be printed, not on string fragments.
 */
import type { ImbBarKind } from '../../core/labels';
import { IMB_DOTS } from '../../core/labels';

export interface ZplText {
  x: number;
  y: number;
  fontHeight: number;
  fontWidth: number;
  /** ^FB width when the field is a block. */
  blockWidth: number | null;
  /** Field data with ^FH escapes decoded: what the printer prints. */
  text: string;
}

export interface ZplBox {
  x: number;
  y: number;
  width: number;
  height: number;
  thickness: number;
  inImb: boolean;
  inFim: boolean;
}

export interface ZplCode128 {
  x: number;
  y: number;
  moduleWidth: number;
  height: number;
  /** ^BC mode: A (automatic) for our Code 128, N with invocation codes for GS1-128. */
  mode: string;
  data: string;
  /** For mode N with ">;" and ">8" (FNC1) codes: the data between FNC1s, i.e. the GS1 element strings. */
  gs1: string[] | null;
}

export interface ZplLabel {
  /** The panel named by the format's first ^FX comment (letter-outbound, letter-reply, parcel). */
  panel: string | null;
  printWidth: number | null;
  labelLength: number | null;
  texts: ZplText[];
  boxes: ZplBox[];
  code128: ZplCode128[];
  /** Every command name in order, e.g. ['XA', 'CI', 'PW', ...]. */
  commands: string[];
}

function commandName(token: string): string {
  // ^A is one letter followed by the font name (^A0N,...); every other command here has two letters.
  if (/^A[0-9]/.test(token)) return 'A';
  return token.slice(0, 2);
}

function decodeHex(data: string, indicator: string | null): string {
  if (indicator === null) return data;
  const escaped = indicator.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return data.replace(new RegExp(`${escaped}([0-9A-Fa-f]{2})`, 'g'), (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const ints = (params: string): number[] => params.split(',').map((p) => Number.parseInt(p, 10));

/** Parse one ^XA...^XZ format. Throws on anything that is not a single format (a test failure). */
export function readZpl(zpl: string): ZplLabel {
  if (zpl.includes('~')) throw new Error('ZPL contains a "~": a tilde command would run the moment the printer reads it');
  const label: ZplLabel = { panel: null, printWidth: null, labelLength: null, texts: [], boxes: [], code128: [], commands: [] };
  if ((zpl.match(/\^XA/g) ?? []).length !== 1) throw new Error('readZpl reads one ^XA...^XZ format; use readZplFormats for a job');
  let origin: { x: number; y: number } | null = null;
  let font = { height: 0, width: 0 };
  let block: number | null = null;
  let hex: string | null = null;
  let barcode: { kind: 'code128'; height: number; mode: string } | null = null;
  let pendingBox: Omit<ZplBox, 'inImb' | 'inFim'> | null = null;
  let moduleWidth = 2;
  let inImb = false;
  let inFim = false;
  let data: string | null = null;

  const tokens = zpl.split('^').slice(1);
  for (const raw of tokens) {
    const token = raw.replace(/\r?\n$/, '');
    const name = commandName(token);
    const params = token.slice(name.length);
    label.commands.push(name);
    switch (name) {
      case 'PW':
        label.printWidth = Number.parseInt(params, 10);
        break;
      case 'LL':
        label.labelLength = Number.parseInt(params, 10);
        break;
      case 'FO': {
        const [x = NaN, y = NaN] = ints(params);
        origin = { x, y };
        break;
      }
      case 'A': {
        // "0N,h,w": font name, orientation, then height and width.
        const [, h = NaN, w = NaN] = params.split(',').map((p, i) => (i === 0 ? 0 : Number.parseInt(p, 10)));
        font = { height: h, width: w };
        break;
      }
      case 'FB':
        block = ints(params)[0] ?? null;
        break;
      case 'FH':
        hex = params === '' ? '_' : params.charAt(0);
        break;
      case 'FX':
        if (params.startsWith('IMB-BEGIN')) inImb = true;
        else if (params.startsWith('IMB-END')) inImb = false;
        else if (params.startsWith('FIM-BEGIN')) inFim = true;
        else if (params.startsWith('FIM-END')) inFim = false;
        else label.panel ??= params;
        break;
      case 'GB': {
        const [width = NaN, height = NaN, thickness = NaN] = ints(params);
        pendingBox = { x: origin?.x ?? NaN, y: origin?.y ?? NaN, width, height, thickness };
        break;
      }
      case 'BY':
        moduleWidth = ints(params)[0] ?? moduleWidth;
        break;
      case 'BC': {
        const fields = params.split(',');
        barcode = { kind: 'code128', height: Number.parseInt(fields[1] ?? '', 10), mode: fields[5] ?? 'N' };
        break;
      }
      case 'FD':
        data = decodeHex(params, hex);
        break;
      case 'FS': {
        if (!origin) throw new Error('a field was closed with no ^FO before it');
        if (pendingBox) {
          label.boxes.push({ ...pendingBox, inImb, inFim });
        } else if (barcode) {
          const text = data ?? '';
          // ZPL ^BC invocation codes: ">;" start in subset C, ">8" FNC1.
          const gs1 = barcode.mode === 'N' && text.startsWith('>;>8') ? text.slice(2).split('>8').slice(1) : null;
          label.code128.push({ x: origin.x, y: origin.y, moduleWidth, height: barcode.height, mode: barcode.mode, data: text, gs1 });
        } else if (data !== null) {
          label.texts.push({ x: origin.x, y: origin.y, fontHeight: font.height, fontWidth: font.width, blockWidth: block, text: data });
        }
        origin = null;
        block = null;
        hex = null;
        barcode = null;
        pendingBox = null;
        data = null;
        break;
      }
      default:
        break;
    }
  }
  return label;
}

/** Every ^XA...^XZ format of a print job, read one by one. */
export function readZplFormats(zpl: string): ZplLabel[] {
  return zpl
    .split(/(?=\^XA)/)
    .filter((part) => part.trim() !== '')
    .map((part) => readZpl(part));
}

/** Turn the boxes between ^FXIMB-BEGIN and ^FXIMB-END back into F/A/D/T, left to right. */
export function imbBarsFromBoxes(boxes: readonly ZplBox[]): { bars: string; top: number; left: number } {
  const bars = boxes.filter((b) => b.inImb).sort((a, b) => a.x - b.x);
  const top = Math.min(...bars.map((b) => b.y));
  const left = Math.min(...bars.map((b) => b.x));
  let out = '';
  for (const bar of bars) {
    const dy = bar.y - top;
    const bottom = dy + bar.height;
    const up = dy === 0;
    const down = bottom === IMB_DOTS.fullHeight;
    const kind: ImbBarKind = up && down ? 'F' : up ? 'A' : down ? 'D' : 'T';
    out += kind;
  }
  return { bars: out, top, left };
}
