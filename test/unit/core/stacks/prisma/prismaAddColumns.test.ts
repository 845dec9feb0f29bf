/**
 * prismaAddColumnsSql against the real `prisma migrate diff --from-schema-datamodel <before>
 * --to-schema-datamodel <after> --script` of Prisma 6.19 on SQLite, captured in
 * test/fixtures/prisma-columns (see its PROVENANCE.md): the same bytes, for ADD COLUMN and for the
 * table rebuild.
 */
import '../../../../support/chevrotainUnderTsx';
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parsePrismaSchema, type PrismaSchema } from '../../../../../src/core/stacks/prisma/prismaSchema';
import { findSessionModel } from '../../../../../src/core/stacks/prisma/sessionModel';
import { prismaAddColumnsSql, prismaSqliteColumns } from '../../../../../src/core/stacks/prisma/prismaDdl';

const fixtures = path.resolve(__dirname, '..', '..', '..', '..', 'fixtures', 'prisma-columns');

function parse(file: string): PrismaSchema {
  const parsed = parsePrismaSchema([{ path: file, text: fs.readFileSync(path.join(fixtures, file), 'utf8') }]);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.schema;
}

const cases = fs
  .readdirSync(fixtures)
  .filter((f) => f.endsWith('.migrate-diff.sql'))
  .map((f) => f.slice(0, -'.migrate-diff.sql'.length))
  .sort();

describe('prismaAddColumnsSql equals real prisma migrate diff (Prisma 6.19, SQLite)', () => {
  it('has the captured cases', () => {
    assert.deepStrictEqual(cases, ['nullable-mix', 'nullable-now', 'optional', 'optional-relation', 'relation-indexes', 'required-default']);
  });

  for (const name of cases) {
    it(name, () => {
      const before = parse(`${name}.before.prisma`);
      const after = parse(`${name}.after.prisma`);
      const model = findSessionModel(after)!.model;
      const had = prismaSqliteColumns(before, findSessionModel(before)!.model).map((c) => c.name);
      const missing = prismaSqliteColumns(after, model)
        .map((c) => c.name)
        .filter((c) => !had.includes(c));
      const out = prismaAddColumnsSql(after, model, missing);
      assert.strictEqual(out.sql, fs.readFileSync(path.join(fixtures, `${name}.migrate-diff.sql`), 'utf8'));
      assert.strictEqual(out.redefines, out.sql.startsWith('-- RedefineTables'));
      // SQLite refuses ADD COLUMN with CURRENT_TIMESTAMP, which Prisma prints anyway.
      assert.strictEqual(out.runs, name !== 'nullable-now');
    });
  }

  it('names only the new indexes, for the undo', () => {
    const after = parse('relation-indexes.after.prisma');
    assert.deepStrictEqual(prismaAddColumnsSql(after, findSessionModel(after)!.model, ['token', 'created']).newIndexes, ['user_sessions_token_key']);
  });

  it('the model without the missing columns renders as the before schema created it', () => {
    // The rules compare these definitions with the database's own before offering the SQL.
    const before = parse('required-default.before.prisma');
    assert.deepStrictEqual(
      prismaSqliteColumns(before, findSessionModel(before)!.model).map((c) => c.definition),
      ['"id" TEXT NOT NULL PRIMARY KEY', '"userId" TEXT NOT NULL', '"expiresAt" DATETIME NOT NULL'],
    );
  });

  it('refuses a column the model does not have', () => {
    const after = parse('optional.after.prisma');
    assert.throws(() => prismaAddColumnsSql(after, findSessionModel(after)!.model, ['nope']));
  });
});
