/**
 * The Prisma rules on a migrations folder written for another provider (migration_lock.toml says
 * `sqlite`, the schema `postgresql`, as when a Shopify app template moves to PostgreSQL): the
 * problem, its advice, and that no fix through the migration history (`migrate deploy`, P3019) is
 * offered anywhere for that app. Plain fact records, no I/O.
 */
import * as assert from 'node:assert/strict';
import type { PrismaFacts } from '../../../../../src/core/stacks/prisma/prismaFacts';
import { prismaRules } from '../../../../../src/core/stacks/prisma/prismaRules';
import { parsePrismaSchema } from '../../../../../src/core/stacks/prisma/prismaSchema';

const ROOT = '/app';
const INIT = {
  name: '20240530213853_create_session_table',
  sqlPath: `${ROOT}/prisma/migrations/20240530213853_create_session_table/migration.sql`,
  sql: '-- CreateTable\nCREATE TABLE "Session" (\n    "id" TEXT NOT NULL PRIMARY KEY\n);\n',
  checksum: 'c'.repeat(64),
};

function facts(provider: string, lockProvider: string | undefined, live: 'present' | 'missing'): PrismaFacts {
  const text = `datasource db {\n  provider = "${provider}"\n  url      = env("DATABASE_URL")\n}\n\nmodel Session {\n  id String @id\n}\n`;
  const parsed = parsePrismaSchema([{ path: `${ROOT}/prisma/schema.prisma`, text }]);
  assert.ok(parsed.ok);
  return {
    project: {
      root: ROOT,
      schemaPath: `${ROOT}/prisma/schema.prisma`,
      schemaFiles: [`${ROOT}/prisma/schema.prisma`],
      schemaFrom: 'default',
      migrationsDir: `${ROOT}/prisma/migrations`,
      prismaCli: { kind: 'local', bin: `${ROOT}/node_modules/.bin/prisma` },
      shopifySessionStorage: true,
    },
    now: new Date('2026-11-28T10:00:00Z'),
    envFiles: [`${ROOT}/.env`],
    schema: { ok: true, schema: parsed.schema },
    model: parsed.schema.models[0],
    provider,
    dialect: 'postgresql',
    target: { provider, url: 'postgresql://shop:secret@db.example/shop', envName: 'DATABASE_URL' },
    database: { kind: 'server', live: { status: live } },
    migrations: { dir: `${ROOT}/prisma/migrations`, exists: true, lockProvider, migrations: [INIT] },
    applied: { ok: false, reason: 'not read on a server database' },
    proofs: [],
  };
}

const argvs = (f: { kind: string; commands?: Array<{ argv: string[] }> }) => (f.commands ?? []).map((c) => c.argv.slice(1).join(' '));

describe('Prisma rules: migration_lock.toml of another provider (fact records)', () => {
  it('without the lock mismatch, a missing table on PostgreSQL gets migrate deploy (the control case)', () => {
    const [p] = prismaRules(facts('postgresql', 'postgresql', 'missing')).problems;
    assert.equal(p.code, 'prisma.sessionTableMissing');
    assert.equal(p.fixes[0].id, 'prisma.migrateDeploy');
    assert.equal(p.fixes[0].preferred, true);
  });

  it('postgres and postgresql are the same provider: no problem', () => {
    assert.deepEqual(
      prismaRules(facts('postgres', 'postgresql', 'present')).problems.map((p) => p.code),
      [],
    );
  });

  it('sqlite migrations, postgresql schema, table missing: the mismatch, its advice ending in deploy, and no deploy on the table problem', () => {
    const out = prismaRules(facts('postgresql', 'sqlite', 'missing'));
    assert.equal(out.app.flavor, 'shopify');
    assert.deepEqual(
      out.problems.map((p) => p.code),
      ['prisma.migrationLockProviderMismatch', 'prisma.sessionTableMissing'],
    );
    const [lock, table] = out.problems;
    assert.deepEqual(lock.message.args, ['prisma/migrations/migration_lock.toml', 'sqlite', 'postgresql']);
    assert.equal(lock.fixes.length, 1);
    const fix = lock.fixes[0];
    assert.equal(fix.id, 'prisma.regenerateMigrations');
    assert.ok(!fix.preferred && fix.manual, 'advice: never run by fix --yes');
    assert.equal(fix.kind, 'run-command');
    assert.deepEqual(argvs(fix), [
      'prisma/migrations prisma/migrations_sqlite',
      'migrate diff --from-empty --to-schema-datamodel prisma/schema.prisma --script --output prisma/migrations/20261128100000_init/migration.sql',
      'migrate deploy',
    ]);
    for (const p of out.problems) {
      assert.ok(!p.fixes.some((f) => ['prisma.migrateDeploy', 'prisma.migrateDev', 'prisma.migrateReset'].includes(f.id)), p.code);
      assert.ok(!p.fixes.some((f) => f.preferred), `${p.code}: nothing through the history is recommended`);
    }
    assert.deepEqual(
      table.fixes.map((f) => f.id),
      ['prisma.generate'],
    );
  });

  it('tables already there: the new init migration is recorded as applied (migrate resolve), not deployed', () => {
    const [lock] = prismaRules(facts('postgresql', 'sqlite', 'present')).problems;
    assert.equal(lock.code, 'prisma.migrationLockProviderMismatch');
    assert.deepEqual(argvs(lock.fixes[0]).slice(2), ['migrate resolve --applied 20261128100000_init']);
  });

  it('no lock file: nothing to compare, no problem', () => {
    assert.deepEqual(prismaRules(facts('postgresql', undefined, 'present')).problems, []);
  });
});
