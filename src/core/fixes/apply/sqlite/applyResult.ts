/**
 * What an apply reports. Each status means exactly what it says:
 * - `applied`: the change is committed in the database;
 * - `conflict`: the database no longer needs the change (someone else made it meanwhile); nothing changed;
 * - `refused`: nothing changed, for the reason given; `manual` holds the SQL and the command to run by hand
 *   when no engine could apply it safely.
 */
import type { EngineName } from './engine';

export type RefusalCode =
  | 'missing'
  | 'not-sqlite'
  | 'wal-pending'
  | 'wal-mode'
  | 'hot-journal'
  | 'read-only'
  | 'too-large'
  | 'changed-during-apply'
  | 'verify-failed'
  | 'sql-error'
  | 'locked'
  | 'no-engine'
  | 'interrupted'
  | 'io-error';

type WriteMethod = EngineName | 'replace';

export interface ManualSteps {
  /** The exact SQL, a whole transaction, ready for `sqlite3 <db>`. */
  sql: string;
  /** The one command that applies it, e.g. `sqlite3 prisma/dev.db < session-doctor-fix.sql`. */
  command: string;
}

export type ApplyResult =
  | {
      status: 'applied';
      method: WriteMethod;
      /** What the engine was, in words (`sqlite3 3.40.1`, `node:sqlite (Node 22.23.3)`). */
      methodDescription: string;
      /** SQL that takes the change back exactly (drop what was created, remove the bookkeeping rows). */
      undoSql: string;
      /** The full copy taken by the replace fallback, outside the user's tree. */
      backupPath?: string;
      /** Things done on the side, in plain words (e.g. an old in-tree backup moved out of the tree). */
      notes: string[];
    }
  | { status: 'conflict'; reason: string; notes: string[] }
  | { status: 'refused'; code: RefusalCode; reason: string; manual?: ManualSteps; notes: string[] };

export function refused(code: RefusalCode, reason: string, extra: { manual?: ManualSteps; notes?: string[] } = {}): ApplyResult {
  return { status: 'refused', code, reason, manual: extra.manual, notes: extra.notes ?? [] };
}
