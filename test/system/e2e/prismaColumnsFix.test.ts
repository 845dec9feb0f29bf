/**
 * End to end with REAL Prisma 6.19.3 (offline, see test/support/realPrisma.ts) and real SQLite: the
 * Session table exists but lacks columns the model maps. A real Prisma Client query fails (P2022),
 * `session-doctor check --json` reports prisma.sessionColumnsMissing, `fix --yes` applies the
 * preferred fix, then the real client creates and reads a session, the rows already there are
 * kept, and the real tools agree with the result:
 * - (a) migrations applied, none adds the column: our new migration's SQL is byte for byte the
 *   real `migrate diff` from the old schema to the new, and `migrate status` is clean;
 * - (b) no migrations, a required column with a default: Prisma's table rebuild;
 * - (c) a pending migration adds the column: the proven `migrate deploy` is preferred and runs.
 */
import '../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BuiltPrismaApp, buildPrismaApp, CLIENT_SQLITE_HEADER, PRISMA_BIN, PRISMA_ENV, REPO_ROOT, runCli, sqlite3 } from '../../support/prismaApp';
import { offlinePrismaConfig } from '../../support/realPrisma';

const PRISMA = PRISMA_BIN;
const CONFIG = offlinePrismaConfig();

const HEADER = CLIENT_SQLITE_HEADER;
const V1 = `${HEADER}
model Session {
  id        String   @id
  userId    String
  expiresAt DateTime
}
`;
/** (a), (c): one optional column more. */
const V2 = V1.replace('  expiresAt DateTime\n', '  expiresAt DateTime\n  data      String?\n');
/** (b): a required column with a default, which Prisma adds by rebuilding the table. */
const V3 = V1.replace('  expiresAt DateTime\n', '  expiresAt DateTime\n  isOnline  Boolean  @default(false)\n');
const SEED = `INSERT INTO "Session" ("id", "userId", "expiresAt") VALUES ('old', 'u1', 1767225600000);\n`;

/** Creates a session with every model field given, reads it back, counts the sessions. */
const CLIENT = `const { PrismaClient } = require(process.argv[2]);
const { PrismaBetterSQLite3 } = require('@prisma/adapter-better-sqlite3');
(async () => {
  const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: 'file:' + process.argv[3] }) });
  try {
    await prisma.session.create({ data: { id: 'new', userId: 'u2', expiresAt: new Date(Date.now() + 3600e3), ...JSON.parse(process.argv[4]) } });
    const back = await prisma.session.findUnique({ where: { id: 'new' } });
    console.log(JSON.stringify({ read: back && back.id, count: await prisma.session.count() }));
  } catch (e) {
    console.log(JSON.stringify({ error: e.code || String(e.message).slice(0, 200) }));
  } finally {
    await prisma.$disconnect();
  }
})();
`;

function prismaStdout(cwd: string, args: string[]): string {
  return execFileSync(PRISMA, args, { cwd, env: PRISMA_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

describe('e2e: a Prisma Session table that lacks columns, fixed on real SQLite', function () {
  this.timeout(240_000);
  let shared: string;
  let initSql: string;
  let addDataSql: string;
  const clients: Record<string, string> = {};
  const apps: BuiltPrismaApp[] = [];

  before(function () {
    this.timeout(300_000);
    mkdirSync(path.join(REPO_ROOT, '.test-tmp'), { recursive: true });
    shared = mkdtempSync(path.join(REPO_ROOT, '.test-tmp', 'sd-columns-shared-'));
    writeFileSync(path.join(shared, 'prisma.config.ts'), CONFIG);
    writeFileSync(path.join(shared, 'client.js'), CLIENT);
    // The config names prisma/schema.prisma (Prisma fails with "External error" without it).
    mkdirSync(path.join(shared, 'prisma'));
    writeFileSync(path.join(shared, 'prisma', 'schema.prisma'), V1);
    for (const [name, text] of Object.entries({ v1: V1, v2: V2, v3: V3 })) writeFileSync(path.join(shared, 'prisma', `${name}.prisma`), text);
    // One client per schema version (the adapter takes the database path at run time).
    for (const name of ['v2', 'v3']) {
      const dir = path.join(shared, name);
      mkdirSync(path.join(dir, 'prisma'), { recursive: true });
      writeFileSync(path.join(dir, 'prisma.config.ts'), CONFIG);
      writeFileSync(path.join(dir, 'prisma', 'schema.prisma'), name === 'v2' ? V2 : V3);
      prismaStdout(dir, ['generate']);
      clients[name] = path.join(dir, 'generated', 'client');
    }
    initSql = prismaStdout(shared, ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/v1.prisma', '--script']);
    addDataSql = prismaStdout(shared, [
      'migrate',
      'diff',
      '--from-schema-datamodel',
      'prisma/v1.prisma',
      '--to-schema-datamodel',
      'prisma/v2.prisma',
      '--script',
    ]);
  });

  after(() => {
    for (const a of apps) a.cleanup();
    if (shared) rmSync(shared, { recursive: true, force: true });
  });

  function client(version: 'v2' | 'v3', db: string, data: object): { read?: string; count?: number; error?: string } {
    const out = execFileSync(process.execPath, [path.join(shared, 'client.js'), clients[version], db, JSON.stringify(data)], { cwd: shared, encoding: 'utf8' });
    return JSON.parse(out.trim().split('\n').pop()!) as { read?: string; count?: number; error?: string };
  }

  async function checkJson(root: string): Promise<{ code: string; fixes: Array<{ id: string; preferred?: boolean; sql?: string }> }> {
    const r = await runCli(['check', root, '--json']);
    const report = JSON.parse(r.stdout) as {
      problems: Array<{ code: string; message: string; fixes: Array<{ id: string; preferred?: boolean; sql?: string }> }>;
    };
    const problems = report.problems.filter((p) => p.code === 'prisma.sessionColumnsMissing');
    assert.equal(problems.length, 1, r.stdout);
    assert.match(problems[0].message, /lacks the column\(s\) (data|isOnline)/);
    return problems[0];
  }

  it('(a) migrations all applied, none adds the column: a new migration, byte for byte what migrate diff writes, recorded', async () => {
    const app = buildPrismaApp({
      inRepo: true,
      files: { 'prisma.config.ts': CONFIG, 'prisma/schema.prisma': V2 },
      migrations: [{ name: '20260101000000_init', sql: initSql }],
    });
    apps.push(app);
    const db = app.file('prisma/dev.db');
    execFileSync(PRISMA, ['migrate', 'deploy'], { cwd: app.root, env: PRISMA_ENV, stdio: 'pipe' });
    sqlite3(db, SEED);
    assert.deepEqual(client('v2', db, { data: 'x' }), { error: 'P2022' });

    const problem = await checkJson(app.root);
    assert.deepEqual(
      problem.fixes.filter((f) => f.preferred).map((f) => f.id),
      ['prisma.addColumnsMigration'],
    );
    const r = await runCli(['fix', app.root, '--yes']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Health now: healthy/);

    const added = readdirSync(app.file('prisma/migrations')).filter((n) => n.endsWith('_add_session_columns'));
    assert.equal(added.length, 1);
    assert.equal(readFileSync(app.file(`prisma/migrations/${added[0]}/migration.sql`), 'utf8'), addDataSql);
    const status = spawnSync(PRISMA, ['migrate', 'status'], { cwd: app.root, env: PRISMA_ENV, encoding: 'utf8' });
    assert.equal(status.status, 0, status.stdout + status.stderr);
    assert.match(status.stdout, /Database schema is up to date!/);
    assert.deepEqual(client('v2', db, { data: 'x' }), { read: 'new', count: 2 });
    assert.equal(sqlite3(db, 'PRAGMA integrity_check;').trim(), 'ok');
  });

  it('(b) no migrations, a required column with a default: the rebuild Prisma prints; rows kept', async () => {
    const app = buildPrismaApp({
      inRepo: true,
      files: { 'prisma.config.ts': CONFIG, 'prisma/schema.prisma': V3 },
      database: { path: 'prisma/dev.db', sql: initSql + SEED },
    });
    apps.push(app);
    const db = app.dbPath!;
    assert.deepEqual(client('v3', db, { isOnline: true }), { error: 'P2022' });
    const problem = await checkJson(app.root);
    const preferred = problem.fixes.find((f) => f.preferred);
    assert.equal(preferred?.id, 'prisma.addColumns');
    assert.equal(
      preferred?.sql,
      prismaStdout(shared, ['migrate', 'diff', '--from-schema-datamodel', 'prisma/v1.prisma', '--to-schema-datamodel', 'prisma/v3.prisma', '--script']),
    );

    const r = await runCli(['fix', app.root, '--yes']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Health now: healthy/);
    assert.deepEqual(client('v3', db, { isOnline: true }), { read: 'new', count: 2 });
    assert.equal(sqlite3(db, "SELECT userId || ':' || isOnline FROM \"Session\" WHERE id = 'old';").trim(), 'u1:0');
    assert.equal(sqlite3(db, 'PRAGMA integrity_check;').trim(), 'ok');
  });

  it('(c) a pending migration adds the column: the proven migrate deploy is preferred, and fix --yes runs it', async () => {
    const app = buildPrismaApp({
      inRepo: true,
      files: { 'prisma.config.ts': CONFIG, 'prisma/schema.prisma': V2 },
      migrations: [{ name: '20260101000000_init', sql: initSql }],
    });
    apps.push(app);
    const db = app.file('prisma/dev.db');
    execFileSync(PRISMA, ['migrate', 'deploy'], { cwd: app.root, env: PRISMA_ENV, stdio: 'pipe' });
    sqlite3(db, SEED);
    mkdirSync(app.file('prisma/migrations/20260102000000_add_data'));
    writeFileSync(app.file('prisma/migrations/20260102000000_add_data/migration.sql'), addDataSql);

    const problem = await checkJson(app.root);
    assert.deepEqual(
      problem.fixes.map((f) => [f.id, !!f.preferred]),
      [
        ['prisma.migrateDeploy', true],
        ['prisma.applyMigration', false],
      ],
    );
    const r = await runCli(['fix', app.root, '--yes'], { env: PRISMA_ENV });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /\$ npx prisma migrate deploy/);
    assert.match(r.stdout, /Health now: healthy/);
    assert.deepEqual(client('v2', db, { data: 'x' }), { read: 'new', count: 2 });
  });
});
