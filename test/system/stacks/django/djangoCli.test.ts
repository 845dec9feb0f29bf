/**
 * Issue 13's evidence for Django, end to end with the real Django 3.2 (Debian) on SQLite, and on
 * PostgreSQL and MariaDB started by this test: an app of our own with django_session missing,
 * `check` finds it (framework `django`), `sql` equals what `manage.py sqlmigrate sessions 0001`
 * prints, `fix --yes` repairs it, and then Django itself saves and loads a session, shows the
 * migration applied, and `migrate --check` passes. Both histories: the migration never applied,
 * and applied then the table dropped by hand (where plain `migrate` does nothing).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startMariaDb, startPostgres, type TestDatabaseServer } from '../../../support/databases';
import { copyDjangoApp, manage, manageOk, SESSION_ROUND_TRIP, type DjangoServerDb } from '../../../support/djangoApp';
import { djangoPython, requireTools, type ToolName } from '../../../support/requiredTools';
import { runCli } from '../../../support/runCli';

interface Dialect {
  name: 'sqlite' | 'postgresql' | 'mysql';
  tools: ToolName[];
  start?: () => Promise<TestDatabaseServer>;
}

const DIALECTS: Dialect[] = [
  { name: 'sqlite', tools: ['django', 'sqlite3'] },
  { name: 'postgresql', tools: ['django', 'psycopg2'], start: () => startPostgres() },
  { name: 'mysql', tools: ['django', 'mysqldb'], start: () => startMariaDb() },
];

/** The CLI's environment: Debian's python3 first on PATH, so the fix commands run the Django under test. */
function cliEnv(): NodeJS.ProcessEnv {
  return { PATH: `${path.dirname(djangoPython())}:${process.env.PATH ?? ''}`, LANG: 'C' };
}

interface CheckJson {
  health: string;
  apps: Array<{ framework: string; sessionTable?: string; tableState: string; dialect?: string }>;
  problems: Array<{ code: string; message: string; detail?: string; fixes: Array<{ id: string; preferred?: boolean }> }>;
}

let dbCounter = 0;

for (const d of DIALECTS) {
  describe(`Django on ${d.name}: check, sql, fix, then Django works`, function () {
    this.timeout(180_000);
    let server: TestDatabaseServer | undefined;
    const roots: string[] = [];

    before(async function () {
      requireTools(this, ...d.tools);
      if (d.start) server = await d.start();
    });
    after(async () => {
      for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
      await server?.stop();
    });

    /** A fresh app; on a server, in a database of its own. */
    async function freshApp(): Promise<string> {
      let db: DjangoServerDb | undefined;
      if (server && d.name !== 'sqlite') {
        const name = `sd_django_${process.pid}_${++dbCounter}`;
        await server.exec(d.name === 'mysql' ? `CREATE DATABASE \`${name}\`` : `CREATE DATABASE "${name}" OWNER "${server.user}"`);
        db = { engine: d.name, host: server.host, port: server.port, user: server.user, password: server.password, name };
      }
      const root = copyDjangoApp({ db });
      roots.push(root);
      return root;
    }

    async function checkJson(root: string): Promise<{ code: number; json: CheckJson; raw: string }> {
      const r = await runCli(['check', '--json', root], { env: cliEnv() });
      return { code: r.code, json: JSON.parse(r.stdout) as CheckJson, raw: r.stdout + r.stderr };
    }

    function assertDjangoWorks(root: string): void {
      assert.match(manageOk(root, ['shell', '-c', SESSION_ROUND_TRIP]), /^loaded round-trip$/m);
      assert.equal(manageOk(root, ['showmigrations', 'sessions']), 'sessions\n [X] 0001_initial\n');
      const check = manage(root, ['migrate', '--check']);
      assert.equal(check.status, 0, check.stdout + check.stderr);
      assert.match(manageOk(root, ['migrate']), /No migrations to apply\./);
    }

    it('the sessions migration never applied: found, sql is sqlmigrate, fix --yes repairs it', async () => {
      const root = await freshApp();
      manageOk(root, ['migrate', 'contenttypes']);
      assert.notEqual(manage(root, ['shell', '-c', SESSION_ROUND_TRIP]).status, 0, 'the round trip must fail before the fix');

      const before = await checkJson(root);
      assert.equal(before.code, 1, before.raw);
      assert.deepEqual(
        before.json.apps.map((a) => [a.framework, a.sessionTable, a.tableState, a.dialect]),
        [['django', 'django_session', 'missing', d.name]],
      );
      assert.deepEqual(
        before.json.problems.map((p) => p.code),
        ['django.sessionTableMissing'],
      );
      if (server) assert.doesNotMatch(before.raw, new RegExp(server.password));

      // `sql` prints what Django's own sqlmigrate prints, byte for byte, asked now.
      const sql = await runCli(['sql', root], { env: cliEnv() });
      assert.equal(sql.code, 0, sql.stderr);
      assert.equal(sql.stdout, manageOk(root, ['sqlmigrate', 'sessions', '0001']));

      const fix = await runCli(['fix', root, '--yes'], { env: cliEnv() });
      assert.equal(fix.code, 0, fix.stdout + fix.stderr);
      if (server) assert.doesNotMatch(fix.stdout + fix.stderr, new RegExp(server.password));
      assertDjangoWorks(root);
      const after = await checkJson(root);
      assert.deepEqual([after.code, after.json.health, after.json.apps[0].tableState], [0, 'healthy', 'present']);
    });

    it('applied, then the table dropped by hand: found as recorded, and fix --yes repairs it', async () => {
      const root = await freshApp();
      manageOk(root, ['migrate']);
      manageOk(root, ['shell', '-c', 'from django.db import connection\nwith connection.cursor() as c:\n    c.execute("DROP TABLE django_session")']);
      // Django's own view: nothing to do, nothing pending, yet the table is gone.
      assert.match(manageOk(root, ['migrate', 'sessions']), /No migrations to apply\./);
      assert.equal(manage(root, ['migrate', '--check']).status, 0);
      assert.notEqual(manage(root, ['shell', '-c', SESSION_ROUND_TRIP]).status, 0);

      const before = await checkJson(root);
      assert.equal(before.code, 1, before.raw);
      const problem = before.json.problems[0];
      assert.match(problem.detail ?? '', /django_migrations records sessions\.0001_initial as applied/);
      assert.equal(problem.fixes[0].id, d.name === 'sqlite' ? 'django.createTable' : 'django.refakeSessions');
      assert.ok(!problem.fixes.some((f) => f.id === 'django.migrateSessions'), 'plain migrate sessions does nothing here');

      const fix = await runCli(['fix', root, '--yes'], { env: cliEnv() });
      assert.equal(fix.code, 0, fix.stdout + fix.stderr);
      assertDjangoWorks(root);
      assert.equal((await checkJson(root)).code, 0);
    });

    it('a column of django_session dropped by hand: found from the schema (SQLite) or the live check (servers)', async () => {
      const root = await freshApp();
      manageOk(root, ['migrate']);
      manageOk(root, [
        'shell',
        '-c',
        'from django.db import connection\nwith connection.cursor() as c:\n    c.execute("ALTER TABLE django_session DROP COLUMN session_data")',
      ]);
      assert.notEqual(manage(root, ['shell', '-c', SESSION_ROUND_TRIP]).status, 0, 'Django fails on the missing column');
      const r = await checkJson(root);
      assert.equal(r.code, 1, r.raw);
      assert.deepEqual(
        r.json.problems.map((p) => p.code),
        ['django.sessionColumnsMissing'],
      );
      assert.match(r.json.problems[0].message, /session_data/);
    });

    it('`sql --dialect` prints that dialect from sqlmigrate, whatever the settings name', async () => {
      const root = await freshApp();
      const captures = path.join(__dirname, '../../../fixtures/stacks/django/captures');
      for (const dialect of ['sqlite', 'postgresql', 'mysql']) {
        const r = await runCli(['sql', root, '--dialect', dialect], { env: cliEnv() });
        assert.equal(r.stdout, fs.readFileSync(path.join(captures, `sqlmigrate-sessions-0001.${dialect}.sql`), 'utf8'));
      }
    });

    if (d.name === 'sqlite') {
      it("a project made by Django's startproject, never migrated: no database file, fix --yes runs migrate", async () => {
        const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sd-django-startproject-')));
        roots.push(root);
        const made = spawnSync(djangoPython(), ['-m', 'django', 'startproject', 'realsite', root], { encoding: 'utf8' });
        assert.equal(made.status, 0, made.stderr);
        const before = await checkJson(root);
        assert.equal(before.code, 1, before.raw);
        assert.deepEqual(
          before.json.problems.map((p) => [p.code, p.fixes[0].id]),
          [['django.databaseFileMissing', 'django.migrate']],
        );
        const fix = await runCli(['fix', root, '--yes'], { env: cliEnv() });
        assert.equal(fix.code, 0, fix.stdout + fix.stderr);
        assertDjangoWorks(root);
      });

      it('the table made by the fix is the table migrate makes', async () => {
        const ours = await freshApp();
        const theirs = await freshApp();
        manageOk(ours, ['migrate', 'contenttypes']);
        assert.equal((await runCli(['fix', ours, '--yes'], { env: cliEnv() })).code, 0);
        manageOk(theirs, ['migrate']);
        const schema = (root: string): string =>
          spawnSync('sqlite3', [path.join(root, 'db.sqlite3'), "SELECT type, name, sql FROM sqlite_master WHERE name LIKE 'django_%' ORDER BY type, name;"], {
            encoding: 'utf8',
          }).stdout;
        assert.equal(schema(ours), schema(theirs));
      });
    } else {
      it('--no-live: not checked, never healthy (exit 2)', async () => {
        const root = await freshApp();
        const r = await runCli(['check', '--json', '--no-live', root], { env: cliEnv() });
        assert.equal(r.code, 2, r.stdout + r.stderr);
        const json = JSON.parse(r.stdout) as CheckJson;
        assert.deepEqual([json.health, json.apps[0].tableState], ['unknown', 'not-checked']);
      });
    }
  });
}
