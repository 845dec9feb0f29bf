// Joins PNG screenshots of one size into an animated PNG (APNG), with no image library: each
// frame's compressed image data (its IDAT chunks) is reused as is, in fdAT chunks after the first.
// Browsers, VS Code's Markdown preview and the Marketplace page play it; a viewer that does not
// know APNG shows the first frame.
import { Buffer } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** @param {Buffer} bytes */
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** @param {string} file @returns {{ ihdr: Buffer, idat: Buffer[] }} */
function readPng(file) {
  const bytes = readFileSync(file);
  if (!bytes.subarray(0, 8).equals(SIGNATURE)) throw new Error(`${file} is not a PNG`);
  /** @type {Buffer | undefined} */
  let ihdr;
  /** @type {Buffer[]} */
  const idat = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') ihdr = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'acTL') throw new Error(`${file} is already animated`);
    at += 12 + length;
  }
  if (!ihdr || idat.length === 0) throw new Error(`${file} has no image data`);
  return { ihdr, idat };
}

/**
 * Writes an APNG that shows each frame for its delay, looping forever.
 * @param {string[]} frames  PNG files of the same size and pixel format
 * @param {string} out
 * @param {number[]} delaysMs  one per frame
 */
export function writeApng(frames, out, delaysMs) {
  if (frames.length === 0 || delaysMs.length !== frames.length) throw new Error('one delay per frame, and at least one frame');
  const pngs = frames.map(readPng);
  const ihdr = pngs[0].ihdr;
  pngs.forEach((p, i) => {
    if (!p.ihdr.equals(ihdr)) throw new Error(`${frames[i]} differs in size or pixel format from ${frames[0]}`);
  });
  const parts = [SIGNATURE, chunk('IHDR', ihdr)];
  const actl = Buffer.alloc(8);
  actl.writeUInt32BE(frames.length, 0);
  actl.writeUInt32BE(0, 4);
  parts.push(chunk('acTL', actl));
  let sequence = 0;
  pngs.forEach((p, i) => {
    const fctl = Buffer.alloc(26);
    fctl.writeUInt32BE(sequence++, 0);
    fctl.writeUInt32BE(ihdr.readUInt32BE(0), 4);
    fctl.writeUInt32BE(ihdr.readUInt32BE(4), 8);
    // x and y offsets 0; delay as a fraction of a second (ms / 1000); dispose none, blend source.
    fctl.writeUInt16BE(Math.min(65535, Math.round(delaysMs[i])), 20);
    fctl.writeUInt16BE(1000, 22);
    parts.push(chunk('fcTL', fctl));
    for (const data of p.idat) {
      if (i === 0) parts.push(chunk('IDAT', data));
      else {
        const seq = Buffer.alloc(4);
        seq.writeUInt32BE(sequence++, 0);
        parts.push(chunk('fdAT', Buffer.concat([seq, data])));
      }
    }
  });
  parts.push(chunk('IEND', Buffer.alloc(0)));
  writeFileSync(out, Buffer.concat(parts));
}
