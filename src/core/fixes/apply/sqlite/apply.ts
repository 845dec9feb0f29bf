/**
 * Writing a fix into an SQLite database, in place, under SQLite's own locks.
 *
 * The engine is chosen at run time (write/engine.ts): node:sqlite where the running Node has it,
 * else the sqlite3 CLI on PATH. Either one takes `BEGIN IMMEDIATE` with a bounded busy timeout,
 * checks inside the transaction that the schema still needs the change, runs the DDL and the
 * bookkeeping, verifies the result, and commits. Other connections (a running dev server) keep
 * working and see the new table on their next statement; WAL and rollback-journal databases are
 * written alike, and the journal mode never changes. Time and memory are O(schema).
 *
 * Before the real file is opened for writing, the plan is tried in sql.js on a copy of the schema
 * alone (write/schemaCopyCheck.ts), so a statement SQLite would reject is refused with nothing touched.
 *
 * Without either engine, the replace protocol of replaceApply.ts is the fallback, and only where it
 * can prove exclusivity: on Linux (open handles are visible in /proc) and for a database not in WAL
 * mode (in WAL mode a late writer's commit can land in a -wal the replacement would discard).
 * Elsewhere the apply is refused with the exact SQL and the one command to run by hand.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { quoteArg } from '../../../report/shellQuote';
import { removeStaleLeftovers } from './applyLeftovers';
import { journalState } from '../../../read/sqlite/journalState';
import { processesHolding } from './openHandles';
import { applyByReplace } from './replaceApply';
import { hasSchemaObject, readSqliteSchema } from '../../../read/sqlite/schemaReader';
import { HEADER_SIZE, parseSqliteHeader } from '../../../read/sqlite/sqliteHeader';
import { refused, type ApplyResult, type ManualSteps } from './applyResult';
import { clearInTreeBackups, defaultBackupDir } from './backups';
import type { EngineName, EngineOutcome, SqliteWriteEngine } from './engine';
import { loadNodeSqlite, NodeSqliteEngine } from './nodeSqlite';
import { checkOnSchemaCopy } from './schemaCopyCheck';
import { probeSqlite3, Sqlite3CliEngine } from './sqlite3Cli';
import { createObjectsPlan, dropObjectsSql, type ExpectedObjects, type SqlCheck, type TransactionPlan } from './transactionPlan';

export type { ApplyResult, ManualSteps, RefusalCode } from './applyResult';

interface ApplyRequest {
  /** The DDL and the bookkeeping, run in this order in one transaction. */
  statements: string;
  /** Objects the statements create: absent before (else a conflict), present after. */
  expect: ExpectedObjects;
  /** More checks after the statements (e.g. exactly one migration row recorded). */
  checks?: SqlCheck[];
  /** SQL that removes the bookkeeping again, for the undo the result offers. */
  undoBookkeepingSql?: string;
}

export type EngineChoice = 'auto' | EngineName | 'replace';

export interface ApplyOptions {
  wasmPath: string;
  /** `auto` (default): node:sqlite, else sqlite3, else the guarded fallback. */
  engine?: EngineChoice;
  /** How long to wait for another connection's lock (default 5 s). */
  busyTimeoutMs?: number;
  /** The sqlite3 program (default `sqlite3` on PATH). */
  sqlite3Command?: string;
  /** Where the fallback's backup, and old in-tree backups, go (default: defaultBackupDir()). */
  backupDir?: string;
  /** The fallback loads the whole file in memory: its size limit. */
  sizeCapBytes?: number;
  testHooks?: {
    beforeEngine?: () => Promise<void> | void;
    beforeCommit?: () => Promise<void> | void;
    afterTempWrite?: () => Promise<void> | void;
    beforeRename?: () => Promise<void> | void;
  };
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;
const HOT_JOURNAL_SAMPLES = 10;
const HOT_JOURNAL_GAP_MS = 50;

interface DatabaseTarget {
  requested: string;
  realPath: string;
  isSymlink: boolean;
}

/** Where a database path really points (after symlinks), so callers can apply a workspace policy. */
export async function describeDatabaseTarget(dbPath: string): Promise<DatabaseTarget | undefined> {
  try {
    const lst = await fs.lstat(dbPath);
    return { requested: dbPath, realPath: await fs.realpath(dbPath), isSymlink: lst.isSymbolicLink() };
  } catch {
    return undefined;
  }
}

const sqlite3Probes = new Map<string, Promise<Awaited<ReturnType<typeof probeSqlite3>>>>();

/** The engine `choice` names, or undefined when it is not available here. */
async function findEngine(choice: EngineName, sqlite3Command = 'sqlite3'): Promise<SqliteWriteEngine | undefined> {
  if (choice === 'node:sqlite') {
    const mod = loadNodeSqlite();
    return mod ? new NodeSqliteEngine(mod) : undefined;
  }
  let probe = sqlite3Probes.get(sqlite3Command);
  if (!probe) {
    probe = probeSqlite3(sqlite3Command);
    sqlite3Probes.set(sqlite3Command, probe);
  }
  const cli = await probe;
  return cli ? new Sqlite3CliEngine(cli) : undefined;
}

/** The engines available here, best first. */
async function availableEngines(sqlite3Command?: string): Promise<SqliteWriteEngine[]> {
  const found = await Promise.all((['node:sqlite', 'sqlite3'] as const).map((n) => findEngine(n, sqlite3Command)));
  return found.filter((e): e is SqliteWriteEngine => e !== undefined);
}

/** Takes the change back exactly: the bookkeeping rows first, then what was created. */
function undoSqlFor(request: ApplyRequest): string {
  return [request.undoBookkeepingSql?.trimEnd(), dropObjectsSql(request.expect)].filter((s): s is string => !!s).join('\n');
}

function manualSteps(dbPath: string, statements: string): ManualSteps {
  return { sql: `BEGIN IMMEDIATE;\n${statements.trimEnd()}\nCOMMIT;\n`, command: `sqlite3 -bail ${quoteArg(dbPath)} < session-doctor-fix.sql` };
}

function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A journal with a transaction in it that stays there: a crash left it (a live writer's comes and goes in milliseconds). */
async function persistentHotJournal(realPath: string): Promise<boolean> {
  for (let i = 0; i < HOT_JOURNAL_SAMPLES; i++) {
    if ((await journalState(realPath)) !== 'hot') return false;
    await sleep(HOT_JOURNAL_GAP_MS);
  }
  return true;
}

interface Preflight {
  realPath: string;
  walMode: boolean;
  plan: TransactionPlan;
  notes: string[];
}

/** The checks every write path shares; a refusal here has touched nothing. */
async function preflight(dbPath: string, request: ApplyRequest, backupDir: string): Promise<Preflight | ApplyResult> {
  let realPath: string;
  try {
    realPath = await fs.realpath(dbPath);
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return refused('missing', `database file not found: ${dbPath}`);
    return refused('read-only', `cannot access ${dbPath} (${errnoOf(err) ?? String(err)})`);
  }
  const st = await fs.stat(realPath);
  if (!st.isFile()) return refused('not-sqlite', `${realPath} is not a regular file`);
  // Mode bits first: as root, open() succeeds on a 0444 file, but the user meant it read-only.
  if ((st.mode & 0o222) === 0)
    return refused('read-only', `${realPath} is read-only (mode ${(st.mode & 0o777).toString(8)}); make it writable to apply the fix`);
  const dir = path.dirname(realPath);
  const dirMode = (await fs.stat(dir)).mode;
  if ((dirMode & 0o222) === 0)
    return refused('read-only', `the folder ${dir} is read-only (mode ${(dirMode & 0o777).toString(8)}); SQLite needs to create its journal there`);
  let header: Buffer;
  try {
    const h = await fs.open(realPath, 'r+'); // fails on EROFS and immutable files; changes nothing
    try {
      header = Buffer.alloc(HEADER_SIZE);
      header = header.subarray(0, (await h.read(header, 0, HEADER_SIZE, 0)).bytesRead);
    } finally {
      await h.close();
    }
  } catch (err) {
    return refused('read-only', `${realPath} cannot be opened for writing (${errnoOf(err) ?? String(err)})`);
  }
  let walMode = false;
  if (header.length > 0) {
    const parsed = parseSqliteHeader(header);
    if (!parsed.ok) return refused('not-sqlite', `${realPath} is not a usable SQLite database: ${parsed.reason}`);
    walMode = header[18] === 2 && header[19] === 2;
  }
  if (await persistentHotJournal(realPath)) {
    return refused(
      'hot-journal',
      `${realPath}-journal holds an interrupted transaction; open the database once with sqlite3 (which rolls it back) or restart the program that was writing, then try again`,
    );
  }
  await removeStaleLeftovers(realPath);
  const notes = await clearInTreeBackups(realPath, backupDir);
  const plan = createObjectsPlan(request.statements, request.expect, request.checks);
  const schema = await readSqliteSchema(realPath);
  if (schema.status === 'error') return refused('not-sqlite', `${realPath} is damaged: ${schema.reason}`, { notes });
  if (schema.status === 'ok') {
    const present = request.expect.tables.filter((t) => hasSchemaObject(schema, 'table', t) === true);
    if (present.length > 0 && present.length === request.expect.tables.length) {
      return { status: 'conflict', reason: `the database already has ${present.map((t) => `table "${t}"`).join(', ')}: nothing to create`, notes };
    }
  }
  return { realPath, walMode, plan, notes };
}

/**
 * Applies the request to the SQLite file at `dbPath`. Never throws: every failure is a refusal
 * that says what happened, and a refusal has changed nothing.
 */
export async function applySql(dbPath: string, request: ApplyRequest, opts: ApplyOptions): Promise<ApplyResult> {
  const backupDir = opts.backupDir ?? defaultBackupDir();
  try {
    const pre = await preflight(dbPath, request, backupDir);
    if ('status' in pre) return pre;
    const choice = opts.engine ?? 'auto';
    if (choice === 'replace') return await viaReplace(pre, request, opts, backupDir, 'the whole-file replace was chosen');
    const engine = choice === 'auto' ? (await availableEngines(opts.sqlite3Command))[0] : await findEngine(choice, opts.sqlite3Command);
    if (!engine) {
      if (choice !== 'auto') return refused('no-engine', `the ${choice} engine is not available here`, { notes: pre.notes });
      return await viaReplace(
        pre,
        request,
        opts,
        backupDir,
        "neither node:sqlite (Node 22.13+) nor the sqlite3 program is available to write under SQLite's locks",
      );
    }
    return await viaEngine(engine, pre, request, opts);
  } catch (err) {
    return refused('io-error', `unexpected error, nothing was written: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function viaEngine(engine: SqliteWriteEngine, pre: Preflight, request: ApplyRequest, opts: ApplyOptions): Promise<ApplyResult> {
  const { realPath, plan, notes } = pre;
  const schema = await readSqliteSchema(realPath);
  if (schema.status === 'ok') {
    const copy = await checkOnSchemaCopy(schema.entries, plan, opts.wasmPath);
    if (copy.kind === 'fails') {
      if (copy.failure === 'conflict') return { status: 'conflict', reason: `${copy.reason}: the database no longer needs this change`, notes };
      return refused(
        copy.failure === 'verify' ? 'verify-failed' : 'sql-error',
        `the SQL fails on a copy of the database's schema (${copy.reason}); the database was not touched`,
        { notes },
      );
    }
  }
  const busyTimeoutMs = opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  await opts.testHooks?.beforeEngine?.();
  const outcome = await engine.run(realPath, plan, { busyTimeoutMs, beforeCommit: opts.testHooks?.beforeCommit });
  return resultOf(outcome, engine, pre, request, busyTimeoutMs);
}

async function resultOf(outcome: EngineOutcome, engine: SqliteWriteEngine, pre: Preflight, request: ApplyRequest, busyTimeoutMs: number): Promise<ApplyResult> {
  const { realPath, notes } = pre;
  const applied: ApplyResult = { status: 'applied', method: engine.name, methodDescription: engine.description, undoSql: undoSqlFor(request), notes };
  switch (outcome.kind) {
    case 'committed':
      return applied;
    case 'check-failed':
      if (outcome.check.failure === 'conflict')
        return { status: 'conflict', reason: `${outcome.check.message}: another program changed the database meanwhile; nothing was written`, notes };
      return refused('verify-failed', `${outcome.check.message}; the transaction was rolled back, nothing was written`, { notes });
    case 'busy':
      return refused(
        'locked',
        `another program kept the database locked for more than ${busyTimeoutMs / 1000} s (${outcome.detail}); nothing was written. Try again; if it persists, look for a long-running transaction`,
        { notes },
      );
    case 'read-only':
      return refused('read-only', `SQLite cannot write ${realPath} (${outcome.detail}); nothing was written`, { notes });
    case 'cannot-open':
      return refused('missing', `SQLite cannot open ${realPath} (${outcome.detail}); nothing was written`, { notes });
    case 'sql-error':
      return refused('sql-error', `the SQL failed (${outcome.detail}); the transaction was rolled back, nothing was written`, { notes });
    case 'unknown': {
      // The engine stopped without a word. SQLite's commit is atomic: the change is all there or not at all.
      const after = await readSqliteSchema(realPath);
      const all = after.status === 'ok' && request.expect.tables.every((t) => hasSchemaObject(after, 'table', t) === true);
      if (all) return { ...applied, notes: [...notes, `${engine.description} stopped unexpectedly (${outcome.detail}) after its commit`] };
      return refused(
        'interrupted',
        `${engine.description} stopped unexpectedly (${outcome.detail}) before its commit; SQLite rolled the transaction back, nothing was written`,
        { notes },
      );
    }
  }
}

/** The fallback, where exclusivity can be proven; elsewhere a refusal with the manual steps. */
async function viaReplace(pre: Preflight, request: ApplyRequest, opts: ApplyOptions, backupDir: string, why: string): Promise<ApplyResult> {
  const { realPath, notes } = pre;
  const manual = manualSteps(realPath, request.statements);
  const noEngine = why;
  if (pre.walMode)
    return refused('no-engine', `${noEngine}, and a WAL-mode database cannot be replaced safely (a late writer's commit could be lost); run the SQL by hand`, {
      manual,
      notes,
    });
  const st = await fs.stat(realPath);
  if ((await processesHolding({ dev: st.dev, ino: st.ino })) === undefined) {
    return refused('no-engine', `${noEngine}, and on this system other programs using the database cannot be seen; run the SQL by hand`, { manual, notes });
  }
  const r = await applyByReplace(realPath, request.statements, {
    wasmPath: opts.wasmPath,
    sizeCapBytes: opts.sizeCapBytes,
    expect: request.expect,
    backupDir,
    testHooks: opts.testHooks,
  });
  if (r.status === 'refused') return refused(r.code, r.reason, { manual, notes });
  return {
    status: 'applied',
    method: 'replace',
    methodDescription: 'a checked whole-file replace (sql.js)',
    undoSql: undoSqlFor(request),
    backupPath: r.backupPath,
    notes,
  };
}
