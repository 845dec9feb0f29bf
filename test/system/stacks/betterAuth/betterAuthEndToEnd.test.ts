/**
 * The Better Auth stack end to end, with the real things: better-auth 1.7 itself (a sign-up, then
 * the session read back with its cookie), its CLI `auth` 1.7.7 under Node 22 (what `auth migrate`
 * says afterwards), Debian's sqlite3, a real PostgreSQL and MariaDB, and the built CLI.
 *
 * Each shape: the table (or a column) is missing → Better Auth itself fails → `check` finds it →
 * `sql` is the CLI's own DDL → `fix --yes` → the sign-up works and `auth migrate` has nothing left.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanText } from '../../../../src/core/detect/scanner';
import { startMariaDb, startPostgres, type TestDatabaseServer } from '../../../support/databases';
import { sqlite3 } from '../../../support/sqliteCli';

const ROOT = path.join(__dirname, '../../../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FIXTURES = path.join(ROOT, 'test/fixtures/stacks/better-auth');
const NODE22_BIN = path.join(ROOT, '.tools/node22/node_modules/node/bin');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const SECRETS = { BETTER_AUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123', BETTER_AUTH_URL: 'http://localhost:3000', NO_COLOR: '1' };
/** Node 22 first on PATH: the `auth` CLI 1.7 needs it, as it would on a user's machine. */
const PATH22 = `${NODE22_BIN}${path.delimiter}${process.env.PATH}`;

function cli(args: string[], env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { PATH: PATH22, LANG: 'C', HOME: process.env.HOME, ...SECRETS, ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A real sign-up and session read (signup-probe.ts) under Node 20, from the app's folder. */
function signUp(dir: string, email: string, env: NodeJS.ProcessEnv = {}): { ok: boolean; out: string; err: string } {
  const r = spawnSync(TSX, [path.join(FIXTURES, 'signup-probe.ts'), 'lib/auth.ts', email], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...SECRETS, ...env },
  });
  if (r.status !== 0) return { ok: false, out: r.stdout, err: r.stderr };
  const got = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ok: boolean; userId: string; sessionUser: string };
  assert.equal(got.sessionUser, got.userId, 'the session read back belongs to the new user');
  return { ok: true, out: r.stdout, err: r.stderr };
}

/** Better Auth's own CLI, `auth migrate --yes`, under Node 22, with the given config. */
function authMigrate(dir: string, config: string, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(path.join(NODE22_BIN, 'node'), [path.join(ROOT, 'node_modules/auth/dist/index.mjs'), 'migrate', '--config', config, '--yes'], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: PATH22, HOME: process.env.HOME, ...SECRETS, ...env },
  });
  assert.equal(r.status, 0, `auth migrate failed: ${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

/** A copy of the fixture app in a temp folder, with the repository's node_modules linked in. */
function appCopy(dirs: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-better-auth-'));
  dirs.push(dir);
  fs.cpSync(path.join(FIXTURES, 'app'), dir, { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** The same config opening the file with node:sqlite, for the CLI under Node 22 (better-sqlite3 is built for Node 20). */
function writeCliConfig(dir: string): void {
  const text = fs.readFileSync(path.join(dir, 'lib/auth.ts'), 'utf8');
  fs.writeFileSync(
    path.join(dir, 'lib/auth.cli.ts'),
    text.replace('import Database from "better-sqlite3";', 'import { DatabaseSync } from "node:sqlite";').replace('new Database(', 'new DatabaseSync('),
  );
}

const ddl = (name: string): string => fs.readFileSync(path.join(FIXTURES, 'ddl', name), 'utf8');

interface Report {
  apps: Array<{ framework: string; sessionTable?: string; tableState: string }>;
  problems: Array<{ code: string; fixes: Array<{ id: string; preferred?: boolean }> }>;
}

describe('Better Auth: a real app on SQLite, through the built CLI', function () {
  this.timeout(180_000);
  const dirs: string[] = [];
  before(() => assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run npm run build first'));
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it("session table dropped: Better Auth refuses, check finds it, fix --yes applies the CLI's SQL offline, sign-up works, nothing left to migrate", () => {
    const dir = appCopy(dirs);
    writeCliConfig(dir);
    authMigrate(dir, 'lib/auth.cli.ts');
    assert.ok(signUp(dir, 'before@example.com').ok, 'a sign-up works on the migrated database');
    sqlite3(path.join(dir, 'auth.db'), 'DROP TABLE "session";');

    const failed = signUp(dir, 'broken@example.com');
    assert.equal(failed.ok, false);
    const findings = scanText(failed.err);
    assert.deepEqual(
      findings.map((f) => [f.kind, f.table, f.session]),
      [['better-auth-schema-mismatch', 'session', true]],
      failed.err,
    );

    const check = cli(['check', dir, '--json']);
    assert.equal(check.code, 1, check.stderr);
    const report = JSON.parse(check.stdout) as Report;
    assert.deepEqual(
      report.apps.map((a) => [a.framework, a.sessionTable, a.tableState]),
      [['better-auth', 'session', 'missing']],
    );
    assert.deepEqual(
      report.problems.map((p) => [p.code, p.fixes.map((f) => `${f.id}${f.preferred ? '*' : ''}`)]),
      [['betterAuth.sessionTableMissing', ['betterAuth.applyMigration*', 'betterAuth.migrate']]],
    );
    for (const [dialect, file] of [
      ['sqlite', 'sqlite-session-only.sql'],
      ['postgresql', 'postgres-session-only.sql'],
      ['mysql', 'mysql-session-only.sql'],
    ]) {
      const sql = cli(['sql', dir, '--dialect', dialect]);
      assert.equal(sql.code, 0, sql.stderr);
      assert.equal(sql.stdout.trim(), ddl(file), `sql --dialect ${dialect}`);
    }

    // Offline: no network is needed for the direct apply, and no npx runs.
    const fix = cli(['fix', dir, '--yes'], { PATH: '/nonexistent', npm_config_offline: 'true' });
    assert.equal(fix.code, 0, fix.stdout + fix.stderr);
    assert.match(sqlite3(path.join(dir, 'auth.db'), "SELECT sql FROM sqlite_master WHERE name = 'session';"), /create table "session"/i);
    assert.equal(sqlite3(path.join(dir, 'auth.db'), 'PRAGMA integrity_check;').trim(), 'ok');
    assert.equal(sqlite3(path.join(dir, 'auth.db'), 'SELECT count(*) FROM "user";').trim(), '1', 'the user signed up before is kept');

    assert.ok(signUp(dir, 'after@example.com').ok, 'sign-up and session read work after the fix');
    assert.match(authMigrate(dir, 'lib/auth.cli.ts'), /No migrations needed/);
    assert.equal(cli(['check', dir]).code, 0);
  });

  it('two optional session columns missing: check names them, fix --yes adds them as auth migrate would', () => {
    const dir = appCopy(dirs);
    writeCliConfig(dir);
    authMigrate(dir, 'lib/auth.cli.ts');
    sqlite3(path.join(dir, 'auth.db'), 'ALTER TABLE "session" DROP COLUMN "ipAddress"; ALTER TABLE "session" DROP COLUMN "userAgent";');
    const failed = signUp(dir, 'broken@example.com');
    assert.equal(failed.ok, false);
    assert.deepEqual(
      scanText(failed.err).map((f) => [f.kind, f.table, f.column]),
      [
        ['missing-column', 'session', 'ipAddress'],
        ['missing-column', 'session', 'userAgent'],
      ],
    );
    const report = JSON.parse(cli(['check', dir, '--json']).stdout) as Report;
    assert.deepEqual(
      report.problems.map((p) => [p.code, p.fixes.map((f) => f.id)]),
      [['betterAuth.sessionColumnsMissing', ['betterAuth.applyMigration', 'betterAuth.migrate']]],
    );
    const fix = cli(['fix', dir, '--yes']);
    assert.equal(fix.code, 0, fix.stdout + fix.stderr);
    assert.ok(fix.stdout.includes(ddl('sqlite-session-no-client-columns.sql').split('\n')[0]), fix.stdout);
    // The undo drops the two columns again, never the table (the apply checked them in its transaction).
    assert.match(fix.stdout, /ALTER TABLE "session" DROP COLUMN "ipAddress";\s+ALTER TABLE "session" DROP COLUMN "userAgent";/);
    assert.doesNotMatch(fix.stdout, /DROP TABLE/);
    assert.ok(signUp(dir, 'after@example.com').ok);
    assert.match(authMigrate(dir, 'lib/auth.cli.ts'), /No migrations needed/);
  });

  it('a required column missing on SQLite: no SQL is offered that SQLite would refuse', () => {
    const dir = appCopy(dirs);
    writeCliConfig(dir);
    authMigrate(dir, 'lib/auth.cli.ts');
    // SQLite cannot drop a UNIQUE column: make the table again without `token`.
    sqlite3(
      path.join(dir, 'auth.db'),
      'DROP TABLE "session"; CREATE TABLE "session" ("id" text not null primary key, "expiresAt" date not null, "createdAt" date not null, "updatedAt" date not null, "ipAddress" text, "userAgent" text, "userId" text not null references "user" ("id") on delete cascade);',
    );
    const report = JSON.parse(cli(['check', dir, '--json']).stdout) as Report;
    assert.deepEqual(
      report.problems.map((p) => [p.code, p.fixes.map((f) => f.id)]),
      [['betterAuth.sessionColumnsMissing', ['betterAuth.migrate']]],
    );
  });
});

for (const dialect of ['postgresql', 'mysql'] as const) {
  describe(`Better Auth: a real app on ${dialect === 'mysql' ? 'MariaDB' : 'PostgreSQL'}, through the built CLI`, function () {
    this.timeout(240_000);
    let db: TestDatabaseServer;
    let url: string;
    const dirs: string[] = [];
    before(async function () {
      db = dialect === 'mysql' ? await startMariaDb() : await startPostgres();
      url = `${dialect}://${db.user}:${encodeURIComponent(db.password)}@${db.host}:${db.port}/${db.database}`;
    });
    after(async () => {
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
      await db?.stop();
    });

    it("session table dropped: check finds it live, sql is the CLI's DDL, fix --yes runs auth migrate, sign-up works", async () => {
      const dir = appCopy(dirs);
      fs.rmSync(path.join(dir, 'auth.db'), { force: true });
      const driver =
        dialect === 'mysql'
          ? { imports: 'import { createPool } from "mysql2/promise";', expr: 'createPool(process.env.DATABASE_URL!)' }
          : { imports: 'import { Pool } from "pg";', expr: 'new Pool({ connectionString: process.env.DATABASE_URL })' };
      fs.writeFileSync(
        path.join(dir, 'lib/auth.ts'),
        `import { betterAuth } from "better-auth";\n${driver.imports}\n\nexport const auth = betterAuth({\n  database: ${driver.expr},\n  emailAndPassword: { enabled: true },\n});\n`,
      );
      fs.writeFileSync(path.join(dir, '.env'), `DATABASE_URL=${url}\n`);
      const env = { DATABASE_URL: url };
      authMigrate(dir, 'lib/auth.ts', env);
      assert.ok(signUp(dir, 'before@example.com', env).ok);
      await db.exec(dialect === 'mysql' ? `DROP TABLE \`${db.database}\`.session` : 'DROP TABLE "session"');
      const failed = signUp(dir, 'broken@example.com', env);
      assert.equal(failed.ok, false);
      assert.deepEqual(
        scanText(failed.err).map((f) => [f.kind, f.table, f.session]),
        [['better-auth-schema-mismatch', 'session', true]],
      );

      const check = cli(['check', dir, '--json']);
      assert.equal(check.code, 1, check.stdout + check.stderr);
      const report = JSON.parse(check.stdout) as Report;
      assert.deepEqual(
        report.apps.map((a) => [a.framework, a.tableState]),
        [['better-auth', 'missing']],
      );
      assert.deepEqual(
        report.problems.map((p) => [p.code, p.fixes.map((f) => `${f.id}${f.preferred ? '*' : ''}`)]),
        [['betterAuth.sessionTableMissing', ['betterAuth.migrate*']]],
      );
      assert.ok(!check.stdout.includes(db.password), 'the password is never printed');
      const sql = cli(['sql', dir]);
      assert.equal(sql.stdout.trim(), ddl(dialect === 'mysql' ? 'mysql-session-only.sql' : 'postgres-session-only.sql'));

      const fix = cli(['fix', dir, '--yes']);
      assert.equal(fix.code, 0, fix.stdout + fix.stderr);
      assert.ok(!fix.stdout.includes(db.password) && !fix.stderr.includes(db.password), 'the password is never printed');
      assert.ok(signUp(dir, 'after@example.com', env).ok, 'sign-up works after the fix');
      assert.match(authMigrate(dir, 'lib/auth.ts', env), /No migrations needed/);
      assert.equal(cli(['check', dir]).code, 0);

      // After an upgrade: the session table lacks columns. The live check reads them.
      await db.exec(
        dialect === 'mysql'
          ? `ALTER TABLE \`${db.database}\`.session DROP COLUMN ipAddress, DROP COLUMN userAgent`
          : 'ALTER TABLE "session" DROP COLUMN "ipAddress", DROP COLUMN "userAgent"',
      );
      const columns = JSON.parse(cli(['check', dir, '--json']).stdout) as Report;
      assert.deepEqual(
        columns.problems.map((p) => [p.code, p.fixes.map((f) => `${f.id}${f.preferred ? '*' : ''}`)]),
        [['betterAuth.sessionColumnsMissing', ['betterAuth.migrate*']]],
      );
      assert.equal(cli(['fix', dir, '--yes']).code, 0);
      assert.ok(signUp(dir, 'upgraded@example.com', env).ok, 'sign-up works once auth migrate added the columns');
    });
  });
}
