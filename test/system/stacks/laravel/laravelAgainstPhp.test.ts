/**
 * Our text-only resolution of session and database settings, compared with PHP evaluating the
 * same config files after the real phpdotenv loaded the same `.env` (Laravel's Env::get rules),
 * on fixture apps and on random `.env` variations of the Laravel 12 fixture.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { readLaravelApp, type LaravelApp } from '../../../../src/core/stacks/laravel/laravelApp';
import { settingString } from '../../../../src/core/stacks/laravel/laravelConfig';
import { fuzzRuns, fuzzTimeout } from '../../../support/fuzzRuns';
import { requireTools } from '../../../support/requiredTools';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/laravel');
const ORACLE = path.join(__dirname, 'laravel-config-oracle.php');

type PhpResolved =
  { driver: unknown; table: unknown; connection: unknown; encrypt: unknown; name: unknown; conn: Record<string, unknown> | null } | { error: string };

function phpResolve(dirs: string[]): PhpResolved[] {
  const run = spawnSync('php', [ORACLE], { input: JSON.stringify(dirs), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as PhpResolved[];
}

function compare(app: LaravelApp, php: PhpResolved, label: string): void {
  assert.ok(!('error' in php), `${label}: PHP failed: ${JSON.stringify(php)}`);
  assert.equal(app.session.driver.value, settingString(php.driver), `${label}: driver`);
  assert.equal(app.session.table.value, settingString(php.table), `${label}: table`);
  assert.equal(app.session.connection.value, settingString(php.connection), `${label}: connection`);
  assert.equal(app.session.encrypt.value, settingString(php.encrypt), `${label}: encrypt`);
  assert.equal(app.database.connectionName.value, settingString(php.name), `${label}: connection name`);
  if (!php.conn) {
    assert.ok(app.database.connection.error, `${label}: connection should be missing`);
    return;
  }
  const c = app.database.connection;
  const str = (v: unknown) => (settingString(v) === '' ? undefined : settingString(v));
  assert.equal(c.driver, settingString(php.conn.driver), `${label}: driver`);
  assert.equal(c.host, str(php.conn.host), `${label}: host`);
  assert.equal(c.database, str(php.conn.database), `${label}: database`);
  assert.equal(c.username, str(php.conn.username), `${label}: username`);
  assert.ok(c.password === settingString(php.conn.password), `${label}: password differs`);
  const port = Number(settingString(php.conn.port));
  assert.equal(c.port, Number.isFinite(port) && port > 0 ? port : undefined, `${label}: port`);
}

describe('Laravel settings: ours vs PHP evaluating the config with the real phpdotenv', function () {
  this.timeout(fuzzTimeout(60_000));
  before(function () {
    requireTools(this, 'phpdotenv');
  });

  it('fixture apps with config files', async () => {
    const names = ['laravel12-api-mysql', 'laravel10-file'];
    const dirs = names.map((n) => path.join(FIXTURES, n));
    const php = phpResolve(dirs);
    for (let i = 0; i < dirs.length; i++) compare(await readLaravelApp(dirs[i]), php[i], names[i]);
  });

  it('120 random .env variations of the Laravel 12 app', async () => {
    const driverValue = fc.constantFrom(
      'database',
      'file',
      'cookie',
      'databse',
      '"file"',
      "'cookie'",
      'null',
      '(null)',
      'empty',
      '',
      '""',
      '"\'redis\'"',
      'array # for tests',
      'Database',
      '${DB_CONNECTION}',
      '"${DB_CONNECTION}"',
      "'${DB_CONNECTION}'",
      'true',
    );
    const optional = (arb: fc.Arbitrary<string>) => fc.option(arb, { nil: undefined });
    const variation = fc.record({
      eol: fc.constantFrom('\n', '\r\n'),
      export: fc.boolean(),
      drivers: fc.array(driverValue, { minLength: 0, maxLength: 2 }),
      connection: optional(fc.constantFrom('mysql', 'pgsql', 'sqlite', 'mariadb', 'nope', '')),
      sessionConnection: optional(fc.constantFrom('pgsql', 'sqlite', '', 'null', 'missing')),
      table: optional(fc.constantFrom('web_sessions', '"quoted sessions"', 'null', '')),
      encrypt: optional(fc.constantFrom('true', 'false', '(true)', '1', '')),
      host: optional(fc.constantFrom('db.internal', '"10.0.0.5"', '', 'localhost # dev')),
      port: optional(fc.constantFrom('3307', '"5433"', '', 'abc')),
      database: optional(fc.constantFrom('shop', 'storage/app.sqlite', '/abs/app.sqlite', '"with space"', '${APP_NAME}')),
      password: optional(fc.constantFrom('"p@ss w0rd#1"', "'single#quoted'", 'plain', '"esc\\"aped"', '')),
    });
    const samples = fc.sample(variation, { numRuns: fuzzRuns(120), seed: 4242 });
    const base = mkdtempSync(path.join(os.tmpdir(), 'laravel-vs-php-'));
    try {
      const dirs: string[] = [];
      samples.forEach((v, i) => {
        const dir = path.join(base, `app${i}`);
        cpSync(path.join(FIXTURES, 'laravel12-api-mysql'), dir, { recursive: true });
        const lines = ['APP_NAME=Orders', 'APP_KEY=base64:2fl+Ktvkfl+Fuz4Qp/A75G2RTiWVA/ZoKZvp6fiiM10='];
        const put = (k: string, val: string | undefined) => {
          if (val !== undefined) lines.push(`${v.export ? 'export ' : ''}${k}=${val}`);
        };
        put('DB_CONNECTION', v.connection);
        put('DB_HOST', v.host);
        put('DB_PORT', v.port);
        put('DB_DATABASE', v.database);
        put('DB_PASSWORD', v.password);
        for (const d of v.drivers) put('SESSION_DRIVER', d);
        put('SESSION_CONNECTION', v.sessionConnection);
        put('SESSION_TABLE', v.table);
        put('SESSION_ENCRYPT', v.encrypt);
        writeFileSync(path.join(dir, '.env'), lines.join(v.eol) + v.eol);
        dirs.push(dir);
      });
      const php = phpResolve(dirs);
      let compared = 0;
      for (let i = 0; i < dirs.length; i++) {
        const app = await readLaravelApp(dirs[i]);
        const fatal = app.env?.doc.errors.some((e) => e.fatal) ?? false;
        assert.equal('error' in php[i], fatal, `app${i}: PHP ${JSON.stringify(php[i])}, ours ${JSON.stringify(app.env?.doc.errors)}`);
        if (fatal) continue;
        compare(app, php[i], `app${i} ${JSON.stringify(samples[i])}`);
        compared++;
      }
      assert.ok(compared > 90, `only ${compared} compared`);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
