/**
 * What the O(schema) SQLite reader (read/sqlite/schemaReader.ts) reports, and the pure questions
 * the rules ask of it. No I/O here: rules import this, never the reader.
 */
import type { RecordValue } from '../read/sqlite/recordFormat';

export interface SchemaEntry {
  type: 'table' | 'index' | 'view' | 'trigger';
  name: string;
  tblName: string;
  rootPage: number;
  sql: string | null;
}

/** Raw records of a table read along with the schema (see readSqliteSchema's `rowsOf`). */
export interface TableRecords {
  /** Row ids, parallel to `records` (an INTEGER PRIMARY KEY column is stored as NULL and lives here). */
  rowids: number[];
  records: RecordValue[][];
  /** The table's row count exceeded the limit: `records` is incomplete. */
  truncated: boolean;
}

export type SchemaReadResult =
  | { status: 'ok'; pageSize: number; walMode: boolean; usedWal: boolean; entries: SchemaEntry[]; changeCounter: number; tables?: Record<string, TableRecords> }
  | { status: 'unknown'; reason: string }
  | { status: 'error'; reason: string };

/** `true`/`false` when the read succeeded; `undefined` when it did not. Case-insensitive (ASCII), as SQLite is. */
export function hasTable(r: SchemaReadResult, name: string): boolean | undefined {
  if (r.status !== 'ok') return undefined;
  const wanted = asciiLower(name);
  return r.entries.some((e) => e.type === 'table' && asciiLower(e.name) === wanted);
}

/** Same as hasTable, for any schema object type. */
export function hasSchemaObject(r: SchemaReadResult, type: SchemaEntry['type'], name: string): boolean | undefined {
  if (r.status !== 'ok') return undefined;
  const wanted = asciiLower(name);
  return r.entries.some((e) => e.type === type && asciiLower(e.name) === wanted);
}

export function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
