import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverLaravelApps, readLaravelApp, type LaravelApp } from '../../../../src/core/stacks/laravel/laravelApp';
import { laravelEnvValue } from '../../../../src/core/stacks/laravel/laravelConfig';
import { envLookup } from '../../../../src/core/read/env/envFile';
import { requireTools } from '../../../support/requiredTools';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/laravel');
const app = (name: string) => readLaravelApp(path.join(FIXTURES, name));
const SECRET_PASSWORD = 'p@ss w0rd#1';

/** Text a location's range covers (single-line ranges). */
function at(
  app: LaravelApp,
  loc: { file: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } } | undefined,
): string | undefined {
  if (!loc) return undefined;
  const text = readFileSync(loc.file, 'utf8').replace(/^\uFEFF/, '');
  const line = text.split(/\r\n|\n|\r/)[loc.range.start.line];
  assert.ok(app.root && loc.range.start.line === loc.range.end.line);
  return line.slice(loc.range.start.character, loc.range.end.character);
}

describe('Laravel app discovery', () => {
  it('finds every fixture app and skips vendor/', async () => {
    const apps = await discoverLaravelApps(FIXTURES);
    const names = apps.map((a) => path.basename(a.root));
    assert.deepEqual(names, [
      'laravel10-file',
      'laravel11-sqlite',
      'laravel12-api-mysql',
      'laravel12-cached-config',
      'laravel12-crlf-env',
      'laravel12-empty-app-key',
      'laravel12-missing-env',
      'laravel12-typo-driver',
    ]);
  });

  it('Laravel 12 API on MySQL: database driver from .env, connection details, no session migration', async () => {
    const a = await app('laravel12-api-mysql');
    assert.equal(a.version, '12.21.0');
    assert.equal(a.majorVersion, 12);
    assert.equal(a.envMissing, false);
    assert.deepEqual({ value: a.session.driver.value, source: a.session.driver.source }, { value: 'database', source: 'env' });
    assert.equal(at(a, a.session.driver.location), 'database');
    assert.equal(a.session.driver.location?.file, path.join(a.root, '.env'));
    assert.deepEqual({ value: a.session.table.value, source: a.session.table.source }, { value: 'sessions', source: 'config-default' });
    assert.equal(at(a, a.session.table.location), "'sessions'");
    assert.equal(a.session.connection.value, undefined);
    assert.deepEqual({ value: a.database.connectionName.value, source: a.database.connectionName.source }, { value: 'mysql', source: 'env' });
    const { password, ...conn } = a.database.connection;
    assert.equal(password, SECRET_PASSWORD);
    assert.deepEqual(conn, {
      driver: 'mysql',
      host: '127.0.0.1',
      port: 3306,
      database: 'orders',
      username: 'orders',
      prefix: '',
      charset: 'utf8mb4',
      collation: 'utf8mb4_unicode_ci',
    });
    assert.equal(a.sqlitePath, undefined);
    assert.equal(a.sessionMigration, undefined);
    assert.equal(a.appKey.value, '****');
    assert.equal(a.appKey.source, 'env');
    assert.deepEqual(a.warnings, []);
  });

  it('Laravel 11 default: sqlite from framework defaults, database/database.sqlite, the users migration creates sessions', async () => {
    const a = await app('laravel11-sqlite');
    assert.equal(a.majorVersion, 11);
    assert.equal(a.session.driver.value, 'database');
    assert.equal(a.session.table.value, 'sessions');
    assert.equal(a.session.table.source, 'framework-default');
    assert.equal(a.session.encrypt.value, '');
    assert.equal(a.database.connection.driver, 'sqlite');
    assert.equal(a.sqlitePath, path.join(a.root, 'database', 'database.sqlite'));
    assert.deepEqual(a.sessionMigration, {
      path: path.join(a.root, 'database', 'migrations', '0001_01_01_000000_create_users_table.php'),
      name: '0001_01_01_000000_create_users_table',
      tables: ['users', 'password_reset_tokens', 'sessions'],
    });
    assert.equal(a.database.migrationsTable, 'migrations');
  });

  it('Laravel 10: file driver, version from the composer.json constraint, hard-coded table', async () => {
    const a = await app('laravel10-file');
    assert.equal(a.version, '^10.10');
    assert.equal(a.majorVersion, 10);
    assert.equal(a.session.driver.value, 'file');
    assert.equal(a.session.table.value, 'sessions');
    assert.equal(a.session.table.source, 'config-default');
    assert.equal(a.database.connection.driver, 'mysql');
    assert.equal(a.database.connection.database, 'blog');
    assert.equal(a.database.connection.password, '');
    assert.equal(a.sessionMigration, undefined);
    assert.equal(a.database.migrationsTable, 'migrations');
  });

  it('cached config wins over .env (the .env says cookie, the cache still says database)', async () => {
    const a = await app('laravel12-cached-config');
    assert.equal(envLookup(a.env!.doc, 'SESSION_DRIVER')?.value, 'cookie');
    assert.ok(a.cachedConfig && 'session' in a.cachedConfig);
    assert.equal(a.cachedConfig.session.driver, 'database');
    assert.equal(a.cachedConfig.database.default, 'mysql');
    assert.deepEqual({ value: a.session.driver.value, source: a.session.driver.source }, { value: 'database', source: 'cached-config' });
    assert.equal(at(a, a.session.driver.location), "'database'");
    assert.equal(a.database.connection.database, 'orders');
    assert.equal(a.database.connection.port, 3306);
    assert.equal(a.appKey.value, '****');
    assert.equal(a.appKey.source, 'cached-config');
  });

  it('the committed cached config is what php var_export writes (regenerated with the php CLI)', function () {
    requireTools(this, 'php');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'laravel-cache-'));
    try {
      const src = path.join(FIXTURES, 'laravel12-cached-config');
      cpSync(path.join(src, 'config'), path.join(dir, 'config'), { recursive: true });
      const run = spawnSync(
        'php',
        [
          path.join(FIXTURES, 'make-cached-config.php'),
          dir,
          '/srv/orders-api',
          'APP_NAME=Orders API',
          'APP_KEY=base64:2fl+Ktvkfl+Fuz4Qp/A75G2RTiWVA/ZoKZvp6fiiM10=',
          'DB_CONNECTION=mysql',
          'DB_HOST=127.0.0.1',
          'DB_PORT=3306',
          'DB_DATABASE=orders',
          'DB_USERNAME=orders',
          `DB_PASSWORD=${SECRET_PASSWORD}`,
          'SESSION_DRIVER=database',
          'SESSION_DOMAIN=null',
        ],
        { encoding: 'utf8' },
      );
      assert.equal(run.status, 0, run.stderr);
      assert.equal(readFileSync(path.join(dir, 'bootstrap/cache/config.php'), 'utf8'), readFileSync(path.join(src, 'bootstrap/cache/config.php'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('missing .env: noted, settings read from .env.example', async () => {
    const a = await app('laravel12-missing-env');
    assert.equal(a.envMissing, true);
    assert.equal(a.env, undefined);
    assert.ok(a.envExample);
    assert.deepEqual({ value: a.session.driver.value, source: a.session.driver.source }, { value: 'database', source: 'env-example' });
    assert.equal(a.appKey.value, '');
  });

  it('typo driver is reported as written', async () => {
    const a = await app('laravel12-typo-driver');
    assert.equal(a.session.driver.value, 'databse');
    assert.equal(at(a, a.session.driver.location), 'databse');
  });

  it('empty APP_KEY: value is the empty string, located at the APP_KEY line', async () => {
    const a = await app('laravel12-empty-app-key');
    assert.equal(a.session.driver.value, 'cookie');
    assert.deepEqual({ value: a.session.encrypt.value, source: a.session.encrypt.source }, { value: '', source: 'env' });
    assert.equal(a.appKey.value, '');
    assert.equal(a.appKey.location?.range.start.line, 2);
  });

  it('CRLF + BOM .env: export, single quotes, inline comment; a relative DB_DATABASE is resolved from the app root', async () => {
    const a = await app('laravel12-crlf-env');
    assert.equal(a.env?.doc.bom, true);
    assert.equal(a.env?.doc.eol, '\r\n');
    assert.equal(a.session.driver.value, 'database');
    assert.equal(at(a, a.session.driver.location), "'database'");
    assert.equal(a.sqlitePath, path.join(a.root, 'storage', 'app.sqlite'));
  });

  it('never leaks the password or APP_KEY through JSON of the settings it exposes', async () => {
    const a = await app('laravel12-api-mysql');
    const exposed = JSON.stringify({ session: a.session, appKey: a.appKey, connectionName: a.database.connectionName });
    assert.ok(!exposed.includes(SECRET_PASSWORD));
    assert.ok(!exposed.includes('2fl+Ktvkfl'));
  });

  describe('edge cases in a scratch app', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'laravel-app-'));
      writeFileSync(path.join(dir, 'artisan'), '<?php\n');
      writeFileSync(path.join(dir, 'composer.json'), '{"require":{"laravel/framework":"^11.0|^12.0"}}');
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('malformed config/session.php and cached config: clear messages, nothing thrown, fall back', async () => {
      mkdirSync(path.join(dir, 'config'));
      mkdirSync(path.join(dir, 'bootstrap/cache'), { recursive: true });
      writeFileSync(path.join(dir, 'config/session.php'), "<?php return ['driver' => env('SESSION_DRIVER', 'file'");
      writeFileSync(path.join(dir, 'bootstrap/cache/config.php'), "<?php return array ( 'session' => array ( 'driver' => 'file',");
      writeFileSync(path.join(dir, '.env'), 'SESSION_DRIVER=redis\nSESSION_CONNECTION=\nDB_CONNECTION=pgsql\nDB_URL=postgres://u:pw@db.example:6543/app\n');
      const a = await readLaravelApp(dir);
      assert.equal(a.majorVersion, 11);
      assert.ok(a.cachedConfig && 'error' in a.cachedConfig);
      assert.equal(a.warnings.length, 1);
      assert.match(a.warnings[0], /session\.php: cannot read the PHP/);
      assert.equal(a.session.driver.value, 'redis');
      assert.equal(a.database.connectionName.value, 'pgsql');
      assert.deepEqual(
        { ...a.database.connection, password: undefined, url: undefined },
        {
          driver: 'pgsql',
          host: 'db.example',
          port: 6543,
          database: 'app',
          username: 'u',
          password: undefined,
          url: undefined,
          prefix: '',
          charset: 'utf8',
        },
      );
    });

    it('SESSION_CONNECTION picks the connection; an unknown one is reported', async () => {
      writeFileSync(path.join(dir, '.env'), 'SESSION_CONNECTION=sessions_db\nSESSION_TABLE=web_sessions\n');
      mkdirSync(path.join(dir, 'config'));
      writeFileSync(
        path.join(dir, 'config/database.php'),
        "<?php return ['connections' => ['sqlite' => ['driver' => 'sqlite']], 'migrations' => ['table' => 'schema_migrations']];",
      );
      const a = await readLaravelApp(dir);
      assert.equal(a.database.migrationsTable, 'schema_migrations');
      assert.equal(a.database.connectionName.value, 'sessions_db');
      assert.match(a.database.connection.error ?? '', /sessions_db/);
      assert.equal(a.session.table.value, 'web_sessions');
    });

    it('a make:session-table migration with a custom table name is found', async () => {
      mkdirSync(path.join(dir, 'database/migrations'), { recursive: true });
      writeFileSync(path.join(dir, '.env'), 'SESSION_TABLE=web_sessions\n');
      writeFileSync(
        path.join(dir, 'database/migrations/2025_01_01_000000_create_web_sessions_table.php'),
        "<?php\nSchema::create('web_sessions', function (Blueprint $table) {});\n",
      );
      const a = await readLaravelApp(dir);
      assert.equal(a.sessionMigration?.name, '2025_01_01_000000_create_web_sessions_table');
      assert.deepEqual(a.sessionMigration?.tables, ['web_sessions']);
    });

    it('a folder without laravel/framework is not an app', async () => {
      writeFileSync(path.join(dir, 'composer.json'), '{"require":{"symfony/console":"^7"}}');
      assert.deepEqual(await discoverLaravelApps(dir), []);
    });
  });
});

describe("Laravel's env() conversion", () => {
  const CASES: Array<[string, string | boolean | null]> = [
    ['database', 'database'],
    ['null', null],
    ['(NULL)', null],
    ['true', true],
    ['(false)', false],
    ['empty', ''],
    ['"quoted"', 'quoted'],
    ["'x'", 'x'],
    ['"mismatch\'', '"mismatch\''],
  ];
  for (const [raw, expected] of CASES) it(`${raw} -> ${JSON.stringify(expected)}`, () => assert.equal(laravelEnvValue(raw), expected));
});
