import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FileEdit, Range } from '../../model';
import { EditOutcome, offsetAt } from '../build/fileEdits';

function replaceRange(text: string, range: Range, newText: string): { text: string; old: string } | undefined {
  const a = offsetAt(text, range.start);
  const b = offsetAt(text, range.end);
  if (a === undefined || b === undefined || b < a) return undefined;
  return { text: text.slice(0, a) + newText + text.slice(b), old: text.slice(a, b) };
}

async function writeAtomically(link: string, data: string): Promise<void> {
  // A symlinked file (e.g. Deployer's .env -> ../shared/.env) is replaced where it really lives;
  // renaming over the link itself would turn it into a detached copy.
  const file = await fs.realpath(link);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.session-doctor-${process.pid}.tmp`);
  const st = await fs.stat(file);
  const h = await fs.open(tmp, 'wx', 0o600);
  try {
    try {
      // The replacement must be readable by whoever read the original (a web server's group, say):
      // the same owner when allowed (as root), and the same mode, which open()'s mode + umask would not give.
      await h.chown(st.uid, st.gid).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EPERM') throw e;
      });
      await h.chmod(st.mode & 0o7777);
      await h.writeFile(data);
      await h.sync();
    } finally {
      await h.close();
    }
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Applies text edits to files on disk (the CLI's route; the extension uses a WorkspaceEdit).
 * Ranges are in BOM-less text, as VS Code sees it; a BOM is kept. All edits are checked before any
 * file is written; a file created by `create` never overwrites an existing one.
 */
export async function applyFileEdits(edits: FileEdit[]): Promise<EditOutcome> {
  const planned: Array<{ file: string; data: string; create: boolean }> = [];
  const byFile = new Map<string, FileEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, list] of byFile) {
    if (list.some((e) => e.create)) {
      if (list.length !== 1) return { ok: false, reason: `conflicting edits for ${file}` };
      try {
        await fs.lstat(file);
        return { ok: false, reason: `${file} already exists; it is never overwritten` };
      } catch {
        planned.push({ file, data: list[0].newText, create: true });
      }
      continue;
    }
    let raw: string;
    try {
      raw = await fs.readFile(file, 'utf8');
    } catch (e) {
      return { ok: false, reason: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
    }
    const bom = raw.startsWith('\uFEFF');
    let text = bom ? raw.slice(1) : raw;
    // Apply from the end so earlier ranges stay valid.
    const sorted = [...list].sort((x, y) => y.range!.start.line - x.range!.start.line || y.range!.start.character - x.range!.start.character);
    for (const e of sorted) {
      if (!e.range) return { ok: false, reason: `an edit of ${file} has no range` };
      const r = replaceRange(text, e.range, e.newText);
      if (!r) return { ok: false, reason: `${file} changed since it was checked (range out of bounds)` };
      if (e.oldText !== undefined && r.old !== e.oldText) return { ok: false, reason: `${file} changed since it was checked` };
      text = r.text;
    }
    planned.push({ file, data: (bom ? '\uFEFF' : '') + text, create: false });
  }
  const done: string[] = [];
  for (const p of planned) {
    try {
      if (p.create) {
        await fs.mkdir(path.dirname(p.file), { recursive: true });
        await fs.writeFile(p.file, p.data, { flag: 'wx' });
      } else {
        await writeAtomically(p.file, p.data);
      }
      done.push(p.file);
    } catch (e) {
      return {
        ok: false,
        reason: `cannot write ${p.file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}${done.length ? ` (already written: ${done.join(', ')})` : ''}`,
      };
    }
  }
  return { ok: true, files: done };
}
