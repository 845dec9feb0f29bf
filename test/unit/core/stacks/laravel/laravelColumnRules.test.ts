/**
 * The Laravel rules for a sessions table that lacks columns of the framework's migration, on fact
 * records: the app's settings from a committed fixture, the table's columns written here as
 * laravelFacts.ts records them. No database, no temp folder.
 */
import { dropObjectsSql } from '../../../../../src/core/fixes/apply/sqlite/transactionPlan';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ApplySqlFix, EditFix } from '../../../../../src/core/model';
import { readLaravelApp, type LaravelApp } from '../../../../../src/core/stacks/laravel/laravelApp';
import { addColumnsMigrationPhp } from '../../../../../src/core/stacks/laravel/laravelColumnFixes';
import type { LaravelFacts, LaravelTableFacts } from '../../../../../src/core/stacks/laravel/laravelFacts';
import { laravelRules } from '../../../../../src/core/stacks/laravel/laravelRules';
import { laravelSessionFacts } from '../../../../../src/core/stacks/laravel/laravelSessionFacts';

const FIXTURE = path.resolve(__dirname, '../../../../fixtures/laravel/laravel11-sqlite');
const NOW = new Date(Date.UTC(2026, 10, 28, 10, 30, 5));

describe('Laravel rules: session table columns missing (no I/O)', () => {
  let app: LaravelApp;
  before(async () => {
    app = await readLaravelApp(FIXTURE);
  });

  function facts(table: Partial<LaravelTableFacts>, driver?: 'pgsql' | 'mysql'): LaravelFacts {
    const a: LaravelApp = driver ? { ...app, sqlitePath: undefined, database: { ...app.database, connection: { ...app.database.connection, driver } } } : app;
    const session = laravelSessionFacts(a);
    const sessionTable: LaravelTableFacts = {
      state: 'present',
      migrationOthers: 'unknown',
      ...(driver
        ? { databaseDisplay: `${driver}://app@db/shop` }
        : { sqlitePath: '/app/database/database.sqlite', databaseDisplay: 'database/database.sqlite', fileExists: true }),
      ...table,
    };
    return { app: a, session, table: session.sessionTable, tokenApi: false, sessionConfigReadsEnv: true, sessionTable, now: NOW };
  }

  const problemOf = (f: LaravelFacts) => laravelRules(f).problems.find((p) => p.code === 'laravel.sessionColumnsMissing');

  it('no missing columns: no problem', () => {
    assert.equal(problemOf(facts({})), undefined);
  });

  it('SQLite, nullable columns missing (a Laravel 5.1 table): the exact ALTERs, applied under locks, preferred; then the migration', () => {
    const p = problemOf(facts({ missingColumns: ['user_id', 'ip_address', 'user_agent'], hasRows: true }))!;
    assert.equal(p.severity, 'error');
    assert.deepEqual(p.message, { id: 'laravel.sessionColumnsMissing', args: ['sessions', 'database/database.sqlite', 'user_id, ip_address, user_agent'] });
    assert.deepEqual(
      p.fixes.map((f) => [f.id, f.preferred]),
      [
        ['laravel.addSessionColumns', true],
        ['laravel.addSessionColumnsMigration', undefined],
      ],
    );
    const apply = p.fixes[0] as ApplySqlFix;
    assert.equal(
      apply.sql,
      'alter table "sessions" add column "user_id" integer;\nalter table "sessions" add column "ip_address" varchar;\nalter table "sessions" add column "user_agent" text;\ncreate index "sessions_user_id_index" on "sessions" ("user_id");\n',
    );
    // Creates no table: the columns and the index must be absent before and present after, and the
    // undo drops the index, then the columns, never the table.
    assert.deepEqual(apply.expect, {
      tables: [],
      indexes: ['sessions_user_id_index'],
      columns: ['user_id', 'ip_address', 'user_agent'].map((column) => ({ table: 'sessions', column })),
    });
    assert.equal(
      dropObjectsSql(apply.expect),
      'DROP INDEX IF EXISTS "sessions_user_id_index";\nALTER TABLE "sessions" DROP COLUMN "user_id";\nALTER TABLE "sessions" DROP COLUMN "ip_address";\nALTER TABLE "sessions" DROP COLUMN "user_agent";',
    );
    assert.equal(apply.database, '/app/database/database.sqlite');
    assert.deepEqual(p.detail?.args?.[0], 'SQLSTATE[HY000]: General error: 1 no such column: user_id');
    const migration = p.fixes[1] as EditFix;
    assert.equal(migration.edits[0].file, path.join(FIXTURE, 'database', 'migrations', '2026_11_28_103005_add_missing_columns_to_sessions_table.php'));
    assert.equal(migration.edits[0].create, true);
    assert.deepEqual(migration.followUp?.argv, ['php', 'artisan', 'migrate']);
  });

  it('SQLite, last_activity (NOT NULL) missing on a table with rows: no fix, and the detail says why', () => {
    const p = problemOf(facts({ missingColumns: ['user_id', 'last_activity'], hasRows: true }))!;
    assert.deepEqual(p.fixes, []);
    assert.equal(p.detail?.id, 'sessionColumns.rows');
    assert.deepEqual(p.detail?.args?.slice(1), ['last_activity', 'sessions', 'SQLite']);
    const unknown = problemOf(facts({ missingColumns: ['last_activity'] }))!;
    assert.equal(unknown.detail?.id, 'sessionColumns.rowsUnknown');
    assert.deepEqual(unknown.fixes, []);
  });

  it('SQLite, last_activity missing on an empty table: the fix adds it (SQLite accepts NOT NULL there)', () => {
    const p = problemOf(facts({ missingColumns: ['last_activity'], hasRows: false }))!;
    assert.equal(
      (p.fixes[0] as ApplySqlFix).sql,
      'alter table "sessions" add column "last_activity" integer not null;\ncreate index "sessions_last_activity_index" on "sessions" ("last_activity");\n',
    );
  });

  it('the id primary key missing: never an ALTER', () => {
    const p = problemOf(facts({ missingColumns: ['id', 'user_id'], hasRows: false }))!;
    assert.deepEqual(p.fixes, []);
    assert.equal(p.detail?.id, 'sessionColumns.primaryKey');
  });

  it('PostgreSQL: the migration is the preferred fix, the detail holds the one ALTER; rows block a NOT NULL column', () => {
    const p = problemOf(facts({ missingColumns: ['user_id', 'ip_address', 'user_agent'], hasRows: true }, 'pgsql'))!;
    assert.deepEqual(
      p.fixes.map((f) => [f.id, f.preferred]),
      [['laravel.addSessionColumnsMigration', true]],
    );
    assert.equal(p.detail?.id, 'sessionColumns.detail');
    assert.equal(
      p.detail?.args?.[1],
      'alter table "sessions" add column "user_id" bigint null, add column "ip_address" varchar(45) null, add column "user_agent" text null; create index "sessions_user_id_index" on "sessions" ("user_id");',
    );
    assert.match(String(p.detail?.args?.[0]), /^SQLSTATE\[42703\]: Undefined column: 7 ERROR: {2}column "user_id" of relation "sessions" does not exist$/);
    assert.equal(problemOf(facts({ missingColumns: ['last_activity'], hasRows: true }, 'pgsql'))!.fixes.length, 0);
  });

  it('MySQL: a NOT NULL column is added even to a table with rows (MySQL fills the implicit default)', () => {
    const p = problemOf(facts({ missingColumns: ['last_activity'], hasRows: true }, 'mysql'))!;
    assert.equal(p.fixes[0].id, 'laravel.addSessionColumnsMigration');
    assert.match(String(p.detail?.args?.[0]), /1054 Unknown column 'last_activity'/);
  });

  it('Laravel 6 or older: no migration in Blueprint calls it lacks (foreignId came in 7)', () => {
    const f = facts({ missingColumns: ['user_id'] });
    const old = { ...f, app: { ...f.app, majorVersion: 6 } };
    assert.deepEqual(
      laravelRules(old)
        .problems.find((p) => p.code === 'laravel.sessionColumnsMissing')!
        .fixes.map((x) => x.id),
      ['laravel.addSessionColumns'],
    );
  });

  it('the migration holds the framework Blueprint calls of the missing columns, and a down() that drops them', () => {
    const { className, text } = addColumnsMigrationPhp('sessions', ['user_id', 'user_agent']);
    assert.equal(className, 'AddMissingColumnsToSessionsTable');
    assert.ok(text.includes("            $table->foreignId('user_id')->nullable()->index();\n            $table->text('user_agent')->nullable();\n"), text);
    assert.ok(text.includes("$table->dropIndex(['user_id']);"));
    assert.ok(text.includes("$table->dropColumn(['user_id', 'user_agent']);"));
  });
});
