/**
 * The 100-byte SQLite database header (https://www.sqlite.org/fileformat2.html#the_database_header):
 * parsing and the validity rules SQLite itself applies before it trusts a file.
 */

const SQLITE_MAGIC = 'SQLite format 3\u0000';
export const HEADER_SIZE = 100;

export interface SqliteHeader {
  pageSize: number;
  writeVersion: number;
  readVersion: number;
  reservedBytes: number;
  usableSize: number;
  changeCounter: number;
  /** Database size in pages as the header states it; 0 when the header value is not trustworthy. */
  headerPageCount: number;
  /** 1 UTF-8, 2 UTF-16le, 3 UTF-16be (0 only in a database with an empty schema). */
  textEncoding: number;
}

type HeaderParse = { ok: true; header: SqliteHeader } | { ok: false; reason: string };

function hasSqliteMagic(buf: Uint8Array): boolean {
  if (buf.length < 16) return false;
  for (let i = 0; i < 16; i++) if (buf[i] !== SQLITE_MAGIC.charCodeAt(i)) return false;
  return true;
}

/** Page size field: a power of two 512..32768, or 1 meaning 65536. */
export function decodePageSize(raw: number): number | undefined {
  const size = raw === 1 ? 65536 : raw;
  if (size < 512 || size > 65536 || (size & (size - 1)) !== 0) return undefined;
  return size;
}

export function parseSqliteHeader(buf: Uint8Array): HeaderParse {
  if (buf.length < HEADER_SIZE) return { ok: false, reason: `file is shorter than the ${HEADER_SIZE}-byte SQLite header` };
  if (!hasSqliteMagic(buf)) return { ok: false, reason: 'not an SQLite 3 database (bad magic string)' };
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const pageSize = decodePageSize(view.getUint16(16));
  if (pageSize === undefined) return { ok: false, reason: `invalid page size field ${view.getUint16(16)}` };
  const writeVersion = buf[18];
  const readVersion = buf[19];
  // A read version above 2 means a future format that this reader (like an older SQLite) must not interpret.
  if (readVersion < 1 || readVersion > 2) return { ok: false, reason: `unsupported read format version ${readVersion}` };
  const reservedBytes = buf[20];
  const usableSize = pageSize - reservedBytes;
  if (usableSize < 480) return { ok: false, reason: `usable page size ${usableSize} is below the minimum of 480` };
  // The payload fractions are fixed by the file format; anything else is corruption.
  if (buf[21] !== 64 || buf[22] !== 32 || buf[23] !== 32) return { ok: false, reason: 'invalid payload fraction bytes' };
  const changeCounter = view.getUint32(24);
  const inHeaderSize = view.getUint32(28);
  const versionValidFor = view.getUint32(92);
  // The in-header size is only valid when written by a SQLite new enough to maintain it (3.7.0+).
  const headerPageCount = inHeaderSize !== 0 && versionValidFor === changeCounter ? inHeaderSize : 0;
  const textEncoding = view.getUint32(56);
  if (textEncoding > 3) return { ok: false, reason: `invalid text encoding ${textEncoding}` };
  return {
    ok: true,
    header: { pageSize, writeVersion, readVersion, reservedBytes, usableSize, changeCounter, headerPageCount, textEncoding },
  };
}
