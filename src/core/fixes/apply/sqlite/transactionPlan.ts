/**
 * What one locked write does, independent of the engine that runs it: checks that the schema still
 * needs the change, the statements, and checks that the result is what was asked for. Every part
 * runs inside one `BEGIN IMMEDIATE` transaction; a failed check rolls everything back.
 *
 * A check is a SQL boolean expression that is 1 when all is well. Both engines evaluate the same
 * text: node:sqlite as `SELECT (expr)`, the sqlite3 CLI through a guard trigger (see sqlite3Cli.ts).
 */

import type { SqlCheck } from '../../../model';

export type { SqlCheck };

export interface TransactionPlan {
  before: SqlCheck[];
  statements: string;
  after: SqlCheck[];
}

export interface ExpectedObjects {
  tables: string[];
  indexes: string[];
  /** Columns the statements add to tables that exist. */
  columns?: Array<{ table: string; column: string }>;
}

function sqlLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function schemaHas(type: 'table' | 'index', name: string): string {
  // sqlite_master, not sqlite_schema: the alias needs SQLite 3.33, and older CLIs are still shipped.
  return `EXISTS (SELECT 1 FROM sqlite_master WHERE type = '${type}' AND name = ${sqlLiteral(name)} COLLATE NOCASE)`;
}

function columnHas(table: string, column: string): string {
  return `EXISTS (SELECT 1 FROM pragma_table_info(${sqlLiteral(table)}) WHERE name = ${sqlLiteral(column)} COLLATE NOCASE)`;
}

/**
 * The plan for creating `expect`'s objects with `statements`: none of them may exist before (else
 * someone else changed the schema meanwhile, a conflict), all of them must exist after, the new
 * tables hold no foreign-key violation, and the fix's own bookkeeping checks pass.
 */
export function createObjectsPlan(statements: string, expect: ExpectedObjects, extraAfter: SqlCheck[] = []): TransactionPlan {
  const objects = [...expect.tables.map((n) => ['table', n] as const), ...expect.indexes.map((n) => ['index', n] as const)];
  const columns = expect.columns ?? [];
  return {
    before: [
      ...objects.map(([type, name]): SqlCheck => ({ expr: `NOT ${schemaHas(type, name)}`, failure: 'conflict', message: `${type} "${name}" already exists` })),
      ...columns.map(({ table, column }): SqlCheck => ({
        expr: `NOT ${columnHas(table, column)}`,
        failure: 'conflict',
        message: `column "${column}" of table "${table}" already exists`,
      })),
    ],
    statements,
    after: [
      ...objects.map(([type, name]): SqlCheck => ({
        expr: schemaHas(type, name),
        failure: 'verify',
        message: `${type} "${name}" is still missing after the SQL`,
      })),
      ...columns.map(({ table, column }): SqlCheck => ({
        expr: columnHas(table, column),
        failure: 'verify',
        message: `column "${column}" of table "${table}" is still missing after the SQL`,
      })),
      ...expect.tables.map((t): SqlCheck => ({
        expr: `NOT EXISTS (SELECT 1 FROM pragma_foreign_key_check(${sqlLiteral(t)}))`,
        failure: 'verify',
        message: `table "${t}" has foreign-key violations after the SQL`,
      })),
      ...extraAfter,
    ],
  };
}

/** SQL that takes back exactly the objects the plan created (indexes first, then columns, then tables). */
export function dropObjectsSql(expect: ExpectedObjects): string {
  const quote = (n: string) => `"${n.replace(/"/g, '""')}"`;
  return [
    ...expect.indexes.map((i) => `DROP INDEX IF EXISTS ${quote(i)};`),
    ...(expect.columns ?? []).map((c) => `ALTER TABLE ${quote(c.table)} DROP COLUMN ${quote(c.column)};`),
    ...expect.tables.map((t) => `DROP TABLE IF EXISTS ${quote(t)};`),
  ].join('\n');
}
