/**
 * Data-safety evidence for the apply, with real processes and the sqlite3 CLI as the judge:
 * SIGKILL at many points, and concurrent writers (short-lived CLI processes and a long-lived
 * connection). Whatever happens, the database is the old or the new one, intact, with every row
 * that any writer reported committed.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findLeftovers } from '../../../../../src/core/fixes/apply/sqlite/applyLeftovers';
import { applyByReplace } from '../../../../../src/core/fixes/apply/sqlite/replaceApply';
import { cliScalar, makeTempDir, sqlite3 } from '../../../../support/sqliteCli';

const WASM = resolve('node_modules/sql.js/dist/sql-wasm.wasm');
const SESSION_SQL = `CREATE TABLE "Session" ("id" TEXT NOT NULL PRIMARY KEY, "userId" TEXT NOT NULL, "expiresAt" DATETIME NOT NULL);
CREATE INDEX "Session_userId_idx" ON "Session"("userId");`;
const EXPECT = { tables: ['Session'], indexes: ['Session_userId_idx'] };
const KILL_RUNS = Number(process.env.SD_KILL_RUNS ?? 24);
const WRITER_RUNS = Number(process.env.SD_WRITER_RUNS ?? 20);

function makeDb(path: string, rows: number, journal: 'delete' | 'wal' = 'delete'): void {
  sqlite3(
    path,
    `PRAGMA journal_mode=${journal}; CREATE TABLE "User" (id INTEGER PRIMARY KEY, email TEXT UNIQUE, pad BLOB);
CREATE TABLE W (v INTEGER PRIMARY KEY);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < ${rows}) INSERT INTO "User" SELECT i, 'u'||i||'@x', randomblob(200) FROM c;`,
  );
}

/** The DB must be intact and be the old one (no Session) or the new one (Session + index). */
function judge(db: string, users: number): 'old' | 'new' {
  assert.equal(cliScalar(db, 'PRAGMA integrity_check;'), 'ok');
  assert.equal(cliScalar(db, 'SELECT count(*) FROM "User";'), String(users));
  const objs = cliScalar(db, `SELECT count(*) FROM sqlite_schema WHERE name IN ('Session', 'Session_userId_idx');`);
  assert.ok(objs === '0' || objs === '2', `half-applied schema: ${objs}`);
  return objs === '2' ? 'new' : 'old';
}

function waitExit(child: ChildProcess): Promise<void> {
  return new Promise((res) => (child.exitCode !== null || child.signalCode !== null ? res() : child.once('exit', () => res())));
}

describe('safe apply: data safety with real processes', function () {
  this.timeout(600000);
  const tmp = makeTempDir('safety');
  after(() => tmp.cleanup());

  it(`SIGKILL at ${KILL_RUNS} points leaves the old or the new database, intact, with every row; the next run cleans the leftovers`, async () => {
    const outcomes: Record<string, number> = { old: 0, new: 0 };
    let leftoversSeen = 0;
    for (let i = 0; i < KILL_RUNS; i++) {
      const dir = join(tmp.dir, `kill${i}`);
      mkdirSync(dir);
      const db = join(dir, 'dev.db');
      makeDb(db, 300);
      // Kill points: a timer over the whole run, or a delay after a hook marker. The child pauses
      // 150 ms at each hook, so delays above that land after the rename (fsync, after-check).
      const marker = i % 3 === 0 ? undefined : i % 3 === 1 ? 'afterTempWrite' : 'beforeRename';
      const delay = marker ? (i * 41) % 320 : 400 + ((i * 197) % 2400);
      const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'replaceApplyChild.ts'), db, '150'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let seen = '';
      child.stdout?.on('data', (d: Buffer) => {
        const had = marker !== undefined && seen.includes(marker);
        seen += d.toString();
        if (marker && !had && seen.includes(marker)) setTimeout(() => child.kill('SIGKILL'), delay);
      });
      if (!marker) setTimeout(() => child.kill('SIGKILL'), delay);
      await waitExit(child);
      outcomes[judge(db, 300)]++;
      // Any temp file the killed apply left must be what findLeftovers reports...
      const temps = readdirSync(dir)
        .filter((f) => f.endsWith('.tmp'))
        .map((f) => join(dir, f));
      leftoversSeen += temps.length;
      assert.deepEqual(await findLeftovers(db), temps.sort());
      // ...and the next run removes it and leaves the database fixed.
      const next = await applyByReplace(db, SESSION_SQL, { wasmPath: WASM, expect: EXPECT, backupDir: join(tmp.dir, 'backups') });
      assert.ok(next.status === 'applied' || next.code === 'sql-error', JSON.stringify(next)); // sql-error: already applied
      assert.equal(judge(db, 300), 'new');
      assert.deepEqual(await findLeftovers(db), []);
    }
    console.log(`      kill outcomes: ${JSON.stringify(outcomes)} over ${KILL_RUNS} runs; temp leftovers found and cleaned: ${leftoversSeen}`);
    assert.ok(outcomes.old > 0 && outcomes.new > 0, 'kills must land both before and after the rename');
  });

  it(`a concurrent writer (one sqlite3 process per insert), ${WRITER_RUNS} runs: the apply completes or refuses, and no committed row is lost`, async () => {
    const outcomes: Record<string, number> = {};
    let committedTotal = 0;
    for (let i = 0; i < WRITER_RUNS; i++) {
      const dir = join(tmp.dir, `writer${i}`);
      mkdirSync(dir);
      const db = join(dir, 'dev.db');
      // Half the runs in WAL mode (each writer process leaves no -wal behind when it closes).
      const journal = i % 2 === 0 ? 'delete' : 'wal';
      makeDb(db, 2000, journal);
      const stop = join(dir, 'stop');
      // Gaps between inserts vary, so some applies find a quiet moment and complete.
      const gap = ['0', '0.02', '0.25', '0.6'][Math.floor(i / 2) % 4];
      const script = `i=0; while [ ! -e "$2" ]; do i=$((i+1)); if sqlite3 -cmd ".timeout 5000" "$1" "INSERT INTO W(v) VALUES ($i);" >/dev/null 2>&1; then echo "$i"; fi; sleep $3; done`;
      const writer = spawn('bash', ['-c', script, 'writer', db, stop, gap], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      writer.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      await new Promise((r) => setTimeout(r, 20 + ((i * 13) % 40)));
      const r = await applyByReplace(db, SESSION_SQL, { wasmPath: WASM, expect: EXPECT, backupDir: join(tmp.dir, 'backups') });
      const key = `${journal}:${r.status === 'applied' ? 'applied' : r.code}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      await new Promise((res) => setTimeout(res, 30));
      writeFileSync(stop, '');
      await waitExit(writer);
      const committed = out.split('\n').filter(Boolean).map(Number);
      committedTotal += committed.length;
      const state = judge(db, 2000);
      if (journal === 'wal') assert.equal(r.status, 'refused', `a WAL-mode database is never replaced: ${JSON.stringify(r)}`);
      assert.equal(cliScalar(db, 'PRAGMA journal_mode;'), journal, 'the journal mode is kept');
      assert.equal(state, r.status === 'applied' ? 'new' : 'old', JSON.stringify(r));
      const present = new Set(cliScalar(db, 'SELECT v FROM W;').split('\n').filter(Boolean).map(Number));
      const lost = committed.filter((v) => !present.has(v));
      assert.deepEqual(lost, [], `rows reported committed but missing after ${JSON.stringify(r)}`);
    }
    console.log(`      writer outcomes: ${JSON.stringify(outcomes)}; committed rows checked: ${committedTotal}`);
  });

  it(`a long-lived writer connection: always refused, nothing lost`, async () => {
    for (let i = 0; i < 5; i++) {
      const dir = join(tmp.dir, `conn${i}`);
      mkdirSync(dir);
      const db = join(dir, 'dev.db');
      makeDb(db, 100);
      const code = `const D=require('better-sqlite3'); const d=new D(process.argv[1]); d.pragma('busy_timeout=5000'); let i=0;
        const t=setInterval(()=>{ i++; d.prepare('INSERT INTO W(v) VALUES (?)').run(i); process.stdout.write(i+'\\n'); if(i>=150){clearInterval(t); d.close();} }, 2);`;
      const writer = spawn(process.execPath, ['-e', code, db], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      writer.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      await new Promise((res) => writer.stdout?.once('data', res));
      const r = await applyByReplace(db, SESSION_SQL, { wasmPath: WASM, expect: EXPECT, backupDir: join(tmp.dir, 'backups') });
      assert.equal(r.status, 'refused');
      await waitExit(writer);
      const committed = out.split('\n').filter(Boolean).map(Number);
      assert.equal(judge(db, 100), 'old');
      assert.equal(cliScalar(db, 'SELECT count(*) FROM W;'), String(committed.length));
    }
  });
});
