/**
 * The engines that write SQLite under SQLite's own locks, and how one is chosen.
 *
 * 1. `node:sqlite`, where the running Node has it (Node 22.13+, and VS Code hosts whose Electron
 *    ships it). Detected by trying to load it, never by version.
 * 2. The `sqlite3` CLI, when it is on PATH.
 * Both open the file in place with `mode=rw` (never creating it), take `BEGIN IMMEDIATE` with a
 * bounded busy timeout, and so cooperate with every other SQLite connection, a running dev server
 * included. Without either, the caller falls back (see ../replaceApply.ts).
 */
import type { SqlCheck, TransactionPlan } from './transactionPlan';

export type EngineName = 'node:sqlite' | 'sqlite3';

export type EngineOutcome =
  | { kind: 'committed' }
  | { kind: 'check-failed'; check: SqlCheck }
  | { kind: 'busy'; detail: string }
  | { kind: 'read-only'; detail: string }
  | { kind: 'cannot-open'; detail: string }
  | { kind: 'sql-error'; detail: string }
  /** The engine stopped without saying whether it committed (a crash, a signal). */
  | { kind: 'unknown'; detail: string };

export interface EngineRunOptions {
  /** How long to wait for another connection's lock, in total. */
  busyTimeoutMs: number;
  /** Test-only: called inside the transaction, after the checks, right before COMMIT. */
  beforeCommit?: () => Promise<void> | void;
}

export interface SqliteWriteEngine {
  readonly name: EngineName;
  /** A human description for messages, e.g. `sqlite3 3.40.1 (/usr/bin/sqlite3)`. */
  readonly description: string;
  run(dbPath: string, plan: TransactionPlan, opts: EngineRunOptions): Promise<EngineOutcome>;
}

/** SQLite primary result codes we tell apart (the low byte of an extended code). */
export const SQLITE_BUSY = 5;
export const SQLITE_LOCKED = 6;
const SQLITE_READONLY = 8;
const SQLITE_CANTOPEN = 14;

export function outcomeForCode(code: number | undefined, detail: string): EngineOutcome {
  switch ((code ?? -1) & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return { kind: 'busy', detail };
    case SQLITE_READONLY:
      return { kind: 'read-only', detail };
    case SQLITE_CANTOPEN:
      return { kind: 'cannot-open', detail };
    default:
      return { kind: 'sql-error', detail };
  }
}
