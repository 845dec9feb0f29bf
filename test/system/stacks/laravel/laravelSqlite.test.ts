/**
 * Laravel 11's default: DB_CONNECTION=sqlite with no DB_DATABASE (database/database.sqlite), a web
 * app with Blade views. The direct create-table fix on a real SQLite file, its `migrations`
 * bookkeeping (only when true), and the result as Debian's sqlite3 CLI sees it.
 */
import '../../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnose } from '../../../../src/core/pipeline';
import { ApplySqlFix } from '../../../../src/core/model';
import { buildLaravelApp, BuiltLaravelApp, envLineOf, LARAVEL_FIXTURES, runCli, USERS_MIGRATION_11 } from '../../../support/laravelApp';
import { cliScalar, sqlite3 } from '../../../support/sqliteCli';

/** What Laravel's migrations would have left, minus the sessions table. */
const USERS = `create table "users" ("id" integer primary key autoincrement not null, "name" varchar not null, "email" varchar not null, "email_verified_at" datetime, "password" varchar not null, "remember_token" varchar, "created_at" datetime, "updated_at" datetime);
create unique index "users_email_unique" on "users" ("email");`;
const RESET_TOKENS = `create table "password_reset_tokens" ("email" varchar not null, "token" varchar not null, "created_at" datetime, primary key ("email"));`;
const CACHE = `create table "cache" ("key" varchar not null, "value" text not null, "expiration" integer not null, primary key ("key"));`;
const MIGRATIONS = `create table "migrations" ("id" integer primary key autoincrement not null, "migration" varchar not null, "batch" integer not null);`;
const CACHE_MIGRATION = '0001_01_01_000001_create_cache_table';

/** The sqlite_master text Laravel 12 leaves for the sessions table and its indexes (captured). */
function laravelSqliteMaster(): string[] {
  const text = fs.readFileSync(path.join(LARAVEL_FIXTURES, 'ddl', 'laravel12-sessions-migration.sql'), 'utf8');
  const section = text.slice(text.indexOf('-- ===== sqlite'));
  const master = section.slice(section.indexOf('-- sqlite_master:') + '-- sqlite_master:'.length).split('\n');
  return master
    .map((l) => l.trim())
    .filter((l) => l.startsWith('CREATE '))
    .map((l) => l.replace(/;$/, ''));
}

interface Case {
  name: string;
  /** SQL run by sqlite3 to build database/database.sqlite. */
  db: string;
  /** Remove the migration that creates sessions. */
  noSessionMigration?: boolean;
  /** Expected `migrations` row written by the fix: [name, batch], or none. */
  records?: [string, number];
  fixes: string[];
  /** Default: laravel.createTable. */
  preferred?: string;
}

const CASES: Case[] = [
  {
    name: 'users migration exists, not recorded, its other tables exist: records it with the next batch',
    db: [
      USERS,
      RESET_TOKENS,
      CACHE,
      MIGRATIONS,
      `insert into migrations (migration, batch) values ('${CACHE_MIGRATION}', 1), ('2025_01_01_000000_add_x', 3);`,
    ].join('\n'),
    records: [USERS_MIGRATION_11, 4],
    fixes: [
      'laravel.createTable',
      'laravel.migrate',
      'laravel.driver.cookie',
      'laravel.driver.cookie.withExample',
      'laravel.driver.file',
      'laravel.driver.file.withExample',
    ],
  },
  {
    // `php artisan migrate` would say "Nothing to migrate", and make:session-table would write a
    // second sessions migration (Laravel 11-13 check only *_create_sessions_table.php), so every
    // later fresh `migrate` fails: the exact DDL applied directly is the only fix that works.
    name: 'users migration already recorded (sessions dropped later): no bookkeeping, the direct create only, no artisan command',
    db: [
      USERS,
      RESET_TOKENS,
      CACHE,
      MIGRATIONS,
      `insert into migrations (migration, batch) values ('${USERS_MIGRATION_11}', 1), ('${CACHE_MIGRATION}', 1);`,
    ].join('\n'),
    fixes: ['laravel.createTable', 'laravel.driver.cookie', 'laravel.driver.cookie.withExample', 'laravel.driver.file', 'laravel.driver.file.withExample'],
  },
  {
    name: 'users migration not recorded but password_reset_tokens missing: no bookkeeping (migrate would still run it)',
    db: [USERS, CACHE, MIGRATIONS, `insert into migrations (migration, batch) values ('${CACHE_MIGRATION}', 1);`].join('\n'),
    fixes: [
      'laravel.createTable',
      'laravel.migrate',
      'laravel.driver.cookie',
      'laravel.driver.cookie.withExample',
      'laravel.driver.file',
      'laravel.driver.file.withExample',
    ],
  },
  {
    name: 'no migrations table at all: no bookkeeping',
    db: [USERS, RESET_TOKENS, CACHE].join('\n'),
    fixes: [
      'laravel.createTable',
      'laravel.migrate',
      'laravel.driver.cookie',
      'laravel.driver.cookie.withExample',
      'laravel.driver.file',
      'laravel.driver.file.withExample',
    ],
  },
  {
    // `touch database/database.sqlite` and no `php artisan migrate` yet: creating sessions alone would
    // make the users migration fail later (its `create table "sessions"`), so migrate comes first.
    name: 'fresh empty database file (migrations never ran): migrate preferred, create-table second',
    db: '',
    fixes: [
      'laravel.migrate',
      'laravel.createTable',
      'laravel.driver.cookie',
      'laravel.driver.cookie.withExample',
      'laravel.driver.file',
      'laravel.driver.file.withExample',
    ],
    preferred: 'laravel.migrate',
  },
  {
    name: 'only an empty migrations table (migrate:install): migrate preferred',
    db: MIGRATIONS,
    fixes: [
      'laravel.migrate',
      'laravel.createTable',
      'laravel.driver.cookie',
      'laravel.driver.cookie.withExample',
      'laravel.driver.file',
      'laravel.driver.file.withExample',
    ],
    preferred: 'laravel.migrate',
  },
  {
    name: 'no migration creates sessions: no bookkeeping, make:session-table instead of migrate',
    db: [USERS, RESET_TOKENS, CACHE, MIGRATIONS, `insert into migrations (migration, batch) values ('${CACHE_MIGRATION}', 1);`].join('\n'),
    noSessionMigration: true,
    fixes: [
      'laravel.createTable',
      'laravel.makeSessionTable',
      'laravel.driver.cookie',
      'laravel.driver.cookie.withExample',
      'laravel.driver.file',
      'laravel.driver.file.withExample',
    ],
  },
];

describe('Laravel 11 default app on SQLite (database/database.sqlite)', function () {
  this.timeout(60_000);
  const apps: BuiltLaravelApp[] = [];
  after(() => apps.forEach((a) => a.cleanup()));

  function build(c: Case): { app: BuiltLaravelApp; db: string } {
    const app = buildLaravelApp({
      from: 'laravel11-sqlite',
      files: { 'resources/views/welcome.blade.php': '<h1>Hi</h1>\n', 'resources/views/dashboard.blade.php': '@auth {{ auth()->user()->name }} @endauth\n' },
      remove: c.noSessionMigration ? [`database/migrations/${USERS_MIGRATION_11}.php`] : [],
    });
    apps.push(app);
    const db = path.join(app.root, 'database', 'database.sqlite');
    if (c.db === '') fs.writeFileSync(db, '');
    else sqlite3(db, c.db);
    return { app, db };
  }

  for (const c of CASES) {
    it(c.name, async () => {
      const { app, db } = build(c);
      const d = await diagnose(app.root);
      assert.equal(d.apps[0].sqlitePath, db);
      assert.equal(d.apps[0].tableState, 'missing');
      assert.deepEqual(
        d.problems.map((p) => [p.code, p.severity]),
        [['laravel.sessionTableMissing', 'error']],
      );
      const p = d.problems[0];
      assert.equal(p.location?.file, app.envPath);
      assert.equal(p.location?.range.start.line, envLineOf(app.readEnv(), 'SESSION_DRIVER'));
      assert.deepEqual(
        p.fixes.map((f) => f.id),
        c.fixes,
      );
      assert.deepEqual(
        p.fixes.filter((f) => f.preferred).map((f) => f.id),
        [c.preferred ?? 'laravel.createTable'],
      );
      const create = p.fixes.find((f) => f.id === 'laravel.createTable') as ApplySqlFix;
      assert.equal(create.database, db);
      if (c.records) assert.equal(create.bookkeepingSql, `insert into "migrations" ("migration", "batch") values ('${c.records[0]}', ${c.records[1]});\n`);
      else assert.equal(create.bookkeepingSql, undefined);

      const hasMigrations = c.db.includes(MIGRATIONS);
      const rowsBefore = hasMigrations ? cliScalar(db, 'select count(*) from migrations;') : '0';
      const run = await runCli(['fix', '--create-table', '--yes', app.root]);
      assert.equal(run.code, 0, run.stdout + run.stderr);

      // The truth, from the sqlite3 CLI: Laravel's exact table and indexes.
      const master = sqlite3(db, "select sql from sqlite_master where tbl_name = 'sessions' and sql is not null order by rowid;").trim().split('\n');
      assert.deepEqual(master, laravelSqliteMaster());
      assert.equal(cliScalar(db, 'pragma integrity_check;'), 'ok');
      if (c.records) {
        assert.equal(cliScalar(db, `select batch from migrations where migration = '${c.records[0]}';`), String(c.records[1]));
        assert.equal(cliScalar(db, 'select count(*) from migrations;'), String(Number(rowsBefore) + 1));
      } else if (hasMigrations) {
        assert.equal(cliScalar(db, 'select count(*) from migrations;'), rowsBefore);
      } else {
        assert.equal(cliScalar(db, "select count(*) from sqlite_master where name = 'migrations';"), '0');
      }
      if (c.preferred === 'laravel.migrate') {
        // Why create-table is not preferred here: the users migration, still to run, now fails.
        assert.throws(() => sqlite3(db, `${laravelSqliteMaster()[0]};`), /table "sessions" already exists/);
      }
      const after = await diagnose(app.root);
      assert.equal(after.health, 'healthy');
    });
  }

  it('a token API on SQLite (Sanctum, only the welcome view): cookie first, create-table after the drivers', async () => {
    const app = buildLaravelApp({
      from: 'laravel11-sqlite',
      files: {
        'composer.json': fs.readFileSync(path.join(LARAVEL_FIXTURES, 'laravel12-api-mysql', 'composer.json'), 'utf8'),
        'resources/views/welcome.blade.php': '<h1>API</h1>\n',
      },
    });
    apps.push(app);
    sqlite3(path.join(app.root, 'database', 'database.sqlite'), [USERS, RESET_TOKENS, CACHE, MIGRATIONS].join('\n'));
    const d = await diagnose(app.root);
    assert.deepEqual(
      d.problems[0].fixes.map((f) => [f.id, f.preferred ?? false]),
      [
        ['laravel.driver.cookie', true],
        ['laravel.driver.cookie.withExample', false],
        ['laravel.driver.file', false],
        ['laravel.driver.file.withExample', false],
        ['laravel.createTable', false],
        ['laravel.migrate', false],
      ],
    );
  });

  it('a token API whose only other views are published package views (resources/views/vendor/**): still cookie first', async () => {
    const composer = fs.readFileSync(path.join(LARAVEL_FIXTURES, 'laravel12-api-mysql', 'composer.json'), 'utf8');
    const views = (extra: Record<string, string>) => ({ 'composer.json': composer, 'resources/views/welcome.blade.php': '<h1>API</h1>\n', ...extra });
    const preferred = async (files: Record<string, string>) => {
      const app = buildLaravelApp({ from: 'laravel11-sqlite', files });
      apps.push(app);
      sqlite3(path.join(app.root, 'database', 'database.sqlite'), [USERS, RESET_TOKENS, CACHE, MIGRATIONS].join('\n'));
      return (await diagnose(app.root)).problems[0].fixes.find((f) => f.preferred)?.id;
    };
    // As l5-swagger's vendor:publish leaves it (Manuelentrena/laravel-11-api-rest-library in the corpus).
    assert.equal(await preferred(views({ 'resources/views/vendor/l5-swagger/index.blade.php': '<html></html>\n' })), 'laravel.driver.cookie');
    // The app's own page in a folder that merely contains "vendor" still makes it a web app.
    assert.equal(await preferred(views({ 'resources/views/vendors/index.blade.php': 'x\n' })), 'laravel.createTable');
  });

  it("a table prefix (sd_): sd_sessions with Laravel's prefixed index names, recorded in sd_migrations", async () => {
    const config = fs.readFileSync(path.join(LARAVEL_FIXTURES, 'laravel12-api-mysql', 'config', 'database.php'), 'utf8');
    const prefixed = config.replace("'prefix' => '',", "'prefix' => 'sd_',");
    assert.notEqual(prefixed, config);
    const app = buildLaravelApp({ from: 'laravel11-sqlite', files: { 'config/database.php': prefixed, 'resources/views/home.blade.php': 'x\n' } });
    apps.push(app);
    const db = path.join(app.root, 'database', 'database.sqlite');
    const withPrefix = (sql: string) =>
      sql.replace(/"(users|password_reset_tokens|cache|migrations)"/g, '"sd_$1"').replace(/"users_email_unique"/, '"sd_users_email_unique"');
    sqlite3(
      db,
      withPrefix([USERS, RESET_TOKENS, CACHE, MIGRATIONS].join('\n')) + `insert into sd_migrations (migration, batch) values ('${CACHE_MIGRATION}', 1);`,
    );
    const d = await diagnose(app.root);
    assert.equal(d.apps[0].sessionTable, 'sd_sessions');
    const create = d.problems[0].fixes[0] as ApplySqlFix;
    assert.equal(create.id, 'laravel.createTable');
    assert.deepEqual(create.expect, { tables: ['sd_sessions'], indexes: ['sd_sessions_user_id_index', 'sd_sessions_last_activity_index'] });
    const run = await runCli(['fix', '--create-table', '--yes', app.root]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const master = sqlite3(db, "select sql from sqlite_master where tbl_name = 'sd_sessions' and sql is not null order by rowid;").trim().split('\n');
    assert.deepEqual(
      master,
      laravelSqliteMaster().map((l) => l.replace(/"sessions/g, '"sd_sessions')),
    );
    assert.equal(cliScalar(db, `select batch from sd_migrations where migration = '${USERS_MIGRATION_11}';`), '2');
    assert.equal(cliScalar(db, "select count(*) from sqlite_master where name = 'migrations';"), '0');
  });

  it('a custom migrations table (database.migrations.table = schema_migrations): the history is read from it and the fix records there', async () => {
    const config = fs.readFileSync(path.join(LARAVEL_FIXTURES, 'laravel12-api-mysql', 'config', 'database.php'), 'utf8');
    const custom = config.replace("'table' => 'migrations',", "'table' => 'schema_migrations',");
    assert.notEqual(custom, config);
    const build = (records: string) => {
      const app = buildLaravelApp({ from: 'laravel11-sqlite', files: { 'config/database.php': custom, 'resources/views/home.blade.php': 'x\n' } });
      apps.push(app);
      const db = path.join(app.root, 'database', 'database.sqlite');
      sqlite3(db, [USERS, RESET_TOKENS, CACHE, MIGRATIONS.replace('"migrations"', '"schema_migrations"'), records].join('\n'));
      return { app, db };
    };
    // The users migration (which creates sessions) is recorded there: sessions was dropped later, so
    // `migrate` would do nothing and make:session-table would write a second sessions migration;
    // the direct create is the fix, with no artisan command beside it.
    const recorded = build(`insert into schema_migrations (migration, batch) values ('${USERS_MIGRATION_11}', 1), ('${CACHE_MIGRATION}', 1);`);
    const d1 = await diagnose(recorded.app.root);
    const ids1 = d1.problems[0].fixes.map((f) => f.id);
    assert.ok(!ids1.includes('laravel.makeSessionTable') && !ids1.includes('laravel.migrate'), ids1.join(', '));
    assert.equal(ids1[0], 'laravel.createTable');
    assert.equal(d1.problems[0].detail?.id, 'laravel.sessionMigrationRan');
    assert.equal((d1.problems[0].fixes[0] as ApplySqlFix).bookkeepingSql, undefined);

    // Not recorded: the direct fix records it in schema_migrations, in the next batch, as artisan would.
    const pending = build(`insert into schema_migrations (migration, batch) values ('${CACHE_MIGRATION}', 4);`);
    const d2 = await diagnose(pending.app.root);
    const create = d2.problems[0].fixes.find((f) => f.id === 'laravel.createTable') as ApplySqlFix;
    assert.equal(create.bookkeepingSql, `insert into "schema_migrations" ("migration", "batch") values ('${USERS_MIGRATION_11}', 5);\n`);
    const run = await runCli(['fix', '--create-table', '--yes', pending.app.root]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(cliScalar(pending.db, `select batch from schema_migrations where migration = '${USERS_MIGRATION_11}';`), '5');
    assert.equal(cliScalar(pending.db, "select count(*) from sqlite_master where name = 'migrations';"), '0');
  });

  it('SESSION_CONNECTION=sqlite while DB_CONNECTION=mysql: the sqlite file is the one checked', async () => {
    const app = buildLaravelApp({ from: 'laravel11-sqlite', env: { DB_CONNECTION: 'mysql', SESSION_CONNECTION: 'sqlite' } });
    apps.push(app);
    const db = path.join(app.root, 'database', 'database.sqlite');
    sqlite3(db, USERS);
    const d = await diagnose(app.root);
    assert.equal(d.apps[0].dialect, 'sqlite');
    assert.equal(d.apps[0].sqlitePath, db);
    assert.equal(d.apps[0].tableState, 'missing');
    assert.equal((d.problems[0].fixes[0] as ApplySqlFix).database, db);
  });

  it('no database file yet: laravel.databaseFileMissing with migrate first (it creates the file); no table fix; nothing is created', async () => {
    const app = buildLaravelApp({ from: 'laravel11-sqlite' });
    apps.push(app);
    const d = await diagnose(app.root);
    assert.equal(d.apps[0].tableState, 'missing');
    assert.deepEqual(
      d.problems.map((p) => p.code),
      ['laravel.databaseFileMissing'],
    );
    const fixes = d.problems[0].fixes;
    assert.equal(fixes[0].id, 'laravel.migrate');
    assert.equal(fixes[0].preferred, true);
    assert.ok(!fixes.some((f) => f.kind === 'apply-sql'), 'no SQL can be applied to a file that does not exist');
    assert.deepEqual(
      fixes.filter((f) => f.preferred).map((f) => f.id),
      ['laravel.migrate'],
    );
    assert.equal(fs.existsSync(path.join(app.root, 'database', 'database.sqlite')), false);
  });
});
