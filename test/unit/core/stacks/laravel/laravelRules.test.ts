/**
 * The Laravel rules on fact records. The app's settings come from a committed fixture (read once,
 * never written); the session table, the migrations table and the token-API verdict are written
 * here by hand, as laravelFacts.ts would record them. No database, no temp folder.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readLaravelApp, type LaravelApp } from '../../../../../src/core/stacks/laravel/laravelApp';
import type { LaravelFacts, LaravelTableFacts } from '../../../../../src/core/stacks/laravel/laravelFacts';
import { laravelRules } from '../../../../../src/core/stacks/laravel/laravelRules';
import { laravelSessionFacts } from '../../../../../src/core/stacks/laravel/laravelSessionFacts';

const FIXTURE = path.resolve(__dirname, '../../../../fixtures/laravel/laravel11-sqlite');

describe('Laravel rules on fact records (no I/O)', () => {
  let app: LaravelApp;
  before(async () => {
    app = await readLaravelApp(FIXTURE);
    assert.equal(app.sessionMigration?.name, '0001_01_01_000000_create_users_table');
  });

  function facts(table: Partial<LaravelTableFacts> | undefined, over: Partial<LaravelFacts> = {}): LaravelFacts {
    const session = laravelSessionFacts(app);
    const sessionTable: LaravelTableFacts | undefined = table && {
      state: 'missing',
      sqlitePath: '/app/database/database.sqlite',
      databaseDisplay: 'database/database.sqlite',
      fileExists: true,
      migrationOthers: 'unknown',
      ...table,
    };
    return { app, session, table: session.sessionTable, tokenApi: false, sessionConfigReadsEnv: true, sessionTable, ...over };
  }

  it('a present sessions table: no session problem', () => {
    const out = laravelRules(facts({ state: 'present' }));
    assert.equal(out.app.tableState, 'present');
    assert.ok(!out.problems.some((p) => p.code === 'laravel.sessionTableMissing'));
  });

  it('11+ skeleton: sessions dropped after the users migration ran -> the exact DDL applied directly, no make:session-table', () => {
    const out = laravelRules(
      facts({ history: { ok: true, hasTable: true, names: ['0001_01_01_000000_create_users_table', '0001_01_01_000001_create_cache_table'], nextBatch: 2 } }),
    );
    const problem = out.problems.find((p) => p.code === 'laravel.sessionTableMissing');
    assert.ok(problem);
    assert.equal(problem.detail?.id, 'laravel.sessionMigrationRan');
    assert.equal(problem.fixes[0].id, 'laravel.createTable');
    assert.equal(problem.fixes[0].preferred, true);
    const fix = problem.fixes[0];
    assert.ok(fix.kind === 'apply-sql');
    assert.equal(fix.bookkeepingSql, undefined, 'already recorded: nothing to record again');
    assert.ok(!problem.fixes.some((f) => f.id === 'laravel.makeSessionTable'));
  });

  it('the users migration never ran and none of its tables exist -> `migrate` leads', () => {
    const out = laravelRules(facts({ history: { ok: true, hasTable: true, names: [], nextBatch: 1 }, migrationOthers: 'none' }));
    const problem = out.problems.find((p) => p.code === 'laravel.sessionTableMissing')!;
    assert.equal(problem.fixes[0].id, 'laravel.migrate');
    assert.equal(problem.fixes[0].preferred, true);
  });

  it('its other tables exist but it is not recorded -> create sessions and record the migration in one apply', () => {
    const out = laravelRules(facts({ history: { ok: true, hasTable: true, names: [], nextBatch: 3 }, migrationOthers: 'all' }));
    const fix = out.problems.find((p) => p.code === 'laravel.sessionTableMissing')!.fixes[0];
    assert.equal(fix.id, 'laravel.createTable');
    assert.ok(fix.kind === 'apply-sql');
    assert.match(fix.bookkeepingSql ?? '', /insert into "migrations" \("migration", "batch"\) values \('0001_01_01_000000_create_users_table', 3\)/);
  });

  it('a token API prefers a driver that needs no table', () => {
    const out = laravelRules(facts({ history: { ok: true, hasTable: true, names: [], nextBatch: 1 }, migrationOthers: 'none' }, { tokenApi: true }));
    const fixes = out.problems.find((p) => p.code === 'laravel.sessionTableMissing')!.fixes;
    assert.equal(fixes[0].id, 'laravel.driver.cookie');
    assert.equal(fixes[0].preferred, true);
  });

  it('a live check left off is not-checked, with its reason, and no problem', () => {
    const out = laravelRules(
      facts({
        state: 'not-checked',
        sqlitePath: undefined,
        databaseDisplay: 'mysql://app@db/app',
        unknownReason: { id: 'live.notChecked', args: ['mysql://app@db/app'] },
      }),
    );
    assert.equal(out.app.tableState, 'not-checked');
    assert.equal(out.app.unknownReason?.id, 'live.notChecked');
    assert.ok(!out.problems.some((p) => p.code === 'laravel.sessionTableMissing'));
  });
});
