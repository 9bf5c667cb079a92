/**
 * The end-of-day manifest: the day's permit imprint mailing of one mailer ID
 * (DMM 604.5.1: the pieces a permit imprint pays for), one line per piece
 * with what its label carried (issue 17 item 7): piece type, STID (letters),
 * tracking (IMb digits for a letter, the IMpb tracking number for a parcel)
 * and the serial of the Business Reply IMb on a letter's return panel.
 *
 * The piece, STID and return serial come from the last label event printed
 * for the shipment (what actually went out); a shipment with no such event
 * (labels printed before these were recorded) keeps its piece type and shows
 * an empty STID and tracking rather than a guess.
 */
import PDFDocument from 'pdfkit';
import { toCsv } from '../../../platform/csv';
import { IMPB_SERVICE_TYPE_CODES, buildImpbTrackingNumber, formatTrackingDigits } from '../../../core/postal';
import { storedPieceType, type PieceType } from '../../../core/labels';

/** SQLite on the station cache; knex raw with the DC, the day's start and end. */
export const MANIFEST_SQL = `SELECT s.order_number, s.label_serial, s.piece_type AS shipment_piece_type, s.ship_zip5, s.ship_zip4, s.shipped_at,
    e.piece_type, e.stid, e.return_serial
  FROM shipments s
  LEFT JOIN label_events e ON e.id = (
    SELECT e2.id FROM label_events e2 WHERE e2.shipment_id = s.id AND e2.kind IN ('printed', 'reprinted') ORDER BY e2.at DESC, e2.id DESC LIMIT 1)
  WHERE s.dc = ? AND s.status IN ('shipped', 'returned', 'lost') AND s.label_serial IS NOT NULL AND s.shipped_at >= ? AND s.shipped_at < ?
  ORDER BY s.shipped_at, s.id`;

export interface ManifestPiece {
  orderNumber: string;
  pieceType: PieceType;
  /** IMb STID of a letter; '' for a parcel or when unknown. */
  stid: string;
  serial: string;
  tracking: string;
  /** Business Reply IMb serial of a letter; '' for a parcel. */
  returnSerial: string;
  zip: string;
  shippedAt: string;
}

/** A row of `MANIFEST_SQL`: the shipment, and the piece its last printed label event recorded (null before issue 17). */
export interface ManifestRow {
  order_number: string;
  label_serial: string | number;
  shipment_piece_type: string | null;
  ship_zip5: string;
  ship_zip4: string | null;
  shipped_at: string;
  piece_type: string | null;
  stid: string | null;
  return_serial: string | null;
}

export function manifestPieces(mailerId: string, rows: readonly ManifestRow[]): ManifestPiece[] {
  return rows.map((r) => {
    const pieceType = storedPieceType(r.piece_type ?? r.shipment_piece_type);
    const serial = String(r.label_serial);
    const zip = `${r.ship_zip5}${r.ship_zip4 ? `-${r.ship_zip4}` : ''}`;
    let tracking = '';
    if (pieceType === 'parcel') {
      tracking = buildImpbTrackingNumber({ serviceTypeCode: IMPB_SERVICE_TYPE_CODES['Media Mail'], mailerId, serial });
    } else if (typeof r.stid === 'string' && /^[0-9]{3}$/.test(r.stid)) {
      const padded = serial.replace(/^0+(?=.)/, '').padStart(15 - mailerId.length, '0');
      tracking = formatTrackingDigits(`00${r.stid}${mailerId}${padded}`, `${r.ship_zip5}${r.ship_zip4 ?? ''}`);
    }
    return {
      orderNumber: r.order_number,
      pieceType,
      stid: pieceType === 'letter' && typeof r.stid === 'string' ? r.stid : '',
      serial,
      tracking,
      returnSerial: pieceType === 'letter' && typeof r.return_serial === 'string' ? r.return_serial : '',
      zip,
      shippedAt: r.shipped_at,
    };
  });
}

export const MANIFEST_COLUMNS = ['mailer_id', 'order_number', 'piece_type', 'stid', 'serial', 'tracking', 'return_serial', 'destination_zip', 'shipped_at'] as const;

export function manifestCsv(mailerId: string, pieces: readonly ManifestPiece[]): string {
  return toCsv(
    MANIFEST_COLUMNS,
    pieces.map((p) => [mailerId, p.orderNumber, p.pieceType, p.stid, p.serial, p.tracking, p.returnSerial, p.zip, p.shippedAt]),
  );
}

export function manifestPdf(title: string, mailerId: string, pieces: readonly ManifestPiece[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'LETTER', layout: 'landscape', margin: 54, info: { Title: title } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const letters = pieces.filter((p) => p.pieceType === 'letter').length;
    doc.fontSize(16).text(title);
    doc.fontSize(11).text(`Mailer ID ${mailerId} · ${pieces.length} pieces: ${letters} letters (First-Class Mail), ${pieces.length - letters} parcels (Media Mail)`);
    doc.moveDown();
    doc.font('Courier').fontSize(8);
    doc.text(`${'ORDER'.padEnd(14)} ${'PIECE'.padEnd(6)} STID ${'TRACKING'.padEnd(36)} ${'RETURN'.padEnd(9)} ZIP`);
    for (const p of pieces) {
      doc.text(`${p.orderNumber.padEnd(14)} ${p.pieceType.padEnd(6)} ${(p.stid || '-').padEnd(4)} ${(p.tracking || '-').padEnd(36)} ${(p.returnSerial || '-').padEnd(9)} ${p.zip}`);
    }
    doc.end();
  });
}
