/**
 * End to end with REAL Prisma 6.19.3 (node_modules/.bin/prisma, offline: js engine + better-sqlite3
 * adapter, see test/support/realPrisma.ts): a project whose SQLite database lacks the Session
 * table, `session-doctor fix --yes`, then the real tools judge the result:
 * - a real generated Prisma Client runs `session.findMany()` (it failed with P2021 before);
 * - the database, introspected by `prisma db pull`, diffs empty against the schema
 *   (`migrate diff --exit-code`; `--from-url` is refused by Prisma 6 when an adapter is configured);
 * - the schema objects equal those a real `prisma migrate deploy` creates, statement text included;
 * - `prisma migrate status` is clean where migrations exist, and the `_prisma_migrations` row we
 *   wrote has the same checksum, column types and timestamp format as the row real `migrate deploy`
 *   writes for the same migration.sql bytes (status alone would not tell: it ignores checksums, seen
 *   with a row whose checksum was 'abc'; `migrate dev`, which does compare them, cannot run here:
 *   its shadow database fails with P3006 "External error" in adapter mode);
 * - every User row is still there, and sqlite3's integrity_check and foreign_key_check are clean.
 *
 * Projects live under <repo>/.test-tmp/ so that Node finds the repo's node_modules from them.
 * Every Prisma CLI call takes 1-3 s, so the client is generated once and the migration SQL and the
 * deployed template database are made once and copied.
 */
import '../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  BuiltPrismaApp,
  buildPrismaApp,
  CLIENT_SQLITE_HEADER,
  PRISMA_BIN,
  PRISMA_ENV,
  REPO_ROOT,
  runCli,
  SESSION_TABLE_SQL,
  sqlite3,
  USER_TABLE_SQL,
} from '../../support/prismaApp';
import { offlinePrismaConfig } from '../../support/realPrisma';

const PRISMA = PRISMA_BIN;

const CONFIG = offlinePrismaConfig();

const HEADER = CLIENT_SQLITE_HEADER;

const USER_MODEL = `
model User {
  id        String    @id @default(cuid())
  email     String    @unique
  sessions  Session[]
  createdAt DateTime  @default(now())
}
`;

const SESSION_MODEL = `
model Session {
  id        String   @id @default(cuid())
  token     String   @unique
  userId    String
  expiresAt DateTime
  user      User     @relation(fields: [userId], references: [id], onDelete: Cascade)
}
`;

const SCHEMA_V1 = HEADER + USER_MODEL.replace('  sessions  Session[]\n', '');
const SCHEMA = HEADER + USER_MODEL + SESSION_MODEL;
const USERS = [
  ['u1', 'ada@example.com'],
  ['u2', 'grace@example.com'],
  ['u3', 'linus@example.com'],
];
const SEED = `INSERT INTO "User" ("id", "email") VALUES ${USERS.map(([id, email]) => `('${id}', '${email}')`).join(', ')};\n`;

/** Finds the session table, lists users, writes and reads a session: what an app does at login. */
const CLIENT_SCRIPT = `const { PrismaClient } = require(process.argv[2]);
const { PrismaBetterSQLite3 } = require('@prisma/adapter-better-sqlite3');
(async () => {
  const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: 'file:' + process.argv[3] }) });
  try {
    const before = await prisma.session.findMany();
    const users = await prisma.user.findMany({ orderBy: { id: 'asc' } });
    await prisma.session.create({ data: { token: 'login-token', userId: users[0].id, expiresAt: new Date(Date.now() + 3600e3) } });
    const after = await prisma.session.findMany({ include: { user: true } });
    console.log(JSON.stringify({ before: before.length, users: users.map((u) => u.id), after: after.map((s) => s.user.email) }));
  } catch (e) {
    console.log(JSON.stringify({ error: e.code || String(e.message).slice(0, 200) }));
  } finally {
    await prisma.$disconnect();
  }
})();
`;

/**
 * A Prisma Client that stays connected, like a dev server: one connection for its whole life, a
 * command per stdin line (`count` sessions, `login` writes one), a JSON line per answer.
 */
const HELD_CLIENT_SCRIPT = `const { PrismaClient } = require(process.argv[2]);
const { PrismaBetterSQLite3 } = require('@prisma/adapter-better-sqlite3');
const readline = require('node:readline');
const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: 'file:' + process.argv[3] }) });
const rl = readline.createInterface({ input: process.stdin });
(async () => {
  await prisma.$connect();
  await prisma.user.count();
  console.log(JSON.stringify({ ready: true }));
  for await (const line of rl) {
    try {
      if (line === 'count') console.log(JSON.stringify({ sessions: await prisma.session.count() }));
      else if (line === 'login') {
        const u = await prisma.user.findFirst({ orderBy: { id: 'asc' } });
        await prisma.session.create({ data: { token: 'held-' + Date.now(), userId: u.id, expiresAt: new Date(Date.now() + 3600e3) } });
        console.log(JSON.stringify({ login: 'ok' }));
      }
    } catch (e) {
      console.log(JSON.stringify({ error: e.code || String(e.message).slice(0, 200) }));
    }
  }
  await prisma.$disconnect();
})();
`;

function prisma(cwd: string, args: string[]): { code: number; out: string } {
  const r = spawnSync(PRISMA, args, { cwd, env: PRISMA_ENV, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function prismaOk(cwd: string, args: string[]): string {
  const r = prisma(cwd, args);
  assert.equal(r.code, 0, `prisma ${args.join(' ')} failed:\n${r.out}`);
  return r.out;
}

/** stdout only (migrate diff --script, db pull --print write their result there). */
function prismaStdout(cwd: string, args: string[]): string {
  return execFileSync(PRISMA, args, { cwd, env: PRISMA_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

/** `sqlite_schema` rows as sqlite3 sees them, without Prisma's own history table. */
function schemaObjects(db: string): string[] {
  return sqlite3(
    db,
    "SELECT type || ' ' || name || ': ' || sql FROM sqlite_schema WHERE name NOT LIKE '_prisma_migrations' AND name NOT LIKE 'sqlite_autoindex_%' ORDER BY type, name;",
  )
    .trim()
    .split(/\n(?=(?:table|index) )/);
}

describe('e2e: session-doctor fix on a real Prisma 6 + SQLite project', function () {
  this.timeout(240_000);

  let shared: string;
  let clientDir: string;
  let clientScript: string;
  let initSql: string;
  let addSessionSql: string;
  /** One init migration that creates every table (User, then Session), as most real projects have. */
  let fullInitSql: string;
  /** A database where real `migrate deploy` applied only the first migration, plus seed users. */
  let deployedV1: string;
  /** A database where real `migrate deploy` applied both migrations: the reference schema. */
  let deployedFull: string;
  const apps: BuiltPrismaApp[] = [];

  before(function () {
    this.timeout(300_000);
    mkdirSync(path.join(REPO_ROOT, '.test-tmp'), { recursive: true });
    shared = mkdtempSync(path.join(REPO_ROOT, '.test-tmp', 'sd-e2e-shared-'));
    writeFileSync(path.join(shared, 'prisma.config.ts'), CONFIG);
    mkdirSync(path.join(shared, 'prisma'));
    writeFileSync(path.join(shared, 'prisma', 'schema.prisma'), SCHEMA);
    writeFileSync(path.join(shared, 'prisma', 'v1.prisma'), SCHEMA_V1);
    // One generated client serves every project: the adapter takes the database path at run time.
    prismaOk(shared, ['generate']);
    clientDir = path.join(shared, 'generated', 'client');
    clientScript = path.join(shared, 'client-check.js');
    writeFileSync(clientScript, CLIENT_SCRIPT);
    writeFileSync(path.join(shared, 'held-client.js'), HELD_CLIENT_SCRIPT);
    // The two migrations, written by Prisma itself.
    initSql = prismaStdout(shared, ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/v1.prisma', '--script']);
    addSessionSql = prismaStdout(shared, [
      'migrate',
      'diff',
      '--from-schema-datamodel',
      'prisma/v1.prisma',
      '--to-schema-datamodel',
      'prisma/schema.prisma',
      '--script',
    ]);
    fullInitSql = prismaStdout(shared, ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script']);

    // Template databases made by real `migrate deploy`.
    const deploy = (migrations: Array<{ name: string; sql: string }>): string => {
      const app = buildPrismaApp({ inRepo: true, files: { 'prisma.config.ts': CONFIG, 'prisma/schema.prisma': SCHEMA }, migrations });
      apps.push(app);
      prismaOk(app.root, ['migrate', 'deploy']);
      return app.file('prisma/dev.db');
    };
    deployedV1 = deploy([{ name: '20260101000000_init', sql: initSql }]);
    sqlite3(deployedV1, SEED);
    deployedFull = deploy([
      { name: '20260101000000_init', sql: initSql },
      { name: '20260102000000_add_session', sql: addSessionSql },
    ]);
  });

  after(() => {
    for (const a of apps) a.cleanup();
    if (shared) rmSync(shared, { recursive: true, force: true });
  });

  it('the shared SQL constants of the unit tests are what this Prisma writes', () => {
    assert.equal(initSql, USER_TABLE_SQL);
    assert.equal(addSessionSql, SESSION_TABLE_SQL);
  });

  function clientCheck(db: string): { before?: number; users?: string[]; after?: string[]; error?: string } {
    const out = execFileSync(process.execPath, [clientScript, clientDir, db], { cwd: shared, encoding: 'utf8', timeout: 60_000 });
    return JSON.parse(out.trim().split('\n').pop()!) as { before?: number; users?: string[]; after?: string[]; error?: string };
  }

  /** Column types and text shapes of a `_prisma_migrations` row, with the timestamps' digits masked. */
  function migrationRow(db: string, name: string): { shape: string; checksum: string } {
    const cols = ['id', 'checksum', 'finished_at', 'migration_name', 'logs', 'rolled_back_at', 'started_at', 'applied_steps_count'];
    const out = sqlite3(
      db,
      `SELECT ${cols.map((c) => `typeof(${c}) || ':' || coalesce(${c}, '')`).join(" || '|' || ")} FROM _prisma_migrations WHERE migration_name = '${name}';`,
    ).trim();
    const [, checksum] = out.split('|').map((f) => f.slice(f.indexOf(':') + 1));
    const shape = out
      .replace(name, 'NAME')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/, 'UUID')
      .replace(/[0-9a-f]{64}/, 'HASH')
      .replace(/\d/g, '9');
    return { shape, checksum };
  }

  /** Our row for `ours` matches, in checksum and shape, the row real deploy wrote for the same bytes. */
  function assertRecordedLikeDeploy(db: string, ours: string): void {
    const real = migrationRow(deployedFull, '20260102000000_add_session');
    const mine = migrationRow(db, ours);
    assert.equal(real.shape, 'text:UUID|text:HASH|text:9999-99-99T99:99:99.999+99:99|text:NAME|null:|null:|text:9999-99-99T99:99:99.999+99:99|integer:9');
    assert.deepEqual(mine, real);
  }

  /** The checks every fixed project must pass, with the real tools. */
  function assertNoDrift(app: BuiltPrismaApp, withMigrations: boolean): void {
    const db = app.file('prisma/dev.db');
    assert.equal(sqlite3(db, 'PRAGMA integrity_check;').trim(), 'ok');
    assert.equal(sqlite3(db, 'PRAGMA foreign_key_check;').trim(), '');
    assert.equal(
      sqlite3(db, "SELECT group_concat(id || '=' || email, ',') FROM (SELECT * FROM \"User\" ORDER BY id);").trim(),
      USERS.map(([id, e]) => `${id}=${e}`).join(','),
    );
    // Same tables and indexes, same SQL text, as real `migrate deploy` creates.
    assert.deepEqual(schemaObjects(db), schemaObjects(deployedFull));

    // The database, introspected by Prisma, against the schema: an empty migration.
    const pulled = prismaStdout(app.root, ['db', 'pull', '--print']);
    const pulledSchema = pulled.slice(pulled.search(/^(generator|datasource) /m));
    assert.match(pulledSchema, /^model Session \{/m);
    writeFileSync(app.file('pulled.prisma'), pulledSchema);
    const diff = prisma(app.root, [
      'migrate',
      'diff',
      '--from-schema-datamodel',
      'pulled.prisma',
      '--to-schema-datamodel',
      'prisma/schema.prisma',
      '--script',
      '--exit-code',
    ]);
    assert.equal(diff.code, 0, `migrate diff found a difference:\n${diff.out}`);
    assert.match(diff.out, /-- This is an empty migration\./);

    if (withMigrations) {
      const status = prisma(app.root, ['migrate', 'status']);
      assert.equal(status.code, 0, `migrate status:\n${status.out}`);
      assert.match(status.out, /Database schema is up to date!/);
      assert.doesNotMatch(status.out, /have not yet been applied|failed|modified|drift/i);
    }

    const client = clientCheck(db);
    assert.deepEqual(client, { before: 0, users: ['u1', 'u2', 'u3'], after: ['ada@example.com'] });
  }

  it('(a) no migrations (db push project): fix --create-table --yes creates Session; no drift, rows kept', async () => {
    const app = buildPrismaApp({
      inRepo: true,
      files: { 'prisma.config.ts': CONFIG, 'prisma/schema.prisma': SCHEMA },
      database: { path: 'prisma/dev.db', sql: initSql + SEED },
    });
    apps.push(app);
    assert.deepEqual(clientCheck(app.dbPath!), { error: 'P2021' });

    const r = await runCli(['fix', app.root, '--create-table', '--yes']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /→ Create table Session in prisma\/dev\.db/);
    assert.match(r.stdout, /Health now: healthy/);
    assert.ok(!existsSync(app.file('prisma/migrations')), 'a db push project gets no migrations folder');
    assert.equal(sqlite3(app.dbPath!, "SELECT count(*) FROM sqlite_schema WHERE name = '_prisma_migrations';").trim(), '0');
    assertNoDrift(app, false);
  });

  it('(b) a pending migration creates Session: fix --fix prisma.applyMigration --yes records it as deploy does', async () => {
    const app = buildPrismaApp({
      inRepo: true,
      files: { 'prisma.config.ts': CONFIG, 'prisma/schema.prisma': SCHEMA },
      migrations: [
        { name: '20260101000000_init', sql: initSql },
        { name: '20260102000000_add_session', sql: addSessionSql },
      ],
    });
    apps.push(app);
    copyFileSync(deployedV1, app.file('prisma/dev.db'));
    const pending = prisma(app.root, ['migrate', 'status']);
    assert.match(pending.out, /Following migration have not yet been applied:\s+20260102000000_add_session/);
    assert.deepEqual(clientCheck(app.file('prisma/dev.db')), { error: 'P2021' });

    const r = await runCli(['fix', app.root, '--fix', 'prisma.applyMigration', '--yes']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /→ Apply migration 20260102000000_add_session/);
    const rows = sqlite3(
      app.file('prisma/dev.db'),
      'SELECT migration_name, applied_steps_count, logs IS NULL, rolled_back_at IS NULL, finished_at FROM _prisma_migrations ORDER BY started_at;',
    )
      .trim()
      .split('\n');
    assert.equal(rows.length, 2);
    assert.match(rows[1], /^20260102000000_add_session\|1\|1\|1\|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    assertRecordedLikeDeploy(app.file('prisma/dev.db'), '20260102000000_add_session');
    assertNoDrift(app, true);
  });

  it('(b) with a failed attempt of the migration on record: fix --yes applies it and resolves the attempt; status clean, deploy has nothing left', async () => {
    const app = buildPrismaApp({
      inRepo: true,
      files: { 'prisma.config.ts': CONFIG, 'prisma/schema.prisma': SCHEMA },
      migrations: [
        { name: '20260101000000_init', sql: initSql },
        { name: '20260102000000_add_session', sql: addSessionSql },
      ],
    });
    apps.push(app);
    const db = app.file('prisma/dev.db');
    copyFileSync(deployedV1, db);
    // What a failed `migrate deploy` leaves: a row with no finished_at and the error in logs.
    sqlite3(
      db,
      `INSERT INTO "_prisma_migrations" VALUES ('8c1f0b7e-4a51-4a36-9b7e-2f0d3c5a9e11', 'x', NULL, '20260102000000_add_session', 'failed', NULL, '2026-11-22T05:00:00.000+00:00', 0);`,
    );
    const blocked = prisma(app.root, ['migrate', 'deploy']);
    assert.notEqual(blocked.code, 0);
    assert.match(blocked.out, /migrate found failed migrations/);

    const r = await runCli(['fix', app.root, '--yes']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /→ Apply migration 20260102000000_add_session/);
    const deploy = prisma(app.root, ['migrate', 'deploy']);
    assert.equal(deploy.code, 0, deploy.out);
    assert.match(deploy.out, /No pending migrations to apply/);
    assertNoDrift(app, true);
  });

  it('(c) migrations exist, none creates Session: plain fix --yes adds a migration recorded as applied', async () => {
    const app = buildPrismaApp({
      inRepo: true,
      files: { 'prisma.config.ts': CONFIG, 'prisma/schema.prisma': SCHEMA },
      migrations: [{ name: '20260101000000_init', sql: initSql }],
    });
    apps.push(app);
    copyFileSync(deployedV1, app.file('prisma/dev.db'));

    const r = await runCli(['fix', app.root, '--yes']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /→ Create table Session and add migration \d{14}_add_session \(recorded as applied\)/);
    const created = readdirSync(app.file('prisma/migrations')).filter((n) => n.endsWith('_add_session'));
    assert.equal(created.length, 1);
    // The new migration is exactly what `prisma migrate dev` would have written for this change.
    assert.equal(readFileSync(app.file(`prisma/migrations/${created[0]}/migration.sql`), 'utf8'), addSessionSql);
    assertRecordedLikeDeploy(app.file('prisma/dev.db'), created[0]);
    assertNoDrift(app, true);
  });

  for (const journal of ['delete', 'wal'] as const) {
    it(`a Prisma Client that stays connected (the dev server, ${journal} mode) gets P2021, then, after fix --yes and without reconnecting, logs in`, async () => {
      const app = buildPrismaApp({
        inRepo: true,
        files: { 'prisma.config.ts': CONFIG, 'prisma/schema.prisma': SCHEMA },
        migrations: [{ name: '20260101000000_init', sql: initSql }],
      });
      apps.push(app);
      const db = app.file('prisma/dev.db');
      copyFileSync(deployedV1, db);
      sqlite3(db, `PRAGMA journal_mode=${journal};`);
      const held = spawn(process.execPath, [path.join(shared, 'held-client.js'), clientDir, db], { cwd: shared, stdio: ['pipe', 'pipe', 'inherit'] });
      const answers: string[] = [];
      let buf = '';
      let wake: (() => void) | undefined;
      held.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
          answers.push(buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
        wake?.();
      });
      const ask = async (line?: string): Promise<unknown> => {
        const want = answers.length + 1;
        if (line) held.stdin.write(`${line}\n`);
        while (answers.length < want) await new Promise<void>((res) => (wake = res));
        return JSON.parse(answers[want - 1]);
      };
      try {
        assert.deepEqual(await ask(), { ready: true });
        assert.deepEqual(await ask('count'), { error: 'P2021' });
        const r = await runCli(['fix', app.root, '--yes']);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /in place, with sqlite3 [\d.]+ under SQLite's locks/);
        assert.match(r.stdout, /Health now: healthy/);
        assert.deepEqual(await ask('count'), { sessions: 0 });
        assert.deepEqual(await ask('login'), { login: 'ok' });
        assert.deepEqual(await ask('count'), { sessions: 1 });
      } finally {
        held.stdin.end();
        await new Promise((res) => held.once('exit', res));
      }
      assert.equal(sqlite3(db, 'PRAGMA journal_mode;').trim(), journal);
      assert.equal(sqlite3(db, 'SELECT count(*) FROM "Session";').trim(), '1');
      assert.deepEqual(
        readdirSync(app.file('prisma')).filter((f) => f.includes('session-doctor')),
        [],
      );
    });
  }

  /** A project whose only migration is `init`, deployed by real Prisma, with seed users. */
  function initOnlyApp(init = fullInitSql): { app: BuiltPrismaApp; db: string } {
    const app = buildPrismaApp({
      inRepo: true,
      files: { 'prisma.config.ts': CONFIG, 'prisma/schema.prisma': SCHEMA },
      migrations: [{ name: '20260101000000_init', sql: init }],
    });
    apps.push(app);
    prismaOk(app.root, ['migrate', 'deploy']);
    const db = app.file('prisma/dev.db');
    sqlite3(db, SEED);
    return { app, db };
  }

  /** After the fix: status clean, a second deploy has nothing to do, a replay of the history into an empty database gives the same schema. */
  function assertHistoryTrue(app: BuiltPrismaApp, db: string): void {
    const status = prisma(app.root, ['migrate', 'status']);
    assert.equal(status.code, 0, status.out);
    assert.match(status.out, /Database schema is up to date!/);
    const again = prisma(app.root, ['migrate', 'deploy']);
    assert.equal(again.code, 0, again.out);
    assert.match(again.out, /No pending migrations to apply/);
    const replay = buildPrismaApp({
      inRepo: true,
      files: { 'prisma.config.ts': CONFIG, 'prisma/schema.prisma': SCHEMA },
      migrations: readdirSync(app.file('prisma/migrations'))
        .filter((n) => /^\d{14}_/.test(n))
        .map((name) => ({ name, sql: readFileSync(app.file(`prisma/migrations/${name}/migration.sql`), 'utf8') })),
    });
    apps.push(replay);
    prismaOk(replay.root, ['migrate', 'deploy']);
    assert.deepEqual(schemaObjects(db), schemaObjects(replay.file('prisma/dev.db')));
  }

  it('(a) one init creates every table; Session dropped and init unrecorded: deploy is not offered, fix --yes creates only Session and records init; real Prisma agrees', async () => {
    const { app, db } = initOnlyApp();
    sqlite3(db, 'DROP TABLE "Session"; DELETE FROM "_prisma_migrations";');
    // What the seed saw: real deploy fails on the existing User table and leaves a failed row.
    const probe = buildPrismaApp({
      inRepo: true,
      files: { 'prisma.config.ts': CONFIG, 'prisma/schema.prisma': SCHEMA },
      migrations: [{ name: '20260101000000_init', sql: fullInitSql }],
    });
    apps.push(probe);
    copyFileSync(db, probe.file('prisma/dev.db'));
    const realDeploy = prisma(probe.root, ['migrate', 'deploy']);
    assert.notEqual(realDeploy.code, 0, realDeploy.out);

    const check = await runCli(['check', app.root]);
    assert.equal(check.code, 1);
    assert.doesNotMatch(check.stdout, /migrate deploy/);
    assert.match(check.stdout, /1\. Create what is missing \(Session, Session_token_key\) and record 20260101000000_init as applied \[recommended\]/);
    const r = await runCli(['fix', app.root, '--yes']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Health now: healthy/);
    assertHistoryTrue(app, db);
    assertNoDrift(app, true);
  });

  it('(b) init creates Session before User: real deploy half-applies and fails; check is not healthy; fix --yes resolves it; real Prisma agrees', async () => {
    // Prisma writes the tables first, then the indexes: swap the two CreateTable sections.
    const at = (t: string) => fullInitSql.indexOf(`-- CreateTable\nCREATE TABLE "${t}"`);
    const firstIndex = fullInitSql.indexOf('-- CreateIndex');
    const sessionFirst = fullInitSql.slice(at('Session'), firstIndex) + fullInitSql.slice(at('User'), at('Session')) + fullInitSql.slice(firstIndex);
    assert.ok(at('User') === 0 && at('Session') > 0 && firstIndex > at('Session'));
    assert.notEqual(sessionFirst, fullInitSql);
    const app = buildPrismaApp({
      inRepo: true,
      files: { 'prisma.config.ts': CONFIG, 'prisma/schema.prisma': SCHEMA },
      migrations: [{ name: '20260101000000_init', sql: sessionFirst }],
      database: { path: 'prisma/dev.db', sql: initSql + SEED, applied: [] },
    });
    apps.push(app);
    const db = app.file('prisma/dev.db');
    const deploy = prisma(app.root, ['migrate', 'deploy']);
    assert.notEqual(deploy.code, 0, deploy.out);
    const status = prisma(app.root, ['migrate', 'status']);
    assert.notEqual(status.code, 0);
    assert.match(status.out, /Following migration have failed:\s+20260101000000_init/);

    const check = await runCli(['check', app.root]);
    assert.equal(check.code, 1, check.stdout);
    assert.match(check.stdout, /Migration 20260101000000_init failed and was never resolved/);
    const r = await runCli(['fix', app.root, '--yes']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Health now: healthy/);
    assertHistoryTrue(app, db);
    assertNoDrift(app, true);
  });

  it('(b) again, with the recommended fix: fix --yes runs the real `npx prisma migrate deploy`', async () => {
    const app = buildPrismaApp({
      inRepo: true,
      files: { 'prisma.config.ts': CONFIG, 'prisma/schema.prisma': SCHEMA },
      migrations: [
        { name: '20260101000000_init', sql: initSql },
        { name: '20260102000000_add_session', sql: addSessionSql },
      ],
    });
    apps.push(app);
    copyFileSync(deployedV1, app.file('prisma/dev.db'));
    const r = await runCli(['fix', app.root, '--yes'], { env: PRISMA_ENV });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /\$ npx prisma migrate deploy/);
    assert.match(r.stdout, /Health now: healthy/);
    assert.deepEqual(clientCheck(app.file('prisma/dev.db')), { before: 0, users: ['u1', 'u2', 'u3'], after: ['ada@example.com'] });
  });
});
