import * as assert from 'node:assert/strict';
import type { ApplySqlFix, EditFix, RunCommandFix } from '../../../../../src/core/model';
import { healthOf } from '../../../../../src/core/problems/diagnosis';
import { PDO_HANDLER_CLASS, type SymfonyHandlerConfig } from '../../../../../src/core/stacks/symfony/symfonyConfig';
import { SYMFONY_DEFAULT_NAMES, symfonySessionSql } from '../../../../../src/core/stacks/symfony/symfonyDdl';
import type { SymfonyFacts } from '../../../../../src/core/stacks/symfony/symfonyFacts';
import { symfonyRules } from '../../../../../src/core/stacks/symfony/symfonyRules';

const ROOT = '/srv/app';
const FRAMEWORK = `framework:\n    session:\n        handler_id: ${PDO_HANDLER_CLASS}\n`;
const HANDLER_RANGE = { start: { line: 2, character: 20 }, end: { line: 2, character: 20 + PDO_HANDLER_CLASS.length } };

function handler(over: Partial<SymfonyHandlerConfig> = {}): SymfonyHandlerConfig {
  return {
    kind: 'service',
    connection: '%env(DATABASE_URL)%',
    options: {},
    parameters: {},
    errors: [],
    handlerId: {
      value: PDO_HANDLER_CLASS,
      location: { file: `${ROOT}/config/packages/framework.yaml`, range: HANDLER_RANGE },
      file: `${ROOT}/config/packages/framework.yaml`,
    },
    ...over,
  };
}

function facts(over: Partial<SymfonyFacts> = {}): SymfonyFacts {
  return {
    app: { root: ROOT, envFiles: [], appEnv: 'dev', framework: { path: `${ROOT}/config/packages/framework.yaml`, text: FRAMEWORK } },
    handler: handler(),
    usesPdo: true,
    names: SYMFONY_DEFAULT_NAMES,
    connection: { driver: 'sqlite', sqliteFile: `${ROOT}/var/data.db`, fromUrl: true },
    dialect: 'sqlite',
    databaseDisplay: 'var/data.db',
    connectionSource: { variable: 'DATABASE_URL', source: '.env' },
    table: { state: 'missing', sqlitePath: `${ROOT}/var/data.db`, fileExists: true },
    ...over,
  };
}

const PG = { driver: 'pgsql', host: 'db.local', port: 5433, database: 'app', user: 'app', password: 'hunter2', fromUrl: true };

describe('Symfony rules, on plain fact records', () => {
  it('SQLite, table missing: the locked apply of createTable() SQL first, handler_id: null last', () => {
    const { app, problems } = symfonyRules(facts());
    assert.equal(app.framework, 'symfony');
    assert.equal(app.sessionTable, 'sessions');
    assert.equal(app.tableState, 'missing');
    assert.equal(app.sessionSql?.sqlite, symfonySessionSql('sqlite'));
    assert.equal(app.sessionSql?.postgresql, symfonySessionSql('pgsql'));
    assert.equal(problems.length, 1);
    const [p] = problems;
    assert.equal(p.code, 'symfony.sessionTableMissing');
    assert.deepEqual(p.location?.range, HANDLER_RANGE);
    const [apply, native, ...rest] = p.fixes;
    assert.deepEqual(rest, []);
    assert.equal(apply.kind, 'apply-sql');
    assert.equal(apply.preferred, true);
    assert.equal((apply as ApplySqlFix).sql, symfonySessionSql('sqlite'));
    assert.equal((apply as ApplySqlFix).bookkeepingSql, undefined, 'createTable() records nothing');
    assert.deepEqual((apply as ApplySqlFix).expect, { tables: ['sessions'], indexes: ['EXPIRY'] });
    assert.equal(native.id, 'symfony.nativeHandler');
    assert.ok(!native.preferred);
    assert.deepEqual((native as EditFix).edits, [
      { file: `${ROOT}/config/packages/framework.yaml`, range: HANDLER_RANGE, newText: 'null', oldText: PDO_HANDLER_CLASS },
    ]);
    assert.equal(healthOf([app], problems), 'problem');
  });

  it('custom names go into the SQL and the problem', () => {
    const names = { table: 'app_sessions', idCol: 'id', dataCol: 'payload', lifetimeCol: 'ttl', timeCol: 'created_at' };
    const { app, problems } = symfonyRules(facts({ names }));
    assert.equal(app.sessionTable, 'app_sessions');
    assert.equal(app.sessionSql?.mysql, symfonySessionSql('mysql', names));
    assert.deepEqual(problems[0].message.args, ['app_sessions', 'var/data.db']);
  });

  it('SQLite file missing: sqlite3 runs the SQL (it creates the file), preferred', () => {
    const { problems } = symfonyRules(facts({ table: { state: 'missing', sqlitePath: `${ROOT}/var/data.db`, fileExists: false } }));
    assert.equal(problems[0].message.id, 'symfony.sessionTableMissing.noFile');
    const run = problems[0].fixes[0] as RunCommandFix;
    assert.equal(run.kind, 'run-command');
    assert.equal(run.preferred, true);
    assert.deepEqual(run.commands[0].argv, ['sqlite3', '-bail', `${ROOT}/var/data.db`, symfonySessionSql('sqlite')]);
  });

  it('PostgreSQL, table missing: psql with the exact SQL, no password anywhere', () => {
    const f = facts({ connection: PG, dialect: 'postgresql', databaseDisplay: 'pgsql://app@db.local:5433/app', table: { state: 'missing' } });
    const { problems } = symfonyRules(f);
    const run = problems[0].fixes[0] as RunCommandFix;
    assert.equal(run.preferred, true);
    assert.deepEqual(run.commands[0].argv, [
      'psql',
      '-v',
      'ON_ERROR_STOP=1',
      '-h',
      'db.local',
      '-p',
      '5433',
      '-U',
      'app',
      '-d',
      'app',
      '-c',
      symfonySessionSql('pgsql'),
    ]);
    assert.ok(!JSON.stringify(problems).includes('hunter2'));
    assert.match(String(problems[0].detail?.args?.[0]), /relation "sessions" does not exist/);
  });

  it('MySQL with a password: `-p` asks for it, the argv never holds it', () => {
    const conn = { driver: 'mysql', host: '127.0.0.1', port: 3306, database: 'shop', user: 'shop', password: 'hunter2', fromUrl: true };
    const { problems } = symfonyRules(
      facts({ connection: conn, dialect: 'mysql', databaseDisplay: 'mysql://shop@127.0.0.1:3306/shop', table: { state: 'missing' } }),
    );
    const argv = (problems[0].fixes[0] as RunCommandFix).commands[0].argv;
    assert.deepEqual(argv, ['mysql', '-h', '127.0.0.1', '-P', '3306', '-u', 'shop', '-p', '-e', symfonySessionSql('mysql'), 'shop']);
    assert.match(String(problems[0].detail?.args?.[0]), /1146 Table 'shop.sessions' doesn't exist/);
  });

  it('live checks off: not-checked, never healthy', () => {
    const { app, problems } = symfonyRules(facts({ connection: PG, dialect: 'postgresql', table: { state: 'not-checked' } }));
    assert.deepEqual(problems, []);
    assert.equal(app.tableState, 'not-checked');
    assert.equal(healthOf([app], problems), 'unknown');
  });

  it('table present: healthy, with the SQL and the command still in the palette', () => {
    const { app, problems } = symfonyRules(facts({ table: { state: 'present', sqlitePath: `${ROOT}/var/data.db`, fileExists: true } }));
    assert.deepEqual(problems, []);
    assert.equal(healthOf([app], problems), 'healthy');
    assert.equal(app.commands[0].id, 'symfony.runCreateTableSql');
  });

  it('no PdoSessionHandler: no session table to check, healthy', () => {
    const { app, problems } = symfonyRules(facts({ usesPdo: false, handler: handler({ kind: 'other' }), connection: undefined, table: undefined }));
    assert.equal(app.sessionTable, undefined);
    assert.equal(healthOf([app], problems), 'healthy');
  });

  it('a database that cannot be known, or YAML that cannot be read: unknown, never healthy', () => {
    const noDb = symfonyRules(
      facts({ connection: undefined, table: undefined, connectionError: 'DATABASE_URL is not set in the environment or in the .env files' }),
    );
    assert.equal(noDb.app.tableState, 'unknown');
    assert.deepEqual(noDb.app.unknownReason?.args, ['DATABASE_URL is not set in the environment or in the .env files']);
    assert.equal(healthOf([noDb.app], noDb.problems), 'unknown');
    const yaml = symfonyRules(facts({ handler: handler({ errors: ['framework.yaml: bad indentation'] }) }));
    assert.equal(yaml.app.unknownReason?.id, 'symfony.yamlInvalid');
    assert.equal(healthOf([yaml.app], yaml.problems), 'unknown');
  });
});
