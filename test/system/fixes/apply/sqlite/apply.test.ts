/**
 * The locked writers (node:sqlite, the sqlite3 CLI), each on a real database in rollback-journal and
 * WAL mode, judged by Debian's sqlite3: in place, every row kept, the journal mode unchanged, nothing
 * left in the user's folder, and every refusal or conflict leaves the file as it was.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { applySql, type ApplyOptions, type ApplyResult } from '../../../../../src/core/fixes/apply/sqlite/apply';
import type { EngineName } from '../../../../../src/core/fixes/apply/sqlite/engine';
import { cliScalar, makeTempDir, sqlite3 } from '../../../../support/sqliteCli';
import { BOOKKEEPING, enginesHere, journalModeOf, judge, makeDb, MIGRATION, REQUEST, SESSION_DDL, sqliteProcess, WASM } from './lockedEngines';

const ENGINES = enginesHere();
const tmp = makeTempDir('locked');
after(() => {
  for (const d of readdirSync(tmp.dir)) chmodSync(join(tmp.dir, d), 0o755);
  tmp.cleanup();
});
let n = 0;
function freshDb(journal: 'delete' | 'wal' = 'delete'): string {
  const dir = join(tmp.dir, `case${n++}`);
  mkdirSync(dir);
  const db = join(dir, 'dev.db');
  makeDb(db, journal);
  return db;
}
const backupDir = join(tmp.dir, 'state-backups');

function fingerprint(db: string): string {
  const h = createHash('sha256');
  for (const f of [db, `${db}-wal`, `${db}-journal`]) {
    try {
      h.update(readFileSync(f));
    } catch {
      h.update('absent');
    }
  }
  return `${h.digest('hex')}:${readdirSync(join(db, '..')).sort().join(',')}`;
}

function assertStatus(r: ApplyResult, status: ApplyResult['status'], code?: string): void {
  assert.equal(r.status, status, JSON.stringify(r));
  if (code) assert.equal((r as { code?: string }).code, code, JSON.stringify(r));
}

for (const engine of ENGINES) {
  const opts = (extra: Partial<ApplyOptions> = {}): ApplyOptions => ({ wasmPath: WASM, engine, backupDir, ...extra });

  describe(`applySql with ${engine}`, function () {
    this.timeout(60000);

    for (const journal of ['delete', 'wal'] as const) {
      it(`${journal} mode: in place (same inode), every row kept, mode unchanged, history row written, nothing left beside the database`, async () => {
        const db = freshDb(journal);
        const ino = statSync(db).ino;
        const r = await applySql(db, REQUEST, opts());
        assertStatus(r, 'applied');
        if (r.status !== 'applied') return;
        assert.equal(r.method, engine);
        assert.equal(r.backupPath, undefined);
        assert.equal(statSync(db).ino, ino, 'written in place, not replaced');
        assert.equal(judge(db, 200), 'new');
        assert.equal(journalModeOf(db), journal);
        assert.deepEqual(
          readdirSync(join(db, '..')).filter((f) => !/^dev\.db(-wal|-shm|-journal)?$/.test(f)),
          [],
        );
        // The undo takes back exactly what was done.
        sqlite3(db, r.undoSql);
        assert.equal(judge(db, 200), 'old');
      });
    }

    it('an idle connection held open all along (the dev server) does not block the fix, and sees the table without reconnecting', async () => {
      for (const journal of ['delete', 'wal'] as const) {
        const db = freshDb(journal);
        const holder = sqliteProcess('holder', db);
        try {
          await holder.next();
          holder.child.stdin.write('SELECT count(*) FROM "Session"\n');
          assert.match(await holder.next(), /no such table: Session/);
          assertStatus(await applySql(db, REQUEST, opts()), 'applied');
          holder.child.stdin.write('SELECT count(*) FROM "Session"\n');
          assert.equal(await holder.next(), '{"rows": [[0]]}');
          holder.child.stdin.write(`INSERT INTO "Session" VALUES ('s1', 'u1', 0) RETURNING id\n`);
          assert.equal(await holder.next(), '{"rows": [["s1"]]}');
        } finally {
          holder.child.stdin.end();
          await holder.exited;
        }
        assert.equal(cliScalar(db, 'SELECT count(*) FROM "Session";'), '1');
      }
    });

    it('waits for a short write lock held by another program, then applies', async () => {
      const db = freshDb('delete');
      const locker = sqliteProcess('locker', db, 600);
      await locker.next((l) => l === 'locked');
      const t0 = Date.now();
      const r = await applySql(db, REQUEST, opts());
      assertStatus(r, 'applied');
      assert.ok(Date.now() - t0 >= 300, 'it waited for the lock');
      await locker.exited;
      assert.equal(judge(db, 200), 'new');
    });

    it('a lock held past the busy timeout: refused as locked, nothing changed', async () => {
      for (const journal of ['delete', 'wal'] as const) {
        const db = freshDb(journal);
        const locker = sqliteProcess('locker', db, 2500);
        await locker.next((l) => l === 'locked');
        const r = await applySql(db, REQUEST, opts({ busyTimeoutMs: 300 }));
        assertStatus(r, 'refused', 'locked');
        assert.match((r as { reason: string }).reason, /locked/);
        await locker.exited;
        // Bytes are no measure here: the locker's own close checkpoints its WAL. The content is.
        assert.equal(judge(db, 200), 'old');
        assert.equal(journalModeOf(db), journal);
      }
    });

    it('the table appears between the preflight and the transaction: a conflict, nothing written', async () => {
      const db = freshDb('wal');
      const r = await applySql(
        db,
        REQUEST,
        opts({ testHooks: { beforeEngine: () => void sqlite3(db, 'CREATE TABLE "Session" (id TEXT PRIMARY KEY, other TEXT);') } }),
      );
      assertStatus(r, 'conflict');
      assert.match((r as { reason: string }).reason, /table "Session" already exists/);
      // The other program's table is untouched, and our history row was not written.
      assert.match(cliScalar(db, `SELECT sql FROM sqlite_master WHERE name = 'Session';`), /other TEXT/);
      assert.equal(cliScalar(db, `SELECT count(*) FROM "migrations" WHERE "migration" = '${MIGRATION}';`), '0');
    });

    it('the migration is recorded by someone else meanwhile: the bookkeeping check rolls the whole change back', async () => {
      const db = freshDb('delete');
      const r = await applySql(db, REQUEST, opts({ testHooks: { beforeEngine: () => void sqlite3(db, BOOKKEEPING) } }));
      assertStatus(r, 'conflict');
      assert.match((r as { reason: string }).reason, /already recorded/);
      assert.equal(cliScalar(db, `SELECT count(*) FROM sqlite_master WHERE name IN ('Session', 'Session_userId_idx');`), '0');
      assert.equal(cliScalar(db, `SELECT count(*) FROM "migrations" WHERE "migration" = '${MIGRATION}';`), '1');
    });

    it('the table is already there before the apply: a conflict, nothing written', async () => {
      const db = freshDb('delete');
      sqlite3(db, SESSION_DDL);
      const before = fingerprint(db);
      assertStatus(await applySql(db, REQUEST, opts()), 'conflict');
      assert.equal(fingerprint(db), before);
    });

    it('SQL SQLite rejects is caught on the schema copy: refused, the file not even opened for writing', async () => {
      const db = freshDb('wal');
      const before = fingerprint(db);
      const mtime = statSync(db).mtimeMs;
      const r = await applySql(db, { ...REQUEST, statements: `${SESSION_DDL}\nCREATE INDEX "x" ON "Nope"("a");` }, opts());
      assertStatus(r, 'refused', 'sql-error');
      assert.match((r as { reason: string }).reason, /schema.*Nope|Nope.*schema/s);
      assert.equal(fingerprint(db), before);
      assert.equal(statSync(db).mtimeMs, mtime);
    });

    it('a statement that fails only inside the real transaction (a constraint on existing rows) rolls back everything', async () => {
      const db = freshDb('delete');
      // The schema copy has no rows, so this passes there and fails on the real file.
      const statements = `${SESSION_DDL}\n${BOOKKEEPING}\nCREATE UNIQUE INDEX "User_pad_key" ON "User"(substr(email, 1, 1));`;
      const r = await applySql(db, { ...REQUEST, statements }, opts());
      assertStatus(r, 'refused', 'sql-error');
      assert.match((r as { reason: string }).reason, /UNIQUE/);
      assert.equal(judge(db, 200), 'old');
    });

    it('an expected object the SQL does not create, or a foreign-key violation: verify-failed, rolled back', async () => {
      const db = freshDb('delete');
      assertStatus(await applySql(db, { ...REQUEST, expect: { tables: ['Session'], indexes: ['Session_token_key'] } }, opts()), 'refused', 'verify-failed');
      assert.equal(judge(db, 200), 'old');
      const fk = await applySql(db, { ...REQUEST, statements: `${REQUEST.statements}\nINSERT INTO "Session" VALUES ('s1', 'nobody', 0);` }, opts());
      assertStatus(fk, 'refused', 'verify-failed');
      assert.match((fk as { reason: string }).reason, /foreign-key/);
      assert.equal(judge(db, 200), 'old');
    });

    it('a line that the sqlite3 CLI would take for a dot-command is refused', async () => {
      const db = freshDb('delete');
      const r = await applySql(db, { ...REQUEST, statements: `${SESSION_DDL}\n.shell touch ${join(db, '..', 'pwned')}` }, opts());
      assert.equal(r.status, 'refused');
      assert.equal(judge(db, 200), 'old');
      assert.deepEqual(
        readdirSync(join(db, '..')).filter((f) => f === 'pwned'),
        [],
      );
    });
  });
}

describe('applySql: refusals before any engine runs', function () {
  this.timeout(30000);
  const opts: ApplyOptions = { wasmPath: WASM, backupDir };
  const cases: Array<[string, () => string, string]> = [
    ['a missing file', () => join(tmp.dir, 'nope', 'dev.db'), 'missing'],
    [
      'a directory',
      () => {
        const d = join(tmp.dir, `dir${n++}.db`);
        mkdirSync(d);
        return d;
      },
      'not-sqlite',
    ],
    [
      'a FIFO (no hang)',
      () => {
        const f = join(tmp.dir, `fifo${n++}.db`);
        execFileSync('mkfifo', [f]);
        return f;
      },
      'not-sqlite',
    ],
    [
      'a text file',
      () => {
        const f = join(tmp.dir, `text${n++}.db`);
        writeFileSync(f, 'DATABASE_URL=file:./dev.db\n'.repeat(10));
        return f;
      },
      'not-sqlite',
    ],
    [
      'a read-only file (mode bits; root could write it anyway)',
      () => {
        const db = freshDb();
        chmodSync(db, 0o444);
        return db;
      },
      'read-only',
    ],
    [
      'a read-only folder',
      () => {
        const db = freshDb();
        chmodSync(join(db, '..'), 0o555);
        return db;
      },
      'read-only',
    ],
    [
      'a hot journal that stays (a crashed writer)',
      () => {
        const db = freshDb();
        writeFileSync(`${db}-journal`, Buffer.concat([Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]), Buffer.alloc(1000)]));
        return db;
      },
      'hot-journal',
    ],
  ];
  for (const [name, make, code] of cases) {
    it(name, async () => {
      const db = make();
      const before = existsSync(db) && statSync(db).isFile() ? fingerprint(db) : undefined;
      assertStatus(await applySql(db, REQUEST, opts), 'refused', code);
      if (before) assert.equal(fingerprint(db), before);
    });
  }

  it('an engine that is not there is refused by name, with nothing changed', async () => {
    const db = freshDb();
    const before = fingerprint(db);
    const r = await applySql(db, REQUEST, { ...opts, engine: 'sqlite3', sqlite3Command: join(tmp.dir, 'no-such-sqlite3') });
    assertStatus(r, 'refused', 'no-engine');
    assert.equal(fingerprint(db), before);
  });
});

describe('applySql: an engine that dies without a word', function () {
  this.timeout(30000);
  it('a sqlite3 that is killed before its commit: "interrupted", nothing written; after its commit: applied, and said so', async () => {
    const dies = join(tmp.dir, `sqlite3-dies-${n++}`);
    writeFileSync(dies, '#!/bin/sh\n[ "$1" = -version ] && exec sqlite3 -version\nkill -9 $$\n', { mode: 0o755 });
    const db = freshDb('wal');
    const r = await applySql(db, REQUEST, { wasmPath: WASM, backupDir, engine: 'sqlite3', sqlite3Command: dies });
    assertStatus(r, 'refused', 'interrupted');
    assert.match((r as { reason: string }).reason, /stopped unexpectedly \(sqlite3 ended on SIGKILL\) before its commit/);
    assert.equal(judge(db, 200), 'old');
    // Killed after it committed (it runs the script, then dies): SQLite's commit stands, and the apply says so.
    const late = join(tmp.dir, `sqlite3-dies-late-${n++}`);
    writeFileSync(late, '#!/bin/sh\n[ "$1" = -version ] && exec sqlite3 -version\nsqlite3 "$@" >/dev/null\nkill -9 $$\n', { mode: 0o755 });
    const r2 = await applySql(db, REQUEST, { wasmPath: WASM, backupDir, engine: 'sqlite3', sqlite3Command: late });
    assertStatus(r2, 'applied');
    assert.ok(
      r2.notes.some((t) => /stopped unexpectedly .* after its commit/.test(t)),
      JSON.stringify(r2),
    );
    assert.equal(judge(db, 200), 'new');
  });
});

describe('applySql: the fallback only where exclusivity can be proven', function () {
  this.timeout(30000);
  it('a WAL database is never replaced: refused with the exact SQL and the one command to run by hand', async () => {
    const db = freshDb('wal');
    const before = fingerprint(db);
    const r = await applySql(db, REQUEST, { wasmPath: WASM, backupDir, engine: 'replace' });
    assertStatus(r, 'refused', 'no-engine');
    if (r.status !== 'refused' || !r.manual) return assert.fail('manual steps expected');
    assert.equal(fingerprint(db), before);
    // The manual steps are real: running them gives the fixed database.
    assert.match(r.manual.command, /^sqlite3 -bail .*dev\.db' < session-doctor-fix\.sql$|^sqlite3 -bail .*dev\.db < session-doctor-fix\.sql$/);
    sqlite3(db, r.manual.sql, ['-bail']);
    assert.equal(judge(db, 200), 'new');
  });

  it('a rollback-journal database on Linux is replaced, with the full copy outside the tree', async () => {
    const db = freshDb('delete');
    const r = await applySql(db, REQUEST, { wasmPath: WASM, backupDir, engine: 'replace' });
    assertStatus(r, 'applied');
    if (r.status !== 'applied') return;
    assert.equal(r.method, 'replace');
    assert.equal(join(r.backupPath ?? '', '..'), backupDir);
    assert.deepEqual(
      readdirSync(join(db, '..')).filter((f) => f.includes('session-doctor')),
      [],
    );
    assert.equal(judge(db, 200), 'new');
  });
});

describe('applySql: backups that earlier versions left in the tree', function () {
  this.timeout(30000);
  const engine: EngineName | 'replace' = ENGINES[0] ?? 'replace';
  it('a hard link to the live database is removed; a real copy is moved out of the tree; both are reported', async () => {
    const db = freshDb('delete');
    const dir = join(db, '..');
    const link = join(dir, 'dev.db.session-doctor-2026-11-20T10-00-00-000Z.bak');
    const copy = join(dir, 'dev.db.session-doctor-2026-11-21T10-00-00-000Z.bak');
    linkSync(db, link);
    writeFileSync(copy, readFileSync(db));
    const own = join(tmp.dir, `own-backups-${n++}`);
    const r = await applySql(db, REQUEST, { wasmPath: WASM, backupDir: own, engine });
    assertStatus(r, 'applied');
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith('.bak')),
      [],
    );
    assert.deepEqual(readdirSync(own), ['dev.db.session-doctor-2026-11-21T10-00-00-000Z.bak']);
    assert.equal(cliScalar(join(own, 'dev.db.session-doctor-2026-11-21T10-00-00-000Z.bak'), 'SELECT count(*) FROM "User";'), '200');
    assert.equal(r.notes.length, 2);
    assert.ok(r.notes.some((t) => t.startsWith('removed') && t.includes('hard link')));
    assert.ok(r.notes.some((t) => t.startsWith('moved') && t.includes(own)));
    assert.equal(judge(db, 200), 'new');
  });
});
