import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { symfonySessionSql, symfonySessionStatements, SYMFONY_DEFAULT_NAMES, type SymfonyDialect } from '../../../../../src/core/stacks/symfony/symfonyDdl';

/** The statements Symfony 5.4's createTable() executed, one a line (test/fixtures/stacks/symfony/PROVENANCE.md). */
const DDL = path.join(__dirname, '../../../../fixtures/stacks/symfony/ddl');
const captured = (file: string): string[] =>
  readFileSync(path.join(DDL, file), 'utf8')
    .split('\n')
    .filter((l) => l !== '');

/** CUSTOM_OPTIONS of capture.ts, as the handler names them. */
const CUSTOM = { table: 'app_sessions', idCol: 'id', dataCol: 'payload', lifetimeCol: 'ttl', timeCol: 'created_at' };

describe("Symfony's createTable() DDL, byte for byte against the real handler", () => {
  for (const dialect of ['sqlite', 'mysql', 'pgsql'] as SymfonyDialect[]) {
    it(`${dialect}, default options`, () => {
      assert.deepEqual(symfonySessionStatements(dialect), captured(`${dialect}-default.sql`));
      assert.deepEqual(symfonySessionStatements(dialect, SYMFONY_DEFAULT_NAMES), captured(`${dialect}-default.sql`));
    });
    it(`${dialect}, every name option set`, () => {
      assert.deepEqual(symfonySessionStatements(dialect, CUSTOM), captured(`${dialect}-custom.sql`));
    });
  }

  it('the script form ends each statement with ";" and a newline', () => {
    assert.equal(
      symfonySessionSql('sqlite'),
      captured('sqlite-default.sql')
        .map((s) => `${s};\n`)
        .join(''),
    );
  });
});
