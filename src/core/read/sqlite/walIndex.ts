/**
 * Reading a `-wal` file the way SQLite's recovery does (https://www.sqlite.org/fileformat2.html#walformat):
 * frames count only while their salts match the header and the running checksum holds, and only
 * frames up to the last commit frame are committed. The result maps each page to its newest committed frame.
 */
import type { FileHandle } from 'node:fs/promises';
import { decodePageSize } from './sqliteHeader';

const WAL_HEADER_SIZE = 32;
const WAL_FRAME_HEADER_SIZE = 24;
const WAL_MAGIC_LE = 0x377f0682;
const WAL_MAGIC_BE = 0x377f0683;
const WAL_FORMAT_VERSION = 3007000;
/** Frames are read in batches so a large WAL does not need one large buffer. */
const BATCH_FRAMES = 64;

/** Where the scan stopped; a later scan can resume here to see whether anything new was committed. */
interface WalScanState {
  /** Number of the next frame to examine (1-based). */
  nextFrame: number;
  s0: number;
  s1: number;
}

export interface WalIndex {
  pageSize: number;
  bigEndianChecksum: boolean;
  salt1: number;
  salt2: number;
  headerBytes: Buffer;
  /** page number -> 1-based index of its newest committed frame. */
  pages: Map<number, number>;
  /** Database size in pages after the last commit; 0 when nothing is committed. */
  dbPageCount: number;
  /** Index of the last commit frame; 0 when nothing is committed. */
  lastCommitFrame: number;
  /** Scan state just after the last commit frame (or after the header when nothing is committed). */
  afterLastCommit: WalScanState;
}

type WalRead = { kind: 'ok'; index: WalIndex } | { kind: 'doubtful'; reason: string };

/** SQLite's WAL checksum: pairs of 32-bit words, in the byte order the magic number names. */
function walChecksum(data: Uint8Array, start: number, end: number, bigEndian: boolean, s0In: number, s1In: number): [number, number] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let s0 = s0In;
  let s1 = s1In;
  for (let i = start; i < end; i += 8) {
    const x0 = view.getUint32(i, !bigEndian);
    const x1 = view.getUint32(i + 4, !bigEndian);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

export function walFrameOffset(pageSize: number, frame: number): number {
  return WAL_HEADER_SIZE + (frame - 1) * (WAL_FRAME_HEADER_SIZE + pageSize) + WAL_FRAME_HEADER_SIZE;
}

/** Reads `length` bytes at `position`; shorter only at the end of the file. */
export async function readExactly(handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buf : buf.subarray(0, done);
}

export async function readWalHeader(handle: FileHandle): Promise<Buffer> {
  return readExactly(handle, WAL_HEADER_SIZE, 0);
}

export async function readWalIndex(handle: FileHandle, walSize: number): Promise<WalRead> {
  const header = await readWalHeader(handle);
  if (header.length < WAL_HEADER_SIZE) return { kind: 'doubtful', reason: 'WAL pending: the -wal file is shorter than its header' };
  const magic = header.readUInt32BE(0);
  if (magic !== WAL_MAGIC_LE && magic !== WAL_MAGIC_BE) return { kind: 'doubtful', reason: 'WAL pending: the -wal file has no valid WAL header' };
  const bigEndian = magic === WAL_MAGIC_BE;
  if (header.readUInt32BE(4) !== WAL_FORMAT_VERSION) return { kind: 'doubtful', reason: 'WAL pending: unknown WAL format version' };
  const rawPageSize = header.readUInt32BE(8);
  // Unlike the database header, the WAL header stores 65536 as is, so 1 is simply invalid here.
  const pageSize = rawPageSize === 1 ? undefined : decodePageSize(rawPageSize);
  if (pageSize === undefined) return { kind: 'doubtful', reason: 'WAL pending: invalid page size in the WAL header' };
  const [h0, h1] = walChecksum(header, 0, 24, bigEndian, 0, 0);
  if (h0 !== header.readUInt32BE(24) || h1 !== header.readUInt32BE(28)) {
    return { kind: 'doubtful', reason: 'WAL pending: the WAL header checksum does not match' };
  }
  const index: WalIndex = {
    pageSize,
    bigEndianChecksum: bigEndian,
    salt1: header.readUInt32BE(16),
    salt2: header.readUInt32BE(20),
    headerBytes: header,
    pages: new Map(),
    dbPageCount: 0,
    lastCommitFrame: 0,
    afterLastCommit: { nextFrame: 1, s0: h0, s1: h1 },
  };
  await scanFrames(handle, walSize, index, index.afterLastCommit, true);
  return { kind: 'ok', index };
}

/**
 * Walks frames from `from`. With `record`, committed frames are added to `index`; without it, the
 * scan only answers whether any frame after `from` is part of a committed transaction.
 */
export async function scanFrames(handle: FileHandle, walSize: number, index: WalIndex, from: WalScanState, record: boolean): Promise<boolean> {
  const frameSize = WAL_FRAME_HEADER_SIZE + index.pageSize;
  const totalFrames = Math.floor(Math.max(0, walSize - WAL_HEADER_SIZE) / frameSize);
  let { s0, s1 } = from;
  let frame = from.nextFrame;
  const pending = new Map<number, number>();
  let sawCommit = false;
  while (frame <= totalFrames) {
    const count = Math.min(BATCH_FRAMES, totalFrames - frame + 1);
    const batch = await readExactly(handle, count * frameSize, WAL_HEADER_SIZE + (frame - 1) * frameSize);
    const whole = Math.floor(batch.length / frameSize);
    for (let i = 0; i < whole; i++, frame++) {
      const base = i * frameSize;
      const pgno = batch.readUInt32BE(base);
      const commitSize = batch.readUInt32BE(base + 4);
      if (pgno === 0) return sawCommit;
      if (batch.readUInt32BE(base + 8) !== index.salt1 || batch.readUInt32BE(base + 12) !== index.salt2) return sawCommit;
      [s0, s1] = walChecksum(batch, base, base + 8, index.bigEndianChecksum, s0, s1);
      [s0, s1] = walChecksum(batch, base + WAL_FRAME_HEADER_SIZE, base + frameSize, index.bigEndianChecksum, s0, s1);
      if (s0 !== batch.readUInt32BE(base + 16) || s1 !== batch.readUInt32BE(base + 20)) return sawCommit;
      pending.set(pgno, frame);
      if (commitSize !== 0) {
        sawCommit = true;
        if (record) {
          for (const [p, f] of pending) index.pages.set(p, f);
          index.dbPageCount = commitSize;
          index.lastCommitFrame = frame;
          index.afterLastCommit = { nextFrame: frame + 1, s0, s1 };
        }
        pending.clear();
      }
    }
    if (whole < count) break;
  }
  return sawCommit;
}
