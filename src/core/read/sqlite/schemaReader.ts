/**
 * An O(schema) health check: lists the rows of `sqlite_schema` by reading the header and walking
 * the schema b-tree from page 1 with positioned reads, touching only the pages it needs. Committed
 * pages still in a `-wal` file are taken from there; anything doubtful gives `unknown`, corruption
 * gives `error`, and the function never throws.
 *
 * No locks are taken (Node has no fcntl). Instead each read is checked afterwards: the change
 * counter, the rollback journal and the WAL tail must be as they were, or the read is retried.
 */
import { constants, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { decodeRecord, readVarint } from './recordFormat';
import { HEADER_SIZE, parseSqliteHeader, type SqliteHeader } from './sqliteHeader';
import { readExactly, readWalHeader, readWalIndex, scanFrames, walFrameOffset, type WalIndex } from './walIndex';
import { journalState } from './journalState';
import { asciiLower, type SchemaEntry, type SchemaReadResult, type TableRecords } from '../../facts/sqliteSchema';

export { hasSchemaObject, hasTable, type SchemaEntry, type SchemaReadResult, type TableRecords } from '../../facts/sqliteSchema';

const READ_NONBLOCK = constants.O_RDONLY | constants.O_NONBLOCK;

/** SQLite never builds b-trees deeper than 20 levels; a deeper walk means a corrupt or cyclic file. */
const MAX_BTREE_DEPTH = 40;
const MAX_ATTEMPTS = 5;
const PAGE_LEAF_TABLE = 0x0d;
const PAGE_INTERIOR_TABLE = 0x05;
const ENTRY_TYPES = new Set(['table', 'index', 'view', 'trigger']);

class CorruptDatabase extends Error {}
class ChangedWhileReading extends Error {
  constructor(reason = 'the database kept changing while it was being read') {
    super(reason);
  }
}

interface SchemaReadOptions {
  /**
   * Also read the rows of these (small) tables, under the same consistency checks: e.g.
   * `_prisma_migrations` or Laravel's `migrations`. Each costs O(that table), not O(database).
   */
  rowsOf?: Array<{ table: string; columns: number; maxRows: number }>;
}

export async function readSqliteSchema(dbPath: string, opts: SchemaReadOptions = {}): Promise<SchemaReadResult> {
  let lastReason = '';
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    try {
      return await readOnce(dbPath, opts);
    } catch (err) {
      if (err instanceof ChangedWhileReading) {
        lastReason = err.message;
        // A short, growing pause lets a busy writer finish its commit before the next attempt.
        await new Promise((r) => setTimeout(r, 2 * (attempt + 1)));
        continue;
      }
      if (err instanceof CorruptDatabase) return { status: 'error', reason: `corrupt database: ${err.message}` };
      return { status: 'error', reason: describeIoError(err, dbPath) };
    }
  }
  return { status: 'unknown', reason: lastReason };
}

function describeIoError(err: unknown, dbPath: string): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `database file not found: ${dbPath}`;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied reading ${dbPath}`;
  if (code === 'EISDIR') return `${dbPath} is a folder, not a database file`;
  return `cannot read ${dbPath}: ${err instanceof Error ? err.message : String(err)}`;
}

interface FileIdentity {
  size: number;
  ino: number;
}

/** Size and inode of a side file; size 0 when it does not exist. */
async function identityOf(path: string): Promise<FileIdentity> {
  try {
    const st = await fs.stat(path);
    return { size: st.size, ino: st.ino };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { size: 0, ino: 0 };
    throw err;
  }
}

async function readOnce(dbPath: string, opts: SchemaReadOptions): Promise<SchemaReadResult> {
  const walPath = `${dbPath}-wal`;
  // O_NONBLOCK: opening a FIFO must not wait for a writer; the fstat below then refuses it.
  const main = await fs.open(dbPath, READ_NONBLOCK);
  let wal: FileHandle | undefined;
  try {
    const mainStat = await main.stat();
    if (!mainStat.isFile()) return { status: 'error', reason: `${dbPath} is not a regular file` };
    const journalBefore = await journalState(dbPath);
    // A live writer's journal is transient (retry); one left by a crash stays, and ends as unknown.
    if (journalBefore === 'hot') throw new ChangedWhileReading('a rollback journal is pending (another program is writing, or a write was interrupted)');
    const mainHeaderBefore = await readExactly(main, HEADER_SIZE, 0);

    const walBefore = await identityOf(walPath);
    const walSize = walBefore.size;
    let walIndex: WalIndex | undefined;
    if (walSize > 0) {
      if (mainStat.size === 0) return { status: 'unknown', reason: 'WAL pending: a -wal file exists beside an empty database file' };
      wal = await fs.open(walPath, READ_NONBLOCK);
      if (!(await wal.stat()).isFile()) return { status: 'error', reason: `${walPath} is not a regular file` };
      const walRead = await readWalIndex(wal, walSize);
      if (walRead.kind === 'doubtful') return { status: 'unknown', reason: walRead.reason };
      if (walRead.index.lastCommitFrame > 0) walIndex = walRead.index;
    }

    // Consistency checks: nothing may have been committed while the pages were read.
    const assertUnchanged = async (): Promise<void> => {
      const mainHeaderAfter = await readExactly(main, HEADER_SIZE, 0);
      if (!mainHeaderAfter.equals(mainHeaderBefore)) throw new ChangedWhileReading();
      // The size was taken before the header: a commit that landed in between (it grew or shrank
      // the file and rewrote the header) leaves the header steady but the size stale.
      if ((await main.stat()).size !== mainStat.size) throw new ChangedWhileReading();
      if ((await journalState(dbPath)) === 'hot') throw new ChangedWhileReading();
      const walAfter = await identityOf(walPath);
      if (wal === undefined) {
        if (walAfter.size > 0) throw new ChangedWhileReading();
        return;
      }
      // A checkpoint that truncated or replaced the -wal file may have moved pages under us: read again.
      if (walAfter.size === 0 || walAfter.ino !== walBefore.ino) throw new ChangedWhileReading();
      const walHeaderNow = await readWalHeader(wal);
      if (walIndex) {
        if (!walHeaderNow.equals(walIndex.headerBytes)) throw new ChangedWhileReading();
        if (await scanFrames(wal, walAfter.size, walIndex, walIndex.afterLastCommit, false)) throw new ChangedWhileReading();
      } else {
        const again = await readWalIndex(wal, walAfter.size);
        if (again.kind !== 'ok' || again.index.lastCommitFrame > 0) throw new ChangedWhileReading();
      }
    };

    if (mainStat.size === 0) {
      // SQLite treats a zero-length file as a valid, empty database.
      return { status: 'ok', pageSize: 0, walMode: false, usedWal: false, entries: [], changeCounter: 0 };
    }

    const readSnapshot = async (): Promise<SchemaReadResult> => {
      const walPage1 = walIndex?.pages.get(1);
      const headerBytes =
        walIndex && walPage1 !== undefined ? await readExactly(wal as FileHandle, HEADER_SIZE, walFrameOffset(walIndex.pageSize, walPage1)) : mainHeaderBefore;
      const parsed = parseSqliteHeader(headerBytes);
      if (!parsed.ok) throw new CorruptDatabase(parsed.reason);
      const header = parsed.header;
      if (walIndex && walIndex.pageSize !== header.pageSize) {
        return { status: 'unknown', reason: 'WAL pending: the -wal page size differs from the database page size' };
      }
      const filePages = Math.ceil(mainStat.size / header.pageSize);
      const availablePages = walIndex ? walIndex.dbPageCount : filePages;
      if (header.headerPageCount > availablePages) {
        throw new CorruptDatabase(`the header declares ${header.headerPageCount} pages but only ${availablePages} exist (truncated file?)`);
      }
      const pageCount = header.headerPageCount > 0 ? header.headerPageCount : availablePages;

      const reader = new PageReader(main, wal, walIndex, header, pageCount, mainStat.size);
      const entries = await walkSchema(reader, header);
      let tables: Record<string, TableRecords> | undefined;
      for (const want of opts.rowsOf ?? []) {
        const entry = entries.find((e) => e.type === 'table' && asciiLower(e.name) === asciiLower(want.table));
        if (!entry || entry.rootPage < 1) continue;
        tables ??= {};
        tables[want.table] = await readTable(reader, header, entry.rootPage, want.columns, want.maxRows);
      }
      await assertUnchanged();
      return {
        status: 'ok',
        pageSize: header.pageSize,
        walMode: header.writeVersion === 2 && header.readVersion === 2,
        usedWal: walIndex !== undefined,
        entries,
        changeCounter: header.changeCounter,
        ...(tables ? { tables } : {}),
      };
    };

    try {
      return await readSnapshot();
    } catch (err) {
      // Pages from two different moments (a checkpoint or commit during the walk) can look corrupt:
      // only a file that stayed still while we read it is reported as corrupt.
      if (err instanceof CorruptDatabase) await assertUnchanged();
      throw err;
    }
  } finally {
    await main.close();
    if (wal) await wal.close();
  }
}

class PageReader {
  private readonly cache = new Map<number, Buffer>();

  constructor(
    private readonly main: FileHandle,
    private readonly wal: FileHandle | undefined,
    private readonly walIndex: WalIndex | undefined,
    private readonly header: SqliteHeader,
    readonly pageCount: number,
    private readonly mainSize: number,
  ) {}

  async page(pgno: number): Promise<Buffer> {
    if (!Number.isInteger(pgno) || pgno < 1 || pgno > this.pageCount) throw new CorruptDatabase(`page number ${pgno} is out of range 1..${this.pageCount}`);
    const cached = this.cache.get(pgno);
    if (cached) return cached;
    const size = this.header.pageSize;
    const frame = this.walIndex?.pages.get(pgno);
    let buf: Buffer;
    if (frame !== undefined && this.wal && this.walIndex) {
      buf = await readExactly(this.wal, size, walFrameOffset(this.walIndex.pageSize, frame));
    } else {
      const offset = (pgno - 1) * size;
      if (offset >= this.mainSize) throw new CorruptDatabase(`page ${pgno} lies beyond the end of the file`);
      buf = await readExactly(this.main, size, offset);
    }
    if (buf.length !== size) throw new CorruptDatabase(`page ${pgno} is truncated`);
    this.cache.set(pgno, buf);
    return buf;
  }
}

/**
 * Walks one table b-tree from `rootPage` in key order, handing each leaf cell's full payload (with
 * overflow pages followed) to `onRecord`. Every page may be used once: a cycle is corruption.
 * Returns false when `onRecord` asked to stop.
 */
async function walkTable(
  reader: PageReader,
  header: SqliteHeader,
  rootPage: number,
  onRecord: (payload: Buffer, rowid: number, pgno: number) => boolean,
): Promise<boolean> {
  const usable = header.usableSize;
  const used = new Set<number>();

  const claim = (pgno: number): void => {
    if (used.has(pgno)) throw new CorruptDatabase(`page ${pgno} is referenced twice`);
    used.add(pgno);
  };

  const visit = async (pgno: number, depth: number): Promise<boolean> => {
    if (depth > MAX_BTREE_DEPTH) throw new CorruptDatabase('a table b-tree is too deep');
    claim(pgno);
    const page = await reader.page(pgno);
    const hdr = pgno === 1 ? HEADER_SIZE : 0;
    const kind = page[hdr];
    if (kind !== PAGE_LEAF_TABLE && kind !== PAGE_INTERIOR_TABLE) throw new CorruptDatabase(`page ${pgno} has type ${kind}, not a table b-tree page`);
    const headerLen = kind === PAGE_LEAF_TABLE ? 8 : 12;
    const cellCount = page.readUInt16BE(hdr + 3);
    const pointersEnd = hdr + headerLen + 2 * cellCount;
    if (pointersEnd > usable) throw new CorruptDatabase(`page ${pgno} claims ${cellCount} cells, more than fit`);
    for (let i = 0; i < cellCount; i++) {
      const cell = page.readUInt16BE(hdr + headerLen + 2 * i);
      if (cell < pointersEnd || cell >= usable) throw new CorruptDatabase(`cell ${i} of page ${pgno} points outside the page`);
      if (kind === PAGE_INTERIOR_TABLE) {
        if (cell + 4 > usable) throw new CorruptDatabase(`cell ${i} of page ${pgno} overruns the page`);
        if (!readVarint(page, cell + 4, usable)) throw new CorruptDatabase(`bad key in cell ${i} of page ${pgno}`);
        if (!(await visit(page.readUInt32BE(cell), depth + 1))) return false;
      } else {
        const { payload, rowid } = await readLeafPayload(reader, page, pgno, cell, usable, claim);
        if (!onRecord(payload, rowid, pgno)) return false;
      }
    }
    if (kind === PAGE_INTERIOR_TABLE) return visit(page.readUInt32BE(hdr + 8), depth + 1);
    return true;
  };

  return visit(rootPage, 0);
}

async function walkSchema(reader: PageReader, header: SqliteHeader): Promise<SchemaEntry[]> {
  const entries: SchemaEntry[] = [];
  await walkTable(reader, header, 1, (payload, _rowid, pgno) => {
    entries.push(schemaEntryOf(payload, pgno, header.textEncoding));
    return true;
  });
  return entries;
}

async function readTable(reader: PageReader, header: SqliteHeader, rootPage: number, columns: number, maxRows: number): Promise<TableRecords> {
  const out: TableRecords = { rowids: [], records: [], truncated: false };
  await walkTable(reader, header, rootPage, (payload, rowid, pgno) => {
    if (out.records.length >= maxRows) {
      out.truncated = true;
      return false;
    }
    const values = decodeRecord(payload, columns, header.textEncoding);
    if (!values) throw new CorruptDatabase(`malformed record on page ${pgno}`);
    out.rowids.push(rowid);
    out.records.push(values);
    return true;
  });
  return out;
}

/** Bytes of a table-leaf payload of size `p` stored on the page itself (fileformat2 §1.6). */
function localPayloadSize(p: number, usable: number): number {
  const maxLocal = usable - 35;
  if (p <= maxLocal) return p;
  const minLocal = Math.floor(((usable - 12) * 32) / 255) - 23;
  const k = minLocal + ((p - minLocal) % (usable - 4));
  return k <= maxLocal ? k : minLocal;
}

async function readLeafPayload(
  reader: PageReader,
  page: Buffer,
  pgno: number,
  cell: number,
  usable: number,
  claim: (pgno: number) => void,
): Promise<{ payload: Buffer; rowid: number }> {
  const size = readVarint(page, cell, usable);
  if (!size) throw new CorruptDatabase(`bad payload size on page ${pgno}`);
  const rowid = readVarint(page, cell + size.length, usable);
  if (!rowid) throw new CorruptDatabase(`bad row id on page ${pgno}`);
  const payloadSize = size.value;
  const start = cell + size.length + rowid.length;
  const local = localPayloadSize(payloadSize, usable);
  const spills = local < payloadSize;
  if (start + local + (spills ? 4 : 0) > usable) throw new CorruptDatabase(`a cell on page ${pgno} overruns the page`);
  let payload: Buffer;
  if (!spills) {
    payload = page.subarray(start, start + local);
  } else {
    const perPage = usable - 4;
    const overflowPages = Math.ceil((payloadSize - local) / perPage);
    if (overflowPages > reader.pageCount) throw new CorruptDatabase(`a payload of ${payloadSize} bytes on page ${pgno} is larger than the database`);
    payload = Buffer.alloc(payloadSize);
    page.copy(payload, 0, start, start + local);
    let filled = local;
    let next = page.readUInt32BE(start + local);
    for (let n = 0; n < overflowPages; n++) {
      if (next === 0) throw new CorruptDatabase(`overflow chain from page ${pgno} ends early`);
      claim(next);
      const overflow = await reader.page(next);
      const take = Math.min(perPage, payloadSize - filled);
      overflow.copy(payload, filled, 4, 4 + take);
      filled += take;
      next = overflow.readUInt32BE(0);
    }
  }
  return { payload, rowid: rowid.value };
}

function schemaEntryOf(payload: Buffer, pgno: number, encoding: number): SchemaEntry {
  const values = decodeRecord(payload, 5, encoding);
  if (!values) throw new CorruptDatabase(`malformed schema record on page ${pgno}`);
  const [type, name, tblName, rootPage, sql] = values;
  if (typeof type !== 'string' || !ENTRY_TYPES.has(type)) throw new CorruptDatabase(`unexpected schema row type on page ${pgno}`);
  if (typeof name !== 'string' || typeof tblName !== 'string') throw new CorruptDatabase(`schema row without a name on page ${pgno}`);
  if (rootPage !== null && typeof rootPage !== 'number') throw new CorruptDatabase(`schema row with a non-numeric root page on page ${pgno}`);
  if (sql !== null && typeof sql !== 'string') throw new CorruptDatabase(`schema row with non-text SQL on page ${pgno}`);
  return { type: type as SchemaEntry['type'], name, tblName, rootPage: rootPage ?? 0, sql };
}
