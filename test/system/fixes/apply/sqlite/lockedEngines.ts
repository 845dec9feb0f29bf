/**
 * Test support for the locked writers: which engines this Node has, the database the tests write,
 * and other programs using it (Python's sqlite3, a real SQLite, through support/sqliteProcess.py).
 *
 * SESSION_DOCTOR_EXPECT_ENGINES (set by the npm scripts: `sqlite3` under Node 20, both under Node 22)
 * turns a missing engine into a failure instead of fewer tests.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { loadNodeSqlite } from '../../../../../src/core/fixes/apply/sqlite/nodeSqlite';
import type { EngineName } from '../../../../../src/core/fixes/apply/sqlite/engine';
import { cliScalar, sqlite3 } from '../../../../support/sqliteCli';

export const WASM = resolve('node_modules/sql.js/dist/sql-wasm.wasm');
const PROCESS_PY = resolve(__dirname, 'support/sqliteProcess.py');

export function enginesHere(): EngineName[] {
  const names: EngineName[] = [];
  if (loadNodeSqlite()) names.push('node:sqlite');
  if (spawnSync('sqlite3', ['-version']).status === 0) names.push('sqlite3');
  const expected = process.env.SESSION_DOCTOR_EXPECT_ENGINES;
  if (expected) assert.deepEqual(names, expected.split(','), `engines available under Node ${process.versions.node}`);
  return names;
}

export const SESSION_DDL = `CREATE TABLE "Session" ("id" TEXT NOT NULL PRIMARY KEY, "userId" TEXT NOT NULL, "expiresAt" DATETIME NOT NULL,
  CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE);
CREATE INDEX "Session_userId_idx" ON "Session"("userId");`;
export const MIGRATION = '2026_01_01_000000_create_sessions_table';
/** Laravel-shaped bookkeeping, so atomicity covers the DDL and the history row together. */
export const BOOKKEEPING = `insert into "migrations" ("migration", "batch") values ('${MIGRATION}', 2);`;
export const EXPECT = { tables: ['Session'], indexes: ['Session_userId_idx'] };
export const REQUEST = {
  statements: `${SESSION_DDL}\n${BOOKKEEPING}`,
  expect: EXPECT,
  checks: [
    {
      expr: `(SELECT count(*) FROM "migrations" WHERE "migration" = '${MIGRATION}') = 1`,
      failure: 'conflict' as const,
      message: `migration ${MIGRATION} is already recorded`,
    },
  ],
  undoBookkeepingSql: `delete from "migrations" where "migration" = '${MIGRATION}' and "batch" = 2;`,
};

export function makeDb(path: string, journal: 'delete' | 'wal', users = 200): void {
  sqlite3(
    path,
    `PRAGMA journal_mode=${journal};
CREATE TABLE "User" (id TEXT PRIMARY KEY, email TEXT UNIQUE, pad BLOB);
CREATE TABLE W (v INTEGER PRIMARY KEY);
CREATE TABLE "migrations" ("id" integer primary key autoincrement not null, "migration" varchar not null, "batch" integer not null);
insert into "migrations" ("migration", "batch") values ('0001_01_01_000000_create_users_table', 1);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < ${users}) INSERT INTO "User" SELECT 'u'||i, 'u'||i||'@x', randomblob(100) FROM c;`,
  );
}

/** The database is intact and either wholly before the fix or wholly after it (table, index and history row). */
export function judge(db: string, users: number): 'old' | 'new' {
  assert.equal(cliScalar(db, '.timeout 10000\nPRAGMA integrity_check;'), 'ok');
  assert.equal(cliScalar(db, '.timeout 10000\nSELECT count(*) FROM "User";'), String(users));
  const objs = cliScalar(
    db,
    `.timeout 10000\nSELECT (SELECT count(*) FROM sqlite_master WHERE name IN ('Session', 'Session_userId_idx')) || '/' || (SELECT count(*) FROM "migrations" WHERE "migration" = '${MIGRATION}');`,
  );
  assert.ok(objs === '0/0' || objs === '2/1', `half-applied: objects/history rows = ${objs}`);
  return objs === '2/1' ? 'new' : 'old';
}

export function journalModeOf(db: string): string {
  return cliScalar(db, 'PRAGMA journal_mode;');
}

export interface Lines {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  /** Resolves with the first line (from now on) that satisfies `pred`. */
  next(pred?: (l: string) => boolean): Promise<string>;
  exited: Promise<number | null>;
}

/** Starts support/sqliteProcess.py in `mode` and collects its output lines. */
export function sqliteProcess(mode: 'writer' | 'holder' | 'locker', db: string, arg?: number): Lines {
  const child = spawn('python3', [PROCESS_PY, mode, db, ...(arg === undefined ? [] : [String(arg)])], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: Array<{ pred: (l: string) => boolean; res: (l: string) => void }> = [];
  let buf = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.pred(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.res(line);
        }
      }
    }
  });
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  void exited.then(() => {
    if (stderr.trim()) process.stderr.write(`sqliteProcess ${mode}: ${stderr}\n`);
  });
  return {
    child,
    lines,
    exited,
    next: (pred = () => true) => new Promise((res) => waiters.push({ pred, res })),
  };
}

/** The values the writer reported committed. */
export function committedValues(w: Lines): number[] {
  return w.lines.filter((l) => l.startsWith('committed ')).map((l) => Number(l.slice('committed '.length)));
}
