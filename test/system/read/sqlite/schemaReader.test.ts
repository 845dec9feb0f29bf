import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hasTable, readSqliteSchema, type SchemaReadResult } from '../../../../src/core/read/sqlite/schemaReader';
import { cliSchema, cliScalar, generateDb, makeTempDir, sqlite3, type GenOptions } from '../../../support/sqliteCli';

function assertOk(r: SchemaReadResult): asserts r is Extract<SchemaReadResult, { status: 'ok' }> {
  assert.equal(r.status, 'ok', JSON.stringify(r));
}

describe('readSqliteSchema against the sqlite3 CLI', function () {
  this.timeout(120000);
  const tmp = makeTempDir('schema');
  after(() => tmp.cleanup());
  let n = 0;
  const fresh = (): string => join(tmp.dir, `db${n++}.sqlite`);

  const pageSizes = [512, 1024, 2048, 4096, 8192, 16384, 32768, 65536];
  const shapes: { label: string; o: GenOptions }[] = [
    { label: 'small schema', o: { tables: 2 } },
    { label: 'schema over many pages (interior pages)', o: { tables: 150 } },
    { label: 'long SQL (overflow chain)', o: { tables: 2, longSqlBytes: 120000 } },
  ];
  for (const pageSize of pageSizes) {
    for (const shape of shapes) {
      it(`page size ${pageSize}, ${shape.label}`, async () => {
        const db = fresh();
        generateDb(db, { ...shape.o, pageSize });
        assert.equal(cliScalar(db, 'PRAGMA page_size;'), String(pageSize));
        const r = await readSqliteSchema(db);
        assertOk(r);
        assert.equal(r.pageSize, pageSize);
        assert.equal(r.walMode, false);
        assert.equal(r.usedWal, false);
        assert.deepEqual(r.entries, cliSchema(db));
        assert.equal(r.changeCounter, readFileSync(db).readUInt32BE(24));
      });
    }
  }

  it('the large schema really has an interior root page and the long SQL really spills', async () => {
    const db = fresh();
    generateDb(db, { tables: 150, pageSize: 1024, longSqlBytes: 5000 });
    assert.equal(readFileSync(db)[100], 0x05, 'page 1 should be an interior table page');
    const r = await readSqliteSchema(db);
    assertOk(r);
    assert.ok(r.entries.some((e) => e.name === 'long_sql' && (e.sql?.length ?? 0) > 5000));
  });

  for (const autoVacuum of ['full', 'incremental'] as const) {
    it(`auto_vacuum=${autoVacuum} (pointer-map pages) with dropped tables`, async () => {
      const db = fresh();
      generateDb(db, { tables: 40, autoVacuum, pageSize: 1024, longSqlBytes: 4000 });
      sqlite3(db, 'DROP TABLE "T_3_Ünï"; DROP TABLE "T_7_Ünï"; PRAGMA incremental_vacuum;');
      assert.equal(cliScalar(db, 'PRAGMA auto_vacuum;'), autoVacuum === 'full' ? '1' : '2');
      const r = await readSqliteSchema(db);
      assertOk(r);
      assert.deepEqual(r.entries, cliSchema(db));
    });
  }

  for (const encoding of ['UTF-16le', 'UTF-16be'] as const) {
    it(`text encoding ${encoding}`, async () => {
      const db = fresh();
      generateDb(db, { tables: 30, encoding, longSqlBytes: 9000 });
      const r = await readSqliteSchema(db);
      assertOk(r);
      assert.deepEqual(r.entries, cliSchema(db));
      assert.equal(hasTable(r, 't_0_Ünï'), true);
    });
  }

  for (const pageSize of [512, 4096, 65536]) {
    it(`reserved bytes at the end of each page (page size ${pageSize})`, async () => {
      const db = fresh();
      generateDb(db, { tables: 60, pageSize, longSqlBytes: 200000, reserveBytes: 32 });
      assert.equal(readFileSync(db)[20], 32, 'the file should have 32 reserved bytes per page');
      const r = await readSqliteSchema(db);
      assertOk(r);
      assert.deepEqual(r.entries, cliSchema(db));
    });
  }

  it('hasTable is ASCII case-insensitive like SQLite, and undefined when the read failed', async () => {
    const db = fresh();
    generateDb(db, { tables: 1 });
    const r = await readSqliteSchema(db);
    assert.equal(hasTable(r, 'session'), true);
    assert.equal(hasTable(r, 'SESSION'), true);
    assert.equal(hasTable(r, 'v_sessions'), false, 'a view is not a table');
    assert.equal(hasTable(r, 'Sessions'), false);
    assert.equal(hasTable({ status: 'error', reason: 'x' }, 'Session'), undefined);
    assert.equal(cliScalar(db, `select count(*) from sqlite_schema where type='table' and name='session' collate nocase`), '1');
  });

  it('a zero-length file is an empty database, as for SQLite', async () => {
    const db = fresh();
    writeFileSync(db, '');
    const r = await readSqliteSchema(db);
    assertOk(r);
    assert.deepEqual(r.entries, cliSchema(db));
  });

  describe('WAL', () => {
    it('takes committed pages still in -wal (connection held open, autocheckpoint off)', async () => {
      const db = fresh();
      generateDb(db, { tables: 5, pageSize: 1024 });
      const conn = new Database(db);
      try {
        conn.pragma('journal_mode=WAL');
        conn.pragma('wal_autocheckpoint=0');
        conn.exec('CREATE TABLE "AddedInWal" (id INTEGER PRIMARY KEY, x TEXT);');
        for (let i = 0; i < 120; i++) conn.exec(`CREATE TABLE wal_t${i} (a, b, c); CREATE INDEX wal_i${i} ON wal_t${i}(a);`);
        conn.exec('DROP TABLE "T_1_Ünï";');
        assert.ok(statSync(`${db}-wal`).size > 0);
        const r = await readSqliteSchema(db);
        assertOk(r);
        assert.equal(r.walMode, true);
        assert.equal(r.usedWal, true);
        assert.equal(hasTable(r, 'AddedInWal'), true);
        assert.equal(hasTable(r, 'T_1_Ünï'), false);
        assert.deepEqual(r.entries, cliSchema(db));
      } finally {
        conn.close();
      }
    });

    it('ignores uncommitted frames at the end of -wal (snapshot with the commit frame cut off)', async () => {
      const src = fresh();
      generateDb(src, { tables: 3, pageSize: 4096 });
      const conn = new Database(src);
      const dir = join(tmp.dir, `snap${n++}`);
      mkdirSync(dir);
      const db = join(dir, 'db.sqlite');
      try {
        conn.pragma('journal_mode=WAL');
        conn.pragma('wal_autocheckpoint=0');
        conn.exec('CREATE TABLE committed_one (a);');
        const committedSize = statSync(`${src}-wal`).size;
        conn.exec('BEGIN; CREATE TABLE never_committed (a); CREATE TABLE never_committed2 (b); COMMIT;');
        const fullSize = statSync(`${src}-wal`).size;
        assert.ok(fullSize > committedSize);
        copyFileSync(src, db);
        copyFileSync(`${src}-wal`, `${db}-wal`);
      } finally {
        conn.close();
      }
      // Drop the final (commit) frame: the frames before it are a transaction that never committed.
      truncateSync(`${db}-wal`, statSync(`${db}-wal`).size - (24 + 4096));
      const r = await readSqliteSchema(db);
      assertOk(r);
      assert.equal(hasTable(r, 'committed_one'), true);
      assert.equal(hasTable(r, 'never_committed'), false);
      assert.deepEqual(r.entries, cliSchema(db)); // the CLI runs WAL recovery on the copy
    });

    it('WAL-mode file with an empty or absent -wal reads the main file', async () => {
      const db = fresh();
      generateDb(db, { tables: 2 });
      sqlite3(db, 'PRAGMA journal_mode=WAL;');
      const r = await readSqliteSchema(db);
      assertOk(r);
      assert.equal(r.walMode, true);
      assert.equal(r.usedWal, false);
      assert.deepEqual(r.entries, cliSchema(db));
    });

    it('a -wal file without a valid header gives unknown, never a guess', async () => {
      const db = fresh();
      generateDb(db, { tables: 2 });
      writeFileSync(`${db}-wal`, Buffer.alloc(5000, 7));
      const r = await readSqliteSchema(db);
      assert.equal(r.status, 'unknown');
      assert.match((r as { reason: string }).reason, /WAL pending/);
    });
  });

  describe('errors and doubts', () => {
    it('missing file', async () => {
      const r = await readSqliteSchema(join(tmp.dir, 'nope.db'));
      assert.equal(r.status, 'error');
      assert.match((r as { reason: string }).reason, /not found/);
    });
    it('a folder', async () => {
      const r = await readSqliteSchema(tmp.dir);
      assert.equal(r.status, 'error');
    });
    it('not SQLite', async () => {
      const db = fresh();
      writeFileSync(db, 'hello world, this is not a database'.repeat(10));
      const r = await readSqliteSchema(db);
      assert.equal(r.status, 'error');
      assert.match((r as { reason: string }).reason, /not an SQLite/);
    });
    it('truncated file', async () => {
      const db = fresh();
      generateDb(db, { tables: 100, pageSize: 1024 });
      truncateSync(db, 3000);
      const r = await readSqliteSchema(db);
      assert.equal(r.status, 'error');
      assert.throws(() => cliSchema(db), /malformed/, 'the CLI agrees the file is damaged');
    });
    it('a hot rollback journal gives unknown', async () => {
      const db = fresh();
      generateDb(db, { tables: 2 });
      writeFileSync(`${db}-journal`, Buffer.concat([Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]), Buffer.alloc(600)]));
      const r = await readSqliteSchema(db);
      assert.equal(r.status, 'unknown');
    });
  });
});
