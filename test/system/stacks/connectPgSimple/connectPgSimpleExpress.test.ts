/**
 * The connect-pg-simple stack end to end, with the real things: a real PostgreSQL (Debian's,
 * started here), the built CLI (`node dist/cli.js`), psql, and a real Express app (test/fixtures/
 * stacks/connect-pg-simple/app) with express-session and connect-pg-simple 10.0.0.
 *
 * The table is missing → `check` finds it → `sql` is exactly the package's table.sql → `fix --yes`
 * runs psql → a real HTTP request through the app stores its session in the table. And the other
 * fix, `createTableIfMissing: true`, is applied to the app's source, which the real store then
 * honours. The table both create is the one the package itself creates (captured in fixtures).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { expressAppCopy, startExpressApp, stopExpressApp } from '../../../support/expressApp';
import { startPostgres, type TestDatabaseServer } from '../../../support/databases';
import { dumpTable } from '../../../fixtures/stacks/connect-pg-simple/capture';

const ROOT = path.join(__dirname, '../../../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FIXTURES = path.join(ROOT, 'test/fixtures/stacks/connect-pg-simple');

function cli(args: string[], env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'C', ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('connect-pg-simple: a real Express app on a real PostgreSQL, through the built CLI', function () {
  this.timeout(180_000);
  let db: TestDatabaseServer;
  let url: string;
  const dirs: string[] = [];

  before(async function () {
    assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run npm run build first');
    db = await startPostgres();
    url = `postgresql://${db.user}:${encodeURIComponent(db.password)}@${db.host}:${db.port}/${db.database}`;
  });
  after(async () => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    await db?.stop();
  });
  beforeEach(async () => {
    await db.exec('DROP TABLE IF EXISTS public.session');
  });

  async function sessionRows(): Promise<Array<{ sid: string; sess: { visits?: number } }>> {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query('SELECT sid, sess FROM public.session')).rows as Array<{ sid: string; sess: { visits?: number } }>;
    } finally {
      await c.end();
    }
  }

  it('the missing table: check finds it, sql is table.sql, fix runs psql, a request stores its session', async () => {
    const dir = expressAppCopy(url);
    dirs.push(dir);

    // Before: the real app cannot save the session (express-session has already answered, and
    // reports the store's error after), and a request that brings the cookie back fails.
    const before = await startExpressApp(dir);
    try {
      const res = await fetch(`${before.base}/visit`);
      const cookie = res.headers.get('set-cookie')!.split(';')[0];
      const again = await fetch(`${before.base}/visit`, { headers: { cookie } });
      assert.equal(again.status, 500);
      assert.match(before.output(), /error: relation "session" does not exist/);
    } finally {
      await stopExpressApp(before.child);
    }

    const check = cli(['check', dir, '--json']);
    assert.equal(check.code, 1, check.stderr);
    assert.ok(!check.stdout.includes(db.password), 'check --json printed the password');
    const report = JSON.parse(check.stdout) as {
      apps: Array<{ framework: string; tableState: string; sessionTable: string; databaseDisplay: string }>;
      problems: Array<{ code: string; fixes: Array<{ id: string; preferred?: boolean; commands?: Array<{ argv: string[] }> }> }>;
    };
    assert.equal(report.apps.length, 1);
    assert.equal(report.apps[0].framework, 'connect-pg-simple');
    assert.equal(report.apps[0].sessionTable, 'session');
    assert.equal(report.apps[0].tableState, 'missing');
    assert.equal(report.apps[0].databaseDisplay, `postgresql://${db.user}:****@${db.host}:${db.port}/${db.database}`);
    const problem = report.problems.find((p) => p.code === 'connectPgSimple.sessionTableMissing')!;
    assert.deepEqual(
      problem.fixes.map((f) => [f.id, f.preferred ?? false]),
      [
        ['connectPgSimple.psqlTableSql', true],
        ['connectPgSimple.createTableIfMissing', false],
      ],
    );
    assert.deepEqual(problem.fixes[0].commands![0].argv.slice(-2), ['-f', 'node_modules/connect-pg-simple/table.sql']);

    const text = cli(['check', dir]);
    assert.equal(text.code, 1);
    assert.ok(!text.stdout.includes(db.password), 'check printed the password');

    const sql = cli(['sql', dir, '--dialect', 'postgresql']);
    assert.equal(sql.code, 0, sql.stderr);
    assert.equal(sql.stdout, fs.readFileSync(path.join(ROOT, 'node_modules/connect-pg-simple/table.sql'), 'utf8'));

    const noLive = cli(['check', dir, '--no-live', '--json']);
    assert.equal(noLive.code, 2);
    assert.equal((JSON.parse(noLive.stdout) as typeof report).apps[0].tableState, 'not-checked');

    const fix = cli(['fix', dir, '--yes']);
    assert.equal(fix.code, 0, `${fix.stdout}\n${fix.stderr}`);
    assert.ok(!`${fix.stdout}${fix.stderr}`.includes(db.password), 'fix printed the password');
    assert.match(
      fix.stdout,
      /\$ psql -X -v ON_ERROR_STOP=1 --single-transaction -d 'postgresql:\/\/sd_app:\*\*\*\*@127\.0\.0\.1:\d+\/sd_app' -f node_modules\/connect-pg-simple\/table\.sql/,
    );
    // The table psql made is the table the package itself makes (createTableIfMissing, captured).
    assert.equal(dumpTable(url, 'public.session'), fs.readFileSync(path.join(FIXTURES, 'created-default.txt'), 'utf8'));
    assert.equal(cli(['check', dir]).code, 0);

    // After: a real request through express-session lands in the table.
    const after = await startExpressApp(dir);
    try {
      const res = await fetch(`${after.base}/visit`);
      assert.equal(res.status, 200, after.output());
      const body = (await res.json()) as { visits: number; sid: string };
      assert.equal(body.visits, 1);
      const rows = await sessionRows();
      assert.deepEqual(
        rows.map((r) => [r.sid, r.sess.visits]),
        [[body.sid, 1]],
      );
      // The cookie brings the same session back.
      const again = await fetch(`${after.base}/visit`, { headers: { cookie: res.headers.get('set-cookie')!.split(';')[0] } });
      assert.equal(((await again.json()) as { visits: number }).visits, 2);
      assert.equal((await sessionRows())[0].sess.visits, 2);
    } finally {
      await stopExpressApp(after.child);
    }
  });

  it('custom tableName and schemaName: check finds the table there, and the SQL makes what createTableIfMissing makes', async () => {
    await db.exec(`DROP SCHEMA IF EXISTS auth CASCADE; CREATE SCHEMA auth AUTHORIZATION ${db.user}`);
    const dir = expressAppCopy(url);
    dirs.push(dir);
    const server = path.join(dir, 'server.js');
    fs.writeFileSync(
      server,
      fs
        .readFileSync(server, 'utf8')
        .replace('conString: process.env.DATABASE_URL,', "conString: process.env.DATABASE_URL,\n      tableName: 'user_sessions',\n      schemaName: 'auth',"),
    );
    const check = cli(['check', dir, '--json']);
    assert.equal(check.code, 1, check.stdout);
    const fix = cli(['fix', dir, '--yes']);
    assert.equal(fix.code, 0, `${fix.stdout}\n${fix.stderr}`);
    assert.ok(!`${fix.stdout}${fix.stderr}`.includes(db.password), 'fix printed the password');
    assert.equal(dumpTable(url, 'auth.user_sessions'), fs.readFileSync(path.join(FIXTURES, 'created-custom.txt'), 'utf8'));
    const app = await startExpressApp(dir);
    try {
      const res = await fetch(`${app.base}/visit`);
      const body = (await res.json()) as { sid: string };
      const c = new Client({ connectionString: url });
      await c.connect();
      try {
        assert.deepEqual((await c.query('SELECT sid FROM auth.user_sessions')).rows, [{ sid: body.sid }]);
      } finally {
        await c.end();
      }
    } finally {
      await stopExpressApp(app.child);
    }
  });

  it('the other fix: createTableIfMissing: true is edited into the store options, and the real store creates the table', async () => {
    const dir = expressAppCopy(url);
    dirs.push(dir);
    const fix = cli(['fix', dir, '--yes', '--fix', 'connectPgSimple.createTableIfMissing']);
    // The edit is made. The table only appears once the app runs again; until then the store is
    // configured to create it, which check reports as a note (healthy).
    assert.equal(fix.code, 0, `${fix.stdout}\n${fix.stderr}`);
    const source = fs.readFileSync(path.join(dir, 'server.js'), 'utf8');
    assert.ok(source.includes('    store: new PgStore({\n      createTableIfMissing: true,\n      conString: process.env.DATABASE_URL,\n    }),'), source);
    const info = cli(['check', dir, '--json']);
    assert.equal(info.code, 0, info.stdout);
    const notes = (JSON.parse(info.stdout) as { problems: Array<{ code: string; severity: string }> }).problems;
    assert.deepEqual(
      notes.map((p) => [p.code, p.severity]),
      [['connectPgSimple.sessionTableMissing', 'info']],
    );

    const app = await startExpressApp(dir);
    try {
      const res = await fetch(`${app.base}/visit`);
      assert.equal(res.status, 200, app.output());
      // express-session may send the headers before the store's save completes: read the whole body.
      const body = (await res.json()) as { sid: string };
      assert.deepEqual(
        (await sessionRows()).map((r) => r.sid),
        [body.sid],
      );
    } finally {
      await stopExpressApp(app.child);
    }
    assert.equal(dumpTable(url, 'public.session'), fs.readFileSync(path.join(FIXTURES, 'created-default.txt'), 'utf8'));
    assert.equal(cli(['check', dir]).code, 0);
  });
});
