import '../../../../support/chevrotainUnderTsx';
import * as assert from 'assert';
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { parsePrismaSchema, type PrismaSchema } from '../../../../../src/core/stacks/prisma/prismaSchema';
import { fuzzRuns, fuzzTimeout } from '../../../../support/fuzzRuns';

const fixtures = path.resolve(__dirname, '..', '..', '..', '..', 'fixtures', 'prisma-schemas');
const read = (file: string): string => fs.readFileSync(path.join(fixtures, file), 'utf8');

function parseOk(files: Array<{ path: string; text: string }>): PrismaSchema {
  const result = parsePrismaSchema(files);
  if (!result.ok) throw new Error(`${result.error} (${result.file}:${result.line})`);
  return result.schema;
}

/** 0-based line of the first line that starts with `prefix`, found without the parser. */
function lineOf(text: string, prefix: string): number {
  const line = text.split(/\r?\n/).findIndex((l) => l.startsWith(prefix));
  assert.ok(line >= 0, prefix);
  return line;
}

describe('parsePrismaSchema', () => {
  it('reads the seed schema: datasource, generator, models, fields, attributes', () => {
    const text = read('seed-session-user.prisma');
    const schema = parseOk([{ path: '/p/schema.prisma', text }]);
    assert.deepStrictEqual(schema.datasource?.provider, 'sqlite');
    assert.deepStrictEqual(schema.datasource?.url, { kind: 'literal', value: 'file:./dev.db' });
    assert.deepStrictEqual(
      schema.generators.map((g) => [g.name, g.provider]),
      [['client', 'prisma-client-js']],
    );
    assert.deepStrictEqual(
      schema.models.map((m) => m.name),
      ['User', 'Session'],
    );
    const session = schema.models[1];
    assert.deepStrictEqual(
      session.fields.map((f) => `${f.name}:${f.type}:${f.kind}${f.isList ? '[]' : ''}${f.isOptional ? '?' : ''}`),
      [
        'id:String:scalar',
        'token:String:scalar',
        'userId:String:scalar',
        'expiresAt:DateTime:scalar',
        'lastUsedAt:DateTime:scalar',
        'createdAt:DateTime:scalar',
        'updatedAt:DateTime:scalar',
        'user:User:relation',
      ],
    );
    const relation = session.fields[7].attributes[0];
    assert.strictEqual(relation.name, 'relation');
    assert.deepStrictEqual(
      relation.args.map((a) => a.name),
      ['fields', 'references', 'onDelete'],
    );
    assert.deepStrictEqual(relation.args[2].value, { kind: 'identifier', name: 'Cascade' });
    assert.strictEqual(session.file, '/p/schema.prisma');
  });

  it('gives the model block range and the model name range (0-based, as VS Code)', () => {
    const text = read('seed-session-user.prisma');
    const schema = parseOk([{ path: 's.prisma', text }]);
    const session = schema.models.find((m) => m.name === 'Session');
    assert.ok(session);
    const start = lineOf(text, 'model Session');
    const lines = text.split('\n');
    const end = lines.findIndex((l, i) => i > start && l.startsWith('}'));
    assert.deepStrictEqual(session.nameRange, { start: { line: start, character: 6 }, end: { line: start, character: 13 } });
    assert.deepStrictEqual(session.range, { start: { line: start, character: 0 }, end: { line: end, character: 1 } });
    const token = session.fields.find((f) => f.name === 'token');
    const tokenLine = lines.findIndex((l) => l.trimStart().startsWith('token '));
    assert.deepStrictEqual(token?.nameRange, { start: { line: tokenLine, character: 2 }, end: { line: tokenLine, character: 7 } });
  });

  it('field, attribute and block-attribute ranges cover their whole text (arguments included)', () => {
    const text =
      'model A {\n  id   Int  @id @default(autoincrement())\n  b    B    @relation(fields: [bId], references: [id])\n  bId  Int\n  @@index([bId], map: "x")\n}\nmodel B {\n  id Int @id\n  as A[]\n}\n';
    const schema = parseOk([{ path: 'r.prisma', text }]);
    const lines = text.split('\n');
    const slice = (r: { start: { line: number; character: number }; end: { line: number; character: number } } | undefined): string => {
      assert.ok(r && r.start.line === r.end.line);
      return lines[r.start.line].slice(r.start.character, r.end.character);
    };
    const [id, b] = schema.models[0].fields;
    assert.strictEqual(slice(id.range), 'id   Int  @id @default(autoincrement())');
    assert.deepStrictEqual(
      id.attributes.map((a) => slice(a.range)),
      ['@id', '@default(autoincrement())'],
    );
    assert.strictEqual(slice(b.attributes[0].range), '@relation(fields: [bId], references: [id])');
    assert.strictEqual(slice(schema.models[0].blockAttributes[0].range), '@@index([bId], map: "x")');
  });

  it('ranges ignore a BOM and survive CRLF line ends', () => {
    const text = `\uFEFF${read('lucia.prisma').replace(/\n/g, '\r\n')}`;
    const schema = parseOk([{ path: 'crlf.prisma', text }]);
    const line = lineOf(text.slice(1), 'model Session');
    assert.deepStrictEqual(schema.models.find((m) => m.name === 'Session')?.nameRange.start, { line, character: 6 });
  });

  it('reads @map / @@map, enums with mapped values, env() urls and relationMode', () => {
    const mapped = parseOk([{ path: 'm.prisma', text: read('mapped-names.prisma') }]);
    const sessions = mapped.models.find((m) => m.name === 'Session');
    assert.strictEqual(sessions?.dbName, 'sessions');
    assert.deepStrictEqual(sessions?.fields.map((f) => f.dbName).slice(0, 4), ['id', 'session_token', 'user_id', 'expires_at']);

    const pg = parseOk([{ path: 'pg.prisma', text: read('pg-native.pg.prisma') }]);
    assert.deepStrictEqual(pg.datasource?.url, { kind: 'env', name: 'DATABASE_URL' });
    const role = pg.enums.find((e) => e.name === 'Role');
    assert.strictEqual(role?.dbName, 'user_role');
    assert.deepStrictEqual(role?.values, [
      { name: 'USER', dbName: 'USER' },
      { name: 'ADMIN', dbName: 'admin' },
      { name: 'SUPPORT', dbName: 'SUPPORT' },
    ]);
    const account = pg.models.find((m) => m.name === 'Account');
    const amount = account?.fields.find((f) => f.name === 'amount');
    assert.deepStrictEqual(
      amount?.attributes.map((a) => [a.name, a.args.map((x) => x.value)]),
      [
        [
          'db.Decimal',
          [
            { kind: 'number', value: '10' },
            { kind: 'number', value: '2' },
          ],
        ],
      ],
    );
    assert.strictEqual(account?.fields.find((f) => f.name === 'roles')?.kind, 'enum');

    const relationMode = parseOk([{ path: 'r.prisma', text: read('relation-mode-prisma.prisma') }]);
    assert.strictEqual(relationMode.datasource?.relationMode, 'prisma');
  });

  it('joins a multi-file schema (prisma/schema/*.prisma): relations and enums across files', () => {
    const schema = parseOk([
      { path: '/app/prisma/schema/base.prisma', text: 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n' },
      { path: '/app/prisma/schema/user.prisma', text: 'model User {\n  id       String    @id\n  role     Role\n  sessions Session[]\n}\n' },
      {
        path: '/app/prisma/schema/session.prisma',
        text: 'enum Role {\n  A\n  B\n}\n\nmodel Session {\n  id     String @id\n  userId String\n  user   User   @relation(fields: [userId], references: [id])\n}\n',
      },
    ]);
    assert.strictEqual(schema.datasource?.file, '/app/prisma/schema/base.prisma');
    // Prisma's order: files by path (code points), so session.prisma before user.prisma.
    assert.deepStrictEqual(
      schema.models.map((m) => [m.name, m.file]),
      [
        ['Session', '/app/prisma/schema/session.prisma'],
        ['User', '/app/prisma/schema/user.prisma'],
      ],
    );
    const [session, user] = schema.models;
    assert.strictEqual(user.fields.find((f) => f.name === 'role')?.kind, 'enum');
    assert.strictEqual(session.fields.find((f) => f.name === 'user')?.kind, 'relation');
    assert.deepStrictEqual(session.nameRange.start, { line: 5, character: 6 });
    assert.deepStrictEqual(schema.files, ['/app/prisma/schema/base.prisma', '/app/prisma/schema/session.prisma', '/app/prisma/schema/user.prisma']);
  });

  const malformed: Array<{ name: string; text: string; line: number }> = [
    { name: 'unclosed model', text: 'model A {\n  id Int @id\n', line: 1 },
    { name: 'unclosed attribute', text: 'model A {\n  id Int @id\n  @@unique([id], map: "x"\n}\n', line: 2 },
    { name: 'a stray semicolon (prisma-ast would drop it silently)', text: 'model A {\n  id Int @id;\n}\n', line: 1 },
    { name: 'a character outside the grammar', text: 'model A {\n  id Int @id\n  name String §\n}\n', line: 2 },
    { name: 'plain words', text: 'hello world\n', line: 0 },
    { name: 'an assignment inside a model (found by the property test)', text: 'model A {\n  id Int @id\n  x = String\n}\n', line: 2 },
  ];
  for (const c of malformed) {
    it(`refuses ${c.name} with a message and a line, without throwing`, () => {
      const result = parsePrismaSchema([
        { path: 'ok.prisma', text: 'model Fine {\n  id Int @id\n}\n' },
        { path: 'bad.prisma', text: c.text },
      ]);
      assert.strictEqual(result.ok, false);
      if (result.ok) return;
      assert.match(result.error, /^Invalid Prisma schema: /);
      assert.strictEqual(result.file, 'bad.prisma');
      assert.strictEqual(result.line, c.line);
    });
  }

  it('refuses two datasources', () => {
    const ds = 'datasource db {\n  provider = "sqlite"\n  url      = "file:./a.db"\n}\n';
    const result = parsePrismaSchema([
      { path: 'a.prisma', text: ds },
      { path: 'b.prisma', text: ds },
    ]);
    assert.strictEqual(result.ok, false);
  });

  it('never throws, whatever the text (property test, including damaged fixtures)', function () {
    // About 600 parses of up to 2.5 kB.
    this.timeout(fuzzTimeout(20000));
    const seed = read('authjs-v5.prisma');
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        parsePrismaSchema([{ path: 'x.prisma', text }]);
      }),
      { numRuns: fuzzRuns(300) },
    );
    fc.assert(
      fc.property(fc.nat(seed.length - 1), fc.nat(40), fc.string({ maxLength: 3 }), (at, cut, insert) => {
        const result = parsePrismaSchema([{ path: 'x.prisma', text: seed.slice(0, at) + insert + seed.slice(at + cut) }]);
        if (!result.ok) assert.ok(result.line === undefined || result.line >= 0);
      }),
      { numRuns: fuzzRuns(1000) },
    );
  });

  it('parses every fixture schema', () => {
    for (const file of fs.readdirSync(fixtures).filter((f) => f.endsWith('.prisma'))) {
      const schema = parseOk([{ path: file, text: read(file) }]);
      assert.ok(schema.models.length > 0, file);
    }
  });
});
