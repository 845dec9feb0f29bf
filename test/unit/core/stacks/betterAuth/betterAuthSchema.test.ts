/**
 * The SQL Better Auth's CLI writes, generated from the core schema and the config's names, against
 * the real `auth generate` output (auth 1.7.7, captured by test/fixtures/stacks/better-auth/capture.ts).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CORE_MODELS,
  DEFAULT_NAMES,
  migrationSql,
  modelColumns,
  sessionTableSql,
  sqliteCanAddColumns,
  tableName,
  type BetterAuthDialect,
  type BetterAuthNames,
} from '../../../../../src/core/stacks/betterAuth/betterAuthSchema';

const DDL = path.join(__dirname, '../../../../fixtures/stacks/better-auth/ddl');
const capture = (name: string): string => fs.readFileSync(path.join(DDL, name), 'utf8');

const RENAMED: BetterAuthNames = {
  tables: { ...DEFAULT_NAMES.tables, session: 'sessions' },
  columns: { ...DEFAULT_NAMES.columns, session: { userId: 'user_id' } },
};

function allPresentExcept(names: BetterAuthNames, missing: Record<string, string[]>): Map<string, ReadonlySet<string> | undefined> {
  return new Map(
    CORE_MODELS.map((m) => {
      const cols = modelColumns(names, m).filter((c) => !(missing[m] ?? []).includes(c));
      return [tableName(names, m), new Set(cols)] as const;
    }),
  );
}

describe('Better Auth DDL against the real CLI', () => {
  for (const dialect of ['sqlite', 'postgres', 'mysql'] as BetterAuthDialect[]) {
    it(`${dialect}: an empty database gets the four tables and their indexes`, () => {
      assert.equal(migrationSql(dialect, DEFAULT_NAMES, { present: new Map() }), capture(`${dialect}-all.sql`));
    });
    it(`${dialect}: only the session table missing`, () => {
      assert.equal(sessionTableSql(dialect, DEFAULT_NAMES), capture(`${dialect}-session-only.sql`));
      const present = allPresentExcept(DEFAULT_NAMES, {});
      present.delete('session');
      assert.equal(migrationSql(dialect, DEFAULT_NAMES, { present }), capture(`${dialect}-session-only.sql`));
    });
    it(`${dialect}: renamed session table and userId column`, () => {
      assert.equal(migrationSql(dialect, RENAMED, { present: new Map() }), capture(`${dialect}-renamed.sql`));
    });
    it(`${dialect}: a session table without ipAddress and userAgent gets two added columns`, () => {
      const present = allPresentExcept(DEFAULT_NAMES, { session: ['ipAddress', 'userAgent'] });
      assert.equal(migrationSql(dialect, DEFAULT_NAMES, { present }), capture(`${dialect}-session-no-client-columns.sql`));
    });
    if (dialect !== 'sqlite')
      it(`${dialect}: a session table without token gets the column and its unique index`, () => {
        const present = allPresentExcept(DEFAULT_NAMES, { session: ['token'] });
        assert.equal(migrationSql(dialect, DEFAULT_NAMES, { present }), capture(`${dialect}-session-no-token.sql`));
      });
  }

  it('nothing missing: no SQL', () => {
    assert.equal(migrationSql('sqlite', DEFAULT_NAMES, { present: allPresentExcept(DEFAULT_NAMES, {}) }), '');
  });

  it('SQLite can add optional columns, not a required one without a default', () => {
    assert.equal(sqliteCanAddColumns('session', DEFAULT_NAMES, ['ipAddress', 'userAgent']), true);
    assert.equal(sqliteCanAddColumns('session', DEFAULT_NAMES, ['token']), false);
    assert.equal(sqliteCanAddColumns('session', RENAMED, ['user_id']), false);
  });
});
