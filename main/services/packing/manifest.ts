import PDFDocument from 'pdfkit';
import { toCsv } from '../../../platform/csv';

export interface ManifestPiece {
  orderNumber: string;
  serial: string;
  tracking: string;
  zip: string;
  shippedAt: string;
}

export function manifestCsv(mailerId: string, pieces: readonly ManifestPiece[]): string {
  return toCsv(
    ['mailer_id', 'order_number', 'imb_serial', 'imb_tracking', 'destination_zip', 'shipped_at'],
    pieces.map((p) => [mailerId, p.orderNumber, p.serial, p.tracking, p.zip, p.shippedAt]),
  );
}

export function manifestPdf(title: string, mailerId: string, pieces: readonly ManifestPiece[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'LETTER', margin: 54, info: { Title: title } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(16).text(title);
    doc.fontSize(11).text(`Mailer ID ${mailerId} · ${pieces.length} pieces`);
    doc.moveDown();
    doc.font('Courier').fontSize(9);
    for (const p of pieces) doc.text(`${p.orderNumber.padEnd(14)} ${p.serial.padStart(9, '0')}  ${p.tracking}  ${p.zip}`);
    doc.end();
  });
}
