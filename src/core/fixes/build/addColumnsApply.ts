/**
 * The checks and the undo of a locked SQLite apply that adds columns to an existing table (and
 * perhaps indexes on them), for every stack's missing-columns fix. Pure.
 *
 * The apply's plan (fixes/apply/sqlite/transactionPlan.ts) checks and undoes the objects a fix
 * `expect`s to create, tables included: an add-columns fix expects none (its undo would drop the
 * table). Its columns and indexes are checked here instead, inside the same transaction, and the
 * undo drops the indexes first, then the columns (SQLite 3.35+ `DROP COLUMN`).
 */
import type { SqlCheck } from '../../model';

function sqlLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function quoteId(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

export function addColumnsChecks(table: string, columns: readonly string[], indexes: readonly string[]): { checks: SqlCheck[]; undoSql: string } {
  return {
    checks: [
      ...columns.map((c): SqlCheck => ({
        expr: `EXISTS (SELECT 1 FROM pragma_table_info(${sqlLiteral(table)}) WHERE name = ${sqlLiteral(c)} COLLATE NOCASE)`,
        failure: 'verify',
        message: `column "${c}" of "${table}" is still missing after the SQL`,
      })),
      ...indexes.map((i): SqlCheck => ({
        expr: `EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ${sqlLiteral(i)} COLLATE NOCASE)`,
        failure: 'verify',
        message: `index "${i}" is still missing after the SQL`,
      })),
    ],
    undoSql: [
      ...indexes.map((i) => `DROP INDEX IF EXISTS ${quoteId(i)};`),
      ...columns.map((c) => `ALTER TABLE ${quoteId(table)} DROP COLUMN ${quoteId(c)};`),
    ].join('\n'),
  };
}
