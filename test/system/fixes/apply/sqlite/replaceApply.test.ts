import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, readdirSync, statSync, symlinkSync, truncateSync, writeFileSync, lstatSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describeDatabaseTarget } from '../../../../../src/core/fixes/apply/sqlite/apply';
import { findLeftovers } from '../../../../../src/core/fixes/apply/sqlite/applyLeftovers';
import { applyByReplace, type ReplaceOptions, type ReplaceResult } from '../../../../../src/core/fixes/apply/sqlite/replaceApply';
import { cliScalar, makeTempDir, sqlite3 } from '../../../../support/sqliteCli';

export const WASM = resolve('node_modules/sql.js/dist/sql-wasm.wasm');
const SESSION_SQL = `CREATE TABLE "Session" ("id" TEXT NOT NULL PRIMARY KEY, "userId" TEXT NOT NULL, "expiresAt" DATETIME NOT NULL,
  CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE);
CREATE INDEX "Session_userId_idx" ON "Session"("userId");`;
const EXPECT = { tables: ['Session'], indexes: ['Session_userId_idx'] };
const BACKUPS = makeTempDir('apply-backups');
const opts = (extra: Partial<ReplaceOptions> = {}): ReplaceOptions => ({ wasmPath: WASM, expect: EXPECT, backupDir: BACKUPS.dir, ...extra });

function makeUserDb(path: string, rows = 50, journal: 'delete' | 'wal' = 'delete'): void {
  sqlite3(
    path,
    `CREATE TABLE "User" (id TEXT PRIMARY KEY, email TEXT UNIQUE);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < ${rows}) INSERT INTO "User" SELECT 'u'||i, 'u'||i||'@x' FROM c;
PRAGMA journal_mode=${journal};`,
  );
}

function assertRefused(r: ReplaceResult, code: string): void {
  assert.equal(r.status, 'refused', JSON.stringify(r));
  assert.equal((r as { code: string }).code, code, JSON.stringify(r));
  assert.ok((r as { reason: string }).reason.length > 10);
}

describe('applyByReplace (the fallback writer)', function () {
  this.timeout(60000);
  const tmp = makeTempDir('apply');
  after(() => {
    for (const d of readdirSync(tmp.dir)) {
      try {
        chmodSync(join(tmp.dir, d), 0o755);
      } catch {
        // best effort before removal
      }
    }
    tmp.cleanup();
  });
  let n = 0;
  const freshDir = (): string => {
    const d = join(tmp.dir, `case${n++}`);
    mkdirSync(d);
    return d;
  };

  it('applies in one transaction, keeps every row, writes a backup equal to the original, passes the CLI integrity check', async () => {
    const db = join(freshDir(), 'dev.db');
    makeUserDb(db, 500);
    const original = readFileSync(db);
    const r = await applyByReplace(db, SESSION_SQL, opts({ now: () => new Date('2026-11-22T05:00:00.000Z') }));
    assert.equal(r.status, 'applied', JSON.stringify(r));
    if (r.status !== 'applied') return;
    assert.match(r.backupPath, /dev\.db\.session-doctor-2026-11-22T05-00-00-000Z\.bak$/);
    assert.deepEqual(readFileSync(r.backupPath), original);
    assert.equal(r.bytesBefore, original.length);
    assert.equal(r.bytesAfter, statSync(db).size);
    assert.equal(cliScalar(db, 'PRAGMA integrity_check;'), 'ok');
    assert.equal(cliScalar(db, 'SELECT count(*) FROM "User";'), '500');
    assert.equal(
      cliScalar(db, `SELECT group_concat(name) FROM sqlite_schema WHERE tbl_name='Session' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name;`),
      'Session,Session_userId_idx',
    );
    assert.equal(cliScalar(db, 'PRAGMA journal_mode;'), 'delete');
    assert.deepEqual(await findLeftovers(db), []);
  });

  it('refuses a WAL-mode database (empty -wal): the file, its mode and its folder stay as they were', async () => {
    const db = join(freshDir(), 'dev.db');
    makeUserDb(db, 20, 'wal');
    assert.equal(readFileSync(db)[18], 2);
    const before = readFileSync(db);
    const filesBefore = readdirSync(join(db, '..')).sort();
    const r = await applyByReplace(db, SESSION_SQL, opts());
    assert.equal(r.status, 'refused', JSON.stringify(r));
    assert.equal(r.status === 'refused' && r.code, 'wal-mode');
    assert.deepEqual(readFileSync(db), before);
    assert.deepEqual(readdirSync(join(db, '..')).sort(), filesBefore);
    assert.equal(cliScalar(db, 'PRAGMA journal_mode;'), 'wal');
    assert.equal(cliScalar(db, 'SELECT count(*) FROM "User";'), '20');
  });

  it('follows a symlink: the real file is replaced and the link stays a link', async () => {
    const d = freshDir();
    const real = join(d, 'real.db');
    makeUserDb(real, 5);
    const link = join(d, 'link.db');
    symlinkSync(real, link);
    const target = await describeDatabaseTarget(link);
    assert.deepEqual(target, { requested: link, realPath: real, isSymlink: true });
    const r = await applyByReplace(link, SESSION_SQL, opts());
    assert.equal(r.status, 'applied');
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(cliScalar(real, `SELECT count(*) FROM sqlite_schema WHERE name='Session';`), '1');
  });

  it('a zero-length file (an empty database for SQLite) gets the tables', async () => {
    const db = join(freshDir(), 'dev.db');
    writeFileSync(db, '');
    const r = await applyByReplace(db, 'CREATE TABLE "User" (id TEXT PRIMARY KEY);\n' + SESSION_SQL, opts());
    assert.equal(r.status, 'applied', JSON.stringify(r));
    assert.equal(cliScalar(db, 'PRAGMA integrity_check;'), 'ok');
    assert.equal(cliScalar(db, `SELECT count(*) FROM sqlite_schema WHERE name IN ('User', 'Session');`), '2');
  });

  it('puts the backup in backupDir when given', async () => {
    const d = freshDir();
    const db = join(d, 'dev.db');
    makeUserDb(db, 30);
    const original = readFileSync(db);
    const backups = join(d, 'backups');
    mkdirSync(backups);
    const r = await applyByReplace(db, SESSION_SQL, opts({ backupDir: backups }));
    assert.equal(r.status, 'applied', JSON.stringify(r));
    if (r.status !== 'applied') return;
    assert.equal(join(r.backupPath, '..'), backups);
    assert.deepEqual(readFileSync(r.backupPath), original);
    assert.equal(cliScalar(r.backupPath, `SELECT count(*) FROM sqlite_schema WHERE name='Session';`), '0');
  });

  describe('refusals change nothing', () => {
    const unchanged = (db: string, run: () => Promise<ReplaceResult>, code: string) => async () => {
      const before = readFileSync(db);
      const filesBefore = readdirSync(join(db, '..')).sort();
      assertRefused(await run(), code);
      assert.deepEqual(readFileSync(db), before);
      assert.deepEqual(readdirSync(join(db, '..')).sort(), filesBefore);
    };

    it('missing file', async () => {
      assertRefused(await applyByReplace(join(tmp.dir, 'nope', 'dev.db'), SESSION_SQL, opts()), 'missing');
    });

    it('not SQLite', async () => {
      const db = join(freshDir(), 'dev.db');
      writeFileSync(db, 'this is a text file, not a database\n'.repeat(20));
      await unchanged(db, () => applyByReplace(db, SESSION_SQL, opts()), 'not-sqlite')();
    });

    it('truncated database', async () => {
      const db = join(freshDir(), 'dev.db');
      makeUserDb(db, 3000);
      truncateSync(db, Math.floor(statSync(db).size / 2));
      await unchanged(db, () => applyByReplace(db, SESSION_SQL, opts()), 'not-sqlite')();
    });

    it('read-only file (mode bits; we run as root, where chmod alone does not stop writes)', async () => {
      const db = join(freshDir(), 'dev.db');
      makeUserDb(db);
      chmodSync(db, 0o444);
      await unchanged(db, () => applyByReplace(db, SESSION_SQL, opts()), 'read-only')();
    });

    it('read-only folder', async () => {
      const d = freshDir();
      const db = join(d, 'dev.db');
      makeUserDb(db);
      chmodSync(d, 0o555);
      try {
        await unchanged(db, () => applyByReplace(db, SESSION_SQL, opts()), 'read-only')();
      } finally {
        chmodSync(d, 0o755);
      }
    });

    it('immutable file (chattr +i), when the filesystem supports it', async function () {
      const db = join(freshDir(), 'dev.db');
      makeUserDb(db);
      if (spawnSync('chattr', ['+i', db]).status !== 0) this.skip();
      try {
        await unchanged(db, () => applyByReplace(db, SESSION_SQL, opts()), 'read-only')();
      } finally {
        spawnSync('chattr', ['-i', db]);
      }
    });

    it('over the size cap', async () => {
      const db = join(freshDir(), 'dev.db');
      makeUserDb(db, 100);
      await unchanged(db, () => applyByReplace(db, SESSION_SQL, opts({ sizeCapBytes: 1024 })), 'too-large')();
    });

    it('a hot rollback journal', async () => {
      const db = join(freshDir(), 'dev.db');
      makeUserDb(db);
      writeFileSync(`${db}-journal`, Buffer.concat([Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]), Buffer.alloc(1000)]));
      await unchanged(db, () => applyByReplace(db, SESSION_SQL, opts()), 'hot-journal')();
    });

    it('SQL that fails half-way: nothing applied (one transaction)', async () => {
      const db = join(freshDir(), 'dev.db');
      makeUserDb(db);
      await unchanged(db, () => applyByReplace(db, `${SESSION_SQL}\nCREATE TABLE "User" (x);`, opts()), 'sql-error')();
    });

    it('an expected index that the SQL does not create', async () => {
      const db = join(freshDir(), 'dev.db');
      makeUserDb(db);
      await unchanged(db, () => applyByReplace(db, SESSION_SQL, opts({ expect: { tables: ['Session'], indexes: ['Session_token_key'] } })), 'verify-failed')();
    });

    it('a foreign-key violation after the SQL', async () => {
      const db = join(freshDir(), 'dev.db');
      makeUserDb(db);
      await unchanged(db, () => applyByReplace(db, `${SESSION_SQL}\nINSERT INTO "Session" VALUES ('s1', 'nobody', 0);`, opts()), 'verify-failed')();
    });

    it('a database open in another process', async () => {
      const db = join(freshDir(), 'dev.db');
      makeUserDb(db);
      const holder = spawn('sqlite3', [db], { stdio: ['pipe', 'pipe', 'pipe'] });
      try {
        holder.stdin.write('SELECT count(*) FROM "User";\n');
        await new Promise((res) => holder.stdout.once('data', res));
        await unchanged(db, () => applyByReplace(db, SESSION_SQL, opts()), 'locked')();
      } finally {
        holder.stdin.end();
        await new Promise((res) => holder.once('exit', res));
      }
    });

    it('WAL with committed frames still in -wal and a reader holding it open: refused, no stale read, no lost write', async () => {
      const db = join(freshDir(), 'dev.db');
      makeUserDb(db, 10, 'wal');
      const conn = new Database(db);
      try {
        conn.pragma('wal_autocheckpoint=0');
        conn.exec(`INSERT INTO "User" VALUES ('late', 'late@x');`);
        assert.ok(statSync(`${db}-wal`).size > 0);
        await unchanged(db, () => applyByReplace(db, SESSION_SQL, opts()), 'wal-pending')();
        assert.equal(cliScalar(db, `SELECT count(*) FROM "User" WHERE id='late';`), '1');
      } finally {
        conn.close();
      }
      assert.equal(cliScalar(db, `SELECT count(*) FROM "User";`), '11');
    });

    it('a write that lands between the preparation and the rename (changed-during-apply), and the write survives', async () => {
      const db = join(freshDir(), 'dev.db');
      makeUserDb(db, 10);
      const r = await applyByReplace(
        db,
        SESSION_SQL,
        opts({ testHooks: { beforeRename: () => void sqlite3(db, `INSERT INTO "User" VALUES ('racer', 'r@x');`) } }),
      );
      assertRefused(r, 'changed-during-apply');
      assert.equal(cliScalar(db, `SELECT count(*) FROM "User" WHERE id='racer';`), '1');
      assert.equal(cliScalar(db, `SELECT count(*) FROM sqlite_schema WHERE name='Session';`), '0');
      assert.deepEqual(
        readdirSync(join(db, '..')).filter((f) => f.includes('session-doctor')),
        [],
      );
    });
  });

  it('finds and cleans leftovers of a dead apply, never those of a live one', async () => {
    const d = freshDir();
    const db = join(d, 'dev.db');
    makeUserDb(db);
    const deadPid = spawnSync('true').pid as number;
    const dead = join(d, `.dev.db.session-doctor-2026-01-01T00-00-00-000Z-${deadPid}.tmp`);
    const live = join(d, `.dev.db.session-doctor-2026-01-01T00-00-00-000Z-${process.ppid}.tmp`);
    writeFileSync(dead, 'x');
    writeFileSync(live, 'y');
    assert.deepEqual(await findLeftovers(db), [dead, live].sort());
    const r = await applyByReplace(db, SESSION_SQL, opts());
    assert.equal(r.status, 'applied');
    assert.deepEqual(await findLeftovers(db), [live]);
  });
});
