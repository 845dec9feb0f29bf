import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ApplySqlFix } from '../../model';
import { applySql, describeDatabaseTarget, type ApplyOptions, type ApplyResult } from './sqlite/apply';

interface ApplySqlContext {
  wasmPath: string;
  /** The write engine (default `auto`); see fixes/apply/sqlite/apply.ts. */
  engine?: ApplyOptions['engine'];
  busyTimeoutMs?: number;
  /** Where the fallback's backup goes (outside the user's tree). */
  backupDir?: string;
  sizeCapBytes?: number;
  /**
   * The folders the user is working in (the CLI's DIR, the VS Code workspace folders). A database
   * whose real path (symlinks resolved) lies outside all of them is refused unless
   * `allowOutsideWorkspace`: a `file:../../elsewhere.db` url or a link must not make us write
   * somewhere unexpected.
   */
  workspaceRoots?: string[];
  allowOutsideWorkspace?: boolean;
}

type ApplySqlOutcome = (ApplyResult | { status: 'refused'; code: 'outside-workspace'; reason: string; manual?: undefined; notes: string[] }) & {
  filesWritten: string[];
};

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Undefined when the database lies inside one of the roots; else why not (the caller may ask and retry with allowOutsideWorkspace). */
export async function outsideWorkspace(database: string, workspaceRoots: string[]): Promise<string | undefined> {
  const target = await describeDatabaseTarget(database);
  if (!target) return undefined; // missing: the apply itself refuses with a clear reason
  for (const root of workspaceRoots) {
    const real = await fs.realpath(root).catch(() => root);
    if (isInside(real, target.realPath)) return undefined;
  }
  return `${database}${target.isSymlink ? ` (a link to ${target.realPath})` : ''} is outside ${workspaceRoots.join(', ')}`;
}

/**
 * Runs an apply-sql fix: first creates its files (a new migration folder; never overwriting), then
 * applies DDL + bookkeeping in one transaction under SQLite's locks. If the apply is refused or meets
 * a conflict, the files it created are removed again, so nothing changes.
 *
 * Files come first on purpose: a migration file without its database change is harmless (the next
 * `prisma migrate deploy` applies it), a recorded migration without its file would be drift.
 */
export async function executeApplySql(fix: ApplySqlFix, ctx: ApplySqlContext): Promise<ApplySqlOutcome> {
  if (ctx.workspaceRoots && !ctx.allowOutsideWorkspace) {
    const why = await outsideWorkspace(fix.database, ctx.workspaceRoots);
    if (why) return { status: 'refused', code: 'outside-workspace', reason: `${why}; confirm to write there`, notes: [], filesWritten: [] };
  }
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
      return {
        status: 'refused',
        code: 'io-error',
        reason: `cannot create ${f.file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        notes: [],
        filesWritten: [],
      };
    }
  }
  const statements = fix.bookkeepingSql ? `${fix.sql.trimEnd()}\n${fix.bookkeepingSql}` : fix.sql;
  const result = await applySql(
    fix.database,
    { statements, expect: fix.expect, checks: fix.bookkeepingChecks, undoBookkeepingSql: fix.undoBookkeepingSql },
    { wasmPath: ctx.wasmPath, engine: ctx.engine, busyTimeoutMs: ctx.busyTimeoutMs, backupDir: ctx.backupDir, sizeCapBytes: ctx.sizeCapBytes },
  );
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
