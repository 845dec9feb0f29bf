/**
 * The Prisma rules on a session table that lacks columns of its model (prisma.sessionColumnsMissing),
 * on plain fact records: which fix is offered for which history shape, and when only advice.
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
const schemaText = (extra: string) => `datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
}

model Session {
  id        String   @id
  expiresAt DateTime
${extra}}
`;
const OLD_SQL = 'CREATE TABLE "Session" (\n    "id" TEXT NOT NULL PRIMARY KEY,\n    "expiresAt" DATETIME NOT NULL\n)';
const NEW_SQL = 'CREATE TABLE "Session" (\n    "id" TEXT NOT NULL PRIMARY KEY,\n    "expiresAt" DATETIME NOT NULL,\n    "data" TEXT\n)';
const INIT = {
  name: '20240101000000_init',
  sqlPath: `${ROOT}/prisma/migrations/20240101000000_init/migration.sql`,
  sql: `${OLD_SQL};\n`,
  checksum: 'c'.repeat(64),
};
const ADD = {
  name: '20240201000000_add_data',
  sqlPath: `${ROOT}/prisma/migrations/20240201000000_add_data/migration.sql`,
  sql: 'ALTER TABLE "Session" ADD COLUMN "data" TEXT;\n',
  checksum: 'd'.repeat(64),
};
const entries: SchemaEntry[] = [{ type: 'table', name: 'Session', tblName: 'Session', rootPage: 2, sql: OLD_SQL }];
const OLD_COLUMNS = [
  { name: 'id', definition: '"id" TEXT NOT NULL PRIMARY KEY' },
  { name: 'expiresAt', definition: '"expiresAt" DATETIME NOT NULL' },
];

function obj(sql: string) {
  return { type: 'table' as const, name: 'Session', tblName: 'Session', sql };
}

function history(states: Array<{ m: typeof INIT; record: 'applied' | 'pending'; after: string }>): PrismaHistory {
  const steps = states.map((s) => ({ name: s.m.name, created: [obj(s.after)], dropped: [], pureCreate: false, seeded: [], after: [obj(s.after)] }));
  return {
    entries,
    replay: { ok: true, steps },
    states: states.map((s, i) => ({ migration: s.m, record: s.record, effect: steps[i], present: [], differing: [], missing: [], seedsMissing: [] })),
  } as unknown as PrismaHistory;
}

function facts(extra: string, over: Partial<PrismaFacts> = {}, migrations: MigrationsFolder['migrations'] = [INIT]): PrismaFacts {
  const parsed = parsePrismaSchema([{ path: `${ROOT}/prisma/schema.prisma`, text: schemaText(extra) }]);
  assert.ok(parsed.ok);
  return {
    project: {
      root: ROOT,
      schemaPath: `${ROOT}/prisma/schema.prisma`,
      schemaFiles: [`${ROOT}/prisma/schema.prisma`],
      schemaFrom: 'default',
      migrationsDir: `${ROOT}/prisma/migrations`,
      prismaCli: { kind: 'local', bin: `${ROOT}/node_modules/.bin/prisma` },
    },
    now: new Date('2026-11-28T10:00:00Z'),
    envFiles: [`${ROOT}/.env`],
    schema: { ok: true, schema: parsed.schema },
    model: parsed.schema.models.find((m) => m.name === 'Session'),
    provider: 'sqlite',
    dialect: 'sqlite',
    target: { provider: 'sqlite', url: 'file:./dev.db', sqlitePath: `${ROOT}/prisma/dev.db` },
    database: {
      kind: 'sqlite',
      path: `${ROOT}/prisma/dev.db`,
      exists: true,
      read: { status: 'ok', pageSize: 4096, walMode: false, usedWal: false, entries, changeCounter: 1 },
      sessionColumns: OLD_COLUMNS,
    },
    migrations: { dir: `${ROOT}/prisma/migrations`, exists: migrations.length > 0, migrations },
    applied: { ok: true, rows: [] },
    proofs: [],
    missingColumns: ['data'],
    ...over,
  };
}

const proof = (over: Partial<RepairProof>): RepairProof => ({
  s: 1,
  k: 1,
  deployWorks: false,
  deployFailure: 'x',
  directWorks: false,
  completion: { lacking: [], repairSql: '', left: [] },
  ...over,
});

describe('Prisma rules: session table columns missing (fact records)', () => {
  it('names the table and the columns; with every migration applied and none adding them, a new recorded migration', () => {
    const f = facts('  data      String?\n', { history: history([{ m: INIT, record: 'applied', after: OLD_SQL }]) });
    const out = prismaRules(f);
    assert.equal(out.app.tableState, 'present');
    const [p] = out.problems;
    assert.equal(p.code, 'prisma.sessionColumnsMissing');
    assert.deepEqual(p.message.args, ['Session', 'Session', 'prisma/dev.db', 'data']);
    assert.deepEqual(
      p.fixes.map((x) => [x.id, !!x.preferred]),
      [
        ['prisma.addColumnsMigration', true],
        ['prisma.migrateDevCreateOnly', false],
      ],
    );
    const fix = p.fixes[0];
    assert.ok(fix.kind === 'apply-sql');
    assert.equal(fix.sql, '-- AlterTable\nALTER TABLE "Session" ADD COLUMN "data" TEXT;\n\n');
    assert.match(fix.bookkeepingSql ?? '', /INSERT INTO "_prisma_migrations"[\s\S]*add_session_columns/);
    assert.match(fix.files?.[0].file ?? '', /prisma\/migrations\/\d{14}_add_session_columns\/migration\.sql$/);
    assert.deepEqual(fix.expect, { tables: [], indexes: [], columns: [{ table: 'Session', column: 'data' }] });
  });

  it('a pending migration that adds them: a proven migrate deploy is preferred', () => {
    const h = history([
      { m: INIT, record: 'applied', after: OLD_SQL },
      { m: ADD, record: 'pending', after: NEW_SQL },
    ]);
    const f = facts('  data      String?\n', { history: h, columnsMigration: 1, proofs: [proof({ deployWorks: true, directWorks: true })] }, [INIT, ADD]);
    const fixes = prismaRules(f).problems[0].fixes;
    assert.equal(fixes[0].id, 'prisma.migrateDeploy');
    assert.equal(fixes[0].preferred, true);
    assert.equal(fixes[1].id, 'prisma.applyMigration');
  });

  it('a pending migration that adds them, deploy not proven: no migrate deploy, and the detail says why', () => {
    const h = history([
      { m: INIT, record: 'applied', after: OLD_SQL },
      { m: ADD, record: 'pending', after: NEW_SQL },
    ]);
    const f = facts('  data      String?\n', { history: h, columnsMigration: 1, proofs: [proof({ deployFailure: 'duplicate column name: data' })] }, [
      INIT,
      ADD,
    ]);
    const [p] = prismaRules(f).problems;
    assert.ok(!p.fixes.some((x) => x.id === 'prisma.migrateDeploy'));
    assert.equal(p.detail?.id, 'prisma.noProvenFix');
  });

  it('no migrations folder (db push): the exact SQL with no record, db push as the alternative', () => {
    const f = facts('  data      String?\n', {}, []);
    const fixes = prismaRules(f).problems[0].fixes;
    assert.deepEqual(
      fixes.map((x) => [x.id, !!x.preferred]),
      [
        ['prisma.addColumns', true],
        ['prisma.dbPush', false],
      ],
    );
    assert.ok(fixes[0].kind === 'apply-sql' && fixes[0].bookkeepingSql === undefined);
    assert.equal(fixes[0].detail?.id, 'fix.prisma.addColumns.dbPush.detail');
  });

  it('a required column: the rebuild Prisma prints, exact', () => {
    const f = facts('  data      String   @default("x")\n', {}, []);
    const fix = prismaRules(f).problems[0].fixes[0];
    assert.ok(fix.kind === 'apply-sql');
    assert.match(
      fix.sql,
      /^-- RedefineTables\nPRAGMA defer_foreign_keys=ON;[\s\S]*INSERT INTO "new_Session" \("expiresAt", "id"\) SELECT "expiresAt", "id" FROM "Session";/,
    );
  });

  it('a required column without a default: the rebuild on an empty table, advice only when it has rows', () => {
    const sessionDb = (hasRows: boolean | undefined) => ({ ...(facts('').database as object), sessionHasRows: hasRows }) as PrismaFacts['database'];
    const empty = prismaRules(facts('  token     String\n', { database: sessionDb(false), missingColumns: ['token'] }, [])).problems[0].fixes;
    assert.equal(empty[0].id, 'prisma.addColumns');
    for (const rows of [true, undefined]) {
      const [p] = prismaRules(facts('  token     String\n', { database: sessionDb(rows), missingColumns: ['token'] }, [])).problems;
      assert.deepEqual(
        p.fixes.map((x) => x.id),
        ['prisma.dbPush'],
      );
      assert.ok(p.fixes[0].manual);
    }
  });

  it('a table that differs from the model in more than the missing columns: only advice, never a guessed SQL', () => {
    const f = facts('  data      String?\n', {
      history: history([{ m: INIT, record: 'applied', after: OLD_SQL }]),
      database: {
        ...(facts('').database as object),
        sessionColumns: [OLD_COLUMNS[0], { name: 'expiresAt', definition: '"expiresAt" TEXT' }],
      } as PrismaFacts['database'],
    });
    const [p] = prismaRules(f).problems;
    assert.deepEqual(
      p.fixes.map((x) => x.id),
      ['prisma.migrateDevCreateOnly'],
    );
    assert.match(String(p.fixes[0].detail?.args?.[0]), /defines expiresAt otherwise/);
  });

  it('a nullable now() default (SQLite refuses it on a table with rows): only advice, unless the table is empty', () => {
    const f = facts('  data      DateTime? @default(now())\n', {}, []);
    assert.deepEqual(
      prismaRules(f).problems[0].fixes.map((x) => x.id),
      ['prisma.dbPush'],
    );
    const empty = facts(
      '  data      DateTime? @default(now())\n',
      { database: { ...(f.database as object), sessionHasRows: false } as PrismaFacts['database'] },
      [],
    );
    assert.equal(prismaRules(empty).problems[0].fixes[0].id, 'prisma.addColumns');
  });
});
