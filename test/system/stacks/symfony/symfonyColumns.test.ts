/**
 * A Symfony app (test/fixtures/stacks/symfony/app-*) whose PdoSessionHandler table exists but lacks
 * some of the handler's columns, on real SQLite, PostgreSQL and MariaDB: Symfony's own handler
 * (Debian's php-symfony-http-foundation 5.4) fails → `check --json` reports
 * `symfony.sessionColumnsMissing` → the fix (the locked apply on SQLite; the printed command with
 * the real psql / mysql client on servers) → the handler writes a session and reads it back →
 * `check` is healthy. Where the add cannot work (rows and a NOT NULL column on SQLite), no fix.
 */
import '../../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startMariaDb, startPostgres, type TestDatabaseServer } from '../../../support/databases';
import { requireTools } from '../../../support/requiredTools';
import { runCli } from '../../../support/runCli';

const FIXTURES = path.join(__dirname, '../../../fixtures/stacks/symfony');
const PROBE = path.join(FIXTURES, 'pdo-session-probe.php');

interface JsonProblem {
  code: string;
  detail?: string;
  fixes: Array<{ id: string; preferred?: boolean; sql?: string; commands?: Array<{ argv: string[] }> }>;
}

function symfonySession(config: object): { code: number | null; out: string } {
  const r = spawnSync('php', [PROBE, 'session', JSON.stringify(config)], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function copyApp(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `sd-symfony-cols-${name}-`));
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

async function columnsProblem(app: string, env: NodeJS.ProcessEnv = {}): Promise<JsonProblem | undefined> {
  const r = await runCli(['check', '--json', app], { env: { PATH: process.env.PATH, ...env } });
  return (JSON.parse(r.stdout) as { problems: JsonProblem[] }).problems.find((p) => p.code === 'symfony.sessionColumnsMissing');
}

describe('Symfony PdoSessionHandler: a table lacking some of its columns (real databases, real handler)', function () {
  this.timeout(120_000);
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  describe('SQLite', () => {
    function sqliteApp(tableSql: string): { app: string; db: string } {
      const app = copyApp('app-sqlite');
      dirs.push(app);
      const db = path.join(app, 'var', 'data.db');
      assert.equal(spawnSync('sqlite3', [db, tableSql]).status, 0);
      return { app, db };
    }

    it('an empty table without sess_lifetime and sess_time: check → fix --yes → the handler writes and reads', async function () {
      requireTools(this, 'php', 'symfony-http-foundation', 'pdo_sqlite', 'sqlite3');
      const { app, db } = sqliteApp('CREATE TABLE sessions (sess_id TEXT NOT NULL PRIMARY KEY, sess_data BLOB NOT NULL);');
      const before = symfonySession({ dsn: `sqlite:${db}` });
      assert.notEqual(before.code, 0);
      assert.match(before.out, /no such column: sess_lifetime/);

      const p = await columnsProblem(app);
      assert.ok(p);
      assert.deepEqual(
        p.fixes.map((f) => [f.id, f.preferred]),
        [['symfony.addSessionColumns', true]],
      );
      const fix = await runCli(['fix', '--yes', app]);
      assert.equal(fix.code, 0, fix.stdout + fix.stderr);
      // The real sqlite3: the columns as createTable() defines them, and its EXPIRY index.
      const schema = spawnSync('sqlite3', [db, "SELECT sql FROM sqlite_master WHERE tbl_name = 'sessions' AND sql IS NOT NULL ORDER BY type DESC;"], {
        encoding: 'utf8',
      });
      assert.equal(
        schema.stdout,
        'CREATE TABLE sessions (sess_id TEXT NOT NULL PRIMARY KEY, sess_data BLOB NOT NULL, sess_lifetime INTEGER NOT NULL, sess_time INTEGER NOT NULL)\n' +
          'CREATE INDEX EXPIRY ON sessions (sess_lifetime)\n',
      );
      const after = symfonySession({ dsn: `sqlite:${db}` });
      assert.equal(after.code, 0, after.out);
      assert.equal((JSON.parse(after.out) as { read: string }).read, 'ada');
      assert.equal((await runCli(['check', app])).code, 0);
    });

    it('a table with rows: no fix, and sqlite3 refuses the ALTER exactly as the detail says', async function () {
      requireTools(this, 'sqlite3');
      const { app, db } = sqliteApp(
        "CREATE TABLE sessions (sess_id TEXT NOT NULL PRIMARY KEY, sess_data BLOB NOT NULL, sess_lifetime INTEGER NOT NULL); INSERT INTO sessions VALUES ('a', 'x', 60);",
      );
      const p = await columnsProblem(app);
      assert.deepEqual(p?.fixes, []);
      assert.match(p?.detail ?? '', /holds rows, so SQLite refuses to add it/);
      const r = spawnSync('sqlite3', [db, 'ALTER TABLE sessions ADD COLUMN sess_time INTEGER NOT NULL;'], { encoding: 'utf8' });
      assert.match(r.stderr, /Cannot add a NOT NULL column with default value NULL/);
    });
  });

  describe('PostgreSQL (custom table and column names)', () => {
    let pg: TestDatabaseServer;
    before(async function () {
      requireTools(this, 'php', 'symfony-http-foundation', 'pdo_pgsql');
      pg = await startPostgres();
    });
    after(async () => pg?.stop());

    it('an empty app_sessions without created_at: check → psql runs the printed ALTER → the handler writes and reads', async () => {
      await pg.exec(
        `CREATE TABLE app_sessions (id VARCHAR(128) NOT NULL PRIMARY KEY, payload BYTEA NOT NULL, ttl INTEGER NOT NULL); ALTER TABLE app_sessions OWNER TO ${pg.user}`,
      );
      const app = copyApp('app-pgsql');
      dirs.push(app);
      writeFileSync(
        path.join(app, '.env.local'),
        `DATABASE_URL="postgresql://${pg.user}:${pg.password}@${pg.host}:${pg.port}/${pg.database}?serverVersion=15"\n`,
      );
      const options = { db_table: 'app_sessions', db_id_col: 'id', db_data_col: 'payload', db_lifetime_col: 'ttl', db_time_col: 'created_at' };
      const config = { dsn: `pgsql:host=${pg.host};port=${pg.port};dbname=${pg.database}`, user: pg.user, password: pg.password, options };
      const before = symfonySession(config);
      assert.notEqual(before.code, 0);
      assert.match(before.out, /column "created_at" does not exist/);

      const p = await columnsProblem(app);
      assert.ok(p);
      const fix = p.fixes[0];
      assert.equal(fix.id, 'symfony.runAddColumnsSql');
      const argv = fix.commands![0].argv;
      assert.equal(argv[argv.length - 1], 'ALTER TABLE app_sessions ADD COLUMN created_at INTEGER NOT NULL;\n');
      // psql asks for the password; here it reads PGPASSWORD, as a user's ~/.pgpass would serve it.
      const run = await runCli(['fix', '--yes', app], { env: { PATH: process.env.PATH, PGPASSWORD: pg.password } });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.ok(!(run.stdout + run.stderr).includes(pg.password));
      const after = symfonySession(config);
      assert.equal(after.code, 0, after.out);
      assert.equal((JSON.parse(after.out) as { read: string }).read, 'ada');
      assert.equal((await runCli(['check', app])).code, 0);
    });
  });

  describe('MariaDB (MySQL driver)', () => {
    let my: TestDatabaseServer;
    before(async function () {
      requireTools(this, 'php', 'symfony-http-foundation', 'pdo_mysql');
      my = await startMariaDb();
    });
    after(async () => my?.stop());

    it('a table with rows without sess_lifetime: MySQL adds a NOT NULL column to it; the printed mysql command works; the handler then works', async () => {
      await my.exec(
        `CREATE TABLE \`${my.database}\`.sessions (sess_id VARBINARY(128) NOT NULL PRIMARY KEY, sess_data BLOB NOT NULL, sess_time INTEGER UNSIGNED NOT NULL) COLLATE utf8mb4_bin, ENGINE = InnoDB;\n` +
          `INSERT INTO \`${my.database}\`.sessions VALUES ('old', 'x', 1700000000)`,
      );
      const app = copyApp('app-sqlite');
      dirs.push(app);
      writeFileSync(path.join(app, '.env.local'), `DATABASE_URL="mysql://${my.user}:${my.password}@${my.host}:${my.port}/${my.database}"\n`);
      const config = { dsn: `mysql:host=${my.host};port=${my.port};dbname=${my.database}`, user: my.user, password: my.password };
      const before = symfonySession(config);
      assert.notEqual(before.code, 0);
      assert.match(before.out, /Unknown column 'sess_lifetime'/);

      const p = await columnsProblem(app);
      assert.ok(p);
      const argv = p.fixes[0].commands![0].argv;
      assert.equal(argv[0], 'mysql');
      assert.equal(
        argv[argv.indexOf('-e') + 1],
        'ALTER TABLE sessions ADD COLUMN sess_lifetime INTEGER UNSIGNED NOT NULL;\nCREATE INDEX EXPIRY ON sessions (sess_lifetime);\n',
      );
      // `-p` makes mysql ask on the terminal; the test has none, so it gives the password through MYSQL_PWD instead.
      const r = spawnSync(
        argv[0],
        argv.slice(1).filter((a) => a !== '-p'),
        { encoding: 'utf8', env: { PATH: process.env.PATH, MYSQL_PWD: my.password } },
      );
      assert.equal(r.status, 0, r.stderr);
      const after = symfonySession(config);
      assert.equal(after.code, 0, after.out);
      assert.equal((JSON.parse(after.out) as { read: string; rows: number }).read, 'ada');
      assert.equal((await runCli(['check', app])).code, 0);
    });
  });
});
