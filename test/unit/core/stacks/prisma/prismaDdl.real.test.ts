/**
 * Our DDL against the real `prisma migrate diff --from-empty --to-schema-datamodel … --script`
 * of Prisma 6.19 (node_modules/.bin/prisma), run offline (see test/support/realPrisma.ts), for every
 * schema under test/fixtures/prisma-schemas, on SQLite and PostgreSQL.
 */
import '../../../../support/chevrotainUnderTsx';
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parsePrismaSchema, type PrismaSchema } from '../../../../../src/core/stacks/prisma/prismaSchema';
import { findSessionModel } from '../../../../../src/core/stacks/prisma/sessionModel';
import { prismaCreateSql, tablesNeededFor, type Dialect } from '../../../../../src/core/stacks/prisma/prismaDdl';
import { realMigrateDiff, splitStatements } from '../../../../support/realPrisma';

const fixtures = path.resolve(__dirname, '..', '..', '..', '..', 'fixtures', 'prisma-schemas');

/** `name.prisma` runs on both databases (provider switched), `name.pg.prisma` on PostgreSQL only. */
function variants(file: string): Array<{ dialect: Dialect; text: string }> {
  const text = fs.readFileSync(path.join(fixtures, file), 'utf8');
  if (file.endsWith('.pg.prisma')) return [{ dialect: 'postgresql', text }];
  // MySQL-only schemas cannot go through the offline (wasm) engine; prismaDdl.mysql.test.ts runs them in MariaDB.
  if (file.endsWith('.mysql.prisma')) return [];
  const pg = text.replace(/provider(\s*)= "sqlite"/, 'provider$1= "postgresql"').replace(/"file:\.\/dev\.db"/, '"postgresql://localhost:5432/app"');
  assert.notStrictEqual(pg, text, `${file} must have a sqlite datasource to derive the PostgreSQL variant`);
  return [
    { dialect: 'sqlite', text },
    { dialect: 'postgresql', text: pg },
  ];
}

function parse(file: string, text: string): PrismaSchema {
  const parsed = parsePrismaSchema([{ path: file, text }]);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.schema;
}

/** The statements of a full migrate-diff output that belong to the given tables (and their enums). */
function statementsFor(sql: string, schema: PrismaSchema, modelNames: string[]): string {
  const models = schema.models.filter((m) => modelNames.includes(m.name));
  const tables = models.map((m) => m.dbName);
  // migrate diff creates every enum; for a subset, only the enums its tables use belong to it.
  const whole = models.length === schema.models.length;
  const enums = schema.enums.filter((e) => whole || models.some((m) => m.fields.some((f) => f.type === e.name))).map((e) => e.dbName);
  const mine = splitStatements(sql).filter(
    (statement) =>
      tables.some((t) => statement.includes(`CREATE TABLE "${t}" (`) || statement.includes(` ON "${t}"(`) || statement.includes(`ALTER TABLE "${t}" `)) ||
      enums.some((e) => statement.includes(`CREATE TYPE "${e}" AS ENUM`)),
  );
  return mine.map((s) => `${s}\n\n`).join('');
}

const files = fs
  .readdirSync(fixtures)
  .filter((f) => f.endsWith('.prisma'))
  .sort();

describe('prismaCreateSql equals real prisma migrate diff (Prisma 6.19, offline)', function () {
  // A cache miss runs the real CLI (about 2 s per schema).
  this.timeout(120000);

  it('has a fixture set that covers the schemas the issue names', () => {
    for (const name of [
      'authjs-v5.prisma',
      'nextauth-v4.prisma',
      'lucia.prisma',
      'mapped-names.prisma',
      'composite-keys.prisma',
      'scalars.prisma',
      'referential-actions.prisma',
      'pg-native.pg.prisma',
    ]) {
      assert.ok(files.includes(name), name);
    }
  });

  it('the seed capture (shared/fixtures/ddl) equals our SQLite output for the seed schema', () => {
    const text = fs.readFileSync(path.join(fixtures, 'seed-session-user.prisma'), 'utf8');
    const captured = fs.readFileSync(path.join(fixtures, 'seed-session-user.sqlite.migrate-diff.sql'), 'utf8');
    const schema = parse('seed-session-user.prisma', text);
    assert.strictEqual(prismaCreateSql(schema, ['User', 'Session'], 'sqlite'), captured);
  });

  it('runs the real CLI uncached (proves the offline setup still works)', () => {
    const text = fs.readFileSync(path.join(fixtures, 'lucia.prisma'), 'utf8');
    const run = realMigrateDiff(text, { useCache: false });
    assert.strictEqual(run.cached, false);
    assert.strictEqual(prismaCreateSql(parse('lucia.prisma', text), ['User', 'Session'], 'sqlite'), run.sql);
  });

  describe('multi-file schema (folder), PostgreSQL', () => {
    const folder = path.join(fixtures, 'multi-file');
    const parts = ['main.prisma', 'User.prisma', 'auth/session.prisma'].map((name) => ({ name, text: fs.readFileSync(path.join(folder, name), 'utf8') }));
    let real = '';
    let schema: PrismaSchema;
    before(() => {
      real = realMigrateDiff(parts).sql;
      // Given in another order on purpose: Prisma orders by path, so must we.
      const parsed = parsePrismaSchema([...parts].reverse().map((p) => ({ path: path.join(folder, p.name), text: p.text })));
      if (!parsed.ok) throw new Error(parsed.error);
      schema = parsed.schema;
    });

    it('whole schema: byte-for-byte equal, including the unused enum', () => {
      assert.match(real, /CREATE TYPE "Unused"/);
      assert.strictEqual(
        prismaCreateSql(
          schema,
          schema.models.map((m) => m.name),
          'postgresql',
        ),
        real,
      );
    });

    it('Session and what it needs: equal to those statements', () => {
      const session = findSessionModel(schema);
      assert.ok(session);
      assert.strictEqual(session.model.file, path.join(folder, 'auth/session.prisma'));
      const needed = tablesNeededFor(schema, session.model).map((m) => m.name);
      // Path order: User.prisma < auth/session.prisma < main.prisma; Session needs User, User needs Account.
      assert.deepStrictEqual(needed, ['User', 'Session', 'Account']);
      assert.strictEqual(prismaCreateSql(schema, needed, 'postgresql'), statementsFor(real, schema, needed));
      assert.strictEqual(prismaCreateSql(schema, ['Session'], 'postgresql'), statementsFor(real, schema, ['Session']));
    });
  });

  for (const file of files) {
    for (const { dialect, text } of variants(file)) {
      describe(`${file} (${dialect})`, () => {
        let real = '';
        let schema: PrismaSchema;
        before(() => {
          real = realMigrateDiff(text).sql;
          schema = parse(file, text);
        });

        it('whole schema: byte-for-byte equal (less implicit many-to-many join tables, out of scope)', () => {
          const joinTables = splitStatements(real).filter((st) => /(TABLE|ON) "_/.test(st));
          assert.strictEqual(joinTables.length > 0, file.includes('m2m'), 'only the m2m fixture has join tables');
          const expected = splitStatements(real)
            .filter((st) => !joinTables.includes(st))
            .map((st) => `${st}\n\n`)
            .join('');
          assert.strictEqual(
            prismaCreateSql(
              schema,
              schema.models.map((m) => m.name),
              dialect,
            ),
            expected,
          );
        });

        // Decided when the tests are declared: a fixture without a session model gets no session test, not a skip.
        const hasSessionModel = findSessionModel(parse(file, text)) !== undefined;
        if (hasSessionModel) {
          it('session model alone and with the tables it needs: equal to those statements of the real output', () => {
            const session = findSessionModel(schema);
            assert.ok(session);
            const alone = [session.model.name];
            assert.strictEqual(prismaCreateSql(schema, alone, dialect), statementsFor(real, schema, alone));
            const needed = tablesNeededFor(schema, session.model).map((m) => m.name);
            assert.ok(needed.includes(session.model.name));
            assert.strictEqual(prismaCreateSql(schema, needed, dialect), statementsFor(real, schema, needed));
          });
        }

        it('every single model: equal to its statements of the real output', () => {
          for (const model of schema.models) {
            assert.strictEqual(prismaCreateSql(schema, [model.name], dialect), statementsFor(real, schema, [model.name]), model.name);
          }
        });
      });
    }
  }
});
