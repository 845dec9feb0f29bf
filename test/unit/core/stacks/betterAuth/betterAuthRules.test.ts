/** The Better Auth rules on plain fact records: no files, no databases. */
import { strict as assert } from 'node:assert';
import type { BetterAuthFacts } from '../../../../../src/core/stacks/betterAuth/betterAuthFacts';
import { readBetterAuthConfig } from '../../../../../src/core/stacks/betterAuth/betterAuthConfigText';
import { betterAuthRules } from '../../../../../src/core/stacks/betterAuth/betterAuthRules';
import { CORE_MODELS, DEFAULT_NAMES, modelColumns } from '../../../../../src/core/stacks/betterAuth/betterAuthSchema';

const CONFIG = 'import Database from "better-sqlite3";\nexport const auth = betterAuth({\n  database: new Database("./auth.db"),\n});\n';

function facts(over: Partial<BetterAuthFacts> = {}, configText = CONFIG): BetterAuthFacts {
  const present = new Map(CORE_MODELS.filter((m) => m !== 'session').map((m) => [m, new Set(modelColumns(DEFAULT_NAMES, m))] as const));
  return {
    app: { root: '/app', packageJson: '/app/package.json', configFile: '/app/lib/auth.ts', configText, version: '1.7.25' },
    config: readBetterAuthConfig(configText),
    dialect: 'sqlite',
    connection: { kind: 'sqlite', file: '/app/auth.db' },
    tables: { state: 'missing', databaseDisplay: 'auth.db', present, missing: ['session'], fileExists: true },
    ...over,
  };
}

const ids = (o: ReturnType<typeof betterAuthRules>): Array<[string, string[]]> =>
  o.problems.map((p) => [p.code, p.fixes.map((f) => `${f.id}${f.preferred ? '*' : ''}`)]);

describe('Better Auth rules', () => {
  it("SQLite, session missing: the locked apply of the CLI's SQL first, auth migrate second; anchored at betterAuth(", () => {
    const o = betterAuthRules(facts());
    assert.deepEqual(ids(o), [['betterAuth.sessionTableMissing', ['betterAuth.applyMigration*', 'betterAuth.migrate']]]);
    assert.deepEqual(o.problems[0].location?.range.start, { line: 1, character: 20 });
    const apply = o.problems[0].fixes[0];
    assert.ok(apply.kind === 'apply-sql');
    assert.deepEqual(apply.expect, { tables: ['session'], indexes: ['session_userId_idx'] });
    assert.equal(o.app.framework, 'better-auth');
    assert.ok(o.app.sessionSql?.postgresql?.startsWith('create table "session"'));
  });

  it('no database file yet: auth migrate creates it; no locked apply into a file that is not there', () => {
    const o = betterAuthRules(
      facts({ tables: { state: 'missing', databaseDisplay: 'auth.db', present: new Map(), missing: [...CORE_MODELS], fileExists: false } }),
    );
    assert.deepEqual(ids(o), [['betterAuth.sessionTableMissing', ['betterAuth.migrate*']]]);
    assert.equal(o.problems[0].detail?.id, 'betterAuth.databaseFileMissing.detail');
  });

  it('user lacks image (an optional column): betterAuth.columnsMissing, with the locked apply of the add column', () => {
    const f = facts();
    f.tables.present.set('session', new Set(modelColumns(DEFAULT_NAMES, 'session')));
    f.tables.present.set('user', new Set(modelColumns(DEFAULT_NAMES, 'user').filter((c) => c !== 'image')));
    f.tables = { ...f.tables, state: 'present', missing: [] };
    const o = betterAuthRules(f);
    assert.deepEqual(ids(o), [['betterAuth.columnsMissing', ['betterAuth.applyMigration*', 'betterAuth.migrate']]]);
    assert.match(JSON.stringify(o.problems[0].message.args), /user\.image/);
    const apply = o.problems[0].fixes[0];
    assert.ok(apply.kind === 'apply-sql');
    assert.equal(apply.sql, 'alter table "user" add column "image" text;');
    assert.deepEqual(apply.expect, { tables: [], indexes: [], columns: [{ table: 'user', column: 'image' }] });
  });

  it('a plugin in the config: no SQL of our own, auth migrate is the fix', () => {
    const o = betterAuthRules(facts({}, CONFIG.replace('database:', 'plugins: [admin()],\n  database:')));
    assert.deepEqual(ids(o), [['betterAuth.sessionTableMissing', ['betterAuth.migrate*']]]);
    assert.deepEqual(o.app.sessionSql, {});
  });

  it('PostgreSQL, user and session missing: auth migrate', () => {
    const o = betterAuthRules(
      facts({
        dialect: 'postgresql',
        connection: { kind: 'url', url: 'postgresql://u:secret@h/db', dialect: 'postgresql' },
        tables: { state: 'missing', databaseDisplay: 'postgresql://u:****@h/db', present: new Map(), missing: ['user', 'session'] },
      }),
    );
    assert.deepEqual(ids(o), [['betterAuth.sessionTableMissing', ['betterAuth.migrate*']]]);
    assert.ok(!JSON.stringify(o).includes('secret'), 'no password in the outcome');
  });

  it('only verification missing: tablesMissing', () => {
    const f = facts();
    f.tables.present.set('session', new Set(modelColumns(DEFAULT_NAMES, 'session')));
    f.tables.present.delete('verification');
    f.tables = { ...f.tables, state: 'present', missing: ['verification'] };
    assert.deepEqual(ids(betterAuthRules(f)), [['betterAuth.tablesMissing', ['betterAuth.applyMigration*', 'betterAuth.migrate']]]);
  });

  it('every table and column present: healthy; state unknown: no problem', () => {
    const f = facts();
    f.tables.present.set('session', new Set(modelColumns(DEFAULT_NAMES, 'session')));
    f.tables = { ...f.tables, state: 'present', missing: [] };
    assert.deepEqual(betterAuthRules(f).problems, []);
    assert.deepEqual(betterAuthRules(facts({ tables: { state: 'unknown', present: new Map(), missing: [] } })).problems, []);
  });

  it('the session token column missing on SQLite: only auth migrate is offered, and the detail says SQLite refuses it', () => {
    const f = facts();
    f.tables.present.set('session', new Set(modelColumns(DEFAULT_NAMES, 'session').filter((c) => c !== 'token')));
    f.tables = { ...f.tables, state: 'present', missing: [] };
    const o = betterAuthRules(f);
    assert.deepEqual(ids(o), [['betterAuth.sessionColumnsMissing', ['betterAuth.migrate*']]]);
    assert.equal(o.problems[0].detail?.id, 'betterAuth.sessionColumnsMissing.sqliteRequired');
  });
});
