/**
 * `check`, `sql` and `fix` on Laravel apps through the CLI's main(), and, where php with pdo_sqlite
 * is installed, a real PDO session-row round trip in the table `fix --create-table` made.
 */
import '../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnose } from '../../../src/core/pipeline';
import {
  buildLaravelApp,
  BuiltLaravelApp,
  LARAVEL_FIXTURES,
  laravelExecutedDdl,
  runCli,
  runSessionHandler,
  USERS_MIGRATION_11,
} from '../../support/laravelApp';
import { cliScalar, sqlite3 } from '../../support/sqliteCli';
import { phpdotenvLoad } from '../read/env/phpdotenvOracle';
import { renderMessage } from '../../../src/core/messages';
import { hasTool, requireTools } from '../../support/requiredTools';

const USERS = 'create table "users" ("id" integer primary key autoincrement not null, "name" varchar not null);';
const MIGRATIONS = 'create table "migrations" ("id" integer primary key autoincrement not null, "migration" varchar not null, "batch" integer not null);';

function ddlText(statements: string[]): string {
  return statements.map((s) => `${s};`).join('\n') + '\n';
}

describe('CLI on Laravel apps: check, sql, fix', function () {
  this.timeout(60_000);
  const apps: BuiltLaravelApp[] = [];
  after(() => apps.forEach((a) => a.cleanup()));

  function sqliteApp(): BuiltLaravelApp {
    const a = buildLaravelApp({ from: 'laravel11-sqlite' });
    apps.push(a);
    sqlite3(path.join(a.root, 'database', 'database.sqlite'), `${USERS}\n${MIGRATIONS}`);
    return a;
  }

  const SQL: Array<{ name: string; env: Record<string, string>; dialect: 'sqlite' | 'mysql' | 'pgsql' }> = [
    { name: 'sqlite (Laravel 11 default)', env: {}, dialect: 'sqlite' },
    { name: 'mysql', env: { DB_CONNECTION: 'mysql', DB_DATABASE: 'shop', DB_PASSWORD: 'Sql-Secret-1' }, dialect: 'mysql' },
    { name: 'mariadb', env: { DB_CONNECTION: 'mariadb', DB_DATABASE: 'shop', DB_PASSWORD: 'Sql-Secret-1' }, dialect: 'mysql' },
    { name: 'pgsql', env: { DB_CONNECTION: 'pgsql', DB_DATABASE: 'shop', DB_PASSWORD: 'Sql-Secret-1' }, dialect: 'pgsql' },
  ];
  for (const c of SQL) {
    it(`sql prints the exact statements Laravel 12 runs, for ${c.name}`, async () => {
      const a = buildLaravelApp({ from: 'laravel11-sqlite', env: c.env });
      apps.push(a);
      const r = await runCli(['sql', '--no-live', a.root]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, ddlText(laravelExecutedDdl(c.dialect)));
      assert.ok(!r.stdout.includes('Sql-Secret-1'));
    });
  }

  it('check --json reports the problems diagnose computes, with exit 1', async () => {
    const a = sqliteApp();
    const d = await diagnose(a.root);
    const r = await runCli(['check', '--json', a.root]);
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout) as { health: string; problems: Array<{ code: string; severity: string; fixes: Array<{ id: string }> }> };
    assert.equal(json.health, 'problem');
    assert.deepEqual(
      json.problems.map((p) => [p.code, p.severity, p.fixes.map((f) => f.id)]),
      d.problems.map((p) => [p.code, p.severity, p.fixes.map((f) => f.id)]),
    );
    assert.deepEqual(
      json.problems.map((p) => p.code),
      ['laravel.sessionTableMissing'],
    );
  });

  for (const driver of ['file', 'cookie'] as const) {
    it(`fix --session-driver ${driver} --yes, then check exits 0`, async () => {
      const a = sqliteApp();
      assert.equal((await runCli(['check', a.root])).code, 1);
      const fix = await runCli(['fix', '--session-driver', driver, '--yes', a.root]);
      assert.equal(fix.code, 0, fix.stdout + fix.stderr);
      assert.match(a.readEnv(), new RegExp(`^SESSION_DRIVER=${driver}$`, 'm'));
      const check = await runCli(['check', a.root]);
      assert.equal(check.code, 0, check.stdout + check.stderr);
      assert.match(check.stdout, new RegExp(`SESSION_DRIVER=${driver}`));
      // The database was not touched.
      assert.equal(cliScalar(path.join(a.root, 'database', 'database.sqlite'), "select count(*) from sqlite_master where name = 'sessions';"), '0');
    });
  }

  it('fix --yes with two .env edits from one diagnosis (APP_KEY and SESSION_DRIVER on a token API): both land, check exits 0', async () => {
    const a = buildLaravelApp({
      from: 'laravel11-sqlite',
      env: { APP_KEY: '' },
      files: { 'composer.json': fs.readFileSync(path.join(LARAVEL_FIXTURES, 'laravel12-api-mysql', 'composer.json'), 'utf8') },
    });
    apps.push(a);
    sqlite3(path.join(a.root, 'database', 'database.sqlite'), `${USERS}\n${MIGRATIONS}`);
    const before = a.readEnv();
    const fix = await runCli(['fix', '--yes', a.root]);
    assert.equal(fix.code, 0, fix.stdout + fix.stderr);
    const after = a.readEnv();
    const key = /^APP_KEY=(base64:[A-Za-z0-9+/]{43}=)$/m.exec(after)?.[1];
    assert.ok(key, after);
    assert.equal(after, before.replace(/^APP_KEY=$/m, `APP_KEY=${key}`).replace(/^SESSION_DRIVER=database$/m, 'SESSION_DRIVER=cookie'));
    assert.equal((await runCli(['check', a.root])).code, 0);
  });

  it('a never-closed quote in .env (APP_URL="http://localhost): a warning at that line, and the driver fix lands where phpdotenv reads it', async function () {
    const a = sqliteApp();
    const broken = a.readEnv().replace(/^APP_URL=http:\/\/localhost$/m, 'APP_URL="http://localhost');
    assert.notEqual(broken, a.readEnv());
    fs.writeFileSync(path.join(a.root, '.env'), broken);
    // phpdotenv now ignores every line from APP_URL on, so SESSION_DRIVER falls back to Laravel 11's default: database.
    const d = await diagnose(a.root);
    assert.deepEqual(
      d.problems.map((p) => [p.code, p.severity]),
      [
        ['laravel.envLinesIgnored', 'warning'],
        ['laravel.sessionTableMissing', 'error'],
      ],
    );
    const line = broken.split('\n').indexOf('APP_URL="http://localhost');
    assert.equal(d.problems[0].location?.range.start.line, line);
    assert.match(
      renderMessage(d.problems[0].message),
      new RegExp(`^Laravel loads \\.env but skips part of it, from line ${line + 1}: A double-quoted value is never closed`),
    );
    const fix = await runCli(['fix', '--session-driver', 'cookie', '--yes', a.root]);
    // Exit 1: the broken line is still a problem after the fix.
    assert.equal(fix.code, 1, fix.stdout + fix.stderr);
    assert.match(fix.stdout, /Health now: problem \(1 problem left\)/);
    const lines = broken.split('\n');
    lines.splice(line, 0, 'SESSION_DRIVER=cookie');
    assert.equal(a.readEnv(), lines.join('\n'));
    if (hasTool('phpdotenv')) assert.equal((phpdotenvLoad([a.readEnv()])[0] as { vars: Record<string, string> }).vars.SESSION_DRIVER, 'cookie');
    // The session problem is gone; the broken line is still reported, and still the user's to mend.
    const after = await diagnose(a.root);
    assert.deepEqual(
      after.problems.map((p) => p.code),
      ['laravel.envLinesIgnored'],
    );
    assert.equal(after.apps[0].sessionDriver, 'cookie');
  });

  it('fix without --yes and without a terminal changes nothing', async () => {
    const a = sqliteApp();
    const before = a.readEnv();
    const r = await runCli(['fix', a.root]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /pass --yes to apply/);
    assert.equal(a.readEnv(), before);
  });

  it('fix on a cached-config app names config:clear and says the edit waits for it', async () => {
    const a = buildLaravelApp({ from: 'laravel12-cached-config' });
    apps.push(a);
    const r = await runCli(['fix', '--dry-run', '--no-live', a.root]);
    assert.match(r.stdout, /laravel\.configCached/);
    assert.match(r.stdout, /php artisan config:clear/);
    assert.match(r.stdout, /changes to \.env have no effect until `php artisan config:clear`/);
  });

  it('secrets in the cached config and .env (DB password, APP_KEY) appear in no output', async () => {
    const a = buildLaravelApp({ from: 'laravel12-cached-config' });
    apps.push(a);
    const secrets = ['p@ss w0rd#1', 'Ktvkfl+Fuz4Qp'];
    const runs = await Promise.all([
      runCli(['check', '--timeout', '500', a.root]),
      runCli(['check', '--json', '--timeout', '500', a.root]),
      runCli(['fix', '--dry-run', '--timeout', '500', a.root]),
      runCli(['sql', '--no-live', a.root]),
    ]);
    for (const r of runs) for (const s of secrets) assert.ok(!(r.stdout + r.stderr).includes(s), `leaked ${s}`);
  });

  describe('PDO tier: Laravel-shaped session rows in the created table', function () {
    it('fix --create-table, then PDO selects from sessions and inserts a session row', async function () {
      requireTools(this, 'pdo_sqlite');
      const a = buildLaravelApp({ from: 'laravel11-sqlite' });
      apps.push(a);
      const db = path.join(a.root, 'database', 'database.sqlite');
      // Every other table of the users migration exists and it is not recorded: the fix records it.
      sqlite3(
        db,
        `${USERS}\ncreate table "password_reset_tokens" ("email" varchar not null, "token" varchar not null, "created_at" datetime, primary key ("email"));\n${MIGRATIONS}`,
      );
      const fix = await runCli(['fix', '--create-table', '--yes', a.root]);
      assert.equal(fix.code, 0, fix.stdout + fix.stderr);
      // What DatabaseSessionHandler writes: id, payload (base64), last_activity, user_id, ip_address, user_agent.
      const script = `
        $pdo = new PDO('sqlite:' . $argv[1], null, null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
        $pdo->query('select * from "sessions"')->fetchAll();
        $st = $pdo->prepare('insert into "sessions" ("id", "payload", "last_activity", "user_id", "ip_address", "user_agent") values (?, ?, ?, ?, ?, ?)');
        $st->execute([str_repeat('a', 40), base64_encode(serialize(['_token' => 'x'])), time(), 7, '127.0.0.1', 'Mozilla/5.0']);
        $row = $pdo->query('select "id", "user_id", "ip_address" from "sessions"')->fetch(PDO::FETCH_ASSOC);
        echo json_encode($row);
      `;
      const r = spawnSync('php', ['-r', script, db], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr + r.stdout);
      assert.deepEqual(JSON.parse(r.stdout), { id: 'a'.repeat(40), user_id: 7, ip_address: '127.0.0.1' });
      // The migration that creates the table was recorded with the next batch (1: none ran before), as artisan would.
      assert.equal(cliScalar(db, `select batch from migrations where migration = '${USERS_MIGRATION_11}';`), '1');
      const check = await runCli(['check', a.root]);
      assert.equal(check.code, 0, check.stdout);
    });

    it("Laravel's own DatabaseSessionHandler (php-illuminate-session) writes, reads, updates and collects sessions in the created table", async function () {
      requireTools(this, 'illuminate', 'pdo_sqlite');
      const config = fs.readFileSync(path.join(LARAVEL_FIXTURES, 'laravel12-api-mysql', 'config', 'database.php'), 'utf8');
      const a = buildLaravelApp({ from: 'laravel11-sqlite', files: { 'config/database.php': config.replace("'prefix' => '',", "'prefix' => 'app_',") } });
      apps.push(a);
      const db = path.join(a.root, 'database', 'database.sqlite');
      sqlite3(db, USERS.replace('"users"', '"app_users"'));
      const fix = await runCli(['fix', '--create-table', '--yes', a.root]);
      assert.equal(fix.code, 0, fix.stdout + fix.stderr);
      const probe = runSessionHandler({ driver: 'sqlite', database: db, prefix: 'app_' }, 'sessions');
      assert.equal(probe.read, 'ada');
      assert.equal(probe.rows, 1);
      assert.match(probe.id, /^[A-Za-z0-9]{40}$/);
      assert.deepEqual([...probe.columns].sort(), ['id', 'ip_address', 'last_activity', 'payload', 'user_agent', 'user_id']);
      assert.equal(cliScalar(db, 'select count(*) from app_sessions;'), '1');
    });
  });
});
