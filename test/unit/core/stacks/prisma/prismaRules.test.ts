/**
 * The Prisma rules on plain fact records: no temp folder, no database, no sql.js. Each case is a
 * history shape as prismaFacts.ts would record it, and the rules' verdict on it.
 */
import * as assert from 'node:assert/strict';
import type { SchemaEntry } from '../../../../../src/core/facts/sqliteSchema';
import type { PrismaFacts } from '../../../../../src/core/stacks/prisma/prismaFacts';
import type { PrismaHistory } from '../../../../../src/core/stacks/prisma/prismaHistory';
import type { MigrationsFolder } from '../../../../../src/core/stacks/prisma/prismaMigrations';
import type { RepairProof } from '../../../../../src/core/stacks/prisma/prismaProofs';
import { prismaRules } from '../../../../../src/core/stacks/prisma/prismaRules';
import { parsePrismaSchema } from '../../../../../src/core/stacks/prisma/prismaSchema';

const ROOT = '/app';
const SCHEMA = `datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
}

model User {
  id       String    @id
  sessions Session[]
}

model Session {
  id     String @id
  userId String
  user   User   @relation(fields: [userId], references: [id])
}
`;
const USER_SQL = 'CREATE TABLE "User" (\n    "id" TEXT NOT NULL PRIMARY KEY\n)';
const SESSION_SQL = 'CREATE TABLE "Session" (\n    "id" TEXT NOT NULL PRIMARY KEY,\n    "userId" TEXT NOT NULL\n)';
const INIT = {
  name: '20240101000000_init',
  sqlPath: `${ROOT}/prisma/migrations/20240101000000_init/migration.sql`,
  sql: `${USER_SQL};\n${SESSION_SQL};\n`,
  checksum: 'c'.repeat(64),
};

function table(name: string, sql: string, rootPage: number): SchemaEntry {
  return { type: 'table', name, tblName: name, rootPage, sql };
}

/** A SQLite Prisma app whose database holds `entries`, with the migrations and history given. */
function facts(entries: SchemaEntry[], over: Partial<PrismaFacts> = {}): PrismaFacts {
  const parsed = parsePrismaSchema([{ path: `${ROOT}/prisma/schema.prisma`, text: SCHEMA }]);
  assert.ok(parsed.ok);
  const schema = parsed.schema;
  const migrations: MigrationsFolder = { dir: `${ROOT}/prisma/migrations`, exists: true, migrations: [INIT] };
  return {
    project: {
      root: ROOT,
      schemaPath: `${ROOT}/prisma/schema.prisma`,
      schemaFiles: [`${ROOT}/prisma/schema.prisma`],
      schemaFrom: 'default',
      migrationsDir: migrations.dir,
      prismaCli: { kind: 'local', bin: `${ROOT}/node_modules/.bin/prisma` },
    },
    now: new Date('2026-11-28T10:00:00Z'),
    envFiles: [`${ROOT}/.env`, `${ROOT}/prisma/.env`],
    schema: { ok: true, schema },
    model: schema.models.find((m) => m.name === 'Session'),
    provider: 'sqlite',
    dialect: 'sqlite',
    target: { provider: 'sqlite', url: 'file:./dev.db', sqlitePath: `${ROOT}/prisma/dev.db` },
    database: {
      kind: 'sqlite',
      path: `${ROOT}/prisma/dev.db`,
      exists: true,
      read: { status: 'ok', pageSize: 4096, walMode: false, usedWal: false, entries, changeCounter: 1 },
    },
    migrations,
    applied: { ok: true, rows: [] },
    proofs: [],
    ...over,
  };
}

/** The history of the one `init` migration, with its record and the objects the database has. */
function initHistory(record: 'applied' | 'pending' | 'failed', entries: SchemaEntry[], sessionPresent: boolean): PrismaHistory {
  const user = { type: 'table' as const, name: 'User', tblName: 'User', sql: USER_SQL };
  const session = { type: 'table' as const, name: 'Session', tblName: 'Session', sql: SESSION_SQL };
  return {
    entries,
    replay: { ok: true, steps: [{ created: [user, session], dropped: [], pureCreate: true, seeded: [], after: [user, session] }] },
    states: [
      {
        migration: INIT,
        record,
        effect: { created: [user, session], dropped: [], pureCreate: true, seeded: [], after: [user, session] },
        present: sessionPresent ? [user, session] : [user],
        differing: [],
        missing: sessionPresent ? [] : [session],
        seedsMissing: [],
      },
    ],
  } as unknown as PrismaHistory;
}

function proof(over: Partial<RepairProof>): RepairProof {
  return {
    s: 0,
    k: 0,
    deployWorks: false,
    deployFailure: 'table "User" already exists',
    directWorks: false,
    completion: { lacking: [], repairSql: '', left: [] },
    ...over,
  };
}

describe('Prisma rules on fact records (no I/O)', () => {
  const userOnly = [table('User', USER_SQL, 2), table('_prisma_migrations', 'CREATE TABLE "_prisma_migrations" (id TEXT)', 3)];

  it('a present session table with every migration applied is healthy: no problem', () => {
    const entries = [...userOnly, table('Session', SESSION_SQL, 4)];
    const out = prismaRules(facts(entries, { history: initHistory('applied', entries, true) }));
    assert.equal(out.app.tableState, 'present');
    assert.deepEqual(out.problems, []);
  });

  it('pending init that created User: completes only the missing table and records init (no migrate deploy first)', () => {
    const lacking = [{ type: 'table' as const, name: 'Session', tblName: 'Session', sql: SESSION_SQL }];
    const f = facts(userOnly, {
      history: initHistory('pending', userOnly, false),
      proofs: [proof({ completion: { lacking, repairSql: `${SESSION_SQL};\n`, left: [] } })],
    });
    const out = prismaRules(f);
    assert.equal(out.app.tableState, 'missing');
    const [problem] = out.problems;
    assert.equal(problem.code, 'prisma.sessionTableMissing');
    const preferred = problem.fixes.filter((x) => x.preferred);
    assert.deepEqual(
      preferred.map((x) => x.id),
      ['prisma.completeMigration'],
    );
    const fix = preferred[0];
    assert.ok(fix.kind === 'apply-sql');
    assert.equal(fix.sql, `${SESSION_SQL};\n`);
    assert.match(fix.bookkeepingSql ?? '', /INSERT INTO "_prisma_migrations"[\s\S]*20240101000000_init/);
    assert.ok(!problem.fixes.some((x) => x.id === 'prisma.migrateDeploy'), 'deploy was not proven: never offered');
    assert.ok(!problem.fixes.some((x) => x.id === 'prisma.migrateDev'), 'migrate dev would see drift: never offered when a migration creates the table');
  });

  it('when nothing could be proven, no migration fix is offered and the detail says why', () => {
    const f = facts(userOnly, {
      history: initHistory('pending', userOnly, false),
      proofs: [proof({ completion: { lacking: [], repairSql: '', left: ['table User differs'] } })],
    });
    const [problem] = prismaRules(f).problems;
    assert.ok(!problem.fixes.some((x) => x.preferred));
    assert.equal(problem.detail?.id, 'prisma.noProvenFix');
    assert.match(String(problem.detail?.args?.[0]), /table User differs/);
  });

  it('a proven deploy is preferred when no failed attempt blocks it', () => {
    const f = facts(userOnly, { history: initHistory('pending', userOnly, false), proofs: [proof({ deployWorks: true, directWorks: true })] });
    const fixes = prismaRules(f).problems[0].fixes;
    assert.equal(fixes[0].id, 'prisma.migrateDeploy');
    assert.equal(fixes[0].preferred, true);
    assert.equal(fixes[1].id, 'prisma.applyMigration');
  });

  it('a failed attempt is a problem of its own even while the session table is there', () => {
    const entries = [...userOnly, table('Session', SESSION_SQL, 4)];
    const f = facts(entries, { history: initHistory('failed', entries, true), proofs: [proof({})] });
    const out = prismaRules(f);
    assert.equal(out.app.tableState, 'present');
    assert.deepEqual(
      out.problems.map((p) => p.code),
      ['prisma.migrationFailed'],
    );
    const [fix] = out.problems[0].fixes;
    assert.equal(fix.id, 'prisma.recordApplied');
    assert.ok(fix.kind === 'apply-sql');
    assert.match(fix.bookkeepingSql ?? '', /rolled_back_at/);
  });

  it('a database file that does not exist: migrate deploy creates it', () => {
    const f = facts([], { database: { kind: 'sqlite', path: `${ROOT}/prisma/dev.db`, exists: false, read: { status: 'error', reason: 'ENOENT' } } });
    const [problem] = prismaRules(f).problems;
    assert.equal(problem.code, 'prisma.databaseFileMissing');
    assert.deepEqual(
      problem.fixes.map((x) => x.id),
      ['prisma.migrateDeploy'],
    );
  });

  it('a server database left unchecked (--no-live) is not-checked, never healthy', () => {
    const f = facts([], {
      provider: 'postgresql',
      dialect: 'postgresql',
      target: { provider: 'postgresql', url: 'postgresql://u:secret@db/app' },
      database: { kind: 'server', live: { status: 'not-checked' } },
    });
    const out = prismaRules(f);
    assert.equal(out.app.tableState, 'not-checked');
    assert.doesNotMatch(out.app.databaseDisplay ?? '', /secret/);
    assert.deepEqual(out.problems, []);
  });

  it('watchFiles: what the facts come from, the .env files Prisma reads with the .env.example beside each included', () => {
    const entries = [table('User', USER_SQL, 2), table('Session', SESSION_SQL, 3)];
    const { watchFiles } = prismaRules(facts(entries, { history: initHistory('applied', entries, true) })).app;
    for (const f of [
      `${ROOT}/prisma/schema.prisma`,
      `${ROOT}/prisma/migrations`,
      `${ROOT}/.env`,
      `${ROOT}/.env.example`,
      `${ROOT}/prisma/.env`,
      `${ROOT}/prisma/.env.example`,
      `${ROOT}/package.json`,
    ]) {
      assert.ok(watchFiles.includes(f), `${f} not in ${JSON.stringify(watchFiles)}`);
    }
  });
});
