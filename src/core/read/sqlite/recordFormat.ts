/**
 * SQLite varints and record format (https://www.sqlite.org/fileformat2.html#record_format).
 * Every decoder here checks its bounds and reports corruption by returning undefined, never by throwing.
 */

interface Varint {
  value: number;
  length: number;
}

/**
 * Reads a 1..9 byte big-endian varint. Values above 2^53 lose precision; callers only use exact
 * values for sizes and page numbers, which they bound-check, and skip the rest (row ids).
 */
export function readVarint(buf: Uint8Array, offset: number, end: number): Varint | undefined {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    if (offset + i >= end) return undefined;
    const byte = buf[offset + i];
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return { value, length: i + 1 };
  }
  if (offset + 8 >= end) return undefined;
  return { value: value * 256 + buf[offset + 8], length: 9 };
}

export type RecordValue = null | number | string | Uint8Array;

function serialTypeSize(type: number): number | undefined {
  if (type <= 4) return type;
  if (type === 5) return 6;
  if (type === 6 || type === 7) return 8;
  if (type === 8 || type === 9) return 0;
  if (type === 10 || type === 11) return undefined; // reserved for internal use; never on disk
  return Math.floor((type - 12) / 2);
}

function readInt(buf: Uint8Array, offset: number, size: number): number {
  // Big-endian two's complement; 8-byte values beyond 2^53 are approximate, which is fine for rootpage.
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + buf[offset + i];
  return buf[offset] & 0x80 ? value - Math.pow(256, size) : value;
}

function decodeText(bytes: Uint8Array, encoding: number): string {
  if (encoding === 2) return new TextDecoder('utf-16le').decode(bytes);
  if (encoding === 3) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

/** Decodes the first `columns` values of a record held entirely in `payload`. */
export function decodeRecord(payload: Uint8Array, columns: number, encoding: number): RecordValue[] | undefined {
  const headerSize = readVarint(payload, 0, payload.length);
  if (!headerSize || headerSize.value < headerSize.length || headerSize.value > payload.length) return undefined;
  const types: number[] = [];
  let pos = headerSize.length;
  while (pos < headerSize.value && types.length < columns) {
    const t = readVarint(payload, pos, headerSize.value);
    if (!t) return undefined;
    types.push(t.value);
    pos += t.length;
  }
  const values: RecordValue[] = [];
  let body = headerSize.value;
  for (const type of types) {
    const size = serialTypeSize(type);
    if (size === undefined || body + size > payload.length) return undefined;
    if (type === 0) values.push(null);
    else if (type === 8) values.push(0);
    else if (type === 9) values.push(1);
    else if (type === 7) values.push(new DataView(payload.buffer, payload.byteOffset + body, 8).getFloat64(0));
    else if (type <= 6) values.push(readInt(payload, body, size));
    else if (type % 2 === 0) values.push(payload.subarray(body, body + size));
    else values.push(decodeText(payload.subarray(body, body + size), encoding));
    body += size;
  }
  // Columns missing from a short record read as NULL, as in SQLite (ALTER TABLE ADD COLUMN).
  while (values.length < columns) values.push(null);
  return values;
}
