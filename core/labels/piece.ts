/**
 * Which mailpiece a shipment travels in (DESIGN §7 "Mailpieces").
 *
 * - One disc travels in the letter mailer: DMM 233.2.8 (and 505.1.1.6 for
 *   its Business Reply return) describe letter-size pieces holding one
 *   optical disc as automation-compatible First-Class Mail.
 * - More than one disc, or a replacement sent in a box, is a parcel: Media
 *   Mail (DMM 173: sound and video recordings), 4x6 label, IMpb.
 * The central office decides when it allocates the order and records it in
 * `shipments.piece_type` (null = the default, a letter).
 */
import type { IndiciaMailClass } from '../postal';

export const PIECE_TYPES = ['letter', 'parcel'] as const;
export type PieceType = (typeof PIECE_TYPES)[number];

/** A piece's mail class: First-Class Mail for the letter, Media Mail only on a parcel. */
export const MAIL_CLASS_OF_PIECE: Readonly<Record<PieceType, IndiciaMailClass>> = {
  letter: 'First-Class Mail',
  parcel: 'Media Mail',
};

export interface PieceFacts {
  /** Discs going out together in this piece. */
  discCount: number;
  /** A replacement disc the customer is sent in a box (a broken or lost one). */
  replacementInBox: boolean;
}

export function pieceTypeFor(facts: PieceFacts): PieceType {
  return facts.discCount > 1 || facts.replacementInBox ? 'parcel' : 'letter';
}

/** A `shipments.piece_type` value as stored (null or unknown = the default letter). */
export function storedPieceType(value: unknown): PieceType {
  return value === 'parcel' ? 'parcel' : 'letter';
}
