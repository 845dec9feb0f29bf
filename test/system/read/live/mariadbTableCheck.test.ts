/**
 * checkTableLive against a real MariaDB (Debian's mariadb-server, started by the test).
 */
import * as assert from 'node:assert/strict';
import { checkTableLive, type LiveResult, type LiveTarget } from '../../../../src/core/read/live/tableCheck';
import { createReadOnlySession } from '../../../../src/core/read/live/sessionFactory';
import { startMariaDb, type TestDatabaseServer } from '../../../support/databases';

describe('live check: MariaDB (real server)', function () {
  this.timeout(120_000);
  let db: TestDatabaseServer;
  let target: LiveTarget;
  /** Every result of this file: none may contain the password. */
  const seen: LiveResult[] = [];
  const check = async (t: LiveTarget, table: string, timeoutMs?: number): Promise<LiveResult> => {
    const r = await checkTableLive(t, table, { timeoutMs });
    seen.push(r);
    return r;
  };

  before(async function () {
    db = await startMariaDb();
    console.log(`      (MariaDB started in ${db.startupMs} ms)`);
    target = { dialect: 'mysql', host: db.host, port: db.port, user: db.user, password: db.password, database: db.database };
    await db.exec(
      [
        'CREATE TABLE sessions (id VARCHAR(255) PRIMARY KEY, payload LONGTEXT NOT NULL, last_activity INT NOT NULL)',
        'CREATE TABLE `Session` (id VARCHAR(191) PRIMARY KEY)',
        'CREATE VIEW sessions_view AS SELECT id FROM sessions',
        'CREATE DATABASE other_app',
        'CREATE TABLE other_app.cache (k INT)',
        '',
      ].join(';\n'),
    );
  });

  after(async () => {
    for (const r of seen) assert.ok(!JSON.stringify(r).includes(db.password), JSON.stringify(r));
    await db?.stop();
  });

  it('with columns: the columns in order, and whether the table holds a row', async () => {
    const r = await checkTableLive(target, 'sessions', { columns: true });
    seen.push(r);
    assert.equal(r.status, 'present');
    assert.deepEqual(r.status === 'present' && [r.columns, r.hasRows], [['id', 'payload', 'last_activity'], false]);
    await db.exec("INSERT INTO `Session` (id) VALUES ('a')");
    const s = await checkTableLive(target, 'Session', { columns: true });
    assert.deepEqual(s.status === 'present' && [s.columns, s.hasRows], [['id'], true]);
    const m = await checkTableLive(target, 'nope', { columns: true });
    assert.deepEqual([m.status, m.status === 'missing' && m.columns], ['missing', undefined]);
  });

  it('finds a present table', async () => {
    const r = await check(target, 'sessions');
    assert.deepEqual({ status: r.status, table: r.status === 'unknown' ? undefined : r.table }, { status: 'present', table: 'sessions' });
  });

  it('reports a missing table as missing, only in the configured database', async () => {
    assert.equal((await check(target, 'cache')).status, 'missing');
    assert.equal((await check({ ...target, database: 'other_app' }, 'cache')).status, 'present');
  });

  it('applies the server case rule (lower_case_table_names=0 on Linux: names are case-sensitive)', async () => {
    const [{ lctn }] = await db.exec('SELECT @@lower_case_table_names AS lctn');
    assert.equal(Number(lctn), 0);
    assert.equal((await check(target, 'Session')).status, 'present');
    assert.equal((await check(target, 'session')).status, 'missing');
    assert.equal((await check(target, 'SESSIONS')).status, 'missing');
  });

  it('does not count a view as the table', async () => {
    assert.equal((await check(target, 'sessions_view')).status, 'missing');
  });

  it('connects through the Unix socket too', async () => {
    assert.equal((await check({ ...target, socketPath: db.socketPath }, 'sessions')).status, 'present');
  });

  it('treats the table name as data, not SQL', async () => {
    assert.equal((await check(target, "sessions' OR '1'='1")).status, 'missing');
  });

  it('reports a wrong password as unknown/access-denied, never missing', async () => {
    const r = await check({ ...target, password: `${db.password}-wrong` }, 'sessions');
    assert.equal(r.status, 'unknown');
    assert.equal(r.status === 'unknown' && r.reason, 'access-denied');
    assert.ok(r.status === 'unknown' && !r.message.includes(`${db.password}-wrong`));
  });

  it('reports an unknown database as unknown/unknown-database', async () => {
    const r = await check({ ...target, database: 'no_such_db' }, 'sessions');
    assert.equal(r.status === 'unknown' && r.reason, 'unknown-database');
    assert.match(r.status === 'unknown' ? r.message : '', /no_such_db/);
  });

  it('keeps the password out of messages even when the server quotes it back', async () => {
    // The server echoes the database name and the user name in its errors: make both the password.
    const asDb = await check({ ...target, database: db.password }, 'sessions');
    assert.equal(asDb.status === 'unknown' && asDb.reason, 'unknown-database');
    assert.match(asDb.status === 'unknown' ? asDb.message : '', /\*\*\*\*/);
    const asUser = await check({ ...target, user: db.password }, 'sessions');
    assert.equal(asUser.status === 'unknown' && asUser.reason, 'access-denied');
    assert.match(asUser.status === 'unknown' ? asUser.message : '', /\*\*\*\*/);
    for (const r of [asDb, asUser]) assert.ok(!JSON.stringify(r).includes(db.password));
  });

  it('runs in a read-only session: the same session refuses writes (error 1792)', async () => {
    const session = createReadOnlySession(target, 3000);
    await session.open();
    try {
      const [flags] = await session.query('SELECT @@session.tx_read_only AS ro', []);
      assert.equal(Number(flags.ro), 1);
      await assert.rejects(session.query('CREATE TABLE written (id INT)', []), (e: { errno?: number }) => e.errno === 1792);
      await assert.rejects(session.query("INSERT INTO sessions VALUES ('x', 'y', 1)", []), (e: { errno?: number }) => e.errno === 1792);
    } finally {
      await session.close();
    }
    assert.deepEqual(await db.exec("SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'sd_app' AND TABLE_NAME = 'written'"), [{ n: 0 }]);
    assert.deepEqual(await db.exec('SELECT COUNT(*) AS n FROM sessions'), [{ n: 0 }]);
  });

  it('closes its connection after every check, whatever the outcome', async () => {
    await check(target, 'sessions');
    await check({ ...target, password: 'wrong-password' }, 'sessions');
    await check({ ...target, database: 'no_such_db' }, 'sessions');
    // The server drops a thread shortly after QUIT; poll briefly.
    let n = -1;
    for (let i = 0; i < 50; i++) {
      [{ n }] = (await db.exec(`SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = '${db.user}'`)) as Array<{ n: number }>;
      if (Number(n) === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(Number(n), 0);
  });

  it('answers within a few hundred ms on a local server', async () => {
    const r = await check(target, 'sessions');
    assert.ok(r.elapsedMs < 1000, `${r.elapsedMs} ms`);
  });
});
