import '../../../../support/chevrotainUnderTsx';
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parsePrismaSchema, type PrismaSchema } from '../../../../../src/core/stacks/prisma/prismaSchema';
import { findSessionModel } from '../../../../../src/core/stacks/prisma/sessionModel';
import { isUnsupportedPrismaFeature, prismaCreateSql, tablesNeededFor } from '../../../../../src/core/stacks/prisma/prismaDdl';

const fixtures = path.resolve(__dirname, '..', '..', '..', '..', 'fixtures', 'prisma-schemas');

function schemaOf(text: string): PrismaSchema {
  const parsed = parsePrismaSchema([{ path: 'schema.prisma', text }]);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.schema;
}

const fixture = (file: string): PrismaSchema => schemaOf(fs.readFileSync(path.join(fixtures, file), 'utf8'));

describe('findSessionModel', () => {
  const cases: Array<{ name: string; schema: string; override?: string; model?: string; reason?: string }> = [
    { name: 'seed: a model named Session', schema: 'seed-session-user.prisma', model: 'Session', reason: 'named-session' },
    { name: 'Auth.js v5', schema: 'authjs-v5.prisma', model: 'Session', reason: 'named-session' },
    { name: 'Lucia', schema: 'lucia.prisma', model: 'Session', reason: 'named-session' },
    { name: 'override by model name', schema: 'authjs-v5.prisma', override: 'VerificationToken', model: 'VerificationToken', reason: 'override' },
    { name: 'override by table name', schema: 'mapped-names.prisma', override: 'users', model: 'User', reason: 'override' },
    { name: 'override naming nothing', schema: 'lucia.prisma', override: 'Nope' },
    { name: 'no session model at all', schema: 'scalars.prisma' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const found = findSessionModel(fixture(c.schema), c.override);
      assert.deepStrictEqual(found && { model: found.model.name, reason: found.reason }, c.model ? { model: c.model, reason: c.reason } : undefined);
    });
  }

  const inline: Array<{ name: string; models: string; model: string; reason: string }> = [
    {
      name: '@@map("sessions") on another name',
      models: 'model LoginState {\n  id String @id\n  @@map("sessions")\n}\nmodel Other {\n  id String @id\n}\n',
      model: 'LoginState',
      reason: 'mapped-sessions',
    },
    {
      name: 'Auth.js shape under another name',
      models: 'model UserSession {\n  id           String   @id\n  sessionToken String   @unique\n  userId       String\n  expires      DateTime\n}\n',
      model: 'UserSession',
      reason: 'authjs',
    },
    {
      name: 'Lucia shape under another name',
      models: 'model AuthSession {\n  id        String   @id\n  userId    String\n  expiresAt DateTime\n}\n',
      model: 'AuthSession',
      reason: 'lucia',
    },
    {
      name: 'a lower-case session model',
      models: 'model session {\n  sid    String   @id\n  sess   Json\n  expire DateTime\n}\n',
      model: 'session',
      reason: 'named-session',
    },
  ];
  for (const c of inline) {
    it(c.name, () => {
      const found = findSessionModel(schemaOf(`datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n${c.models}`));
      assert.deepStrictEqual(found && { model: found.model.name, reason: found.reason }, { model: c.model, reason: c.reason });
    });
  }

  it('the model range is what the extension marks: the model name in schema.prisma', () => {
    const text = fs.readFileSync(path.join(fixtures, 'authjs-v5.prisma'), 'utf8');
    const found = findSessionModel(schemaOf(text));
    const line = text.split('\n').findIndex((l) => l === 'model Session {');
    assert.deepStrictEqual(found?.model.nameRange, { start: { line, character: 6 }, end: { line, character: 13 } });
  });
});

describe('tablesNeededFor', () => {
  it('adds the tables a foreign key needs, transitively, in schema order', () => {
    const schema = schemaOf(`datasource db {\n  provider = "sqlite"\n  url = "file:./d.db"\n}
model Org {\n  id    Int    @id\n  users User[]\n}
model Session {\n  id     String @id\n  userId String\n  user   User   @relation(fields: [userId], references: [id])\n}
model User {\n  id       String    @id\n  orgId    Int\n  org      Org       @relation(fields: [orgId], references: [id])\n  sessions Session[]\n  posts    Post[]\n}
model Post {\n  id     Int    @id\n  userId String\n  user   User   @relation(fields: [userId], references: [id])\n}\n`);
    const session = schema.models.find((m) => m.name === 'Session');
    assert.ok(session);
    assert.deepStrictEqual(
      tablesNeededFor(schema, session).map((m) => m.name),
      ['Org', 'Session', 'User'],
    );
  });

  it('a model without relations needs only itself', () => {
    const schema = fixture('authjs-v5.prisma');
    const token = schema.models.find((m) => m.name === 'VerificationToken');
    assert.ok(token);
    assert.deepStrictEqual(
      tablesNeededFor(schema, token).map((m) => m.name),
      ['VerificationToken'],
    );
  });
});

describe('prismaCreateSql refuses what it does not render', () => {
  const head = 'datasource db {\n  provider = "sqlite"\n  url = "file:./d.db"\n}\n';
  it('scalar lists outside PostgreSQL', () => {
    const schema = schemaOf(`${head}model A {\n  id Int @id\n  tags String[]\n}\n`);
    assert.throws(
      () => prismaCreateSql(schema, ['A'], 'mysql'),
      (e: unknown) => isUnsupportedPrismaFeature(e) && /Scalar list/.test(String(e)),
    );
  });
  it('Unsupported() without a quoted type (found by the damaged-schema property)', () => {
    for (const dialect of ['sqlite', 'postgresql', 'mysql'] as const) {
      for (const type of ['Unsupported()', 'Unsupported(point)']) {
        const schema = schemaOf(`${head}model A {\n  id Int @id\n  at ${type}?\n}\n`);
        assert.throws(
          () => prismaCreateSql(schema, ['A'], dialect),
          (e: unknown) => isUnsupportedPrismaFeature(e) && /A\.at is Unsupported\(\)/.test(String(e)),
        );
      }
    }
    const quoted = schemaOf(`${head}model A {\n  id Int @id\n  at Unsupported("point")?\n}\n`);
    assert.match(prismaCreateSql(quoted, ['A'], 'postgresql'), /"at" point/);
  });
  it('an unknown model name', () => {
    assert.throws(() => prismaCreateSql(fixture('lucia.prisma'), ['Nope'], 'sqlite'), /Unknown Prisma model: Nope/);
  });
  it('an empty model list gives empty SQL', () => {
    assert.strictEqual(prismaCreateSql(fixture('lucia.prisma'), [], 'postgresql'), '');
  });
});

describe('prismaCreateSql refuses index and schema options it does not render', () => {
  const head = 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n';
  const cases: Array<{ name: string; model: string; message: RegExp }> = [
    { name: 'a Hash index', model: 'model A {\n  id Int @id\n  x  Int\n  @@index([x], type: Hash)\n}\n', message: /BTree/ },
    {
      name: 'operator classes',
      model: 'model A {\n  id Int @id\n  x  String\n  @@index([x(ops: raw("gin_trgm_ops"))], type: Gin)\n}\n',
      message: /type:|ops:/,
    },
    { name: '@@schema', model: 'model A {\n  id Int @id\n  @@schema("auth")\n}\n', message: /@@schema/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const parsed = parsePrismaSchema([{ path: 's.prisma', text: `${head}${c.model}` }]);
      assert.ok(parsed.ok);
      if (!parsed.ok) return;
      assert.throws(
        () => prismaCreateSql(parsed.schema, ['A'], 'postgresql'),
        (e: unknown) => isUnsupportedPrismaFeature(e) && c.message.test(String(e)),
      );
    });
  }
});
