/**
 * The `node:sqlite` engine: SQLite itself, in this process, holding SQLite's own locks.
 *
 * The API is synchronous, so a long busy wait would freeze the event loop (the VS Code extension
 * host). Each lock attempt therefore waits at most SLICE_MS inside SQLite, and the retries until
 * the deadline are spaced with timers in between.
 */
import { pathToFileURL } from 'node:url';
import { outcomeForCode, SQLITE_BUSY, SQLITE_LOCKED, type EngineOutcome, type EngineRunOptions, type SqliteWriteEngine } from './engine';
import type { TransactionPlan } from './transactionPlan';

/** The part of node:sqlite's DatabaseSync we use (Node 20's types do not have the module). */
interface StatementSync {
  get(): Record<string, unknown> | undefined;
}
interface DatabaseSync {
  exec(sql: string): void;
  prepare(sql: string): StatementSync;
  close(): void;
}
interface NodeSqliteModule {
  DatabaseSync: new (path: string, options?: Record<string, unknown>) => DatabaseSync;
}
interface SqliteError {
  errcode?: number;
  message?: string;
}

const SLICE_MS = 50;
const RETRY_GAP_MS = 10;

let cached: NodeSqliteModule | null | undefined;

/**
 * node:sqlite if this Node has it, else undefined. Loading it prints an ExperimentalWarning on some
 * versions; that warning is kept out of the output (the CLI's stderr is the user's).
 */
export function loadNodeSqlite(): NodeSqliteModule | undefined {
  if (cached !== undefined) return cached ?? undefined;
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/sqlite/i.test(text)) return;
    (emitWarning as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = (getBuiltin ? getBuiltin('node:sqlite') : require('node:sqlite')) as NodeSqliteModule | undefined;
    cached = mod && typeof mod.DatabaseSync === 'function' ? mod : null;
  } catch {
    cached = null; // no such builtin, or behind a flag (Node 22.5–22.12)
  } finally {
    process.emitWarning = emitWarning;
  }
  return cached ?? undefined;
}

function isBusy(err: unknown): boolean {
  const code = ((err as SqliteError).errcode ?? -1) & 0xff;
  return code === SQLITE_BUSY || code === SQLITE_LOCKED;
}

function describe(err: unknown): string {
  return (err as SqliteError).message ?? String(err);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs `step` until it stops failing with SQLITE_BUSY or the deadline passes (then rethrows). */
async function withRetries(deadline: number, step: () => void): Promise<void> {
  for (;;) {
    try {
      step();
      return;
    } catch (err) {
      if (!isBusy(err) || Date.now() >= deadline) throw err;
    }
    await sleep(RETRY_GAP_MS);
  }
}

export class NodeSqliteEngine implements SqliteWriteEngine {
  readonly name = 'node:sqlite' as const;
  readonly description: string;

  constructor(private readonly mod: NodeSqliteModule) {
    this.description = `node:sqlite (Node ${process.versions.node})`;
  }

  async run(dbPath: string, plan: TransactionPlan, opts: EngineRunOptions): Promise<EngineOutcome> {
    let db: DatabaseSync;
    try {
      // mode=rw: never create a database that is not there. Foreign keys off and double-quoted
      // strings allowed, as in the sqlite3 CLI, so an old schema loads exactly as it does there.
      db = new this.mod.DatabaseSync(`${pathToFileURL(dbPath).href}?mode=rw`, {
        open: true,
        enableForeignKeyConstraints: false,
        enableDoubleQuotedStringLiterals: true,
      });
    } catch (err) {
      return outcomeForCode((err as SqliteError).errcode, describe(err));
    }
    const deadline = Date.now() + opts.busyTimeoutMs;
    let inTransaction = false;
    try {
      db.exec(`PRAGMA busy_timeout = ${SLICE_MS}`);
      await withRetries(deadline, () => db.exec('BEGIN IMMEDIATE'));
      inTransaction = true;
      for (const check of plan.before) if (!passes(db, check.expr)) return rollback(db, { kind: 'check-failed', check });
      db.exec(plan.statements);
      for (const check of plan.after) if (!passes(db, check.expr)) return rollback(db, { kind: 'check-failed', check });
      await opts.beforeCommit?.();
      await withRetries(deadline, () => db.exec('COMMIT'));
      inTransaction = false;
      return { kind: 'committed' };
    } catch (err) {
      if (inTransaction) rollback(db, undefined);
      return outcomeForCode((err as SqliteError).errcode, describe(err));
    } finally {
      db.close();
    }
  }
}

function passes(db: DatabaseSync, expr: string): boolean {
  const row = db.prepare(`SELECT (${expr}) AS ok`).get();
  return Number(row?.ok) === 1;
}

function rollback<T>(db: DatabaseSync, value: T): T {
  try {
    db.exec('ROLLBACK');
  } catch {
    // SQLite may have rolled back already (an error that ends the transaction)
  }
  return value;
}
