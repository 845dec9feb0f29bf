/**
 * The one way Session Doctor opens a workspace file: never blocking, regular files only, and
 * never more than a size bound.
 *
 * A plain open() of a FIFO waits for a writer forever, so `mkfifo prisma/dev.db` would hang every
 * command. O_NONBLOCK makes that open return at once (it changes nothing for a regular file), and
 * fstat on the open handle, not a stat before it, decides: a path swapped for a FIFO between a check
 * and the open cannot slip through.
 */
import { constants, promises as fs, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/** The bound on every text file read (configs, `.env`, schemas, JSON, PHP): far above any real one. */
export const MAX_TEXT_BYTES = 4 * 1024 * 1024;

type ReadFailure = 'missing' | 'not-regular' | 'too-large' | 'unreadable';

type OpenResult = { ok: true; handle: FileHandle; stat: Stats } | { ok: false; failure: ReadFailure; reason: string };
type BytesResult = { ok: true; bytes: Buffer } | { ok: false; failure: ReadFailure; reason: string };
type TextResult = { ok: true; text: string } | { ok: false; failure: ReadFailure; reason: string };

/** What is at a path that is not a regular file, in words. */
function fileKind(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function sizeText(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

function failureOf(file: string, e: unknown): { ok: false; failure: ReadFailure; reason: string } {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, failure: 'missing', reason: `${file} does not exist` };
  if (code === 'EACCES' || code === 'EPERM') return { ok: false, failure: 'unreadable', reason: `${file}: permission denied` };
  if (code === 'ELOOP') return { ok: false, failure: 'unreadable', reason: `${file}: too many levels of symbolic links` };
  return { ok: false, failure: 'unreadable', reason: `${file} cannot be read (${code ?? String(e)})` };
}

/** Opens `file` read-only without blocking; refuses (and closes) anything but a regular file. */
async function openRegularFile(file: string): Promise<OpenResult> {
  let handle: FileHandle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    return failureOf(file, e);
  }
  try {
    const stat = await handle.stat();
    if (stat.isFile()) return { ok: true, handle, stat };
    await handle.close();
    return { ok: false, failure: 'not-regular', reason: `${file} is ${fileKind(stat)}, not a regular file` };
  } catch (e) {
    await handle.close().catch(() => undefined);
    return failureOf(file, e);
  }
}

/** The whole of a regular file of at most `maxBytes` (a file growing past it while read is refused too). */
export async function readRegularFile(file: string, maxBytes: number = MAX_TEXT_BYTES): Promise<BytesResult> {
  const opened = await openRegularFile(file);
  if (!opened.ok) return opened;
  const { handle, stat } = opened;
  const tooLarge = { ok: false as const, failure: 'too-large' as const, reason: `${file} is larger than ${sizeText(maxBytes)}; it is not read` };
  try {
    if (stat.size > maxBytes) return tooLarge;
    // Read until end of file, not just stat.size bytes: the file may grow meanwhile, and must not pass the bound then.
    let buf = Buffer.alloc(Math.min(maxBytes + 1, stat.size + 1));
    let length = 0;
    for (;;) {
      if (length === buf.length) {
        if (length > maxBytes) return tooLarge;
        const bigger = Buffer.alloc(Math.min(maxBytes + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, length);
        buf = bigger;
      }
      const { bytesRead } = await handle.read(buf, length, buf.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return { ok: true, bytes: buf.subarray(0, length) };
  } catch (e) {
    return failureOf(file, e);
  } finally {
    await handle.close();
  }
}

/** A regular file as UTF-8 text (invalid bytes become U+FFFD, as VS Code shows them). */
export async function readRegularText(file: string, maxBytes: number = MAX_TEXT_BYTES): Promise<TextResult> {
  const r = await readRegularFile(file, maxBytes);
  return r.ok ? { ok: true, text: r.bytes.toString('utf8') } : r;
}
