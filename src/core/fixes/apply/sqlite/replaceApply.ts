/**
 * The fallback write, used only when neither node:sqlite nor the sqlite3 CLI is at hand (see
 * apply.ts for when it may run at all). Applying SQL to an SQLite file with sql.js, safely: refuse whenever the file's committed state is
 * not entirely in the main file or someone else may be using it, apply in one transaction, verify,
 * and replace the file atomically (temp file + fsync + backup + rename + folder fsync).
 *
 * Journal mode: sql.js exports a rollback-journal image (header bytes 18/19 = 1). A WAL-mode file is
 * only applied when its -wal is absent or empty, and then the written image gets bytes 18/19 = 2
 * back, so the user's database stays in WAL mode (that is all `PRAGMA journal_mode=WAL` changes in
 * the file itself).
 *
 * Concurrency: Node cannot take SQLite's fcntl locks, so exclusivity is checked instead of held.
 * The apply refuses while another process has the file open (Linux: /proc/<pid>/fd; elsewhere this
 * check is skipped), while a -wal or -journal is non-empty, or when size, mtime, inode or header
 * moved since the start. That last comparison runs a few syscalls before the rename. A program that
 * slips into that window and commits to the old inode is caught by the post-rename check
 * (replaceCheck.ts), which puts the original back when it safely can and otherwise reports both
 * files loudly. SQLite itself refuses to start a write on a file whose path now names another
 * inode (SQLITE_READONLY_DBMOVED), which narrows the window further.
 *
 * Symlinks are followed: the real file is replaced and the link kept. `describeDatabaseTarget`
 * tells the caller where the real file is, so it can apply its own workspace policy first.
 */
import { constants as fsConstants, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { backupPathFor, removeStaleLeftovers, tempPathFor, timestamp } from './applyLeftovers';
import { describeChange, recordFacts, type FileFacts } from './fileFacts';
import { processesHolding } from './openHandles';
import { checkAfterReplace } from './replaceCheck';
import { hasSchemaObject, readSqliteSchema } from '../../../read/sqlite/schemaReader';
import { loadSqlJs } from '../../../sqljs/sqlJsModule';
import { parseSqliteHeader } from '../../../read/sqlite/sqliteHeader';
import type { RefusalCode } from './applyResult';

export interface ReplaceOptions {
  wasmPath: string;
  sizeCapBytes?: number;
  expect: { tables: string[]; indexes: string[] };
  /** Where the backup goes: outside the user's tree (see backups.ts), never beside the database. */
  backupDir: string;
  now?: () => Date;
  testHooks?: { beforeRename?: () => Promise<void> | void; afterTempWrite?: () => Promise<void> | void };
}

export type ReplaceResult =
  { status: 'applied'; backupPath: string; bytesBefore: number; bytesAfter: number } | { status: 'refused'; reason: string; code: RefusalCode };

const DEFAULT_SIZE_CAP_BYTES = 512 * 1024 * 1024;

function refuse(code: RefusalCode, reason: string): ReplaceResult {
  return { status: 'refused', code, reason };
}

function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

const READ_ONLY_ERRNOS = new Set(['EACCES', 'EPERM', 'EROFS']);

async function fsyncPath(p: string, flags: string): Promise<void> {
  const h = await fs.open(p, flags);
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/** Folder fsync makes the rename durable on Linux; other systems may not allow opening a folder. */
async function fsyncFolder(dir: string): Promise<void> {
  try {
    await fsyncPath(dir, 'r');
  } catch (err) {
    if (!['EISDIR', 'EPERM', 'EACCES', 'EINVAL'].includes(errnoOf(err) ?? '')) throw err;
  }
}

async function checkWritable(realPath: string, dir: string, mode: number): Promise<ReplaceResult | undefined> {
  // Mode bits first: as root, access() and open() succeed on a 0444 file, but the user meant it read-only.
  if ((mode & 0o222) === 0) return refuse('read-only', `${realPath} is read-only (mode ${(mode & 0o777).toString(8)}); make it writable to apply the fix`);
  const dirMode = (await fs.stat(dir)).mode;
  if ((dirMode & 0o222) === 0)
    return refuse(
      'read-only',
      `the folder ${dir} is read-only (mode ${(dirMode & 0o777).toString(8)}); the fix needs to create a temp file and a backup there`,
    );
  try {
    await (await fs.open(realPath, 'r+')).close(); // opening for writing changes nothing; it fails on EROFS / immutable files
    await fs.access(dir, fsConstants.W_OK);
  } catch (err) {
    if (READ_ONLY_ERRNOS.has(errnoOf(err) ?? '')) return refuse('read-only', `${realPath} or its folder cannot be written (${errnoOf(err)})`);
    throw err;
  }
  return undefined;
}

async function checkNotInUse(realPath: string, facts: FileFacts): Promise<ReplaceResult | undefined> {
  if (facts.walSize > 0) {
    return refuse(
      'wal-pending',
      `${realPath}-wal holds ${facts.walSize} bytes that may not be in the main file yet; close every program using the database (or run \`sqlite3 <db> "PRAGMA wal_checkpoint(TRUNCATE)"\`) and try again`,
    );
  }
  if (facts.hotJournal || facts.journalSize > 0) {
    // A non-empty journal without the magic is a transaction in progress (the magic is written only
    // when the journal is synced) or a persist-mode leftover; either way, not a moment to replace the file.
    return refuse(
      'hot-journal',
      `${realPath}-journal exists, so a transaction is in progress or was interrupted; close every program writing the database (or open it once with sqlite3, which rolls an interrupted one back), then try again`,
    );
  }
  const holders = await processesHolding(facts);
  if (holders && holders.length > 0) {
    return refuse('locked', `the database is open in another program (pid ${holders.join(', ')}); stop it (e.g. the dev server) and try again`);
  }
  return undefined;
}

export async function applyByReplace(dbPath: string, statements: string, opts: ReplaceOptions): Promise<ReplaceResult> {
  try {
    return await applyProtocol(dbPath, statements, opts);
  } catch (err) {
    return refuse('io-error', `unexpected error, nothing was replaced: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function applyProtocol(dbPath: string, statements: string, opts: ReplaceOptions): Promise<ReplaceResult> {
  const cap = opts.sizeCapBytes ?? DEFAULT_SIZE_CAP_BYTES;
  const now = opts.now ?? (() => new Date());

  let realPath: string;
  try {
    realPath = await fs.realpath(dbPath);
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return refuse('missing', `database file not found: ${dbPath}`);
    if (READ_ONLY_ERRNOS.has(errnoOf(err) ?? '')) return refuse('read-only', `cannot access ${dbPath} (${errnoOf(err)})`);
    throw err;
  }
  const st = await fs.stat(realPath);
  if (!st.isFile()) return refuse('not-sqlite', `${realPath} is not a regular file`);
  const dir = path.dirname(realPath);
  const backupDir = opts.backupDir;
  await fs.mkdir(backupDir, { recursive: true, mode: 0o700 });
  await removeStaleLeftovers(realPath);

  const notWritable = await checkWritable(realPath, dir, st.mode);
  if (notWritable) return notWritable;
  if (st.size > cap) {
    return refuse(
      'too-large',
      `${realPath} is ${st.size} bytes, above the ${cap}-byte limit for an in-memory apply; run the SQL with the sqlite3 CLI instead (sqlite3 <db> < fix.sql)`,
    );
  }

  // 1. Record the facts, and refuse while anything else holds part of the committed state.
  const facts = await recordFacts(realPath);
  const inUse = await checkNotInUse(realPath, facts);
  if (inUse) return inUse;
  if (facts.size > 0) {
    const header = parseSqliteHeader(facts.header);
    if (!header.ok) return refuse('not-sqlite', `${realPath} is not a usable SQLite database: ${header.reason}`);
    // In WAL mode a writer that opens the file during the swap commits into a -wal that belongs to
    // whichever inode the name points at then; neither keeping nor restoring the file can keep that
    // commit (seen in the writer test: a row reported committed, then gone). Never replace it.
    if (facts.header[18] === 2 && facts.header[19] === 2)
      return refuse(
        'wal-mode',
        `${realPath} is in WAL mode, which a file replacement cannot write safely (a late writer's commit could be lost); run the SQL with the sqlite3 CLI instead (sqlite3 <db> < fix.sql)`,
      );
    const schema = await readSqliteSchema(realPath);
    if (schema.status === 'error') return refuse('not-sqlite', `${realPath} is damaged: ${schema.reason}`);
    if (schema.status === 'unknown') return refuse('locked', `${realPath} is in use: ${schema.reason}`);
  }

  // 2. Load and apply in one transaction.
  const image = await fs.readFile(realPath);
  const moved = describeChange(facts, await recordFacts(realPath));
  if (moved || image.length !== facts.size) return refuse('changed-during-apply', `${moved ?? 'the file changed while being read'}; nothing was written`);
  const wasWal = image.length >= 100 && image[18] === 2 && image[19] === 2;
  if (wasWal) {
    // Load as a rollback-journal image: the -wal is empty, so the main file is the whole database.
    image[18] = 1;
    image[19] = 1;
  }
  const applied = await applyInSqlJs(image, statements, opts);
  if ('status' in applied) return applied;
  const out = applied.bytes;
  if (wasWal && out.length >= 100) {
    out[18] = 2;
    out[19] = 2;
  }

  // 5. Temp file in the same folder, fsynced, then checked with our own reader.
  const stamp = timestamp(now());
  const tmp = tempPathFor(realPath, stamp);
  let backupPath: string | undefined;
  let renamed = false;
  let oldHandle: FileHandle | undefined;
  try {
    try {
      await fs.writeFile(tmp, out, { flag: 'wx', mode: st.mode & 0o7777 });
    } catch (err) {
      if (READ_ONLY_ERRNOS.has(errnoOf(err) ?? '')) return refuse('read-only', `cannot create a temp file in ${dir} (${errnoOf(err)})`);
      throw err;
    }
    await fs.chmod(tmp, st.mode & 0o7777);
    if (process.getuid?.() === 0) await fs.chown(tmp, st.uid, st.gid);
    await fsyncPath(tmp, 'r+');
    const check = await readSqliteSchema(tmp);
    const missing = opts.expect.tables.filter((t) => hasSchemaObject(check, 'table', t) !== true);
    if (check.status !== 'ok' || missing.length > 0)
      return refuse(
        'verify-failed',
        `the written image does not read back as expected (${check.status === 'ok' ? `missing ${missing.join(', ')}` : check.reason})`,
      );
    await opts.testHooks?.afterTempWrite?.();

    const tmpStat = await fs.stat(tmp);
    const written = { key: { dev: tmpStat.dev, ino: tmpStat.ino }, size: tmpStat.size, mtimeMs: tmpStat.mtimeMs, header: Buffer.from(out.subarray(0, 100)) };

    // 6a. Timestamped backup of the original: a hard link where possible (instant, and it lets the
    // post-rename check put the very same inode back), else a copy; fsynced either way.
    let isHardLink = false;
    for (let attempt = 0; backupPath === undefined; attempt++) {
      const candidate = backupPathFor(realPath, backupDir, stamp, attempt);
      try {
        try {
          await fs.link(realPath, candidate);
          isHardLink = true;
        } catch (err) {
          if (!['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK'].includes(errnoOf(err) ?? '')) throw err;
          await fs.copyFile(realPath, candidate, fsConstants.COPYFILE_EXCL);
        }
        backupPath = candidate;
      } catch (err) {
        if (errnoOf(err) !== 'EEXIST' || attempt > 100) throw err;
      }
    }
    await fsyncPath(backupPath, 'r');
    await fsyncFolder(backupDir);

    // 4. Re-check the facts right before the rename, holding a handle on the old inode for the after-check.
    await opts.testHooks?.beforeRename?.();
    // The slow /proc scan comes first, and the cheap fact comparison last, so that the window in
    // which another program could commit unseen is as short as possible (a few syscalls).
    const busy = await checkNotInUse(realPath, await recordFacts(realPath));
    if (busy) {
      await fs.rm(backupPath, { force: true });
      return busy;
    }
    oldHandle = await fs.open(realPath, 'r');
    const finalFacts = await recordFacts(realPath);
    const change = describeChange(facts, finalFacts) ?? (finalFacts.journalSize > 0 ? 'a rollback journal appeared (another program is writing)' : undefined);
    if (change) {
      await fs.rm(backupPath, { force: true });
      return refuse('changed-during-apply', `${change} while the fix was prepared; nothing was written, try again`);
    }

    // 6b. Atomic replace and a durable directory entry.
    await fs.rename(tmp, realPath);
    renamed = true;
    await fsyncFolder(dir);
    const verdict = await checkAfterReplace({ realPath, oldHandle, before: finalFacts, written, backup: { path: backupPath, isHardLink } });
    if (verdict.kind === 'undone') return refuse('changed-during-apply', verdict.reason);
    if (verdict.kind === 'conflict') return refuse('io-error', verdict.reason);
    return { status: 'applied', backupPath, bytesBefore: facts.size, bytesAfter: out.length };
  } catch (err) {
    if (!renamed && backupPath) await fs.rm(backupPath, { force: true }).catch(() => undefined);
    if (renamed && backupPath) return { status: 'applied', backupPath, bytesBefore: facts.size, bytesAfter: out.length };
    const code = errnoOf(err);
    if (code && READ_ONLY_ERRNOS.has(code)) return refuse('read-only', `cannot write beside ${realPath} (${code}); nothing was replaced`);
    if (code === 'EBUSY') return refuse('locked', `${realPath} is in use (${code}); nothing was replaced`);
    return refuse('io-error', `${err instanceof Error ? err.message : String(err)}; nothing was replaced`);
  } finally {
    if (!renamed) await fs.rm(tmp, { force: true }).catch(() => undefined);
    await oldHandle?.close();
  }
}

/** Steps 2 and 3: one transaction, then the verification. Returns the exported image or a refusal. */
async function applyInSqlJs(image: Buffer, statements: string, opts: ReplaceOptions): Promise<{ bytes: Uint8Array } | ReplaceResult> {
  let SQL;
  try {
    SQL = await loadSqlJs(opts.wasmPath);
  } catch (err) {
    return refuse('io-error', `cannot load sql.js from ${opts.wasmPath}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const db = new SQL.Database(image);
  try {
    try {
      db.run('BEGIN IMMEDIATE');
      db.exec(statements);
      db.run('COMMIT');
    } catch (err) {
      try {
        db.run('ROLLBACK');
      } catch {
        // already rolled back by SQLite
      }
      return refuse('sql-error', `the SQL failed and nothing was written: ${err instanceof Error ? err.message : String(err)}`);
    }
    const missing: string[] = [];
    const exists = db.prepare('SELECT count(*) FROM sqlite_schema WHERE type = ? AND name = ? COLLATE NOCASE');
    try {
      for (const [type, names] of [
        ['table', opts.expect.tables],
        ['index', opts.expect.indexes],
      ] as const) {
        for (const name of names) {
          exists.bind([type, name]);
          exists.step();
          if (Number(exists.get()[0]) === 0) missing.push(`${type} ${name}`);
          exists.reset();
        }
      }
    } finally {
      exists.free();
    }
    if (missing.length > 0) return refuse('verify-failed', `after the SQL, ${missing.join(', ')} still missing; nothing was written`);
    const integrity = db.exec('PRAGMA integrity_check').flatMap((r) => r.values.map((v) => String(v[0])));
    if (integrity.length !== 1 || integrity[0] !== 'ok')
      return refuse('verify-failed', `PRAGMA integrity_check failed: ${integrity.slice(0, 5).join('; ')}; nothing was written`);
    const fk = db.exec('PRAGMA foreign_key_check');
    const fkRows = fk.reduce((n, r) => n + r.values.length, 0);
    if (fkRows > 0) return refuse('verify-failed', `PRAGMA foreign_key_check reports ${fkRows} violation(s); nothing was written`);
    return { bytes: db.export() };
  } finally {
    db.close();
  }
}
