/**
 * Health-check benchmark: our O(schema) reader against spawning the sqlite3 CLI and against a
 * sql.js full load, on ~1 MB, ~100 MB and ~1 GB databases, in one run. Files are in the OS page
 * cache after the first read (warm), which is the case that favours the full-load approaches most.
 * Run: node --expose-gc --import tsx scripts/bench/healthCheck.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import initSqlJs from 'sql.js';
import { hasTable, readSqliteSchema } from '../../src/core/read/sqlite/schemaReader';

/*
 * Databases for the SQLite benchmarks (also used by apply.ts), generated once with better-sqlite3
 * and cached under .bench-tmp/sqlite (git-ignored): a padded User table and a Session-less schema.
 */
export const BENCH_DIR = resolve(__dirname, '../../.bench-tmp/sqlite');

export interface BenchDb {
  label: string;
  path: string;
  bytes: number;
}

const MB = 1024 * 1024;

export function benchDatabase(label: string, targetBytes: number): BenchDb {
  mkdirSync(BENCH_DIR, { recursive: true });
  const path = join(BENCH_DIR, `bench-${label}.db`);
  if (!existsSync(path)) {
    const tmp = `${path}.building`;
    rmSync(tmp, { force: true });
    const db = new Database(tmp);
    db.pragma('journal_mode=OFF');
    db.pragma('synchronous=OFF');
    db.exec(`CREATE TABLE "User" (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, pad BLOB);
      CREATE UNIQUE INDEX "User_email_key" ON "User"(email);
      CREATE TABLE "Post" (id INTEGER PRIMARY KEY, "authorId" INTEGER REFERENCES "User"(id), title TEXT);
      CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");`);
    const rowBytes = 1320; // measured: a 1000-byte blob row takes about 1.32 KB of file with its index entry
    const rows = Math.max(1, Math.round(targetBytes / rowBytes));
    const batch = 100000;
    for (let done = 0; done < rows; done += batch) {
      const n = Math.min(batch, rows - done);
      db.exec(`WITH RECURSIVE c(i) AS (SELECT ${done + 1} UNION ALL SELECT i+1 FROM c WHERE i < ${done + n})
        INSERT INTO "User" SELECT i, 'user'||i||'@example.com', 'User '||i, randomblob(1000) FROM c;`);
    }
    db.close();
    renameSync(tmp, path);
  }
  return { label, path, bytes: statSync(path).size };
}

export function standardSizes(): { label: string; bytes: number }[] {
  return [
    { label: '1MB', bytes: 1 * MB },
    { label: '100MB', bytes: 100 * MB },
    { label: '1GB', bytes: 1024 * MB },
  ];
}

export interface HealthCheckRow {
  label: string;
  bytes: number;
  oursMs: number;
  oursRuns: number;
  sqlite3Ms: number;
  sqlite3Runs: number;
  sqlJsMs: number | null;
  sqlJsNote: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function timeAsync(runs: number, f: () => Promise<unknown>): Promise<number> {
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

export async function benchHealthCheck(): Promise<{ rows: HealthCheckRow[]; ratios: Record<string, number> }> {
  const SQL = await initSqlJs({ locateFile: () => resolve(__dirname, '../../node_modules/sql.js/dist/sql-wasm.wasm') });
  const dbs = standardSizes().map((s) => benchDatabase(s.label, s.bytes));
  for (const db of dbs) {
    const check = await readSqliteSchema(db.path);
    if (check.status !== 'ok' || hasTable(check, 'User') !== true || hasTable(check, 'Session') !== false)
      throw new Error(`unexpected check result on ${db.path}`);
  }
  // Interleaved rounds (1 MB, 100 MB, 1 GB, 1 MB, ...) so that load from other processes hits all sizes alike.
  const oursRuns = 300;
  const sqlite3Runs = 30;
  const ours = dbs.map(() => [] as number[]);
  const cli = dbs.map(() => [] as number[]);
  for (let round = 0; round < oursRuns + 20; round++) {
    for (const [i, db] of dbs.entries()) {
      const t0 = performance.now();
      await readSqliteSchema(db.path);
      if (round >= 20) ours[i].push(performance.now() - t0); // the first 20 rounds warm up
    }
  }
  for (let round = 0; round < sqlite3Runs; round++) {
    for (const [i, db] of dbs.entries()) {
      const t0 = performance.now();
      execFileSync('sqlite3', [db.path, "select name from sqlite_schema where name='Session'"]);
      cli[i].push(performance.now() - t0);
    }
  }
  const rows: HealthCheckRow[] = [];
  for (const [i, db] of dbs.entries()) {
    let sqlJsMs: number | null = null;
    let sqlJsNote: string;
    try {
      const runs = db.bytes > 200 * 1024 * 1024 ? 2 : db.bytes > 10 * 1024 * 1024 ? 3 : 10;
      sqlJsMs = await timeAsync(runs, async () => {
        const d = new SQL.Database(readFileSync(db.path));
        d.exec("select name from sqlite_schema where name='Session'");
        d.close();
      });
      sqlJsNote = `median of ${runs}`;
    } catch (err) {
      sqlJsNote = `sql.js could not load it: ${err instanceof Error ? err.message : String(err)}`;
    }
    (globalThis as { gc?: () => void }).gc?.();
    rows.push({ label: db.label, bytes: db.bytes, oursMs: median(ours[i]), oursRuns, sqlite3Ms: median(cli[i]), sqlite3Runs, sqlJsMs, sqlJsNote });
  }
  const by = (l: string) => rows.find((r) => r.label === l) as HealthCheckRow;
  const ratios: Record<string, number> = {
    'ours 1GB / ours 1MB': by('1GB').oursMs / by('1MB').oursMs,
    'ours 100MB / ours 1MB': by('100MB').oursMs / by('1MB').oursMs,
  };
  for (const r of rows) ratios[`sqlite3 / ours @${r.label}`] = r.sqlite3Ms / r.oursMs;
  for (const r of rows) if (r.sqlJsMs !== null) ratios[`sql.js / ours @${r.label}`] = r.sqlJsMs / r.oursMs;
  return { rows, ratios };
}

if (require.main === module) {
  void benchHealthCheck().then(({ rows, ratios }) => {
    console.log('size   bytes        ours(ms)  sqlite3(ms)  sql.js(ms)');
    for (const r of rows) {
      console.log(
        `${r.label.padEnd(6)} ${String(r.bytes).padEnd(12)} ${r.oursMs.toFixed(3).padStart(8)}  ${r.sqlite3Ms.toFixed(2).padStart(11)}  ${r.sqlJsMs === null ? r.sqlJsNote : r.sqlJsMs.toFixed(1).padStart(10)}`,
      );
    }
    for (const [k, v] of Object.entries(ratios)) console.log(`${k}: ${v.toFixed(2)}x`);
  });
}
