/**
 * Draws Backlot's icon (a disc on a dark tile) as PNGs in resources/, with
 * only node:zlib: no image toolchain is needed to rebuild it. Run with
 * `npx tsx scripts/make-icon.ts`; the output is committed.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function icon(size: number): Buffer {
  const rows: Buffer[] = [];
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x + 0.5 - c, y + 0.5 - c) / c;
      const corner = Math.max(Math.abs(x + 0.5 - c), Math.abs(y + 0.5 - c)) / c;
      let rgba: [number, number, number, number] = corner < 0.94 ? [29, 36, 51, 255] : [0, 0, 0, 0];
      if (d < 0.78) rgba = [214, 222, 235, 255];
      if (d < 0.74) rgba = [11 + Math.round(60 * (1 - d)), 87, 208, 255];
      if (d < 0.3) rgba = [214, 222, 235, 255];
      if (d < 0.12) rgba = [29, 36, 51, 255];
      row.set(rgba, 1 + x * 4);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

writeFileSync('resources/icon.png', icon(512));
writeFileSync('resources/icons/256x256.png', icon(256));
console.log('wrote resources/icon.png and resources/icons/256x256.png');
