/**
 * The Symfony rules for a PdoSessionHandler table that lacks some of the handler's columns, on
 * plain fact records (as symfonyFacts.ts records them). No database, no temp folder.
 */
import { dropObjectsSql } from '../../../../../src/core/fixes/apply/sqlite/transactionPlan';
import * as assert from 'node:assert/strict';
import type { ApplySqlFix, RunCommandFix } from '../../../../../src/core/model';
import { PDO_HANDLER_CLASS } from '../../../../../src/core/stacks/symfony/symfonyConfig';
import { SYMFONY_DEFAULT_NAMES } from '../../../../../src/core/stacks/symfony/symfonyDdl';
import type { SymfonyFacts, SymfonyTableFacts } from '../../../../../src/core/stacks/symfony/symfonyFacts';
import { symfonyRules } from '../../../../../src/core/stacks/symfony/symfonyRules';

const ROOT = '/srv/app';
const RANGE = { start: { line: 2, character: 20 }, end: { line: 2, character: 20 + PDO_HANDLER_CLASS.length } };

function facts(table: Partial<SymfonyTableFacts>, server?: 'pgsql' | 'mysql'): SymfonyFacts {
  return {
    app: { root: ROOT, envFiles: [], appEnv: 'dev' },
    handler: {
      kind: 'service',
      connection: '%env(DATABASE_URL)%',
      options: {},
      parameters: {},
      errors: [],
      handlerId: {
        value: PDO_HANDLER_CLASS,
        location: { file: `${ROOT}/config/packages/framework.yaml`, range: RANGE },
        file: `${ROOT}/config/packages/framework.yaml`,
      },
    },
    usesPdo: true,
    names: SYMFONY_DEFAULT_NAMES,
    connection: server
      ? { driver: server, host: 'db.local', database: 'app', user: 'app', password: 'hunter2', fromUrl: true }
      : { driver: 'sqlite', sqliteFile: `${ROOT}/var/data.db`, fromUrl: true },
    dialect: server === 'pgsql' ? 'postgresql' : (server ?? 'sqlite'),
    databaseDisplay: server ? `${server}://app@db.local/app` : 'var/data.db',
    table: { state: 'present', ...(server ? {} : { sqlitePath: `${ROOT}/var/data.db`, fileExists: true }), ...table },
  };
}

const problemOf = (f: SymfonyFacts) => symfonyRules(f).problems.find((p) => p.code === 'symfony.sessionColumnsMissing');

describe('Symfony rules: the handler table lacks columns (no I/O)', () => {
  it('all columns there: no problem', () => {
    assert.equal(symfonyRules(facts({})).problems.length, 0);
  });

  it("SQLite, empty table without sess_lifetime and sess_time: createTable()'s definitions added under locks, with EXPIRY", () => {
    const p = problemOf(facts({ missingColumns: ['sess_lifetime', 'sess_time'], hasRows: false }))!;
    assert.deepEqual(p.message, { id: 'symfony.sessionColumnsMissing', args: ['sessions', 'var/data.db', 'sess_lifetime, sess_time'] });
    assert.deepEqual(p.location?.range, RANGE);
    const [fix] = p.fixes as ApplySqlFix[];
    assert.equal(fix.id, 'symfony.addSessionColumns');
    assert.equal(fix.preferred, true);
    assert.equal(
      fix.sql,
      'ALTER TABLE sessions ADD COLUMN sess_lifetime INTEGER NOT NULL;\nALTER TABLE sessions ADD COLUMN sess_time INTEGER NOT NULL;\nCREATE INDEX EXPIRY ON sessions (sess_lifetime);\n',
    );
    assert.deepEqual(fix.expect, {
      tables: [],
      indexes: ['EXPIRY'],
      columns: ['sess_lifetime', 'sess_time'].map((column) => ({ table: 'sessions', column })),
    });
    assert.match(dropObjectsSql(fix.expect), /^DROP INDEX IF EXISTS "EXPIRY";\nALTER TABLE "sessions" DROP COLUMN "sess_lifetime";/);
    assert.equal(p.detail?.args?.[0], 'SQLSTATE[HY000]: General error: 1 no such column: sess_lifetime');
  });

  it('SQLite, an index EXPIRY exists already: the columns without it', () => {
    const p = problemOf(facts({ missingColumns: ['sess_time'], hasRows: false, expiryIndexExists: true }))!;
    const fix = p.fixes[0] as ApplySqlFix;
    assert.equal(fix.sql, 'ALTER TABLE sessions ADD COLUMN sess_time INTEGER NOT NULL;\n');
    assert.deepEqual(fix.expect.indexes, []);
  });

  it('SQLite or PostgreSQL, a table with rows (or rows unknown): no fix, and why', () => {
    assert.equal(problemOf(facts({ missingColumns: ['sess_time'], hasRows: true }))!.detail?.id, 'sessionColumns.rows');
    assert.deepEqual(problemOf(facts({ missingColumns: ['sess_time'], hasRows: true }))!.fixes, []);
    const pg = problemOf(facts({ missingColumns: ['sess_time'] }, 'pgsql'))!;
    assert.deepEqual([pg.detail?.id, pg.detail?.args?.[3], pg.fixes.length], ['sessionColumns.rowsUnknown', 'PostgreSQL', 0]);
  });

  it('the id column missing: never an ALTER', () => {
    const p = problemOf(facts({ missingColumns: ['sess_id'], hasRows: false }))!;
    assert.deepEqual([p.detail?.id, p.fixes.length], ['sessionColumns.primaryKey', 0]);
  });

  it('MySQL, rows or not: one ALTER through the mysql client, which asks for the password', () => {
    const p = problemOf(facts({ missingColumns: ['sess_lifetime'], hasRows: true }, 'mysql'))!;
    const fix = p.fixes[0] as RunCommandFix;
    assert.equal(fix.id, 'symfony.runAddColumnsSql');
    const argv = fix.commands[0].argv;
    assert.deepEqual(argv.slice(0, 1), ['mysql']);
    assert.ok(argv.includes('-p'));
    assert.ok(!argv.join(' ').includes('hunter2'));
    assert.equal(
      argv[argv.indexOf('-e') + 1],
      'ALTER TABLE sessions ADD COLUMN sess_lifetime INTEGER UNSIGNED NOT NULL;\nCREATE INDEX EXPIRY ON sessions (sess_lifetime);\n',
    );
    assert.match(String(p.detail?.args?.[0]), /1054 Unknown column 'sess_lifetime'/);
  });

  it('PostgreSQL, an empty table: psql with the ALTER', () => {
    const p = problemOf(facts({ missingColumns: ['sess_time'], hasRows: false }, 'pgsql'))!;
    const argv = (p.fixes[0] as RunCommandFix).commands[0].argv;
    assert.equal(argv[0], 'psql');
    assert.equal(argv[argv.length - 1], 'ALTER TABLE sessions ADD COLUMN sess_time INTEGER NOT NULL;\n');
  });
});
