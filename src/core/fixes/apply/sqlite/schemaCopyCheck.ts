/**
 * A dry run of the plan in sql.js, on an in-memory copy of the database's schema only (the
 * `sqlite_schema` statements the O(schema) reader returns, no rows). It catches a statement that
 * SQLite would reject before the real file is opened for writing, in O(schema) time and memory.
 *
 * The copy may not be perfect: a virtual table whose module sql.js lacks, or an object that only
 * loads in order, can fail to replay. Such a replay is "incomplete", and a plan that fails on an
 * incomplete copy is not refused here: the real engine, inside its transaction, has the last word.
 */
import type { SchemaEntry } from '../../../read/sqlite/schemaReader';
import { loadSchemaCopy, withSqlJs } from '../../../sqljs/schemaCopy';
import type { TransactionPlan } from './transactionPlan';

type SchemaCopyVerdict =
  | { kind: 'ok' }
  /** The plan fails on a faithful copy: refuse, nothing was touched. */
  | { kind: 'fails'; reason: string; failure: 'conflict' | 'verify' | 'sql-error' }
  /** The copy could not be made faithfully (or sql.js is unavailable): no verdict. */
  | { kind: 'inconclusive'; reason: string };

export async function checkOnSchemaCopy(entries: SchemaEntry[], plan: TransactionPlan, wasmPath: string): Promise<SchemaCopyVerdict> {
  const verdict = await withSqlJs(wasmPath, (db): SchemaCopyVerdict => {
    const replayFailures = loadSchemaCopy(db, entries).length;
    const scalar = (expr: string) => Number(db.exec(`SELECT (${expr})`)[0]?.values[0]?.[0]);
    for (const check of plan.before) {
      if (scalar(check.expr) !== 1) return { kind: 'fails', reason: check.message, failure: check.failure };
    }
    db.run('BEGIN');
    try {
      db.exec(plan.statements);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return replayFailures === 0
        ? { kind: 'fails', reason, failure: 'sql-error' }
        : { kind: 'inconclusive', reason: `${reason} (on a copy that replayed ${replayFailures} object(s) badly)` };
    }
    for (const check of plan.after) {
      if (scalar(check.expr) !== 1 && replayFailures === 0) return { kind: 'fails', reason: check.message, failure: check.failure };
    }
    return replayFailures === 0 ? { kind: 'ok' } : { kind: 'inconclusive', reason: `${replayFailures} schema object(s) could not be replayed in sql.js` };
  });
  return 'sqlJsError' in verdict ? { kind: 'inconclusive', reason: verdict.sqlJsError } : verdict;
}
