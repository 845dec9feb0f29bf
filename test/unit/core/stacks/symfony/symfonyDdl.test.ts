import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  symfonyAddColumnsStatements,
  symfonyColumnDefinitions,
  symfonySessionSql,
  symfonySessionStatements,
  SYMFONY_DEFAULT_NAMES,
  type SymfonyDialect,
} from '../../../../../src/core/stacks/symfony/symfonyDdl';

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

describe('Symfony: ADD COLUMN with the column definitions of createTable()', () => {
  /** The column list of a captured CREATE TABLE, split at the top-level commas. */
  const capturedColumns = (file: string): string[] => {
    const create = captured(file)[0];
    return create
      .slice(create.indexOf('(') + 1, create.lastIndexOf(')'))
      .split(/, (?=[a-z_]+ )/)
      .map((c) => c.trim());
  };
  for (const dialect of ['sqlite', 'mysql', 'pgsql'] as SymfonyDialect[]) {
    for (const [kind, names] of [
      ['default', SYMFONY_DEFAULT_NAMES],
      ['custom', { ...SYMFONY_DEFAULT_NAMES, ...CUSTOM }],
    ] as const) {
      it(`${dialect}, ${kind} names: each added column is defined exactly as the captured createTable() defines it`, () => {
        const defs = symfonyColumnDefinitions(dialect, names).map((c) => c.definition);
        assert.deepEqual(defs, capturedColumns(`${dialect}-${kind}.sql`));
        const all = [names.dataCol, names.lifetimeCol, names.timeCol];
        const sql = symfonyAddColumnsStatements(dialect, all, names, true);
        const index = captured(`${dialect}-${kind}.sql`)[1];
        assert.equal(sql[sql.length - 1], index);
        for (const d of defs.slice(1))
          assert.ok(
            sql.some((s) => s.includes(`ADD COLUMN ${d}`)),
            d,
          );
      });
    }
  }

  it('SQLite: one ALTER per column; MySQL and PostgreSQL: one ALTER for all; the index only with the lifetime column', () => {
    const n = SYMFONY_DEFAULT_NAMES;
    assert.deepEqual(symfonyAddColumnsStatements('sqlite', ['sess_lifetime', 'sess_time'], n, true), [
      'ALTER TABLE sessions ADD COLUMN sess_lifetime INTEGER NOT NULL',
      'ALTER TABLE sessions ADD COLUMN sess_time INTEGER NOT NULL',
      'CREATE INDEX EXPIRY ON sessions (sess_lifetime)',
    ]);
    assert.deepEqual(symfonyAddColumnsStatements('mysql', ['sess_lifetime', 'sess_time'], n, false), [
      'ALTER TABLE sessions ADD COLUMN sess_lifetime INTEGER UNSIGNED NOT NULL, ADD COLUMN sess_time INTEGER UNSIGNED NOT NULL',
    ]);
    assert.deepEqual(symfonyAddColumnsStatements('pgsql', ['sess_time'], n, true), ['ALTER TABLE sessions ADD COLUMN sess_time INTEGER NOT NULL']);
  });
});
