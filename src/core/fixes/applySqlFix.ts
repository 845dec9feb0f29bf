import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ApplySqlFix } from '../model';
import { applySqlSafely, ApplyResult } from '../sqlite/safeApply';

export interface ApplySqlContext {
  wasmPath: string;
  sizeCapBytes?: number;
  now?: () => Date;
}

export type ApplySqlOutcome = ApplyResult & { filesWritten: string[] };

/**
 * Runs an apply-sql fix: first creates its files (a new migration folder; never overwriting), then
 * applies DDL + bookkeeping in one transaction with the safe protocol. If the apply is refused, the
 * files it created are removed again, so a refusal changes nothing.
 *
 * Files come first on purpose: a migration file without its database change is harmless (the next
 * `prisma migrate deploy` applies it), a recorded migration without its file would be drift.
 */
export async function executeApplySql(fix: ApplySqlFix, ctx: ApplySqlContext): Promise<ApplySqlOutcome> {
  const created: string[] = [];
  const createdDirs: string[] = [];
  for (const f of fix.files ?? []) {
    const dir = path.dirname(f.file);
    try {
      await fs.access(dir);
    } catch {
      await fs.mkdir(dir, { recursive: true });
      createdDirs.push(dir);
    }
    try {
      await fs.writeFile(f.file, f.newText, { flag: 'wx' });
      created.push(f.file);
    } catch (e) {
      await undo(created, createdDirs);
      return { status: 'refused', code: 'io-error', reason: `cannot create ${f.file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, filesWritten: [] };
    }
  }
  const statements = fix.bookkeepingSql ? `${fix.sql.trimEnd()}\n${fix.bookkeepingSql}` : fix.sql;
  const result = await applySqlSafely(fix.database, statements, { wasmPath: ctx.wasmPath, sizeCapBytes: ctx.sizeCapBytes, expect: fix.expect, now: ctx.now });
  if (result.status !== 'applied') {
    await undo(created, createdDirs);
    return { ...result, filesWritten: [] };
  }
  return { ...result, filesWritten: created };
}

async function undo(files: string[], dirs: string[]): Promise<void> {
  for (const f of files) await fs.rm(f, { force: true });
  for (const d of dirs.reverse()) await fs.rmdir(d).catch(() => undefined);
}
