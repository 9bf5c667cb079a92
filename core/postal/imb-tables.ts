/**
 * Lookup tables for the Intelligent Mail barcode (USPS-B-3200).
 *
 * The 5-of-13 and 2-of-13 character tables are *generated* the way the spec's
 * Appendix (table initialisation routine) describes, rather than pasted, so a
 * transcription error cannot hide in 1,365 magic numbers. The bar-to-character
 * table (USPS-B-3200 §2.2.6) has no generating rule,
 * so it is written out as data, in the spec's own notation.
 */

/** Every IMb character is 13 bits wide (USPS-B-3200 §2.2.5). */
export const CHARACTER_BITS = 13;
const CHARACTER_MASK = (1 << CHARACTER_BITS) - 1;

function popCount(value: number): number {
  let count = 0;
  for (let v = value; v !== 0; v >>>= 1) count += v & 1;
  return count;
}

/** Mirror the low 13 bits: bit 0 <-> bit 12, bit 1 <-> bit 11, ... */
export function reverse13(value: number): number {
  let reversed = 0;
  for (let bit = 0; bit < CHARACTER_BITS; bit++) {
    if (value & (1 << bit)) reversed |= 1 << (CHARACTER_BITS - 1 - bit);
  }
  return reversed;
}

/**
 * Build the N-of-13 table (USPS-B-3200 §2.2.5 and its appendix table-initialisation routine).
 *
 * Walking 0..8191 upwards, each value with exactly N bits set is paired with its
 * bit-reversed twin: non-palindromic pairs fill the table from the bottom
 * (value, then its reverse), palindromes fill it from the top down. Pairing
 * matters because a reversed barcode read upside-down decodes to the twin,
 * which lets scanners detect orientation.
 */
function buildNof13Table(bitsSet: number, length: number): readonly number[] {
  const table = new Array<number>(length).fill(-1);
  let lower = 0;
  let upper = length - 1;
  for (let value = 0; value <= CHARACTER_MASK; value++) {
    if (popCount(value) !== bitsSet) continue;
    const reversed = reverse13(value);
    if (reversed < value) continue; // already placed as the twin of a smaller value
    if (reversed === value) {
      table[upper--] = value;
    } else {
      table[lower++] = value;
      table[lower++] = reversed;
    }
  }
  // The spec's routine fails unless the two fills meet exactly; so do we.
  if (lower !== upper + 1) throw new Error(`N-of-13 table for N=${bitsSet} did not close`);
  return Object.freeze(table);
}

/** C(13,5) = 1287 characters with five bars "on" (USPS-B-3200 §2.2.5). */
export const TABLE_5_OF_13: readonly number[] = buildNof13Table(5, 1287);

/** C(13,2) = 78 characters with two bars "on" (USPS-B-3200 §2.2.5). */
export const TABLE_2_OF_13: readonly number[] = buildNof13Table(2, 78);

/** Characters A..J in the order the spec numbers them (A = 0 ... J = 9). */
const CHARACTER_LETTERS = 'ABCDEFGHIJ';

export interface BarBits {
  /** index of the character (0 = A ... 9 = J) */
  readonly character: number;
  /** bit number inside that 13-bit character, 0 = least significant */
  readonly bit: number;
}

export interface BarMapping {
  readonly descender: BarBits;
  readonly ascender: BarBits;
}

/**
 * USPS-B-3200 §2.2.6 (Step 6, bar-to-character table): for bars 1..65
 * (left to right), which character bit drives the descender and which drives
 * the ascender. Written "<descender> <ascender>", e.g. bar 1 is "H2 E3":
 * descender = character H bit 2, ascender = character E bit 3.
 */
const BAR_TO_CHARACTER_SPEC: readonly string[] = [
  'H2 E3', 'B10 A0', 'J12 C8', 'F5 G11', 'I9 D1',
  'A1 F12', 'C5 B8', 'E4 J11', 'G3 I10', 'D9 H6',
  'F11 B4', 'I5 C12', 'J10 A2', 'H1 G7', 'D6 E9',
  'A3 I6', 'G4 C7', 'B1 J9', 'H10 F2', 'E0 D8',
  'G2 A4', 'I11 B0', 'J8 D12', 'C6 H7', 'F1 E10',
  'B12 G9', 'H3 I0', 'F8 J7', 'E6 C10', 'D4 A5',
  'I4 F7', 'H11 B9', 'G0 J6', 'A6 E8', 'C1 D2',
  'F9 I12', 'E11 G1', 'J5 H4', 'D3 B2', 'A7 C0',
  'B3 E1', 'G10 D5', 'I7 J4', 'C11 F6', 'A8 H12',
  'E2 I1', 'F10 D0', 'J3 A9', 'G5 C4', 'H8 B7',
  'F0 E5', 'C3 A10', 'G12 J2', 'D11 B6', 'I8 H9',
  'F4 A11', 'B5 C2', 'J1 E12', 'I3 G6', 'H0 D7',
  'E7 H5', 'A12 B11', 'C9 J0', 'G8 F3', 'D10 I2',
];

function parseBarBits(text: string): BarBits {
  const character = CHARACTER_LETTERS.indexOf(text.charAt(0));
  const bit = Number(text.slice(1));
  if (character < 0 || !Number.isInteger(bit) || bit < 0 || bit >= CHARACTER_BITS) {
    throw new Error(`bad bar mapping entry "${text}"`);
  }
  return { character, bit };
}

export const BAR_TO_CHARACTER: readonly BarMapping[] = Object.freeze(
  BAR_TO_CHARACTER_SPEC.map((entry) => {
    const [descender = '', ascender = ''] = entry.split(' ');
    return { descender: parseBarBits(descender), ascender: parseBarBits(ascender) };
  }),
);

/** An IMb always has 65 bars (USPS-B-3200 §2.1). */
export const BAR_COUNT = 65;
