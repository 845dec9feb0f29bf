/**
 * The seed's case on REAL servers: a Laravel 12 token API (Sanctum) with SESSION_DRIVER=database and
 * no sessions table, on a real MariaDB (DB_CONNECTION=mysql) and a real PostgreSQL (pgsql), both
 * started by this test from Debian's packages on 127.0.0.1. Missing, present, and three kinds of
 * "could not check" (never reported as missing), and the DB password in no output at all.
 */
import '../../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnose, Diagnosis } from '../../../../src/core/pipeline';
import { renderMessage } from '../../../../src/core/messages';
import { RunCommandFix } from '../../../../src/core/model';
import { startMariaDb, startPostgres, TestDatabaseServer } from '../../../support/databases';
import {
  buildLaravelApp,
  BuiltLaravelApp,
  envLineOf,
  laravelExecutedDdl,
  LARAVEL_FIXTURES,
  runCli,
  runSessionHandler,
  USERS_MIGRATION_11,
} from '../../../support/laravelApp';
import { requireTools } from '../../../support/requiredTools';

interface ServerCase {
  name: string;
  connection: 'mysql' | 'pgsql';
  start: () => Promise<TestDatabaseServer>;
  ddl: 'mysql' | 'pgsql';
  drop: string;
}

const SERVERS: ServerCase[] = [
  { name: 'MariaDB (DB_CONNECTION=mysql)', connection: 'mysql', start: () => startMariaDb(), ddl: 'mysql', drop: 'DROP TABLE IF EXISTS sessions' },
  { name: 'PostgreSQL (DB_CONNECTION=pgsql)', connection: 'pgsql', start: () => startPostgres(), ddl: 'pgsql', drop: 'DROP TABLE IF EXISTS sessions' },
];

/** Every place a secret could leak: the diagnosis object, `check` text and JSON, and `fix --dry-run`. */
async function allOutputs(root: string, d: Diagnosis): Promise<string> {
  const check = await runCli(['check', root]);
  const json = await runCli(['check', '--json', root]);
  const dry = await runCli(['fix', '--dry-run', root]);
  const rendered = d.apps.map((a) => (a.unknownReason ? renderMessage(a.unknownReason) : '')).join('\n');
  return [JSON.stringify(d), rendered, check.stdout, check.stderr, json.stdout, json.stderr, dry.stdout, dry.stderr].join('\n');
}

for (const sc of SERVERS) {
  describe(`Laravel token API on a real ${sc.name}`, function () {
    this.timeout(120_000);
    let server: TestDatabaseServer;
    const apps: BuiltLaravelApp[] = [];

    before(async () => {
      server = await sc.start();
    });
    after(async () => {
      for (const a of apps) a.cleanup();
      await server?.stop();
    });

    function app(env: Record<string, string | null> = {}, extra: { files?: Record<string, string>; remove?: string[] } = {}): BuiltLaravelApp {
      const a = buildLaravelApp({
        from: 'laravel12-api-mysql',
        env: {
          DB_CONNECTION: sc.connection,
          DB_HOST: '127.0.0.1',
          DB_PORT: String(server.port),
          DB_DATABASE: server.database,
          DB_USERNAME: server.user,
          // Quoted as a user would; the value holds no quote or backslash.
          DB_PASSWORD: `"${server.password}"`,
          ...env,
        },
        ...extra,
      });
      apps.push(a);
      return a;
    }

    it('missing table: sessionTableMissing at SESSION_DRIVER, cookie preferred, then file, then make-session-table', async () => {
      await server.exec(sc.drop);
      const a = app();
      const d = await diagnose(a.root, { liveTimeoutMs: 5000 });
      assert.equal(d.apps.length, 1);
      assert.equal(d.apps[0].tableState, 'missing', JSON.stringify(d.apps[0].unknownReason));
      assert.equal(d.health, 'problem');
      assert.deepEqual(
        d.problems.map((p) => [p.code, p.severity]),
        [['laravel.sessionTableMissing', 'error']],
      );
      const p = d.problems[0];
      assert.equal(p.location?.file, a.envPath);
      assert.equal(p.location?.range.start.line, envLineOf(a.readEnv(), 'SESSION_DRIVER'));
      assert.deepEqual(
        p.fixes.map((f) => f.id),
        ['laravel.driver.cookie', 'laravel.driver.file', 'laravel.makeSessionTable'],
      );
      assert.deepEqual(
        p.fixes.filter((f) => f.preferred).map((f) => f.id),
        ['laravel.driver.cookie'],
      );
      const make = p.fixes[2] as RunCommandFix;
      assert.deepEqual(
        make.commands.map((c) => c.argv),
        [
          ['php', 'artisan', 'make:session-table'],
          ['php', 'artisan', 'migrate'],
        ],
      );
      // The message names the table; the detail quotes the error the app itself prints.
      assert.match(renderMessage(p.detail!), sc.connection === 'mysql' ? /1146 Table 'sd_app\.sessions' doesn't exist/ : /relation "sessions" does not exist/);
      assert.ok(!(await allOutputs(a.root, d)).includes(server.password), 'the DB password leaked');
    });

    if (sc.connection === 'mysql') {
      it('DB_CONNECTION=mariadb (Laravel 11+ connection) is checked the same way', async () => {
        await server.exec(sc.drop);
        const a = app({ DB_CONNECTION: 'mariadb' });
        const d = await diagnose(a.root, { liveTimeoutMs: 5000 });
        assert.equal(d.apps[0].dialect, 'mysql');
        assert.equal(d.apps[0].tableState, 'missing', JSON.stringify(d.apps[0].unknownReason));
      });

      it('DB_SOCKET: Laravel connects through the unix socket (host and port unused), so does the check', async () => {
        await server.exec(sc.drop);
        const a = app({ DB_SOCKET: server.socketPath, DB_HOST: 'localhost', DB_PORT: '1' });
        const d = await diagnose(a.root, { liveTimeoutMs: 5000 });
        assert.equal(d.apps[0].tableState, 'missing', JSON.stringify(d.apps[0].unknownReason));
        // Shown as it is reached: through the socket, not the unused host and port.
        const shown = d.apps[0].databaseDisplay ?? '';
        assert.ok(shown.endsWith(` (socket ${server.socketPath})`), shown);
        assert.match(shown, /^mysql:\/\/[^@/]+@localhost\/\S+ /);
        for (const s of laravelExecutedDdl('mysql')) await server.exec(s);
        try {
          assert.equal((await diagnose(a.root, { liveTimeoutMs: 5000 })).apps[0].tableState, 'present');
        } finally {
          await server.exec(sc.drop);
        }
      });
    } else {
      it('DB_HOST naming the socket folder: the check connects through it, as PDO pgsql does', async () => {
        await server.exec(sc.drop);
        const a = app({ DB_HOST: server.socketPath, DB_PORT: String(server.port) });
        const d = await diagnose(a.root, { liveTimeoutMs: 5000 });
        assert.equal(d.apps[0].tableState, 'missing', JSON.stringify(d.apps[0].unknownReason));
      });
    }

    it('missing table, but a migration creates it: laravel.migrate instead of make:session-table', async () => {
      await server.exec(sc.drop);
      const users = fs.readFileSync(path.join(LARAVEL_FIXTURES, 'laravel11-sqlite', 'database', 'migrations', `${USERS_MIGRATION_11}.php`), 'utf8');
      const a = app({}, { files: { [`database/migrations/${USERS_MIGRATION_11}.php`]: users } });
      const d = await diagnose(a.root, { liveTimeoutMs: 5000 });
      assert.deepEqual(
        d.problems[0].fixes.map((f) => f.id),
        ['laravel.driver.cookie', 'laravel.driver.file', 'laravel.migrate'],
      );
      assert.deepEqual(
        (d.problems[0].fixes[2] as RunCommandFix).commands.map((c) => c.argv),
        [['php', 'artisan', 'migrate']],
      );
    });

    /** Laravel's migrations table, as artisan creates it, owned by the app's user. */
    async function createMigrationsTable(name: string): Promise<void> {
      await server.exec(`DROP TABLE IF EXISTS ${name}`);
      await server.exec(
        sc.connection === 'mysql'
          ? `create table \`${name}\` (\`id\` int unsigned not null auto_increment primary key, \`migration\` varchar(255) not null, \`batch\` int not null)`
          : `create table "${name}" ("id" serial primary key not null, "migration" varchar(255) not null, "batch" integer not null)`,
      );
      if (sc.connection === 'pgsql') await server.exec(`ALTER TABLE ${name} OWNER TO ${server.user}`);
    }

    // The default table, then a custom one (database.migrations.table), where a default-named
    // table holding the record must not count.
    for (const table of ['migrations', 'schema_migrations']) {
      const custom = table !== 'migrations';
      it(`the creating migration is already recorded in \`${table}\` (table dropped later): no artisan command (migrate would do nothing, make:session-table would add a second sessions migration); the detail says so`, async () => {
        await server.exec(sc.drop);
        await createMigrationsTable(table);
        const files: Record<string, string> = {
          [`database/migrations/${USERS_MIGRATION_11}.php`]: fs.readFileSync(
            path.join(LARAVEL_FIXTURES, 'laravel11-sqlite', 'database', 'migrations', `${USERS_MIGRATION_11}.php`),
            'utf8',
          ),
        };
        if (custom) {
          const config = fs.readFileSync(path.join(LARAVEL_FIXTURES, 'laravel12-api-mysql', 'config', 'database.php'), 'utf8');
          files['config/database.php'] = config.replace("'table' => 'migrations',", `'table' => '${table}',`);
          assert.notEqual(files['config/database.php'], config);
        }
        const a = app({}, { files });
        const ids = async () => (await diagnose(a.root, { liveTimeoutMs: 5000 })).problems[0].fixes.map((f) => f.id);
        try {
          await server.exec(`insert into ${table} (migration, batch) values ('${USERS_MIGRATION_11}', 1)`);
          assert.deepEqual(await ids(), ['laravel.driver.cookie', 'laravel.driver.file']);
          const detail = (await diagnose(a.root, { liveTimeoutMs: 5000 })).problems[0].detail;
          assert.equal(detail?.id, 'laravel.sessionMigrationRan.server');
          assert.deepEqual(detail?.args, [USERS_MIGRATION_11, 'sessions']);
          await server.exec(`delete from ${table}`);
          assert.deepEqual(await ids(), ['laravel.driver.cookie', 'laravel.driver.file', 'laravel.migrate']);
          if (custom) {
            await createMigrationsTable('migrations');
            await server.exec(`insert into migrations (migration, batch) values ('${USERS_MIGRATION_11}', 1)`);
            assert.deepEqual(await ids(), ['laravel.driver.cookie', 'laravel.driver.file', 'laravel.migrate']);
          }
        } finally {
          await server.exec(`DROP TABLE ${table}`);
          await server.exec('DROP TABLE IF EXISTS migrations');
        }
      });
    }

    it("present (created with Laravel 12's own statements): healthy, no problem", async () => {
      await server.exec(sc.drop);
      for (const s of laravelExecutedDdl(sc.ddl)) await server.exec(s);
      try {
        const a = app();
        const d = await diagnose(a.root, { liveTimeoutMs: 5000 });
        assert.equal(d.apps[0].tableState, 'present');
        assert.deepEqual(d.problems, []);
        assert.equal(d.health, 'healthy');
        const check = await runCli(['check', a.root]);
        assert.equal(check.code, 0, check.stdout + check.stderr);
      } finally {
        await server.exec(sc.drop);
      }
    });

    it('fix --session-driver file --yes, then check exits 0 (the database is not touched)', async () => {
      await server.exec(sc.drop);
      const a = app();
      const fix = await runCli(['fix', '--session-driver', 'file', '--yes', a.root]);
      assert.equal(fix.code, 0, fix.stdout + fix.stderr);
      assert.match(a.readEnv(), /^SESSION_DRIVER=file$/m);
      const check = await runCli(['check', a.root]);
      assert.equal(check.code, 0, check.stdout + check.stderr);
      assert.ok(!(fix.stdout + fix.stderr + check.stdout + check.stderr).includes(server.password));
    });

    it('DB_URL with the password in it: same diagnosis, URL masked everywhere', async () => {
      await server.exec(sc.drop);
      const scheme = sc.connection === 'mysql' ? 'mysql' : 'pgsql';
      const url = `${scheme}://${server.user}:${encodeURIComponent(server.password)}@127.0.0.1:${server.port}/${server.database}`;
      // Host/port/password settings that would fail: the URL must win over them, as in Laravel.
      const a = app({ DB_URL: url, DB_PORT: '1', DB_PASSWORD: 'not-this-one' });
      const d = await diagnose(a.root, { liveTimeoutMs: 5000 });
      assert.equal(d.apps[0].tableState, 'missing', JSON.stringify(d.apps[0].unknownReason));
      assert.ok(!(await allOutputs(a.root, d)).includes(server.password), 'the DB password leaked');
    });

    it('a password with spaces, # and quotes-needing characters, double-quoted in .env, is read right', async () => {
      await server.exec(sc.drop);
      const weird = 'p@ss w0rd#1 $x';
      if (sc.connection === 'mysql') {
        await server.exec(`CREATE USER IF NOT EXISTS 'weird'@'%' IDENTIFIED BY '${weird}'; GRANT ALL PRIVILEGES ON ${server.database}.* TO 'weird'@'%'`);
      } else {
        await server.exec(
          `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'weird') THEN CREATE ROLE weird LOGIN PASSWORD '${weird}'; END IF; END $$; GRANT ALL ON SCHEMA public TO weird`,
        );
      }
      // phpdotenv: inside double quotes `#` is kept and `$x` (not `${x}`) is literal.
      const a = app({ DB_USERNAME: 'weird', DB_PASSWORD: `"${weird}"` });
      const d = await diagnose(a.root, { liveTimeoutMs: 5000 });
      assert.equal(d.apps[0].tableState, 'missing', JSON.stringify(d.apps[0].unknownReason));
      const out = await allOutputs(a.root, d);
      assert.ok(!out.includes(weird) && !out.includes('w0rd#1'), 'the DB password leaked');
    });

    it('SESSION_TABLE=web_sessions: that table is checked and named in the DDL', async () => {
      await server.exec(sc.drop);
      await server.exec('DROP TABLE IF EXISTS web_sessions');
      const a = app({ SESSION_TABLE: 'web_sessions' });
      let d = await diagnose(a.root, { liveTimeoutMs: 5000 });
      assert.equal(d.apps[0].sessionTable, 'web_sessions');
      assert.equal(d.apps[0].tableState, 'missing');
      assert.match(
        d.apps[0].sessionSql?.[sc.connection === 'mysql' ? 'mysql' : 'postgresql'] ?? '',
        sc.connection === 'mysql' ? /^create table `web_sessions`/ : /^create table "web_sessions"/,
      );
      // A table called `sessions` does not satisfy it.
      for (const s of laravelExecutedDdl(sc.ddl)) await server.exec(s);
      d = await diagnose(a.root, { liveTimeoutMs: 5000 });
      assert.equal(d.apps[0].tableState, 'missing');
      await server.exec(sc.drop);
      for (const s of laravelExecutedDdl(sc.ddl)) await server.exec(s.replace(/sessions/g, 'web_sessions'));
      d = await diagnose(a.root, { liveTimeoutMs: 5000 });
      assert.equal(d.apps[0].tableState, 'present');
      assert.equal(d.health, 'healthy');
      await server.exec('DROP TABLE web_sessions');
    });

    if (sc.connection === 'pgsql') {
      it("search_path: the table is looked up in the connection's schemas, as PostgreSQL resolves Laravel's unqualified name", async () => {
        await server.exec(sc.drop);
        await server.exec(`CREATE SCHEMA IF NOT EXISTS app AUTHORIZATION ${server.user}`);
        const config = fs.readFileSync(path.join(LARAVEL_FIXTURES, 'laravel12-api-mysql', 'config', 'database.php'), 'utf8');
        assert.ok(config.includes("'search_path' => 'public',"));
        const a = app(
          {},
          { files: { 'config/database.php': config.replace("'search_path' => 'public',", "'search_path' => env('DB_SEARCH_PATH', 'public'),") } },
        );
        const setPath = (v: string) => fs.writeFileSync(a.envPath, a.readEnv().replace(/^DB_SEARCH_PATH=.*\n/m, '') + `DB_SEARCH_PATH="${v}"\n`);
        const state = async () => (await diagnose(a.root, { liveTimeoutMs: 5000 })).apps[0].tableState;
        try {
          for (const s of laravelExecutedDdl('pgsql')) await server.exec(s.replace(/"sessions"/g, 'app."sessions"'));
          setPath('app');
          assert.equal(await state(), 'present', 'app.sessions with search_path app');
          setPath('public');
          assert.equal(await state(), 'missing', 'app.sessions is not visible with search_path public');
          setPath('public, app');
          assert.equal(await state(), 'present', 'found in the second schema of the path');
        } finally {
          await server.exec('DROP SCHEMA app CASCADE');
        }
      });
    }

    it("the DDL `sql` prints, run as the app's user, serves Laravel's own DatabaseSessionHandler; then check is healthy", async function () {
      requireTools(this, 'illuminate', sc.connection === 'mysql' ? 'pdo_mysql' : 'pdo_pgsql');
      await server.exec(sc.drop);
      const a = app();
      const sql = await runCli(['sql', a.root]);
      assert.equal(sql.code, 0, sql.stderr);
      assert.ok(!sql.stdout.includes(server.password));
      const statements = sql.stdout
        .split(';\n')
        .map((x) => x.trim())
        .filter(Boolean);
      try {
        // As the app's own (non-super) account, through the same driver the check uses.
        if (sc.connection === 'mysql') {
          const { createConnection } = await import('mysql2/promise');
          const c = await createConnection({ host: '127.0.0.1', port: server.port, user: server.user, password: server.password, database: server.database });
          for (const st of statements) await c.query(st);
          await c.end();
        } else {
          const { Client } = await import('pg');
          const c = new Client({ host: '127.0.0.1', port: server.port, user: server.user, password: server.password, database: server.database });
          await c.connect();
          for (const st of statements) await c.query(st);
          await c.end();
        }
        const probe = runSessionHandler(
          {
            driver: sc.connection,
            host: '127.0.0.1',
            port: server.port,
            database: server.database,
            username: server.user,
            password: server.password,
            charset: sc.connection === 'mysql' ? 'utf8mb4' : 'utf8',
            collation: sc.connection === 'mysql' ? 'utf8mb4_unicode_ci' : undefined,
            prefix: '',
          },
          'sessions',
        );
        assert.equal(probe.read, 'ada');
        assert.equal(probe.rows, 1);
        assert.deepEqual([...probe.columns].sort(), ['id', 'ip_address', 'last_activity', 'payload', 'user_agent', 'user_id']);
        const check = await runCli(['check', a.root]);
        assert.equal(check.code, 0, check.stdout + check.stderr);
      } finally {
        await server.exec(sc.drop);
      }
    });

    it('a Laravel 5.1 sessions table with a row (no user_id, ip_address, user_agent): the migration fix, run by Illuminate, adds them; then the handler works', async function () {
      requireTools(this, 'illuminate', sc.connection === 'mysql' ? 'pdo_mysql' : 'pdo_pgsql');
      await server.exec(sc.drop);
      const old51 =
        sc.connection === 'mysql'
          ? 'create table `sessions` (`id` varchar(255) not null, `payload` text not null, `last_activity` int not null) default character set utf8mb4 collate utf8mb4_unicode_ci;\n' +
            "alter table `sessions` add unique `sessions_id_unique`(`id`);\ninsert into `sessions` values ('old-session', 'YTowOnt9', 1700000000)"
          : 'create table "sessions" ("id" varchar(255) not null, "payload" text not null, "last_activity" integer not null);\n' +
            `alter table "sessions" add constraint "sessions_id_unique" unique ("id");\ninsert into "sessions" values ('old-session', 'YTowOnt9', 1700000000);\nalter table "sessions" owner to ${server.user}`;
      await server.exec(old51);
      const connection = {
        driver: sc.connection,
        host: '127.0.0.1',
        port: server.port,
        database: server.database,
        username: server.user,
        password: server.password,
        charset: sc.connection === 'mysql' ? 'utf8mb4' : 'utf8',
        collation: sc.connection === 'mysql' ? 'utf8mb4_unicode_ci' : undefined,
        prefix: '',
      };
      try {
        // The premise: Laravel's own handler, with a request and a user, fails on this table.
        assert.throws(
          () => runSessionHandler(connection, 'sessions', { request: true }),
          sc.connection === 'mysql' ? /1054 Unknown column 'user_id'/ : /42703/,
        );
        const a = app();
        const d = await diagnose(a.root, { liveTimeoutMs: 5000 });
        const p = d.problems.find((x) => x.code === 'laravel.sessionColumnsMissing');
        assert.ok(p, JSON.stringify(d.problems.map((x) => x.code)));
        assert.deepEqual(p.message.args?.[2], 'user_id, ip_address, user_agent');
        assert.deepEqual(
          p.fixes.map((f) => [f.id, f.preferred]),
          [['laravel.addSessionColumnsMigration', true]],
        );
        const shown = String(p.detail?.args?.[1]);
        // The migration fix writes the file (its follow-up `php artisan migrate` cannot run here: no vendor/).
        const fix = await runCli(['fix', '--fix', 'laravel.addSessionColumnsMigration', '--yes', a.root]);
        assert.ok(!(fix.stdout + fix.stderr).includes(server.password));
        const dir = path.join(a.root, 'database', 'migrations');
        const file = fs.readdirSync(dir).find((f) => f.endsWith('_add_missing_columns_to_sessions_table.php'));
        assert.ok(file, fix.stdout + fix.stderr);
        // What `migrate` does with it: its up() through Illuminate's schema builder, as the app's user.
        const probe = path.resolve(__dirname, '../../../fixtures/laravel-apps/migration-up-probe.php');
        const run = spawnSync('php', [probe, JSON.stringify(connection), path.join(dir, file)], { encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr + run.stdout);
        assert.equal(run.stdout.trimEnd().split('\n').join(' '), shown);
        const after = runSessionHandler(connection, 'sessions', { request: true });
        assert.equal(after.read, 'ada');
        assert.deepEqual([...after.columns].sort(), ['id', 'ip_address', 'last_activity', 'payload', 'user_agent', 'user_id']);
        assert.equal((await runCli(['check', a.root])).code, 0);
      } finally {
        await server.exec(sc.drop);
      }
    });

    const UNKNOWN: Array<{ what: string; env: () => Record<string, string>; reason: RegExp }> = [
      { what: 'wrong password', env: () => ({ DB_PASSWORD: 'Wrong-Secret-x9Q' }), reason: /access-denied/ },
      { what: 'unreachable port', env: () => ({ DB_PORT: '1' }), reason: /unreachable/ },
      { what: 'unknown database', env: () => ({ DB_DATABASE: 'no_such_db' }), reason: /unknown-database/ },
    ];
    for (const u of UNKNOWN) {
      it(`${u.what}: health unknown with the reason, never "missing", no password in any output`, async () => {
        await server.exec(sc.drop);
        const a = app(u.env());
        const d = await diagnose(a.root, { liveTimeoutMs: 5000 });
        assert.equal(d.apps[0].tableState, 'unknown');
        assert.equal(d.health, 'unknown');
        assert.ok(!d.problems.some((p) => p.code === 'laravel.sessionTableMissing'), 'an unchecked table was reported missing');
        assert.match(renderMessage(d.apps[0].unknownReason!), u.reason);
        const out = await allOutputs(a.root, d);
        assert.ok(!out.includes(server.password), 'the DB password leaked');
        assert.ok(!out.includes('Wrong-Secret-x9Q'), 'the wrong password leaked');
        assert.doesNotMatch(out, /\bmissing\b/);
        const check = await runCli(['check', a.root]);
        assert.equal(check.code, 2);
        // fix changes nothing it cannot justify: exit 2, .env untouched.
        const before = a.readEnv();
        const fix = await runCli(['fix', '--yes', a.root]);
        assert.equal(fix.code, 2, fix.stdout + fix.stderr);
        assert.match(fix.stdout, /health could not be determined/);
        assert.equal(a.readEnv(), before);
      });
    }
  });
}
