/**
 * checkTableLive against a real PostgreSQL (Debian's postgresql, started by the test).
 */
import * as assert from 'node:assert/strict';
import { Client } from 'pg';
import { checkTableLive, type LiveResult, type LiveTarget } from '../../../../src/core/read/live/tableCheck';
import { createReadOnlySession } from '../../../../src/core/read/live/sessionFactory';
import { startPostgres, type TestDatabaseServer } from '../../../support/databases';

describe('live check: PostgreSQL (real server)', function () {
  this.timeout(120_000);
  let db: TestDatabaseServer;
  let target: LiveTarget;
  /** Every result of this file: none may contain the password. */
  const seen: LiveResult[] = [];
  const check = async (t: LiveTarget, table: string): Promise<LiveResult> => {
    const r = await checkTableLive(t, table);
    seen.push(r);
    return r;
  };
  const reasonOf = (r: LiveResult): string => (r.status === 'unknown' ? r.reason : `not unknown: ${r.status}`);

  before(async function () {
    db = await startPostgres();
    console.log(`      (PostgreSQL started in ${db.startupMs} ms)`);
    target = { dialect: 'postgresql', host: db.host, port: db.port, user: db.user, password: db.password, database: db.database };
    await db.exec(
      [
        // As Prisma creates it: a quoted, mixed-case name in public.
        'CREATE TABLE public."Session" (id TEXT PRIMARY KEY, "sessionToken" TEXT NOT NULL)',
        'CREATE TABLE public.sessions (id VARCHAR(255) PRIMARY KEY, payload TEXT NOT NULL, last_activity INTEGER NOT NULL)',
        // Prisma ?schema=auth: a table that only exists in a non-public schema.
        'CREATE SCHEMA auth',
        'CREATE TABLE auth.user_sessions (id TEXT PRIMARY KEY)',
        'CREATE TABLE events (id BIGINT, at DATE) PARTITION BY RANGE (at)',
        'CREATE VIEW sessions_view AS SELECT id FROM sessions',
        // Owned by the superuser, no rights granted: still present (information_schema would hide it).
        'CREATE SCHEMA private',
        'CREATE TABLE private.sessions (id TEXT)',
        'REVOKE ALL ON SCHEMA private FROM PUBLIC',
        `ALTER TABLE public.sessions OWNER TO ${db.user}`,
      ].join(';\n'),
    );
  });

  after(async () => {
    for (const r of seen) assert.ok(!JSON.stringify(r).includes(db.password), JSON.stringify(r));
    await db?.stop();
  });

  it('with columns: the columns in order (dropped ones not), and whether the table holds a row', async () => {
    await db.exec(
      `CREATE TABLE auth.cols (a TEXT, gone TEXT, b INT); ALTER TABLE auth.cols DROP COLUMN gone; GRANT USAGE ON SCHEMA auth TO ${db.user}; ALTER TABLE auth.cols OWNER TO ${db.user}`,
    );
    const r = await checkTableLive({ ...target, schema: 'auth' }, 'cols', { columns: true });
    seen.push(r);
    assert.deepEqual(r.status === 'present' && [r.columns, r.hasRows], [['a', 'b'], false]);
    await db.exec("INSERT INTO auth.cols VALUES ('x', 1)");
    const s = await checkTableLive({ ...target, schema: 'auth' }, 'cols', { columns: true });
    assert.deepEqual(s.status === 'present' && s.hasRows, true);
    // No privilege on the table: the columns are still listed; whether it holds a row is not known.
    const p = await checkTableLive({ ...target, schema: 'private' }, 'sessions', { columns: true });
    assert.deepEqual(p.status === 'present' && [p.columns, p.hasRows], [['id'], undefined]);
  });

  it('finds a present table in public (the default schema)', async () => {
    assert.equal((await check(target, 'sessions')).status, 'present');
    assert.equal((await check({ ...target, schema: 'public' }, 'Session')).status, 'present');
  });

  it('matches names exactly, as quoted identifiers', async () => {
    assert.equal((await check(target, 'session')).status, 'missing');
    assert.equal((await check(target, 'SESSIONS')).status, 'missing');
  });

  it('looks only in the configured schema', async () => {
    assert.equal((await check(target, 'user_sessions')).status, 'missing');
    assert.equal((await check({ ...target, schema: 'auth' }, 'user_sessions')).status, 'present');
    assert.equal((await check({ ...target, schema: 'auth' }, 'sessions')).status, 'missing');
    assert.equal((await check({ ...target, schema: 'no_such_schema' }, 'sessions')).status, 'missing');
  });

  it('counts a partitioned table, not a view', async () => {
    assert.equal((await check(target, 'events')).status, 'present');
    assert.equal((await check(target, 'sessions_view')).status, 'missing');
  });

  it('sees a table the user has no privilege on (pg_catalog, not information_schema)', async () => {
    const r = await check({ ...target, schema: 'private' }, 'sessions');
    assert.equal(r.status, 'present');
    // The premise: information_schema really does hide it from this user.
    const session = createReadOnlySession(target, 3000);
    await session.open();
    try {
      const rows = await session.query("SELECT 1 FROM information_schema.tables WHERE table_schema = 'private'", []);
      assert.equal(rows.length, 0);
    } finally {
      await session.close();
    }
  });

  it('connects through the Unix socket folder too', async () => {
    // Socket connections are trusted in this cluster; the point is the path handling.
    assert.equal((await check({ ...target, socketPath: db.socketPath }, 'sessions')).status, 'present');
  });

  it('reports a wrong password as unknown/access-denied (28P01), never missing', async () => {
    const r = await check({ ...target, password: `${db.password}-wrong` }, 'sessions');
    assert.equal(reasonOf(r), 'access-denied');
    assert.match(r.status === 'unknown' ? r.message : '', /28P01/);
  });

  it('reports a missing password as access-denied', async () => {
    assert.equal(reasonOf(await check({ ...target, password: undefined }, 'sessions')), 'access-denied');
  });

  it('reports an unknown database as unknown/unknown-database (3D000)', async () => {
    const r = await check({ ...target, database: 'no_such_db' }, 'sessions');
    assert.equal(reasonOf(r), 'unknown-database');
    assert.match(r.status === 'unknown' ? r.message : '', /no_such_db/);
  });

  it('keeps the password out of messages even when the server quotes it back', async () => {
    // The server names the database (3D000) and the user (28P01) in its errors: make both the password.
    const asDb = await check({ ...target, database: db.password }, 'sessions');
    assert.equal(reasonOf(asDb), 'unknown-database');
    assert.match(asDb.status === 'unknown' ? asDb.message : '', /\*\*\*\*/);
    const asUser = await check({ ...target, user: db.password }, 'sessions');
    assert.equal(reasonOf(asUser), 'access-denied');
    assert.match(asUser.status === 'unknown' ? asUser.message : '', /\*\*\*\*/);
    for (const r of [asDb, asUser]) assert.ok(!JSON.stringify(r).includes(db.password));
  });

  it('runs in a read-only session with a statement timeout: writes fail with 25006', async () => {
    const session = createReadOnlySession(target, 800);
    await session.open();
    try {
      const [ro] = await session.query("SELECT current_setting('transaction_read_only') AS tx, current_setting('statement_timeout') AS st", []);
      assert.deepEqual(ro, { tx: 'on', st: '800ms' });
      await assert.rejects(session.query('CREATE TABLE written (id INT)', []), (e: { code?: string }) => e.code === '25006');
      await assert.rejects(session.query("INSERT INTO sessions VALUES ('x', 'y', 1)", []), (e: { code?: string }) => e.code === '25006');
      // The statement timeout is enforced by the server.
      await assert.rejects(session.query('SELECT pg_sleep(3)', []), (e: { code?: string }) => e.code === '57014');
    } finally {
      await session.close();
    }
    assert.deepEqual(await db.exec("SELECT to_regclass('public.written') IS NULL AS gone, (SELECT count(*)::int FROM sessions) AS n"), [{ gone: true, n: 0 }]);
  });

  it('closes its connection after every check, whatever the outcome', async () => {
    await check(target, 'sessions');
    await check({ ...target, password: 'wrong-password' }, 'sessions');
    await check({ ...target, database: 'no_such_db' }, 'sessions');
    let n = -1;
    for (let i = 0; i < 50; i++) {
      [{ n }] = (await db.exec("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'session-doctor'")) as Array<{ n: number }>;
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(n, 0);
  });

  it('gives up on a real server stuck behind a catalog lock, and leaves no backend behind', async () => {
    const su = new Client({ host: db.socketPath, port: db.port, user: db.superuser, database: db.database });
    await su.connect();
    try {
      await su.query('BEGIN');
      // Every new session reads pg_class while starting, so the check blocks in the server.
      await su.query('LOCK TABLE pg_catalog.pg_class IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const r = await checkTableLive(target, 'sessions', { timeoutMs: 600 });
      seen.push(r);
      assert.equal(reasonOf(r), 'timeout');
      assert.ok(Date.now() - started < 1500, `${Date.now() - started} ms`);
    } finally {
      await su.query('ROLLBACK');
      await su.end();
    }
    let n = -1;
    // Any client backend but the one asking (a backend still starting up has no application_name yet).
    for (let i = 0; i < 100 && n !== 0; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 20));
      [{ n }] = (await db.exec("SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")) as Array<{
        n: number;
      }>;
    }
    assert.equal(n, 0);
  });

  it('answers within a few hundred ms on a local server', async () => {
    const r = await check(target, 'sessions');
    assert.ok(r.elapsedMs < 1000, `${r.elapsedMs} ms`);
  });
});
