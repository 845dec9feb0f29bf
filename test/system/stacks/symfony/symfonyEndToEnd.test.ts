/**
 * A Symfony-shaped app (test/fixtures/stacks/symfony/app-*) whose PdoSessionHandler table is
 * missing, end to end through the built CLI (`node dist/cli.js`, so `npm run build` first) and
 * Symfony's own PdoSessionHandler (Debian's php-symfony-http-foundation 5.4):
 * the real handler fails → `check` finds it → `sql --dialect D` is the captured createTable() SQL →
 * `fix --yes` (on MariaDB: the printed mysql command) → the real handler writes a session and reads
 * it back → `check` is healthy. On SQLite, PostgreSQL and MariaDB.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startMariaDb, startPostgres, type TestDatabaseServer } from '../../../support/databases';
import { requireTools } from '../../../support/requiredTools';

const REPO = path.join(__dirname, '../../../..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'stacks', 'symfony');
const PROBE = path.join(FIXTURES, 'pdo-session-probe.php');

/** The statements createTable() executed, as the script `sql` prints (each ends with ";\n"). */
function capturedScript(file: string): string {
  return readFileSync(path.join(FIXTURES, 'ddl', file), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((s) => `${s};\n`)
    .join('');
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'C', ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Symfony's own handler: a session write, then a read by id (see pdo-session-probe.php). */
function symfonySession(config: object): { code: number | null; out: string } {
  const r = spawnSync('php', [PROBE, 'session', JSON.stringify(config)], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function copyApp(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `sd-symfony-${name}-`));
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

describe('Symfony PdoSessionHandler, end to end with the real handler', function () {
  this.timeout(120_000);
  before(() => assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first'));

  describe('on SQLite (DATABASE_URL with %kernel.project_dir%, read with resolve:)', () => {
    let app: string;
    let db: string;
    beforeEach(function () {
      requireTools(this, 'php', 'symfony-http-foundation', 'pdo_sqlite', 'sqlite3');
      app = copyApp('app-sqlite');
      db = path.join(app, 'var', 'data.db');
      const made = spawnSync('sqlite3', [db, 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT); INSERT INTO users VALUES (1, "ada@example.com");']);
      assert.equal(made.status, 0);
    });
    afterEach(() => rmSync(app, { recursive: true, force: true }));

    it('missing → check → sql equals createTable() → fix → a real session write and read', () => {
      // The real handler fails as an app would.
      const before = symfonySession({ dsn: `sqlite:${db}` });
      assert.notEqual(before.code, 0);
      assert.match(before.out, /no such table: sessions/);

      const check = cli(['check', app, '--json']);
      assert.equal(check.code, 1, check.stderr);
      const report = JSON.parse(check.stdout) as {
        apps: Array<Record<string, unknown>>;
        problems: Array<{ code: string; fixes: Array<{ id: string; preferred?: boolean }> }>;
      };
      assert.equal(report.apps.length, 1);
      assert.equal(report.apps[0].framework, 'symfony');
      assert.equal(report.apps[0].sessionTable, 'sessions');
      assert.equal(report.apps[0].tableState, 'missing');
      assert.equal(report.apps[0].sqlitePath, db);
      assert.deepEqual(
        report.problems.map((p) => p.code),
        ['symfony.sessionTableMissing'],
      );
      assert.deepEqual(
        report.problems[0].fixes.map((f) => [f.id, f.preferred === true]),
        [
          ['symfony.createTable', true],
          ['symfony.nativeHandler', false],
        ],
      );

      for (const [dialect, file] of [
        ['sqlite', 'sqlite-default.sql'],
        ['mysql', 'mysql-default.sql'],
        ['postgresql', 'pgsql-default.sql'],
      ]) {
        const sql = cli(['sql', app, '--dialect', dialect]);
        assert.equal(sql.code, 0, sql.stderr);
        assert.equal(sql.stdout, capturedScript(file), dialect);
      }

      const fix = cli(['fix', app, '--yes']);
      assert.equal(fix.code, 0, `${fix.stdout}${fix.stderr}`);
      assert.match(fix.stdout, /Health now: healthy/);

      // sqlite3 sees exactly createTable()'s objects, and the row that was there.
      const schema = spawnSync(
        'sqlite3',
        [db, "SELECT sql FROM sqlite_schema WHERE tbl_name = 'sessions' AND sql IS NOT NULL ORDER BY type DESC; SELECT email FROM users;"],
        { encoding: 'utf8' },
      );
      assert.equal(schema.stdout, capturedScript('sqlite-default.sql').replace(/;\n/g, '\n') + 'ada@example.com\n');

      const after = symfonySession({ dsn: `sqlite:${db}` });
      assert.equal(after.code, 0, after.out);
      const got = JSON.parse(after.out) as { read: string; rows: number };
      assert.equal(got.read, 'ada');
      assert.equal(got.rows, 1);

      assert.equal(cli(['check', app]).code, 0);
      assert.ok(!existsSync(path.join(app, 'var', 'console-was-run')), 'bin/console was run');
    });

    it('the environment wins over .env, as in Symfony', () => {
      const other = path.join(app, 'var', 'other.db');
      spawnSync('sqlite3', [other, capturedScript('sqlite-default.sql')]);
      const check = cli(['check', app, '--json'], { DATABASE_URL: `sqlite:///${other}` });
      assert.equal(check.code, 0, check.stdout);
      assert.equal((JSON.parse(check.stdout) as { apps: Array<{ sqlitePath: string }> }).apps[0].sqlitePath, other);
    });
  });

  describe('on MySQL/MariaDB (default names, DATABASE_URL in .env.local)', () => {
    let my: TestDatabaseServer;
    let app: string;
    before(async function () {
      requireTools(this, 'php', 'symfony-http-foundation', 'pdo_mysql');
      my = await startMariaDb();
    });
    after(async () => my?.stop());
    beforeEach(() => {
      app = copyApp('app-sqlite');
      writeFileSync(
        path.join(app, '.env.local'),
        `DATABASE_URL="mysql://${my.user}:${my.password}@${my.host}:${my.port}/${my.database}?serverVersion=10.11.0-MariaDB"\n`,
      );
    });
    afterEach(() => rmSync(app, { recursive: true, force: true }));

    const config = () => ({ dsn: `mysql:host=${my.host};port=${my.port};dbname=${my.database}`, user: my.user, password: my.password });

    it('missing → check → sql equals createTable() → the printed mysql command → a real session write and read', () => {
      const before = symfonySession(config());
      assert.notEqual(before.code, 0);
      assert.match(before.out, new RegExp(`1146 Table '${my.database}\\.sessions' doesn't exist`));

      const check = cli(['check', app, '--json']);
      assert.equal(check.code, 1, check.stderr);
      assert.ok(!check.stdout.includes(my.password), 'the password is printed');
      const report = JSON.parse(check.stdout) as {
        apps: Array<Record<string, unknown>>;
        problems: Array<{ code: string; fixes: Array<{ id: string; preferred?: boolean; commands?: Array<{ argv: string[] }> }> }>;
      };
      assert.equal(report.apps[0].framework, 'symfony');
      assert.equal(report.apps[0].dialect, 'mysql');
      assert.equal(report.apps[0].tableState, 'missing');
      assert.equal(report.problems[0].code, 'symfony.sessionTableMissing');
      const run = report.problems[0].fixes[0];
      assert.equal(run.id, 'symfony.runCreateTableSql');
      assert.equal(run.preferred, true);
      const argv = run.commands![0].argv;
      // mysql asks for the password itself (`-p`): none is in the argv.
      assert.deepEqual(argv, ['mysql', '-h', my.host, '-P', String(my.port), '-u', my.user, '-p', '-e', capturedScript('mysql-default.sql'), my.database]);

      const sql = cli(['sql', app, '--dialect', 'mysql']);
      assert.equal(sql.code, 0, sql.stderr);
      assert.equal(sql.stdout, capturedScript('mysql-default.sql'));

      // The printed command, run with the real mysql client; the test has no terminal for `-p`'s
      // prompt, so it gives the password as MYSQL_PWD instead.
      const r = spawnSync(
        argv[0],
        argv.slice(1).filter((a) => a !== '-p'),
        { encoding: 'utf8', env: { PATH: process.env.PATH, MYSQL_PWD: my.password } },
      );
      assert.equal(r.status, 0, r.stderr);

      const after = symfonySession(config());
      assert.equal(after.code, 0, after.out);
      const got = JSON.parse(after.out) as { read: string; rows: number };
      assert.equal(got.read, 'ada');
      assert.equal(got.rows, 1);
      assert.equal(cli(['check', app]).code, 0);
      assert.ok(!existsSync(path.join(app, 'var', 'console-was-run')), 'bin/console was run');
    });
  });

  describe('on PostgreSQL (custom table and columns, DATABASE_URL in .env.local)', () => {
    let pg: TestDatabaseServer;
    let app: string;
    before(async function () {
      requireTools(this, 'php', 'symfony-http-foundation', 'pdo_pgsql');
      pg = await startPostgres();
    });
    after(async () => pg?.stop());
    beforeEach(() => {
      app = copyApp('app-pgsql');
      writeFileSync(
        path.join(app, '.env.local'),
        `DATABASE_URL="postgresql://${pg.user}:${pg.password}@${pg.host}:${pg.port}/${pg.database}?serverVersion=15&charset=utf8"\n`,
      );
    });
    afterEach(() => rmSync(app, { recursive: true, force: true }));

    const options = { db_table: 'app_sessions', db_id_col: 'id', db_data_col: 'payload', db_lifetime_col: 'ttl', db_time_col: 'created_at' };
    const config = () => ({ dsn: `pgsql:host=${pg.host};port=${pg.port};dbname=${pg.database}`, user: pg.user, password: pg.password, options });

    it('missing → check → sql equals createTable() → fix with psql → a real session write and read', () => {
      const before = symfonySession(config());
      assert.notEqual(before.code, 0);
      assert.match(before.out, /relation "app_sessions" does not exist/);

      const check = cli(['check', app, '--json']);
      assert.equal(check.code, 1, check.stderr);
      assert.ok(!check.stdout.includes(pg.password), 'the password is printed');
      const report = JSON.parse(check.stdout) as {
        apps: Array<Record<string, unknown>>;
        problems: Array<{ code: string; fixes: Array<{ id: string; commands?: Array<{ argv: string[] }> }> }>;
      };
      assert.equal(report.apps[0].framework, 'symfony');
      assert.equal(report.apps[0].sessionTable, 'app_sessions');
      assert.equal(report.apps[0].dialect, 'postgresql');
      assert.equal(report.apps[0].tableState, 'missing');
      assert.equal(report.problems[0].code, 'symfony.sessionTableMissing');
      const run = report.problems[0].fixes[0];
      assert.equal(run.id, 'symfony.runCreateTableSql');
      assert.deepEqual(run.commands?.[0].argv, [
        'psql',
        '-v',
        'ON_ERROR_STOP=1',
        '-h',
        pg.host,
        '-p',
        String(pg.port),
        '-U',
        pg.user,
        '-d',
        pg.database,
        '-c',
        capturedScript('pgsql-custom.sql'),
      ]);

      const noLive = cli(['check', app, '--no-live', '--json']);
      assert.equal(noLive.code, 2);
      assert.equal((JSON.parse(noLive.stdout) as { apps: Array<{ tableState: string }> }).apps[0].tableState, 'not-checked');

      for (const [dialect, file] of [
        ['postgresql', 'pgsql-custom.sql'],
        ['sqlite', 'sqlite-custom.sql'],
        ['mysql', 'mysql-custom.sql'],
      ]) {
        const sql = cli(['sql', app, '--dialect', dialect]);
        assert.equal(sql.stdout, capturedScript(file), dialect);
      }

      // psql asks for the password; here it reads PGPASSWORD, as a user's ~/.pgpass would serve it.
      const fix = cli(['fix', app, '--yes'], { PGPASSWORD: pg.password });
      assert.equal(fix.code, 0, `${fix.stdout}${fix.stderr}`);
      assert.ok(!`${fix.stdout}${fix.stderr}`.includes(pg.password), 'the password is printed');

      const after = symfonySession(config());
      assert.equal(after.code, 0, after.out);
      assert.equal((JSON.parse(after.out) as { read: string }).read, 'ada');
      assert.equal(cli(['check', app]).code, 0);
      assert.ok(!existsSync(path.join(app, 'var', 'console-was-run')), 'bin/console was run');
    });
  });
});
