/**
 * The packing commands as a sheet of cards to print and keep at the bench
 * (issue 16 item 2): each card names the command and its key and carries its
 * code as Code 128, drawn as vector bars (bwip-js's bar widths, the same
 * drawing as the labels), so a scanner reads it the way it reads a disc.
 */
import PDFDocument from 'pdfkit';
import { PACK_COMMANDS } from '../../../core/packing/commands';
import { barWidths } from '../../print/label-pdf';

/** A 0.02 in module: wide enough for any handheld scanner at arm's length, and a card fits a fifth of a US Letter page. */
const MODULE_PT = 1.44;
const BAR_HEIGHT_PT = 54;

export async function commandCardsPdf(): Promise<{ filename: string; pdfBase64: string }> {
  const doc = new PDFDocument({ size: 'LETTER', margin: 36, info: { Title: 'Backlot packing command cards', Producer: 'Backlot', Creator: 'Backlot' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const cardHeight = (792 - 72) / PACK_COMMANDS.length;
  PACK_COMMANDS.forEach((command, i) => {
    const top = 36 + i * cardHeight;
    doc.rect(36, top + 4, 540, cardHeight - 8).lineWidth(0.5).dash(4, { space: 4 }).stroke().undash();
    doc.fillColor('black').font('Helvetica-Bold').fontSize(20).text(command.words, 54, top + 16, { width: 504 });
    doc.font('Helvetica').fontSize(11).text(`Key ${command.key} at the pack screen. Scan this card to do the same.`, 54, top + 42, { width: 504 });
    let x = 54;
    barWidths({ kind: 'code128', text: command.code, x: 0, y: 0, moduleWidth: 1, height: 1 }).forEach((modules, bar) => {
      if (bar % 2 === 0) doc.rect(x, top + 62, modules * MODULE_PT, BAR_HEIGHT_PT);
      x += modules * MODULE_PT;
    });
    doc.fill('black');
    doc.font('Courier').fontSize(11).text(command.code, 54, top + 62 + BAR_HEIGHT_PT + 4);
  });
  doc.end();
  return { filename: 'packing-command-cards.pdf', pdfBase64: (await done).toString('base64') };
}
