/**
 * diagnose() on real Prisma + SQLite projects: real schema files in temp folders, real SQLite files
 * made with Debian's sqlite3 CLI (or better-sqlite3 for WAL states), `_prisma_migrations` rows as
 * Prisma 6 writes them. Each scenario asserts the problem code, where it points, and the ranked fixes.
 */
import '../../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { diagnose } from '../../../../src/core/pipeline';
import { ApplySqlFix, Fix, Problem } from '../../../../src/core/model';
import { renderMessage } from '../../../../src/core/messages';
import { checksumOf } from '../../../../src/core/stacks/prisma/prismaMigrations';
import {
  BuiltPrismaApp,
  buildPrismaApp,
  PrismaAppSpec,
  SEED_USERS_SQL,
  SESSION_TABLE_SQL,
  sqlite3,
  sqliteSchemaHeader,
  textAt,
  USER_SESSION_MODELS,
  USER_TABLE_SQL,
} from '../../../support/prismaApp';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/prisma-schemas');
const NOW = new Date('2026-11-22T05:23:07.598Z');
const SCHEMA = sqliteSchemaHeader('"file:./dev.db"') + USER_SESSION_MODELS;
const schemaFile = { 'prisma/schema.prisma': SCHEMA };
const DB = 'prisma/dev.db';
/** A table an init migration creates and seeds, as Epic Stack's does with its roles. */
const ROLE_SQL = `-- CreateTable\nCREATE TABLE "Role" (\n    "id" TEXT NOT NULL PRIMARY KEY,\n    "name" TEXT NOT NULL\n);\n\nINSERT INTO "Role" VALUES ('r1', 'admin');\n\n`;

function ids(fixes: Fix[]): string[] {
  return fixes.map((f) => f.id);
}
function preferred(fixes: Fix[]): string[] {
  return fixes.filter((f) => f.preferred).map((f) => f.id);
}
function applySqlFixes(p: Problem): ApplySqlFix[] {
  return p.fixes.filter((f): f is ApplySqlFix => f.kind === 'apply-sql');
}

/** A completeMigration fix: the missing Session objects with the SQL the migrations produce, and the records. */
function assertCompletes(fix: ApplySqlFix, recorded: string[]): void {
  assert.equal(fix.id, 'prisma.completeMigration');
  assert.match(fix.sql, /^CREATE TABLE "Session" \(/);
  assert.match(fix.sql, /CREATE UNIQUE INDEX "Session_token_key" ON "Session"\("token"\);/);
  assert.doesNotMatch(fix.sql, /CREATE TABLE "User"/);
  assert.deepEqual(fix.expect, { tables: ['Session'], indexes: ['Session_token_key'] });
  assert.deepEqual(
    [...(fix.bookkeepingSql ?? '').matchAll(/'(\d{14}_\w+)', NULL, NULL/g)].map((m) => m[1]),
    recorded,
  );
  assert.equal(fix.detail?.id, 'fix.prisma.completeMigration.detail');
  assert.ok(fix.bookkeepingChecks && fix.bookkeepingChecks.length === recorded.length);
}

interface Scenario {
  name: string;
  spec: PrismaAppSpec;
  code: string;
  fixIds: string[];
  preferred: string[];
  /** Extra checks on the problem. */
  check?: (p: Problem, app: BuiltPrismaApp) => void;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'no migrations folder (db push project): db push first, then the exact CREATE TABLE',
    spec: { files: schemaFile, database: { path: DB, sql: USER_TABLE_SQL + SEED_USERS_SQL } },
    code: 'prisma.sessionTableMissing',
    fixIds: ['prisma.dbPush', 'prisma.createTable', 'prisma.generate', 'prisma.migrateReset'],
    preferred: ['prisma.dbPush'],
    check: (p, app) => {
      const [create] = applySqlFixes(p);
      assert.equal(create.sql, SESSION_TABLE_SQL);
      assert.equal(create.bookkeepingSql, undefined);
      assert.equal(create.files, undefined);
      assert.equal(create.database, app.dbPath);
      assert.deepEqual(create.expect, { tables: ['Session'], indexes: ['Session_token_key'] });
      const reset = p.fixes.find((f) => f.id === 'prisma.migrateReset')!;
      assert.equal(reset.destructive, true);
      assert.ok(p.fixes.filter((f) => f.id !== 'prisma.migrateReset').every((f) => !f.destructive));
    },
  },
  {
    name: 'a migration creating Session exists but is not applied: migrate deploy, then apply it directly',
    spec: {
      files: schemaFile,
      migrations: [
        { name: '20260101000000_init', sql: USER_TABLE_SQL },
        { name: '20260102000000_add_session', sql: SESSION_TABLE_SQL },
      ],
      database: { path: DB, sql: USER_TABLE_SQL + SEED_USERS_SQL, applied: ['20260101000000_init'] },
    },
    code: 'prisma.sessionTableMissing',
    fixIds: ['prisma.migrateDeploy', 'prisma.applyMigration', 'prisma.generate', 'prisma.migrateReset'],
    preferred: ['prisma.migrateDeploy'],
    check: (p, app) => {
      const deploy = p.fixes[0];
      assert.equal(deploy.kind, 'run-command');
      if (deploy.kind === 'run-command') assert.deepEqual(deploy.commands, [{ argv: ['npx', 'prisma', 'migrate', 'deploy'], cwd: app.root }]);
      const [apply] = applySqlFixes(p);
      assert.equal(apply.sql, SESSION_TABLE_SQL.trimEnd() + '\n');
      // The row deploy would write: the sha256 of the file's bytes, the migration's folder name.
      assert.match(
        apply.bookkeepingSql ?? '',
        new RegExp(
          `'${checksumOf(SESSION_TABLE_SQL)}', '2026-11-22T05:23:07.598\\+00:00', '20260102000000_add_session', NULL, NULL, '2026-11-22T05:23:07.598\\+00:00', 1\\);$`,
        ),
      );
      assert.equal(apply.files, undefined);
    },
  },
  {
    name: 'two pending migrations before Session: the direct apply runs both, in order, each recorded',
    spec: {
      files: schemaFile,
      migrations: [
        { name: '20260101000000_init', sql: USER_TABLE_SQL },
        { name: '20260101500000_noop', sql: '-- nothing\nSELECT 1;\n' },
        { name: '20260102000000_add_session', sql: SESSION_TABLE_SQL },
      ],
      database: { path: DB, sql: USER_TABLE_SQL, applied: ['20260101000000_init'] },
    },
    code: 'prisma.sessionTableMissing',
    fixIds: ['prisma.migrateDeploy', 'prisma.applyMigration', 'prisma.generate', 'prisma.migrateReset'],
    preferred: ['prisma.migrateDeploy'],
    check: (p) => {
      const [apply] = applySqlFixes(p);
      assert.equal(apply.sql, '-- nothing\nSELECT 1;\n\n' + SESSION_TABLE_SQL.trimEnd() + '\n');
      const recorded = [...(apply.bookkeepingSql ?? '').matchAll(/'(\d{14}_\w+)', NULL, NULL/g)].map((m) => m[1]);
      assert.deepEqual(recorded, ['20260101500000_noop', '20260102000000_add_session']);
    },
  },
  {
    name: 'the creating migration has a failed attempt: the direct apply first (it resolves the attempt), deploy needs resolve first',
    spec: {
      files: schemaFile,
      migrations: [
        { name: '20260101000000_init', sql: USER_TABLE_SQL },
        { name: '20260102000000_add_session', sql: SESSION_TABLE_SQL },
      ],
      database: { path: DB, sql: USER_TABLE_SQL + SEED_USERS_SQL, applied: ['20260101000000_init'], failed: ['20260102000000_add_session'] },
    },
    code: 'prisma.sessionTableMissing',
    fixIds: ['prisma.applyMigration', 'prisma.migrateDeploy', 'prisma.generate', 'prisma.migrateReset'],
    preferred: ['prisma.applyMigration'],
    check: (p, app) => {
      const [apply] = applySqlFixes(p);
      assert.match(
        apply.bookkeepingSql ?? '',
        /^UPDATE "_prisma_migrations" SET "rolled_back_at" = '2026-11-22T05:23:07\.598\+00:00' WHERE "migration_name" = '20260102000000_add_session' AND "finished_at" IS NULL AND "rolled_back_at" IS NULL;\nCREATE TABLE IF NOT EXISTS "_prisma_migrations"/,
      );
      const deploy = p.fixes[1];
      assert.equal(deploy.kind, 'run-command');
      if (deploy.kind === 'run-command') {
        assert.deepEqual(
          deploy.commands.map((c) => [c.argv.join(' '), c.cwd]),
          [
            ['npx prisma migrate resolve --rolled-back 20260102000000_add_session', app.root],
            ['npx prisma migrate deploy', app.root],
          ],
        );
      }
    },
  },
  {
    name: 'migrations exist but none creates Session: a new migration, applied and recorded (baseline)',
    spec: {
      files: schemaFile,
      migrations: [{ name: '20260101000000_init', sql: USER_TABLE_SQL }],
      database: { path: DB, sql: USER_TABLE_SQL + SEED_USERS_SQL, applied: ['20260101000000_init'] },
    },
    code: 'prisma.sessionTableMissing',
    fixIds: ['prisma.createTableBaseline', 'prisma.migrateDev', 'prisma.generate', 'prisma.migrateReset'],
    preferred: ['prisma.createTableBaseline'],
    check: (p, app) => {
      const [baseline] = applySqlFixes(p);
      assert.equal(baseline.sql, SESSION_TABLE_SQL);
      assert.deepEqual(baseline.files, [
        { file: app.file('prisma/migrations/20261122052307_add_session/migration.sql'), newText: SESSION_TABLE_SQL, create: true },
      ]);
      assert.match(baseline.bookkeepingSql ?? '', new RegExp(`'${checksumOf(SESSION_TABLE_SQL)}', '[^']+', '20261122052307_add_session'`));
    },
  },
  {
    name: 'the creating migration is recorded as applied but the table is gone: recreate it, no bookkeeping',
    spec: {
      files: schemaFile,
      migrations: [
        { name: '20260101000000_init', sql: USER_TABLE_SQL },
        { name: '20260102000000_add_session', sql: SESSION_TABLE_SQL },
      ],
      database: { path: DB, sql: USER_TABLE_SQL + SEED_USERS_SQL, applied: ['20260101000000_init', '20260102000000_add_session'] },
    },
    code: 'prisma.sessionTableMissing',
    // Not `migrate dev`: the history creates the table, so Prisma would see drift and ask to reset.
    fixIds: ['prisma.createTable', 'prisma.generate', 'prisma.migrateReset'],
    preferred: ['prisma.createTable'],
    check: (p) => {
      const applies = applySqlFixes(p);
      assert.deepEqual(ids(applies), ['prisma.createTable']);
      assert.equal(applies[0].sql, SESSION_TABLE_SQL);
      assert.equal(applies[0].bookkeepingSql, undefined);
      assert.equal(applies[0].files, undefined);
      assert.equal(applies[0].detail?.id, 'fix.prisma.recreateTable.detail');
    },
  },
  {
    // db push first, migrations added later, never baselined: real Prisma's deploy refuses with P3005
    // ("The database schema is not empty") and migrate dev wants a reset, so neither is offered. The
    // fix creates what the init migration creates and the database lacks, and baselines init.
    name: 'migrations exist but the database was never baselined (tables, no _prisma_migrations): create the missing objects and baseline init',
    spec: {
      files: schemaFile,
      migrations: [{ name: '20260101000000_init', sql: USER_TABLE_SQL + '\n' + SESSION_TABLE_SQL }],
      database: { path: DB, sql: USER_TABLE_SQL + SEED_USERS_SQL },
    },
    code: 'prisma.sessionTableMissing',
    fixIds: ['prisma.completeMigration', 'prisma.generate', 'prisma.migrateReset'],
    preferred: ['prisma.completeMigration'],
    check: (p) => {
      const [create] = applySqlFixes(p);
      assertCompletes(create, ['20260101000000_init']);
    },
  },
  {
    // The seed's case (a): one init migration creates every table; Session was dropped by hand and
    // init's row is gone, so init is pending. Real deploy fails on "User" and leaves a failed row.
    name: 'pending init that creates every table, some of which exist: not deploy; create only what is missing and record init',
    spec: {
      files: schemaFile,
      migrations: [{ name: '20260101000000_init', sql: USER_TABLE_SQL + '\n' + SESSION_TABLE_SQL }],
      database: { path: DB, sql: USER_TABLE_SQL + SEED_USERS_SQL, applied: [] },
    },
    code: 'prisma.sessionTableMissing',
    fixIds: ['prisma.completeMigration', 'prisma.generate', 'prisma.migrateReset'],
    preferred: ['prisma.completeMigration'],
    check: (p) => {
      const [create] = applySqlFixes(p);
      assertCompletes(create, ['20260101000000_init']);
      assert.equal(renderMessage(create.title), 'Create what is missing (Session, Session_token_key) and record 20260101000000_init as applied');
    },
  },
  {
    // Epic Stack's init also seeds roles: completing it is right only if those rows are there.
    name: 'pending init that also seeds a table: completed when the seeded table has its rows',
    spec: {
      files: schemaFile,
      migrations: [{ name: '20260101000000_init', sql: USER_TABLE_SQL + '\n' + ROLE_SQL + SESSION_TABLE_SQL }],
      database: { path: DB, sql: USER_TABLE_SQL + ROLE_SQL + SEED_USERS_SQL, applied: [] },
    },
    code: 'prisma.sessionTableMissing',
    fixIds: ['prisma.completeMigration', 'prisma.generate', 'prisma.migrateReset'],
    preferred: ['prisma.completeMigration'],
    check: (p) => assertCompletes(applySqlFixes(p)[0], ['20260101000000_init']),
  },
  {
    name: 'pending init that also seeds a table the database has empty: no fix is proven, and the problem says why',
    spec: {
      files: schemaFile,
      migrations: [{ name: '20260101000000_init', sql: USER_TABLE_SQL + '\n' + ROLE_SQL + SESSION_TABLE_SQL }],
      database: { path: DB, sql: USER_TABLE_SQL + ROLE_SQL.replace(/INSERT[^\n]*\n/, '') + SEED_USERS_SQL, applied: [] },
    },
    code: 'prisma.sessionTableMissing',
    fixIds: ['prisma.generate', 'prisma.migrateReset'],
    preferred: [],
    check: (p) => {
      assert.equal(p.detail?.id, 'prisma.noProvenFix');
      assert.match(renderMessage(p.detail!), /also fill Role, which the database lacks or has empty/);
    },
  },
  {
    // Case (b): a failed deploy of an init that creates Session first left Session half there: the
    // table exists, its index does not, and the failed row blocks every later deploy (P3009).
    name: 'a failed init row with Session present: a problem of its own (not healthy); create the missing index, resolve and record',
    spec: {
      files: schemaFile,
      migrations: [{ name: '20260101000000_init', sql: SESSION_TABLE_SQL + USER_TABLE_SQL }],
      database: { path: DB, sql: USER_TABLE_SQL + SEED_USERS_SQL + SESSION_TABLE_SQL.split('-- CreateIndex')[0], failed: ['20260101000000_init'] },
    },
    code: 'prisma.migrationFailed',
    fixIds: ['prisma.completeMigration'],
    preferred: ['prisma.completeMigration'],
    check: (p) => {
      assert.match(renderMessage(p.message), /^Migration 20260101000000_init failed and was never resolved: `prisma migrate deploy` stops on it \(P3009\)/);
      const [fix] = applySqlFixes(p);
      assert.equal(fix.sql, 'CREATE UNIQUE INDEX "Session_token_key" ON "Session"("token");\n');
      assert.deepEqual(fix.expect, { tables: [], indexes: ['Session_token_key'] });
      assert.match(
        fix.bookkeepingSql ?? '',
        /^UPDATE "_prisma_migrations" SET "rolled_back_at" = .* WHERE "migration_name" = '20260101000000_init' AND "finished_at" IS NULL/,
      );
    },
  },
  {
    name: 'a failed row for a migration whose objects all exist: record it as applied (what `migrate resolve --applied` does)',
    spec: {
      files: schemaFile,
      migrations: [
        { name: '20260101000000_init', sql: USER_TABLE_SQL },
        { name: '20260102000000_add_session', sql: SESSION_TABLE_SQL },
      ],
      database: {
        path: DB,
        sql: USER_TABLE_SQL + SESSION_TABLE_SQL + SEED_USERS_SQL,
        applied: ['20260101000000_init'],
        failed: ['20260102000000_add_session'],
      },
    },
    code: 'prisma.migrationFailed',
    fixIds: ['prisma.recordApplied', 'prisma.resolveApplied'],
    preferred: ['prisma.recordApplied'],
    check: (p) => {
      const [record] = applySqlFixes(p);
      assert.equal(record.sql, '');
      assert.deepEqual(record.expect, { tables: [], indexes: [] });
      assert.match(
        record.bookkeepingSql ?? '',
        /^UPDATE "_prisma_migrations" SET "rolled_back_at" = .* WHERE "migration_name" = '20260102000000_add_session' AND "finished_at" IS NULL/,
      );
      assert.match(record.bookkeepingSql ?? '', new RegExp(`'${checksumOf(SESSION_TABLE_SQL)}', '[^']+', '20260102000000_add_session', NULL, NULL`));
    },
  },
  {
    name: 'the database file does not exist (no migrations): databaseFileMissing, db push',
    spec: { files: schemaFile },
    code: 'prisma.databaseFileMissing',
    fixIds: ['prisma.dbPush'],
    preferred: ['prisma.dbPush'],
  },
  {
    name: 'the database file does not exist (with migrations): databaseFileMissing, migrate deploy',
    spec: { files: schemaFile, migrations: [{ name: '20260101000000_init', sql: USER_TABLE_SQL + '\n' + SESSION_TABLE_SQL }] },
    code: 'prisma.databaseFileMissing',
    fixIds: ['prisma.migrateDeploy'],
    preferred: ['prisma.migrateDeploy'],
  },
  {
    name: 'Session found through @@map("sessions") under another model name',
    spec: {
      files: {
        'prisma/schema.prisma':
          sqliteSchemaHeader('"file:./dev.db"') +
          '\nmodel Account {\n  id Int @id @default(autoincrement())\n}\n\nmodel WebSession {\n  id        String   @id\n  data      String\n  expiresAt DateTime\n\n  @@map("sessions")\n}\n',
      },
      database: { path: DB, sql: 'CREATE TABLE "Account" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT);' },
    },
    code: 'prisma.sessionTableMissing',
    fixIds: ['prisma.dbPush', 'prisma.createTable', 'prisma.generate', 'prisma.migrateReset'],
    preferred: ['prisma.dbPush'],
    check: (p) => {
      assert.equal(textAt(p.location!).text, 'WebSession');
      assert.deepEqual(p.message.args?.slice(0, 2), ['sessions', 'WebSession']);
      assert.match(applySqlFixes(p)[0].sql, /^-- CreateTable\nCREATE TABLE "sessions" \(/);
    },
  },
];

describe('diagnose(): Prisma + SQLite scenarios', () => {
  for (const s of SCENARIOS) {
    it(s.name, async () => {
      const app = buildPrismaApp(s.spec);
      try {
        const before = app.dbPath ? readFileSync(app.dbPath) : undefined;
        const d = await diagnose(app.root, { env: {}, now: () => NOW });
        assert.equal(d.health, 'problem');
        assert.equal(d.apps.length, 1);
        assert.equal(d.problems.length, 1, JSON.stringify(d.problems.map((p) => p.code)));
        const p = d.problems[0];
        assert.equal(p.code, s.code);
        assert.equal(p.severity, 'error');
        assert.equal(p.app, app.root);
        // Anchored on the model's name in the schema.
        const at = textAt(p.location!);
        const modelLine = readFileSync(p.location!.file, 'utf8')
          .split('\n')
          .findIndex((l) => l.startsWith(`model ${at.text} `));
        assert.equal(at.line, modelLine);
        assert.deepEqual(ids(p.fixes), s.fixIds);
        assert.deepEqual(preferred(p.fixes), s.preferred);
        assert.ok(p.fixes.every((f) => f.requiresTrust));
        assert.ok(renderMessage(p.message).length > 0);
        s.check?.(p, app);
        // Diagnosis writes nothing.
        if (app.dbPath) assert.ok(readFileSync(app.dbPath).equals(before!));
      } finally {
        app.cleanup();
      }
    });
  }
});

describe('diagnose(): how the session model is found', () => {
  const cases: Array<{ name: string; models: string; opts?: { sessionModel?: string }; model: string; table: string }> = [
    {
      name: 'Auth.js (sessionToken + expires) under another name',
      models:
        '\nmodel AuthSession {\n  id           String   @id @default(cuid())\n  sessionToken String   @unique\n  userId       String\n  expires      DateTime\n}\n',
      model: 'AuthSession',
      table: 'AuthSession',
    },
    {
      name: 'Lucia (expiresAt + userId)',
      models: '\nmodel UserKey {\n  id        String   @id\n  userId    String\n  expiresAt DateTime\n}\n',
      model: 'UserKey',
      table: 'UserKey',
    },
    {
      name: 'the --model override wins over a model named Session (by model name)',
      models: '\nmodel Session {\n  id String @id\n}\n\nmodel LoginToken {\n  id String @id\n  value String\n}\n',
      opts: { sessionModel: 'LoginToken' },
      model: 'LoginToken',
      table: 'LoginToken',
    },
    {
      name: 'the override may name the table',
      models: '\nmodel Session {\n  id String @id\n}\n\nmodel Remember {\n  id String @id\n\n  @@map("remember_tokens")\n}\n',
      opts: { sessionModel: 'remember_tokens' },
      model: 'Remember',
      table: 'remember_tokens',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      // The database holds a "Session" table, so only the override/shape decides what is missing.
      const app = buildPrismaApp({
        files: { 'prisma/schema.prisma': sqliteSchemaHeader('"file:./dev.db"') + c.models },
        database: { path: DB, sql: 'CREATE TABLE "Session" ("id" TEXT NOT NULL PRIMARY KEY);' },
      });
      try {
        const d = await diagnose(app.root, { env: {}, ...c.opts });
        assert.equal(d.apps[0].sessionModel, c.model);
        assert.equal(d.apps[0].sessionTable, c.table);
        assert.equal(d.problems.length, 1);
        assert.equal(textAt(d.problems[0].location!).text, c.model);
        assert.deepEqual(d.problems[0].message.args?.slice(0, 2), [c.table, c.model]);
      } finally {
        app.cleanup();
      }
    });
  }

  it('an override naming no model: no session model, nothing reported', async () => {
    const app = buildPrismaApp({ files: schemaFile, database: { path: DB, sql: USER_TABLE_SQL } });
    try {
      const d = await diagnose(app.root, { env: {}, sessionModel: 'Nope' });
      assert.equal(d.apps[0].sessionModel, undefined);
      assert.deepEqual(d.problems, []);
    } finally {
      app.cleanup();
    }
  });
});

describe('diagnose(): healthy, unknown and invalid states', () => {
  it('the Session table exists: healthy, no problem', async () => {
    const app = buildPrismaApp({ files: schemaFile, database: { path: DB, sql: USER_TABLE_SQL + SESSION_TABLE_SQL } });
    try {
      const d = await diagnose(app.root, { env: {} });
      assert.equal(d.health, 'healthy');
      assert.equal(d.apps[0].tableState, 'present');
      assert.deepEqual(d.problems, []);
    } finally {
      app.cleanup();
    }
  });

  it("the related User table is missing too: one script creates both, in Prisma's order", async () => {
    const schema = readFileSync(path.join(FIXTURES, 'seed-session-user.prisma'), 'utf8');
    // Captured from real `prisma migrate diff --from-empty --to-schema-datamodel ... --script`.
    const prismaOwn = readFileSync(path.join(FIXTURES, 'seed-session-user.sqlite.migrate-diff.sql'), 'utf8');
    const app = buildPrismaApp({ files: { 'prisma/schema.prisma': schema }, database: { path: DB, sql: 'CREATE TABLE "Post" ("id" INTEGER PRIMARY KEY);' } });
    try {
      const d = await diagnose(app.root, { env: {} });
      const p = d.problems[0];
      assert.equal(p.code, 'prisma.sessionTableMissing');
      assert.deepEqual(p.detail, { id: 'prisma.relatedTablesMissing', args: ['User'] });
      const create = applySqlFixes(p)[0];
      assert.equal(create.sql, prismaOwn);
      assert.deepEqual(create.expect, { tables: ['User', 'Session'], indexes: ['User_email_key', 'Session_token_key'] });
      assert.equal(d.apps[0].sessionSql?.sqlite, prismaOwn);
    } finally {
      app.cleanup();
    }
  });

  it('WAL database whose committed Session table is still only in -wal: healthy, not missing', async () => {
    const app = buildPrismaApp({ files: schemaFile, database: { path: DB, sql: 'PRAGMA journal_mode=WAL;\n' + USER_TABLE_SQL } });
    const conn = new Database(app.dbPath!);
    try {
      conn.pragma('wal_autocheckpoint=0');
      conn.exec(SESSION_TABLE_SQL);
      // The truth, from an independent reader, while the table lives only in -wal.
      assert.equal(sqlite3(app.dbPath!, "SELECT count(*) FROM sqlite_schema WHERE name='Session';").trim(), '1');
      assert.ok(readFileSync(`${app.dbPath}-wal`).length > 0);
      const d = await diagnose(app.root, { env: {} });
      assert.equal(d.apps[0].tableState, 'present');
      assert.equal(d.health, 'healthy');
      assert.deepEqual(d.problems, []);
    } finally {
      conn.close();
      app.cleanup();
    }
  });

  it('WAL database with committed frames copied without a live connection (crash image): still present', async () => {
    const app = buildPrismaApp({ files: schemaFile, database: { path: 'scratch/src.db', sql: 'PRAGMA journal_mode=WAL;\n' + USER_TABLE_SQL } });
    const conn = new Database(app.dbPath!);
    try {
      conn.pragma('wal_autocheckpoint=0');
      conn.exec(SESSION_TABLE_SQL);
      copyFileSync(app.dbPath!, app.file(DB));
      copyFileSync(`${app.dbPath}-wal`, app.file(`${DB}-wal`));
      const d = await diagnose(app.root, { env: {} });
      assert.equal(d.apps[0].tableState, 'present');
    } finally {
      conn.close();
      app.cleanup();
    }
  });

  it('a -wal that cannot be trusted (no valid header): unknown with a reason, never missing', async () => {
    const app = buildPrismaApp({ files: schemaFile, database: { path: DB, sql: 'PRAGMA journal_mode=WAL;\n' + USER_TABLE_SQL } });
    try {
      writeFileSync(`${app.dbPath}-wal`, Buffer.alloc(5000, 7));
      const d = await diagnose(app.root, { env: {} });
      assert.equal(d.apps[0].tableState, 'unknown');
      assert.equal(d.apps[0].unknownReason?.id, 'prisma.sqliteUnreadable');
      assert.match(renderMessage(d.apps[0].unknownReason!), /WAL/);
      assert.equal(d.health, 'unknown');
      assert.deepEqual(d.problems, []);
    } finally {
      app.cleanup();
    }
  });

  it('DATABASE_URL unset (no .env, empty environment): unknown with a reason', async () => {
    const app = buildPrismaApp({ files: { 'prisma/schema.prisma': sqliteSchemaHeader() + USER_SESSION_MODELS } });
    try {
      const d = await diagnose(app.root, { env: {} });
      assert.equal(d.apps[0].tableState, 'unknown');
      assert.equal(d.health, 'unknown');
      assert.deepEqual(d.problems, []);
      assert.match(renderMessage(d.apps[0].unknownReason!), /DATABASE_URL is not set/);
    } finally {
      app.cleanup();
    }
  });

  it('DATABASE_URL from .env beside the project (Prisma 6 rule: relative to the schema folder)', async () => {
    const app = buildPrismaApp({
      files: { 'prisma/schema.prisma': sqliteSchemaHeader() + USER_SESSION_MODELS, '.env': 'DATABASE_URL="file:./dev.db"\n' },
      database: { path: DB, sql: USER_TABLE_SQL },
    });
    try {
      const d = await diagnose(app.root, { env: {} });
      assert.equal(d.apps[0].sqlitePath, app.dbPath);
      assert.equal(d.problems[0].code, 'prisma.sessionTableMissing');
    } finally {
      app.cleanup();
    }
  });

  it('the process environment wins over .env', async () => {
    const app = buildPrismaApp({
      files: { 'prisma/schema.prisma': sqliteSchemaHeader() + USER_SESSION_MODELS, '.env': 'DATABASE_URL="file:./dev.db"\n' },
      database: { path: 'prisma/other.db', sql: USER_TABLE_SQL + SESSION_TABLE_SQL },
    });
    try {
      const d = await diagnose(app.root, { env: { DATABASE_URL: 'file:./other.db' } });
      assert.equal(d.apps[0].sqlitePath, app.dbPath);
      assert.equal(d.health, 'healthy');
    } finally {
      app.cleanup();
    }
  });

  // `prisma validate` (6.19.3) on the first text: "--> schema.prisma:9  This line is not a valid field
  // or attribute definition." (1-based), i.e. line 8 here.
  const invalid: Array<{ name: string; text: string; line: number }> = [
    {
      name: 'a stray line inside a model',
      text: 'datasource db {\n  provider = "sqlite"\n  url      = "file:./dev.db"\n}\n\nmodel Session {\n  id    String @id\n  token String @unique\n  oops ^\n}\n',
      line: 8,
    },
    {
      name: 'a stray character after the models',
      text: SCHEMA + '\n%\n',
      line: SCHEMA.split('\n').length,
    },
  ];
  for (const c of invalid) {
    it(`a schema with a syntax error (${c.name}): prisma.schemaInvalid on the right line, table unknown`, async () => {
      const app = buildPrismaApp({ files: { 'prisma/schema.prisma': c.text }, database: { path: DB, sql: USER_TABLE_SQL } });
      try {
        const d = await diagnose(app.root, { env: {} });
        assert.equal(d.problems.length, 1);
        const p = d.problems[0];
        assert.equal(p.code, 'prisma.schemaInvalid');
        assert.equal(p.location?.file, app.file('prisma/schema.prisma'));
        assert.equal(p.location?.range.start.line, c.line);
        assert.equal(d.apps[0].tableState, 'unknown');
        assert.deepEqual(p.fixes, []);
      } finally {
        app.cleanup();
      }
    });
  }
});

describe('diagnose(): project layouts', () => {
  it('multi-file schema folder: the location is in the file that declares Session, the path relative to the datasource file', async () => {
    const app = buildPrismaApp({
      files: {
        'package.json': '{"devDependencies":{"prisma":"6.19.3"}}',
        'prisma/schema/main.prisma': sqliteSchemaHeader('"file:../dev.db"'),
        'prisma/schema/user.prisma': USER_SESSION_MODELS.split('model Session')[0],
        'prisma/schema/auth/session.prisma': 'model Session' + USER_SESSION_MODELS.split('model Session')[1],
      },
      migrations: [{ name: '20260101000000_init', sql: USER_TABLE_SQL }],
      migrationsDir: 'prisma/schema/migrations',
      database: { path: 'prisma/dev.db', sql: USER_TABLE_SQL, applied: ['20260101000000_init'] },
    });
    try {
      const d = await diagnose(app.root, { env: {}, now: () => NOW });
      assert.equal(d.apps[0].sqlitePath, app.dbPath);
      const p = d.problems[0];
      assert.equal(p.location?.file, app.file('prisma/schema/auth/session.prisma'));
      assert.deepEqual(textAt(p.location!), { line: 0, text: 'Session' });
      assert.equal(preferred(p.fixes)[0], 'prisma.createTableBaseline');
      const baseline = applySqlFixes(p)[0];
      assert.equal(baseline.files?.[0].file, app.file('prisma/schema/migrations/20261122052307_add_session/migration.sql'));
      assert.equal(baseline.sql, SESSION_TABLE_SQL);
    } finally {
      app.cleanup();
    }
  });

  it('Prisma 7 layout: prisma.config.ts datasource url, relative to the config folder', async () => {
    const app = buildPrismaApp({
      files: {
        'package.json': '{"devDependencies":{"prisma":"^7.0.0"}}',
        'prisma.config.ts':
          "import 'dotenv/config';\nimport { defineConfig, env } from 'prisma/config';\n\nexport default defineConfig({\n  schema: 'prisma/schema.prisma',\n  migrations: { path: 'prisma/migrations' },\n  datasource: { url: env('DATABASE_URL') },\n});\n",
        '.env': 'DATABASE_URL="file:./data/app.db"\n',
        'prisma/schema.prisma':
          'generator client {\n  provider = "prisma-client"\n  output   = "../src/generated/prisma"\n}\n\ndatasource db {\n  provider = "sqlite"\n}\n' +
          USER_SESSION_MODELS,
      },
      database: { path: 'data/app.db', sql: USER_TABLE_SQL },
    });
    try {
      const d = await diagnose(app.root, { env: {} });
      assert.equal(d.apps.length, 1);
      assert.equal(d.apps[0].sqlitePath, app.file('data/app.db'));
      assert.equal(d.problems[0].code, 'prisma.sessionTableMissing');
      // With a config file the commands take no --schema: Prisma reads it from the config. No node_modules: npx pinned to the declared range.
      const push = d.problems[0].fixes[0];
      assert.equal(push.id, 'prisma.dbPush');
      if (push.kind === 'run-command') assert.deepEqual(push.commands[0].argv, ['npx', '--yes', 'prisma@^7.0.0', 'db', 'push']);
    } finally {
      app.cleanup();
    }
  });

  it('a generated Prisma Client (custom output with its schema.prisma copy) is not a second project', async () => {
    const app = buildPrismaApp({
      files: {
        'prisma/schema.prisma': SCHEMA,
        // What `prisma generate` writes for prisma-client-js with output = "../generated/client".
        'generated/client/schema.prisma': SCHEMA,
        'generated/client/package.json':
          '{\n  "name": "prisma-client-b5ac9733294012b6ca90cfc16860555fa321eb71368dda37713a84280499d9c1",\n  "main": "index.js"\n}\n',
      },
      database: { path: DB, sql: USER_TABLE_SQL + SESSION_TABLE_SQL },
    });
    try {
      const d = await diagnose(app.root, { env: {} });
      assert.deepEqual(
        d.apps.map((a) => a.root),
        [app.root],
      );
      assert.equal(d.health, 'healthy');
    } finally {
      app.cleanup();
    }
  });
});
