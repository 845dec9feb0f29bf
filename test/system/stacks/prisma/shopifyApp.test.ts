/**
 * Shopify apps on Prisma session storage, with the real tools: the app fixtures of
 * test/fixtures/stacks/shopify (the template's Session model), real Prisma 6.19 offline, the real
 * `PrismaSessionStorage` of `@shopify/shopify-app-session-storage-prisma` 11.0.0, real SQLite and
 * a real PostgreSQL (Debian's, test/support/databases.ts).
 * - discovery names the app a Shopify one (framework stays `prisma`);
 * - SQLite, table missing: the storage throws MissingSessionTableError and the detector reports it;
 *   `session-doctor fix --yes` then makes `storeSession` and `loadSession` work;
 * - SQLite, a table from the template's migration before its refresh-token columns: `storeSession`
 *   fails with P2022, and `fix --yes` adds the columns with a recorded migration (status clean);
 * - PostgreSQL with the template's SQLite migrations: `migrate deploy` stops with P3019 (as the
 *   committed capture says), check reports the lock mismatch and recommends no deploy, and the
 *   advice, run as given, leaves the app healthy. Its last step, `migrate deploy`, cannot run
 *   offline here on PostgreSQL (the wasm engine with @prisma/adapter-pg fails on any history), so
 *   where it fails that way its migration is run with psql, which is what deploy would run.
 */
import '../../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { scanText } from '../../../../src/core/detect/scanner';
import { runCli } from '../../../support/runCli';
import { sqlite3 } from '../../../support/prismaApp';
import { startPostgres, type TestDatabaseServer } from '../../../support/databases';
import { copyShopifyApp, PRISMA_ENV, SHOPIFY_FIXTURES, STORE_SCRIPT, type ShopifyApp } from '../../../support/shopifyApp';

interface Report {
  apps: Array<{ framework: string; flavor?: string; tableState: string }>;
  problems: Array<{ code: string; fixes: Array<{ id: string; preferred?: boolean }> }>;
  health: string;
}

async function check(root: string, env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LANG: 'C' }): Promise<Report> {
  const r = await runCli(['check', root, '--json'], { env });
  return JSON.parse(r.stdout) as Report;
}

describe('Shopify apps on Prisma session storage (real Prisma, the real Shopify storage)', function () {
  this.timeout(240_000);
  const apps: ShopifyApp[] = [];
  after(() => {
    for (const a of apps) a.cleanup();
  });

  it('discovery: a Prisma app with the Shopify storage dependency is a Shopify one', async () => {
    const report = await check(path.join(SHOPIFY_FIXTURES, 'app-sqlite'));
    assert.equal(report.apps.length, 1);
    assert.equal(report.apps[0].framework, 'prisma');
    assert.equal(report.apps[0].flavor, 'shopify');
    const text = await runCli(['check', path.join(SHOPIFY_FIXTURES, 'app-sqlite')]);
    assert.match(text.stdout, /Prisma \(Shopify session storage\) app \./);
  });

  it('SQLite, Session missing: MissingSessionTableError is detected; after fix --yes, storeSession and loadSession work', async () => {
    const app = copyShopifyApp('app-sqlite');
    apps.push(app);
    execFileSync(app.file('node_modules/.bin/prisma'), ['generate'], { cwd: app.root, env: PRISMA_ENV, stdio: 'pipe' });
    sqlite3(app.file('prisma/dev.sqlite'), 'VACUUM;');
    writeFileSync(app.file('store.cjs'), STORE_SCRIPT);
    const run = () =>
      spawnSync(process.execPath, ['--preserve-symlinks', 'store.cjs'], { cwd: app.root, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });

    const before = run();
    const out = `${before.stdout}${before.stderr}`;
    assert.match(out, /MissingSessionTableError: Prisma session table does not exist/);
    const findings = scanText(out);
    assert.ok(
      findings.some((f) => f.kind === 'shopify-prisma-session-table' && f.table === 'Session' && f.session),
      JSON.stringify(findings),
    );

    const report = await check(app.root);
    assert.equal(report.apps[0].flavor, 'shopify');
    assert.deepEqual(
      report.problems.map((p) => p.code),
      ['prisma.sessionTableMissing'],
    );
    const r = await runCli(['fix', app.root, '--yes'], { env: PRISMA_ENV });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Health now: healthy/);

    const after = run();
    assert.equal(after.status, 0, after.stderr);
    assert.deepEqual(JSON.parse(after.stdout.trim().split('\n').pop()!), { loaded: 'shop.myshopify.com', scope: 'read_products' });
  });

  it('SQLite, an older template table without refreshToken columns: storeSession fails (P2022) until fix --yes adds them', async () => {
    const app = copyShopifyApp('app-sqlite');
    apps.push(app);
    // The template's migration as it was before the refresh-token columns: applied by real `migrate deploy`.
    const migration = app.file('prisma/migrations/20240530213853_create_session_table/migration.sql');
    const older = readFileSync(migration, 'utf8').replace(',\n    "refreshToken" TEXT,\n    "refreshTokenExpires" DATETIME\n', '\n');
    assert.notEqual(older, readFileSync(migration, 'utf8'));
    writeFileSync(migration, older);
    execFileSync(app.file('node_modules/.bin/prisma'), ['migrate', 'deploy'], { cwd: app.root, env: PRISMA_ENV, stdio: 'pipe' });
    execFileSync(app.file('node_modules/.bin/prisma'), ['generate'], { cwd: app.root, env: PRISMA_ENV, stdio: 'pipe' });
    writeFileSync(app.file('store.cjs'), STORE_SCRIPT);
    const run = () =>
      spawnSync(process.execPath, ['--preserve-symlinks', 'store.cjs'], { cwd: app.root, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
    const before = run();
    assert.match(before.stderr, /P2022|The column `[^`]*refreshToken[^`]*` does not exist/);

    const report = await check(app.root);
    assert.deepEqual(
      report.problems.map((p) => [p.code, p.fixes.find((f) => f.preferred)?.id]),
      [['prisma.sessionColumnsMissing', 'prisma.addColumnsMigration']],
    );
    const r = await runCli(['fix', app.root, '--yes'], { env: PRISMA_ENV });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Health now: healthy/);
    const after = run();
    assert.equal(after.status, 0, after.stderr);
    assert.deepEqual(JSON.parse(after.stdout.trim().split('\n').pop()!), { loaded: 'shop.myshopify.com', scope: 'read_products' });
    const status = spawnSync(app.file('node_modules/.bin/prisma'), ['migrate', 'status'], { cwd: app.root, env: PRISMA_ENV, encoding: 'utf8' });
    assert.equal(status.status, 0, status.stdout + status.stderr);
    assert.match(status.stdout, /Database schema is up to date!/);
  });

  describe('PostgreSQL with the SQLite migrations of the template', () => {
    let pg: TestDatabaseServer;
    let env: NodeJS.ProcessEnv;
    before(async function () {
      this.timeout(120_000);
      pg = await startPostgres();
      env = { ...PRISMA_ENV, DATABASE_URL: `postgresql://${pg.user}:${pg.password}@${pg.host}:${pg.port}/${pg.database}` };
    });
    after(async () => {
      await pg?.stop();
    });

    it('migrate deploy fails with P3019; check reports the mismatch, never recommends deploy; the advice makes it healthy', async () => {
      const app = copyShopifyApp('app-postgres');
      apps.push(app);
      const deploy = spawnSync(app.file('node_modules/.bin/prisma'), ['migrate', 'deploy'], { cwd: app.root, env, encoding: 'utf8' });
      assert.equal(deploy.status, 1);
      const captured = readFileSync(path.join(SHOPIFY_FIXTURES, 'captures', 'p3019-migrate-deploy.txt'), 'utf8');
      assert.equal(`${deploy.stderr}exit code: ${deploy.status}\n`.split(app.root).join('/app'), captured);

      const report = await check(app.root, env);
      assert.deepEqual(
        report.problems.map((p) => p.code),
        ['prisma.migrationLockProviderMismatch', 'prisma.sessionTableMissing'],
      );
      for (const p of report.problems) {
        assert.ok(!p.fixes.some((f) => f.id === 'prisma.migrateDeploy' || f.preferred), JSON.stringify(p.fixes));
      }
      assert.deepEqual(
        report.problems[0].fixes.map((f) => f.id),
        ['prisma.regenerateMigrations'],
      );
      // The advice is never "the best fix": fix --yes leaves the migrations alone.
      const yes = await runCli(['fix', app.root, '--yes'], { env });
      assert.match(yes.stdout, /No fix of this problem matches the options; skipped\./);
      assert.ok(!existsSync(app.file('prisma/migrations_sqlite')));

      // The advice, chosen by the user: the old folder kept aside, one init migration for PostgreSQL, deployed.
      const r = await runCli(['fix', app.root, '--fix', 'prisma.regenerateMigrations', '--yes'], { env });
      assert.ok(existsSync(app.file('prisma/migrations_sqlite/20240530213853_create_session_table/migration.sql')));
      const fresh = readdirSync(app.file('prisma/migrations'));
      assert.equal(fresh.length, 1, fresh.join(', '));
      assert.match(fresh[0], /^\d{14}_init$/);
      const initSql = app.file(`prisma/migrations/${fresh[0]}/migration.sql`);
      assert.match(readFileSync(initSql, 'utf8'), /CREATE TABLE "Session" \(\n {4}"id" TEXT NOT NULL,[\s\S]*"expires" TIMESTAMP\(3\),/);
      if (r.code !== 0) {
        // Seen with Prisma 6.19.3 offline (wasm schema engine + @prisma/adapter-pg) on PostgreSQL 15: every
        // `migrate deploy` stops before any migration, reading _prisma_migrations, whatever the history.
        assert.match(r.stdout + r.stderr, /Column type 'name' could not be deserialized from the database/);
        // What deploy would run: the new migration, in the real PostgreSQL.
        const psql = spawnSync('psql', [env.DATABASE_URL!, '-v', 'ON_ERROR_STOP=1', '-q', '-f', initSql], { encoding: 'utf8' });
        assert.equal(psql.status, 0, psql.stderr);
      }
      const healthy = await check(app.root, env);
      assert.equal(healthy.health, 'healthy', JSON.stringify(healthy.problems));
    });
  });
});
