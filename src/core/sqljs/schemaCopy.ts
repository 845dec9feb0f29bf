/**
 * An in-memory sql.js database holding a copy of a real database's schema (the `sqlite_schema`
 * statements the O(schema) reader returns), with no rows: where fixes are tried before the real
 * file is touched. Tables first, then indexes, views and triggers, as a dump would order them.
 */
import type { Database } from 'sql.js';
import type { SchemaEntry } from '../read/sqlite/schemaReader';
import { loadSqlJs } from './sqlJsModule';

const ORDER: Record<SchemaEntry['type'], number> = { table: 0, index: 1, view: 2, trigger: 3 };

/** Runs `use` on a fresh in-memory database, closed afterwards; an error if sql.js cannot be loaded. */
export async function withSqlJs<T>(wasmPath: string, use: (db: Database) => T): Promise<T | { sqlJsError: string }> {
  let SQL;
  try {
    SQL = await loadSqlJs(wasmPath);
  } catch (err) {
    return { sqlJsError: `sql.js unavailable: ${err instanceof Error ? err.message : String(err)}` };
  }
  const db = new SQL.Database();
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/** Creates the schema's objects in `db`; returns those that failed (a module sql.js lacks, say), with why. */
export function loadSchemaCopy(db: Database, entries: SchemaEntry[]): string[] {
  const failures: string[] = [];
  for (const e of [...entries].filter((x) => x.sql && !x.name.startsWith('sqlite_')).sort((a, b) => ORDER[a.type] - ORDER[b.type])) {
    try {
      db.run(e.sql as string);
    } catch (err) {
      failures.push(`${e.type} ${e.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return failures;
}
