/** Test support: building real databases with Debian's `sqlite3` CLI and asking it for the truth. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SchemaEntry } from '../../src/core/read/sqlite/schemaReader';

export function sqlite3(db: string, sql: string, args: string[] = []): string {
  return execFileSync('sqlite3', [...args, db], { input: sql, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** `sqlite_schema` as the sqlite3 CLI sees it, in row order. */
export function cliSchema(db: string): SchemaEntry[] {
  const out = sqlite3(db, 'select type,name,tbl_name,rootpage,sql from sqlite_schema order by rowid;', ['-json']).trim();
  if (out === '') return [];
  const rows = JSON.parse(out) as { type: SchemaEntry['type']; name: string; tbl_name: string; rootpage: number | null; sql: string | null }[];
  return rows.map((r) => ({ type: r.type, name: r.name, tblName: r.tbl_name, rootPage: r.rootpage ?? 0, sql: r.sql }));
}

export function cliScalar(db: string, sql: string): string {
  return sqlite3(db, sql).trim();
}

export function makeTempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `sd-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface GenOptions {
  pageSize?: number;
  tables?: number;
  /** Length of an extra CHECK expression in one table's SQL, to force overflow pages. */
  longSqlBytes?: number;
  autoVacuum?: 'none' | 'full' | 'incremental';
  encoding?: 'UTF-8' | 'UTF-16le' | 'UTF-16be';
  reserveBytes?: number;
  rowsPerTable?: number;
}

/** SQL that creates a varied schema: tables, indexes, a view, a trigger, and optionally one very long statement. */
export function schemaSql(o: GenOptions): string {
  const parts: string[] = [];
  if (o.pageSize) parts.push(`PRAGMA page_size=${o.pageSize};`);
  if (o.autoVacuum && o.autoVacuum !== 'none') parts.push(`PRAGMA auto_vacuum=${o.autoVacuum};`);
  if (o.encoding) parts.push(`PRAGMA encoding='${o.encoding}';`);
  const n = o.tables ?? 3;
  for (let i = 0; i < n; i++) {
    parts.push(`CREATE TABLE "T_${i}_Ünï" (id INTEGER PRIMARY KEY, name TEXT UNIQUE, v${i} REAL DEFAULT ${i}.5, note TEXT);`);
    parts.push(`CREATE INDEX "T_${i}_idx" ON "T_${i}_Ünï"(note, v${i});`);
    for (let r = 0; r < (o.rowsPerTable ?? 2); r++) parts.push(`INSERT INTO "T_${i}_Ünï"(name, note) VALUES ('n${r}', hex(randomblob(20)));`);
  }
  parts.push('CREATE TABLE "Session" (id TEXT NOT NULL PRIMARY KEY, "userId" TEXT NOT NULL, "expiresAt" DATETIME NOT NULL);');
  parts.push('CREATE VIEW v_sessions AS SELECT id FROM "Session";');
  parts.push(`CREATE TRIGGER trg AFTER INSERT ON "Session" BEGIN SELECT 1; END;`);
  if (o.longSqlBytes) {
    const terms: string[] = [];
    let len = 0;
    for (let k = 0; len < o.longSqlBytes; k++) {
      const t = `'value-${k}'`;
      terms.push(t);
      len += t.length + 2;
    }
    // An IN list, not an AND chain: SQLite limits expression depth to 1000.
    parts.push(`CREATE TABLE long_sql (x TEXT CHECK (x NOT IN (${terms.join(', ')})));`);
  }
  return parts.join('\n');
}

export function generateDb(path: string, o: GenOptions): void {
  const pre = o.reserveBytes ? `.filectrl reserve_bytes ${o.reserveBytes}\nVACUUM;\n` : '';
  sqlite3(path, schemaSql(o) + '\n' + pre);
}
