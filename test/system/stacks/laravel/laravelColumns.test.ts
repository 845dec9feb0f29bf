/**
 * A Laravel app whose sessions table was made by Laravel 5.1's `session:table` (id, payload,
 * last_activity: no user_id, ip_address, user_agent), on a real SQLite file: `check --json` reports
 * `laravel.sessionColumnsMissing`; Laravel's own DatabaseSessionHandler (php-illuminate-session),
 * with a request and a logged-in user, fails on it; `fix --yes` (the locked ALTERs) or the migration
 * fix (its up() run by Illuminate's schema builder) adds the columns; the handler then writes and
 * reads, and `check` is healthy.
 */
import '../../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildLaravelApp, type BuiltLaravelApp, runCli, runSessionHandler } from '../../../support/laravelApp';
import { cliScalar, sqlite3 } from '../../../support/sqliteCli';
import { requireTools } from '../../../support/requiredTools';
import { sarifSchemaErrors } from '../../../support/sarifSchema';
import type { SarifLog } from '../../../../src/core/report/sarifReport';

/** The table Laravel 5.1's session:table migration made on SQLite (`string('id')->unique()`, `text('payload')`, `integer('last_activity')`). */
const LARAVEL_51_TABLE =
  'create table "sessions" ("id" varchar not null, "payload" text not null, "last_activity" integer not null);\n' +
  'create unique index "sessions_id_unique" on "sessions" ("id");\n';
const MIGRATIONS = 'create table "migrations" ("id" integer primary key autoincrement not null, "migration" varchar not null, "batch" integer not null);\n';
const MIGRATION_PROBE = path.resolve(__dirname, '../../../fixtures/laravel-apps/migration-up-probe.php');

interface JsonProblem {
  code: string;
  fixes: Array<{ id: string; preferred?: boolean; sql?: string }>;
}

describe('Laravel: a sessions table without the columns Laravel 5.2+ writes (real SQLite, real Illuminate)', function () {
  this.timeout(60_000);
  const apps: BuiltLaravelApp[] = [];
  after(() => apps.forEach((a) => a.cleanup()));

  function oldTableApp(rows: boolean): { a: BuiltLaravelApp; db: string } {
    const a = buildLaravelApp({ from: 'laravel11-sqlite' });
    apps.push(a);
    const db = path.join(a.root, 'database', 'database.sqlite');
    const row = rows ? `insert into "sessions" values ('old-session', 'YTowOnt9', 1700000000);\n` : '';
    sqlite3(db, LARAVEL_51_TABLE + MIGRATIONS + row);
    return { a, db };
  }

  async function columnsProblem(root: string): Promise<JsonProblem | undefined> {
    const r = await runCli(['check', '--json', root]);
    const out = JSON.parse(r.stdout) as { problems: JsonProblem[] };
    return out.problems.find((p) => p.code === 'laravel.sessionColumnsMissing');
  }

  it('check --json reports the missing columns; fix --yes adds them under locks; DatabaseSessionHandler then works', async function () {
    requireTools(this, 'illuminate', 'pdo_sqlite', 'sqlite3');
    const { a, db } = oldTableApp(true);
    const connection = { driver: 'sqlite', database: db };
    // The premise: Laravel's own handler, in an app with a request and a user, fails on this table.
    assert.throws(() => runSessionHandler(connection, 'sessions', { request: true }), /no such column: user_id/);

    const p = await columnsProblem(a.root);
    assert.ok(p, 'laravel.sessionColumnsMissing reported');
    assert.deepEqual(
      p.fixes.map((f) => f.id),
      ['laravel.addSessionColumns', 'laravel.addSessionColumnsMigration'],
    );
    const check = await runCli(['check', a.root]);
    assert.equal(check.code, 1, check.stdout);
    assert.match(check.stdout, /lacks the column\(s\) user_id, ip_address, user_agent/);
    // SARIF: valid against the official schema, the problem under its own rule.
    const sarif = await runCli(['check', '--format', 'sarif', a.root]);
    const log = JSON.parse(sarif.stdout) as SarifLog;
    assert.deepEqual(sarifSchemaErrors(log), []);
    assert.deepEqual(
      log.runs[0].results.map((x) => x.ruleId),
      ['laravel.sessionColumnsMissing'],
    );

    const fix = await runCli(['fix', '--yes', a.root]);
    assert.equal(fix.code, 0, fix.stdout + fix.stderr);
    assert.match(fix.stdout, /Applied to .*database\.sqlite in place/);
    // The real sqlite3 CLI: the columns and the index Laravel's Schema::table() makes, the old row kept.
    assert.equal(cliScalar(db, `select group_concat(name, ',') from pragma_table_info('sessions');`), 'id,payload,last_activity,user_id,ip_address,user_agent');
    assert.equal(
      cliScalar(db, `select sql from sqlite_master where name = 'sessions_user_id_index';`),
      'CREATE INDEX "sessions_user_id_index" on "sessions" ("user_id")',
    );
    assert.equal(cliScalar(db, `select count(*) from sessions where id = 'old-session';`), '1');
    assert.equal(cliScalar(db, 'pragma integrity_check;'), 'ok');

    const probe = runSessionHandler(connection, 'sessions', { request: true });
    assert.equal(probe.read, 'ada');
    assert.equal(
      cliScalar(db, `select user_id || ' ' || ip_address || ' ' || user_agent from sessions where id = '${probe.id}';`),
      '7 127.0.0.1 Mozilla/5.0 (probe)',
    );
    assert.equal((await runCli(['check', a.root])).code, 0);
  });

  it('the migration fix writes a migration whose up(), run by Illuminate 8.83, executes exactly the ALTERs shown', async function () {
    requireTools(this, 'illuminate', 'pdo_sqlite', 'sqlite3');
    const { a, db } = oldTableApp(true);
    const p = await columnsProblem(a.root);
    const shown = p!.fixes.find((f) => f.id === 'laravel.addSessionColumns')!.sql!;
    // `php artisan migrate` cannot run in the fixture (no vendor/): the follow-up fails and says so.
    const fix = await runCli(['fix', '--fix', 'laravel.addSessionColumnsMigration', '--yes', a.root]);
    assert.match(fix.stdout, /Edited .*_add_missing_columns_to_sessions_table\.php/, fix.stdout + fix.stderr);
    const dir = path.join(a.root, 'database', 'migrations');
    const file = fs.readdirSync(dir).find((f) => f.endsWith('_add_missing_columns_to_sessions_table.php'));
    assert.ok(file);
    const run = spawnSync('php', [MIGRATION_PROBE, JSON.stringify({ driver: 'sqlite', database: db }), path.join(dir, file)], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr + run.stdout);
    assert.equal(run.stdout, shown);
    assert.equal(runSessionHandler({ driver: 'sqlite', database: db }, 'sessions', { request: true }).read, 'ada');
    assert.equal((await runCli(['check', a.root])).code, 0);
  });

  it('last_activity missing too, on a table with rows: no fix (SQLite refuses), and the real sqlite3 agrees', async function () {
    requireTools(this, 'sqlite3');
    const a = buildLaravelApp({ from: 'laravel11-sqlite' });
    apps.push(a);
    const db = path.join(a.root, 'database', 'database.sqlite');
    sqlite3(db, `create table "sessions" ("id" varchar not null, "payload" text not null);\ninsert into "sessions" values ('s', 'x');\n${MIGRATIONS}`);
    const p = await columnsProblem(a.root);
    assert.deepEqual(p?.fixes, []);
    const fix = await runCli(['fix', '--yes', a.root]);
    assert.match(fix.stdout, /No fix of this problem matches/);
    // What the ALTER would meet: SQLite's own refusal.
    const r = spawnSync('sqlite3', [db, 'alter table "sessions" add column "last_activity" integer not null;'], { encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /Cannot add a NOT NULL column with default value NULL/);
  });
});
