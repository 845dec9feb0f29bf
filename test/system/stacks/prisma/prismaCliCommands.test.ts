/**
 * The CLI on Prisma apps, through main() with captured streams: `check --json` shape and exit codes,
 * `sql --schema` with no database (sqlite and postgresql compared with real `prisma migrate diff`
 * output), and the promise that `fix --dry-run` and an unconfirmed `fix` change nothing.
 */
import '../../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parsePrismaSchema } from '../../../../src/core/stacks/prisma/prismaSchema';
import { prismaCreateSql } from '../../../../src/core/stacks/prisma/prismaDdl';
import { realMigrateDiff } from '../../../support/realPrisma';
import {
  BuiltPrismaApp,
  buildPrismaApp,
  runCli,
  SEED_USERS_SQL,
  SESSION_TABLE_SQL,
  sqlite3,
  sqliteSchemaHeader,
  USER_SESSION_MODELS,
  USER_TABLE_SQL,
} from '../../../support/prismaApp';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/prisma-schemas');
const SCHEMA = sqliteSchemaHeader('"file:./dev.db"') + USER_SESSION_MODELS;
const DB = 'prisma/dev.db';

function broken(extra: Partial<Parameters<typeof buildPrismaApp>[0]> = {}): BuiltPrismaApp {
  return buildPrismaApp({ files: { 'prisma/schema.prisma': SCHEMA }, database: { path: DB, sql: USER_TABLE_SQL + SEED_USERS_SQL }, ...extra });
}

/** Everything a fix could touch: file bytes and mtimes under the app, recursively. */
function snapshot(root: string): Map<string, { bytes: Buffer; mtimeMs: number }> {
  const out = new Map<string, { bytes: Buffer; mtimeMs: number }>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(root, p), { bytes: readFileSync(p), mtimeMs: statSync(p).mtimeMs });
    }
  };
  walk(root);
  return out;
}

function assertUnchanged(before: Map<string, { bytes: Buffer; mtimeMs: number }>, root: string): void {
  const after = snapshot(root);
  assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
  for (const [k, v] of before) {
    assert.ok(after.get(k)!.bytes.equals(v.bytes), `${k} changed`);
    assert.equal(after.get(k)!.mtimeMs, v.mtimeMs, `${k} mtime changed`);
  }
}

interface JsonProblem {
  code: string;
  severity: string;
  message: string;
  messageId: string;
  messageArgs: unknown[];
  location: { file: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };
  app: string;
  fixes: Array<{ id: string; kind: string; title: string; destructive: boolean; preferred?: boolean; requiresTrust: boolean }>;
}
interface JsonDiagnosis {
  root: string;
  health: string;
  apps: Array<{
    framework: string;
    root: string;
    sessionModel?: string;
    sessionTable?: string;
    tableState: string;
    unknownReason?: string;
    databaseDisplay?: string;
  }>;
  problems: JsonProblem[];
}

describe('cli: check on Prisma apps', () => {
  it('check --json: the shape, a missing table, exit 1', async () => {
    const app = broken();
    try {
      const r = await runCli(['check', app.root, '--json']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, '');
      const d = JSON.parse(r.stdout) as JsonDiagnosis;
      assert.deepEqual(Object.keys(d).sort(), ['apps', 'health', 'problems', 'root']);
      assert.equal(d.root, app.root);
      assert.equal(d.health, 'problem');
      assert.deepEqual(
        d.apps.map((a) => [a.framework, a.root, a.sessionModel, a.sessionTable, a.tableState, a.databaseDisplay]),
        [['prisma', app.root, 'Session', 'Session', 'missing', 'prisma/dev.db']],
      );
      assert.equal(d.problems.length, 1);
      const p = d.problems[0];
      assert.equal(p.code, 'prisma.sessionTableMissing');
      assert.equal(p.severity, 'error');
      assert.equal(p.messageId, 'prisma.sessionTableMissing');
      assert.deepEqual(p.messageArgs, ['Session', 'Session', 'prisma/dev.db']);
      assert.equal(p.message, 'The table Session for Prisma model Session does not exist in prisma/dev.db.');
      const line = SCHEMA.split('\n').indexOf('model Session {');
      assert.deepEqual(p.location, { file: app.file('prisma/schema.prisma'), range: { start: { line, character: 6 }, end: { line, character: 13 } } });
      assert.equal(p.app, app.root);
      assert.deepEqual(
        p.fixes.map((f) => [f.id, f.kind, f.destructive, f.preferred ?? false]),
        [
          ['prisma.dbPush', 'run-command', false, true],
          ['prisma.createTable', 'apply-sql', false, false],
          ['prisma.generate', 'run-command', false, false],
          ['prisma.migrateReset', 'run-command', true, false],
        ],
      );
      // Titles are rendered text, not message ids.
      assert.equal(p.fixes[1].title, 'Create table Session in prisma/dev.db');
    } finally {
      app.cleanup();
    }
  });

  it('check: healthy is exit 0, text mode', async () => {
    const app = buildPrismaApp({ files: { 'prisma/schema.prisma': SCHEMA }, database: { path: DB, sql: USER_TABLE_SQL + SESSION_TABLE_SQL } });
    try {
      const r = await runCli(['check', app.root]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /Session: present/);
      assert.match(r.stdout, /Health: healthy/);
    } finally {
      app.cleanup();
    }
  });

  it('check: a database that cannot be located (DATABASE_URL unset) is exit 2, with the reason', async () => {
    const app = buildPrismaApp({ files: { 'prisma/schema.prisma': sqliteSchemaHeader() + USER_SESSION_MODELS } });
    try {
      const text = await runCli(['check', app.root]);
      assert.equal(text.code, 2);
      assert.match(text.stdout, /DATABASE_URL is not set/);
      assert.match(text.stderr, /could not be determined/);
      const json = await runCli(['check', app.root, '--json']);
      assert.equal(json.code, 2);
      const d = JSON.parse(json.stdout) as JsonDiagnosis;
      assert.equal(d.health, 'unknown');
      assert.equal(d.apps[0].tableState, 'unknown');
      assert.match(d.apps[0].unknownReason ?? '', /DATABASE_URL is not set/);
      // The same app with the variable in the (passed) environment: found and diagnosed.
      sqlite3(app.file(DB), USER_TABLE_SQL);
      const withEnv = await runCli(['check', app.root, '--json'], { env: { DATABASE_URL: 'file:./dev.db' } });
      assert.equal(withEnv.code, 1);
    } finally {
      app.cleanup();
    }
  });

  it('check: a path that is not a folder is exit 2; a bad option is exit 2 with usage', async () => {
    const app = broken();
    try {
      const r = await runCli(['check', app.file(DB)]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /is not a readable folder/);
      const u = await runCli(['check', app.root, '--jsn']);
      assert.equal(u.code, 2);
      assert.match(u.stderr, /unknown option --jsn/);
    } finally {
      app.cleanup();
    }
  });

  it('check --json never prints a database password', async () => {
    const secret = 'S3cr3t-p@ss';
    const app = buildPrismaApp({
      files: {
        'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n' + USER_SESSION_MODELS,
        '.env': `DATABASE_URL="postgresql://app:${encodeURIComponent(secret)}@127.0.0.1:1/app?schema=public"\n`,
      },
    });
    try {
      for (const args of [
        ['check', app.root, '--json', '--timeout', '300'],
        ['check', app.root, '--timeout', '300'],
      ]) {
        const r = await runCli(args);
        assert.equal(r.code, 2, r.stdout + r.stderr); // nothing listens on port 1: unknown, never a guess
        assert.ok(!(r.stdout + r.stderr).includes(secret) && !(r.stdout + r.stderr).includes(encodeURIComponent(secret)), 'password printed');
      }
    } finally {
      app.cleanup();
    }
  });
});

describe('cli: sql --schema (no database)', () => {
  const seed = path.join(FIXTURES, 'seed-session-user.prisma');
  const seedText = readFileSync(seed, 'utf8');
  const parsed = parsePrismaSchema([{ path: seed, text: seedText }]);
  assert.ok(parsed.ok);

  it('sqlite --with-related: exactly what real `prisma migrate diff --from-empty` printed for this schema', async () => {
    const r = await runCli(['sql', '--schema', seed, '--with-related']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(path.join(FIXTURES, 'seed-session-user.sqlite.migrate-diff.sql'), 'utf8'));
  });

  it('postgresql --with-related: exactly what real Prisma prints for the same models on postgresql', async function () {
    this.timeout(120_000);
    const pg = seedText.replace('provider = "sqlite"', 'provider = "postgresql"').replace('"file:./dev.db"', '"postgresql://u:p@localhost:5432/db"');
    const real = realMigrateDiff(pg).sql;
    const r = await runCli(['sql', '--schema', seed, '--with-related', '--dialect', 'postgresql']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, real);
  });

  for (const dialect of ['sqlite', 'postgresql', 'mysql'] as const) {
    it(`--dialect ${dialect}: the session table alone, as the DDL generator makes it for that dialect`, async () => {
      const r = await runCli(['sql', '--schema', seed, '--dialect', dialect]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(parsed.ok);
      assert.equal(r.stdout, prismaCreateSql(parsed.schema, ['Session'], dialect));
      assert.match(r.stdout, dialect === 'mysql' ? /^-- CreateTable\nCREATE TABLE `Session` \(/ : /^-- CreateTable\nCREATE TABLE "Session" \(/);
      assert.doesNotMatch(r.stdout, /TABLE ["`]User["`]/);
    });
  }

  it('--schema FOLDER reads nested .prisma files too, as Prisma does: equal to real migrate diff of the folder', async function () {
    this.timeout(120_000);
    const [user, session] = USER_SESSION_MODELS.split(/(?=\nmodel Session)/);
    const parts = [
      { name: 'main.prisma', text: sqliteSchemaHeader('"file:./dev.db"') },
      { name: 'user.prisma', text: user },
      { name: 'auth/session.prisma', text: session },
    ];
    const app = buildPrismaApp({ files: Object.fromEntries(parts.map((p) => [`prisma/schema/${p.name}`, p.text])) });
    try {
      const r = await runCli(['sql', '--schema', app.file('prisma/schema'), '--with-related']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, realMigrateDiff(parts).sql);
    } finally {
      app.cleanup();
    }
  });

  it('--schema relative to the working folder; --model picks another model; an unknown model is exit 2', async () => {
    const rel = await runCli(['sql', '--schema', 'seed-session-user.prisma', '--model', 'User'], { cwd: FIXTURES });
    assert.equal(rel.code, 0, rel.stderr);
    assert.match(rel.stdout, /^-- CreateTable\nCREATE TABLE "User" \(/);
    const none = await runCli(['sql', '--schema', seed, '--model', 'Nope']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no session model .* named Nope/);
  });

  it('a missing file and an invalid schema are exit 2 with a clear message (1-based line, as editors show it)', async () => {
    const missing = await runCli(['sql', '--schema', '/nonexistent/schema.prisma']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read \/nonexistent\/schema\.prisma: ENOENT/);
    const app = buildPrismaApp({
      files: {
        'schema.prisma':
          'datasource db {\n  provider = "sqlite"\n  url      = "file:./dev.db"\n}\n\nmodel Session {\n  id    String @id\n  token String @unique\n  oops ^\n}\n',
      },
    });
    try {
      const bad = await runCli(['sql', '--schema', app.file('schema.prisma')]);
      assert.equal(bad.code, 2);
      // `prisma validate` reports this error at schema.prisma:9.
      assert.match(bad.stderr, new RegExp(`${app.file('schema.prisma').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:9: Invalid Prisma schema`));
    } finally {
      app.cleanup();
    }
  });

  it('a bad --dialect is a usage error', async () => {
    const r = await runCli(['sql', '--schema', seed, '--dialect', 'oracle']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--dialect is sqlite, postgresql or mysql/);
  });
});

describe('cli: fix changes nothing unless asked to', () => {
  const cases: Array<{ name: string; spec?: Partial<Parameters<typeof buildPrismaApp>[0]>; args: string[]; confirm?: boolean; out: RegExp; code: number }> = [
    { name: 'fix --dry-run (db push project)', args: ['--dry-run'], out: /\(dry run: nothing changed\)/, code: 1 },
    {
      name: 'fix --dry-run --create-table',
      args: ['--dry-run', '--create-table'],
      out: /→ Create table Session in prisma\/dev\.db[\s\S]*\(dry run: nothing changed\)/,
      code: 1,
    },
    {
      name: 'fix --dry-run on a baseline fix (would write a migration file)',
      spec: {
        migrations: [{ name: '20260101000000_init', sql: USER_TABLE_SQL }],
        database: { path: DB, sql: USER_TABLE_SQL + SEED_USERS_SQL, applied: ['20260101000000_init'] },
      },
      args: ['--dry-run'],
      out: /New file: .*_add_session\/migration\.sql[\s\S]*\(dry run: nothing changed\)/,
      code: 1,
    },
    {
      name: 'fix --create-table without --yes and without a terminal',
      args: ['--create-table'],
      out: /Not applied: no terminal to ask; pass --yes to apply\./,
      code: 1,
    },
    { name: 'fix --create-table, answered no', args: ['--create-table'], confirm: false, out: /Skipped\./, code: 1 },
  ];
  for (const c of cases) {
    it(`${c.name}: file bytes and mtimes identical, no file added`, async () => {
      const app = broken(c.spec);
      try {
        const before = snapshot(app.root);
        const asked: string[] = [];
        const confirm = c.confirm === undefined ? undefined : async (q: string) => (asked.push(q), c.confirm!);
        const r = await runCli(['fix', app.root, ...c.args], { confirm });
        assert.equal(r.code, c.code, r.stdout + r.stderr);
        assert.match(r.stdout, c.out);
        assert.equal(asked.length, c.confirm === undefined ? 0 : 1);
        assertUnchanged(before, app.root);
        assert.equal(sqlite3(app.dbPath!, 'SELECT count(*) FROM "User";').trim(), '3');
      } finally {
        app.cleanup();
      }
    });
  }

  it('fix --create-table, answered yes: applied in place, no backup file in the project, the undo printed, and healthy afterwards', async () => {
    const app = broken();
    try {
      const folderBefore = readdirSync(app.file('prisma')).sort();
      const r = await runCli(['fix', app.root, '--create-table'], { confirm: async () => true });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /Applied to .*dev\.db in place, with sqlite3 [\d.]+ under SQLite's locks\./);
      assert.doesNotMatch(r.stdout, /Backup|\.bak/);
      assert.deepEqual(readdirSync(app.file('prisma')).sort(), folderBefore);
      const undo = /To take it back, run this SQL in sqlite3 \S+:\n((?: {4}.*\n)+)/.exec(r.stdout);
      assert.ok(undo, r.stdout);
      assert.match(undo[1], /DROP TABLE IF EXISTS "Session";/);
      assert.equal(sqlite3(app.dbPath!, "SELECT count(*) FROM sqlite_schema WHERE name='Session';").trim(), '1');
      assert.equal(sqlite3(app.dbPath!, 'PRAGMA integrity_check;').trim(), 'ok');
      assert.equal(sqlite3(app.dbPath!, 'SELECT count(*) FROM "User";').trim(), '3');
    } finally {
      app.cleanup();
    }
  });

  it('a direct apply that cannot work (the pending migration also creates an existing table) is not offered; nothing changes', async () => {
    // A db-push database that later got an init migration creating both tables, never baselined:
    // applying that migration would fail on the existing User table, and deploy refuses (P3005).
    const app = broken({ migrations: [{ name: '20260101000000_init', sql: USER_TABLE_SQL + SESSION_TABLE_SQL }] });
    try {
      const before = snapshot(app.root);
      const r = await runCli(['fix', app.root, '--fix', 'prisma.applyMigration', '--yes']);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /No fix of this problem matches the options; skipped\./);
      assert.doesNotMatch(r.stdout, /prisma\.applyMigration|prisma\.migrateDeploy/);
      // Nothing written, no backup left behind.
      assertUnchanged(before, app.root);
      const created = await runCli(['fix', app.root, '--create-table', '--yes']);
      assert.equal(created.code, 0, created.stdout + created.stderr);
      assert.equal(sqlite3(app.dbPath!, 'SELECT count(*) FROM "User";').trim(), '3');
    } finally {
      app.cleanup();
    }
  });

  it('fix on a healthy app says so and exits 0; on an undeterminable one exits 2; both change nothing', async () => {
    const healthy = buildPrismaApp({ files: { 'prisma/schema.prisma': SCHEMA }, database: { path: DB, sql: USER_TABLE_SQL + SESSION_TABLE_SQL } });
    const unknown = buildPrismaApp({ files: { 'prisma/schema.prisma': sqliteSchemaHeader() + USER_SESSION_MODELS } });
    try {
      const b1 = snapshot(healthy.root);
      const b2 = snapshot(unknown.root);
      const h = await runCli(['fix', healthy.root, '--yes']);
      assert.equal(h.code, 0);
      assert.match(h.stdout, /Nothing to fix: healthy\./);
      const u = await runCli(['fix', unknown.root, '--yes']);
      assert.equal(u.code, 2);
      assert.match(u.stdout, /health could not be determined/);
      assertUnchanged(b1, healthy.root);
      assertUnchanged(b2, unknown.root);
    } finally {
      healthy.cleanup();
      unknown.cleanup();
    }
  });
});
