import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createTableColumns, readTableRows } from '../../../../src/core/read/sqlite/tableRows';
import { makeTempDir, sqlite3 } from '../../../support/sqliteCli';

const PRISMA_MIGRATIONS = `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);`;
const LARAVEL_MIGRATIONS =
  'create table "migrations" ("id" integer primary key autoincrement not null, "migration" varchar not null, "batch" integer not null);';

function cliRows(db: string, table: string): Record<string, unknown>[] {
  const out = sqlite3(db, `SELECT * FROM "${table}" ORDER BY rowid;`, ['-json']).trim();
  return out === '' ? [] : (JSON.parse(out) as Record<string, unknown>[]);
}

describe('readTableRows (page reader) against the sqlite3 CLI', () => {
  const tmp = makeTempDir('rows');
  after(() => tmp.cleanup());
  let n = 0;
  const fresh = (): string => join(tmp.dir, `r${n++}.db`);

  for (const pageSize of [512, 4096]) {
    it(`_prisma_migrations with many rows and long logs (page size ${pageSize})`, async () => {
      const db = fresh();
      sqlite3(
        db,
        `PRAGMA page_size=${pageSize}; ${PRISMA_MIGRATIONS}
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 300)
INSERT INTO "_prisma_migrations" SELECT 'id-'||i, hex(randomblob(32)), CASE WHEN i % 7 THEN '2026-01-01 00:00:00' END, printf('2026%04d_m', i),
  CASE WHEN i % 50 = 0 THEN replace(hex(zeroblob(3000)), '00', 'log ') END, NULL, '2026-01-01', i % 3 FROM c;`,
      );
      const r = await readTableRows(db, '_prisma_migrations', { maxRows: 1000 });
      assert.ok(r.ok, JSON.stringify(r));
      assert.deepEqual(r.rows, cliRows(db, '_prisma_migrations'));
    });
  }

  it('Laravel migrations: the INTEGER PRIMARY KEY column reads as the row id', async () => {
    const db = fresh();
    sqlite3(
      db,
      `${LARAVEL_MIGRATIONS}
INSERT INTO migrations (migration, batch) VALUES ('0001_01_01_000000_create_users_table', 1), ('0001_01_01_000001_create_cache_table', 1), ('2026_01_01_create_x', 2);
DELETE FROM migrations WHERE id = 2; INSERT INTO migrations (migration, batch) VALUES ('later', 3);`,
    );
    const r = await readTableRows(db, 'MIGRATIONS', { maxRows: 10 });
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.rows, cliRows(db, 'migrations'));
  });

  it('a missing table, and a table over the row limit', async () => {
    const db = fresh();
    sqlite3(db, `${LARAVEL_MIGRATIONS} INSERT INTO migrations (migration, batch) VALUES ('a', 1), ('b', 1), ('c', 1);`);
    const missing = await readTableRows(db, '_prisma_migrations', { maxRows: 10 });
    assert.deepEqual(missing, { ok: false, reason: 'no table _prisma_migrations', missingTable: true });
    const over = await readTableRows(db, 'migrations', { maxRows: 2 });
    assert.equal(over.ok, false);
    sqlite3(db, 'CREATE TABLE kv (k TEXT PRIMARY KEY, v) WITHOUT ROWID; INSERT INTO kv VALUES (1, 2);');
    const wr = await readTableRows(db, 'kv', { maxRows: 2 });
    assert.equal(wr.ok, false);
    assert.match((wr as { reason: string }).reason, /WITHOUT ROWID/);
  });

  it('column names from CREATE TABLE text: quoting, constraints, nested parentheses', () => {
    assert.deepEqual(createTableColumns(PRISMA_MIGRATIONS), [
      'id',
      'checksum',
      'finished_at',
      'migration_name',
      'logs',
      'rolled_back_at',
      'started_at',
      'applied_steps_count',
    ]);
    assert.deepEqual(createTableColumns('CREATE TABLE t ([a b] TEXT, `c``d` INT, e DECIMAL(10, 2), CONSTRAINT pk PRIMARY KEY (e), CHECK (e > 0))'), [
      'a b',
      'c`d',
      'e',
    ]);
    assert.equal(createTableColumns('CREATE VIEW v AS SELECT 1'), undefined);
  });
});
