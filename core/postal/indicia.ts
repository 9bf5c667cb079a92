/**
 * Permit imprint indicia (DMM 604.5.3) and the facing identification mark.
 *
 * Permit imprint, DMM 604.5.3.6 (First-Class Mail format) and 604.5.3.7
 * (Package Services: the class marking, e.g. "MEDIA MAIL", replaces
 * "FIRST-CLASS MAIL"): four lines in the upper right of the piece, or of the
 * address label, parallel to the address, printed (never typed or drawn by
 * hand), in a box or not:
 *   FIRST-CLASS MAIL / U.S. POSTAGE PAID / CITY ST / PERMIT NO. n
 * City and state are where the permit is held; the number is that permit's.
 * DMM 604.5.1: never on a piece designed for reply (the BRM panel is paid by
 * the BRM permit instead), and a permit imprint mailing is at least 200
 * pieces or 50 pounds: the end-of-day manifest is that mailing.
 *
 * FIM (DMM 708.9, facing identification mark): nine bar positions, a bar
 * (1) or none (0); FIM C = 110101011 is Business Reply Mail that carries a
 * barcode. Placement: bars start within 1/8 in of the top edge, rightmost bar
 * 2 in (+/- 1/8 in) from the right edge, in a clear zone 1-3/4 in to 3 in
 * from the right edge and 5/8 in down. Bar width 0.031 in (+/- 0.008), bar
 * pitch 1/16 in, bar height 5/8 in (+/- 1/8): these three dimensions are as
 * the FIM specification gives them from memory here (the clear zone figures
 * were checked against a published BRM design guide); have a USPS Mailpiece
 * Design Analyst confirm a printed sample before the first mailing.
 */

export const INDICIA_MAIL_CLASS_MARKINGS = {
  'First-Class Mail': 'FIRST-CLASS MAIL',
  'Media Mail': 'MEDIA MAIL',
} as const;
export type IndiciaMailClass = keyof typeof INDICIA_MAIL_CLASS_MARKINGS;

export interface PermitImprint {
  mailClass: IndiciaMailClass;
  permitCity: string;
  permitState: string;
  permitNumber: string;
}

/** The four lines of a permit imprint indicia, top to bottom (DMM 604.5.3.6). */
export function permitImprintLines(permit: PermitImprint): [string, 'U.S. POSTAGE PAID', string, string] {
  return [INDICIA_MAIL_CLASS_MARKINGS[permit.mailClass], 'U.S. POSTAGE PAID', `${permit.permitCity} ${permit.permitState}`, `PERMIT NO. ${permit.permitNumber}`];
}

export const FIM_PATTERNS = {
  A: '110010011',
  B: '101101101',
  C: '110101011',
  D: '111010111',
} as const;
export type FimKind = keyof typeof FIM_PATTERNS;

/** FIM geometry in inches (see the header for sources and what to confirm). */
export const FIM_INCHES = {
  barWidth: 0.031,
  pitch: 1 / 16,
  height: 5 / 8,
  /** Rightmost bar from the right edge of the piece. */
  rightmostFromRightEdge: 2,
  clearZoneFromRightEdge: [1.75, 3] as const,
  clearZoneDepth: 5 / 8,
} as const;
