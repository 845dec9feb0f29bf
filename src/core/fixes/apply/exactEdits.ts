/**
 * File edits applied to bytes, not to decoded text: every byte outside a replaced range stays as
 * it was, whatever the encoding. A Latin-1 `.env` (`APP_NAME="Caf\xe9"`) read as UTF-8 and written
 * back would have every non-UTF-8 byte turned into EF BF BD, in lines no fix meant to touch.
 *
 * Positions are those of the problem model (0-based lines, UTF-16 columns in the BOM-less text as
 * decoded from UTF-8). Line breaks (CR, LF, CRLF) are the same bytes in any ASCII-compatible
 * encoding, and a UTF-8 decoder never swallows them into an invalid sequence, so line numbers map
 * to bytes exactly. A column maps to bytes when the line's bytes before it are valid UTF-8, or when
 * it is the start or the end of the line; any other edit is refused, and nothing is written.
 *
 * Like the SQLite apply, a read-only file (no write bit, even for root), a read-only folder, a
 * file that is not regular or is over the size bound is refused, and nothing is written.
 */
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FileEdit, Position } from '../../model';
import { MAX_TEXT_BYTES, readRegularFile } from '../../read/regularFile';

type ExactEditOutcome = { ok: true; files: string[] } | { ok: false; reason: string };

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

interface ByteLine {
  start: number;
  /** Start of the line break (or of the end of the file). */
  end: number;
}

function byteLines(bytes: Buffer, from: number): ByteLine[] {
  const lines: ByteLine[] = [];
  let start = from;
  for (let i = from; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x0a || b === 0x0d) {
      lines.push({ start, end: i });
      if (b === 0x0d && bytes[i + 1] === 0x0a) i++;
      start = i + 1;
    }
  }
  lines.push({ start, end: bytes.length });
  return lines;
}

type Located = { ok: true; offset: number } | { ok: false; reason: string };

function byteOffsetOf(bytes: Buffer, lines: readonly ByteLine[], pos: Position, file: string): Located {
  const line = lines[pos.line];
  if (!line || pos.character < 0) return { ok: false, reason: `${file} changed since it was checked (range out of bounds)` };
  const raw = bytes.subarray(line.start, line.end);
  const text = raw.toString('utf8');
  if (pos.character > text.length) return { ok: false, reason: `${file} changed since it was checked (range out of bounds)` };
  if (pos.character === 0) return { ok: true, offset: line.start };
  if (pos.character === text.length) return { ok: true, offset: line.end };
  // The column is exact when the line's bytes before it are valid UTF-8 (what follows may be anything).
  const before = Buffer.from(text.slice(0, pos.character), 'utf8');
  if (!before.equals(raw.subarray(0, before.length))) {
    return {
      ok: false,
      reason: `line ${pos.line + 1} of ${file} is not UTF-8 text before the value, so the edit cannot be placed in it byte-exactly; edit the file by hand`,
    };
  }
  return { ok: true, offset: line.start + before.length };
}

/**
 * `bytes` with the edits (all of one file, none a `create`) applied; every other byte unchanged.
 * An edit whose `oldText` no longer matches is refused: the file changed since it was checked.
 */
export function editBytes(bytes: Buffer, edits: readonly FileEdit[], file: string): { ok: true; bytes: Buffer } | { ok: false; reason: string } {
  const body = bytes.subarray(0, 3).equals(BOM) ? 3 : 0;
  const lines = byteLines(bytes, body);
  const spans: Array<{ a: number; b: number; text: string }> = [];
  for (const e of edits) {
    if (!e.range) return { ok: false, reason: `an edit of ${file} has no range` };
    const a = byteOffsetOf(bytes, lines, e.range.start, file);
    if (!a.ok) return a;
    const b = byteOffsetOf(bytes, lines, e.range.end, file);
    if (!b.ok) return b;
    if (b.offset < a.offset) return { ok: false, reason: `${file} changed since it was checked (range out of bounds)` };
    if (e.oldText !== undefined && bytes.subarray(a.offset, b.offset).toString('utf8') !== e.oldText)
      return { ok: false, reason: `${file} changed since it was checked` };
    spans.push({ a: a.offset, b: b.offset, text: e.newText });
  }
  spans.sort((x, y) => x.a - y.a || x.b - y.b);
  for (let i = 1; i < spans.length; i++) if (spans[i].a < spans[i - 1].b) return { ok: false, reason: `conflicting edits for ${file}` };
  const parts: Buffer[] = [];
  let at = 0;
  for (const s of spans) {
    parts.push(bytes.subarray(at, s.a), Buffer.from(s.text, 'utf8'));
    at = s.b;
  }
  parts.push(bytes.subarray(at));
  return { ok: true, bytes: Buffer.concat(parts) };
}

function modeText(mode: number): string {
  return (mode & 0o777).toString(8);
}

/** Why `real` (a regular file) or its folder cannot be rewritten, or undefined. */
async function notWritable(real: string, mode: number): Promise<string | undefined> {
  // Mode bits first: as root, access() and open() succeed on a 0444 file, but the user meant it read-only.
  if ((mode & 0o222) === 0) return `${real} is read-only (mode ${modeText(mode)}); make it writable to apply the fix`;
  const dir = path.dirname(real);
  const dirMode = (await fs.stat(dir)).mode;
  if ((dirMode & 0o222) === 0) return `the folder ${dir} is read-only (mode ${modeText(dirMode)}); the edit writes a temp file there`;
  try {
    await fs.access(real, constants.W_OK);
    await fs.access(dir, constants.W_OK);
  } catch (e) {
    return `${real} or its folder cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  }
  return undefined;
}

interface Planned {
  /** The path as the edit names it. */
  file: string;
  /** Where it is written: the real path (a symlinked `.env` is edited where it lives), or the new file. */
  target: string;
  data: Buffer;
  create: boolean;
  /** The identity read, checked again right before the rename. */
  before?: { ino: number; size: number; mtimeMs: number; mode: number; uid: number; gid: number };
}

async function writeReplacing(p: Planned): Promise<void> {
  const before = p.before!;
  const tmp = path.join(path.dirname(p.target), `.${path.basename(p.target)}.session-doctor-${process.pid}.tmp`);
  const h = await fs.open(tmp, 'wx', 0o600);
  try {
    try {
      // The replacement must be readable by whoever read the original (a web server's group, say).
      await h.chown(before.uid, before.gid).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EPERM') throw e;
      });
      await h.chmod(before.mode & 0o7777);
      await h.writeFile(p.data);
      await h.sync();
    } finally {
      await h.close();
    }
    // A write by someone else since we read the file wins over our stale plan.
    const now = await fs.stat(p.target);
    if (now.ino !== before.ino || now.size !== before.size || now.mtimeMs !== before.mtimeMs) throw new Error(`${p.file} changed while the edit was prepared`);
    await fs.rename(tmp, p.target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

type Plan = { ok: true; planned: Planned[] } | { ok: false; reason: string };

/** Every file read and checked, every new content computed; nothing written. */
async function plan(edits: readonly FileEdit[], wholeFileUtf8: boolean): Promise<Plan> {
  const byFile = new Map<string, FileEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const planned: Planned[] = [];
  for (const [file, list] of byFile) {
    if (list.some((e) => e.create)) {
      if (list.length !== 1) return { ok: false, reason: `conflicting edits for ${file}` };
      try {
        await fs.lstat(file);
        return { ok: false, reason: `${file} already exists; it is never overwritten` };
      } catch {
        planned.push({ file, target: file, data: Buffer.from(list[0].newText, 'utf8'), create: true });
      }
      continue;
    }
    let real: string;
    try {
      real = await fs.realpath(file);
    } catch (e) {
      return { ok: false, reason: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
    }
    const st = await fs.stat(real);
    const read = await readRegularFile(real, MAX_TEXT_BYTES);
    if (!read.ok) return { ok: false, reason: read.reason };
    const blocked = await notWritable(real, st.mode);
    if (blocked) return { ok: false, reason: blocked };
    if (wholeFileUtf8 && !Buffer.from(read.bytes.toString('utf8'), 'utf8').equals(read.bytes)) {
      return {
        ok: false,
        reason: `${file} is not UTF-8 text: an editor that reads it as UTF-8 would change its other bytes on save; edit it by hand or run \`session-doctor fix\`, which edits bytes`,
      };
    }
    const edited = editBytes(read.bytes, list, file);
    if (!edited.ok) return edited;
    planned.push({
      file,
      target: real,
      data: edited.bytes,
      create: false,
      before: { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, mode: st.mode, uid: st.uid, gid: st.gid },
    });
  }
  return { ok: true, planned };
}

/**
 * Why applying `edits` would be refused (read-only, not a regular file, too large, changed since
 * checked, not placeable byte-exactly), or undefined; writes nothing. For a surface that applies
 * the edits itself through an editor (the extension's WorkspaceEdit), `wholeFileUtf8` also refuses
 * a file that is not UTF-8 throughout, which that editor would re-encode.
 */
export async function editRefusal(edits: readonly FileEdit[], opts: { wholeFileUtf8?: boolean } = {}): Promise<string | undefined> {
  const p = await plan(edits, opts.wholeFileUtf8 === true);
  return p.ok ? undefined : p.reason;
}

/**
 * Applies edits to files on disk, byte-exactly (the CLI's route; the extension uses a
 * WorkspaceEdit after editRefusal). Every file is read and checked before any is written; a
 * `create` never overwrites an existing file.
 */
export async function applyExactEdits(edits: readonly FileEdit[]): Promise<ExactEditOutcome> {
  const ready = await plan(edits, false);
  if (!ready.ok) return ready;
  const done: string[] = [];
  for (const p of ready.planned) {
    try {
      if (p.create) {
        await fs.mkdir(path.dirname(p.target), { recursive: true });
        await fs.writeFile(p.target, p.data, { flag: 'wx' });
      } else {
        await writeReplacing(p);
      }
      done.push(p.file);
    } catch (e) {
      const why =
        e instanceof Error && !(e as NodeJS.ErrnoException).code ? e.message : `cannot write ${p.file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
      return { ok: false, reason: `${why}${done.length ? ` (already written: ${done.join(', ')})` : ''}` };
    }
  }
  return { ok: true, files: done };
}
