/**
 * The statements Symfony's `PdoSessionHandler::createTable()` executes, per PDO driver, built from
 * the handler's options (`db_table`, `db_id_col`, `db_data_col`, `db_lifetime_col`, `db_time_col`).
 * Symfony puts the names into the SQL as they are, unquoted, and so does this: the table created is
 * the table Symfony would create, an unquoted name folding to lower case on PostgreSQL included.
 *
 * Byte-equal to the statements captured from Symfony 5.4's own createTable() (a PDO that logs
 * exec()) in test/fixtures/stacks/symfony/ddl/, checked by test/unit/core/stacks/symfony/symfonyDdl.test.ts.
 * Note: the index is always named EXPIRY, and PostgreSQL and SQLite keep index names per schema, so
 * a second handler table in one schema fails on it (seen with PostgreSQL 15: "relation "expiry" already exists").
 */

export type SymfonyDialect = 'sqlite' | 'mysql' | 'pgsql';

/** The handler's table and column names, with Symfony's defaults. */
export interface SymfonySessionNames {
  table: string;
  idCol: string;
  dataCol: string;
  lifetimeCol: string;
  timeCol: string;
}

export const SYMFONY_DEFAULT_NAMES: SymfonySessionNames = {
  table: 'sessions',
  idCol: 'sess_id',
  dataCol: 'sess_data',
  lifetimeCol: 'sess_lifetime',
  timeCol: 'sess_time',
};

/** Column types per driver: id, data, lifetime, time, and what follows the column list. */
const TYPES: Record<SymfonyDialect, { id: string; data: string; int: string; tail: string }> = {
  mysql: { id: 'VARBINARY(128)', data: 'BLOB', int: 'INTEGER UNSIGNED', tail: ' COLLATE utf8mb4_bin, ENGINE = InnoDB' },
  sqlite: { id: 'TEXT', data: 'BLOB', int: 'INTEGER', tail: '' },
  pgsql: { id: 'VARCHAR(128)', data: 'BYTEA', int: 'INTEGER', tail: '' },
};

/** The column definitions of createTable(), in its order: the name and its whole definition. */
export function symfonyColumnDefinitions(dialect: SymfonyDialect, n: SymfonySessionNames = SYMFONY_DEFAULT_NAMES): Array<{ name: string; definition: string }> {
  const t = TYPES[dialect];
  return [
    { name: n.idCol, definition: `${n.idCol} ${t.id} NOT NULL PRIMARY KEY` },
    { name: n.dataCol, definition: `${n.dataCol} ${t.data} NOT NULL` },
    { name: n.lifetimeCol, definition: `${n.lifetimeCol} ${t.int} NOT NULL` },
    { name: n.timeCol, definition: `${n.timeCol} ${t.int} NOT NULL` },
  ];
}

function expiryIndex(n: SymfonySessionNames): string {
  return `CREATE INDEX EXPIRY ON ${n.table} (${n.lifetimeCol})`;
}

/** The statements, without terminators, in the order createTable() executes them. */
export function symfonySessionStatements(dialect: SymfonyDialect, n: SymfonySessionNames = SYMFONY_DEFAULT_NAMES): string[] {
  const columns = symfonyColumnDefinitions(dialect, n).map((c) => c.definition);
  return [`CREATE TABLE ${n.table} (${columns.join(', ')})${TYPES[dialect].tail}`, expiryIndex(n)];
}

/**
 * Symfony has no ALTER helper: the missing columns with createTable()'s own definitions, in its
 * order (SQLite one ADD COLUMN per statement, as it requires; MySQL and PostgreSQL one ALTER), then
 * createTable()'s EXPIRY index when the lifetime column is among them and `withIndex`.
 */
export function symfonyAddColumnsStatements(dialect: SymfonyDialect, missing: readonly string[], n: SymfonySessionNames, withIndex: boolean): string[] {
  const columns = symfonyColumnDefinitions(dialect, n).filter((c) => missing.includes(c.name));
  if (columns.length === 0) return [];
  const adds = columns.map((c) => `ADD COLUMN ${c.definition}`);
  const statements = dialect === 'sqlite' ? adds.map((a) => `ALTER TABLE ${n.table} ${a}`) : [`ALTER TABLE ${n.table} ${adds.join(', ')}`];
  if (withIndex && missing.includes(n.lifetimeCol)) statements.push(expiryIndex(n));
  return statements;
}

/** The same as one script: each statement ends with `;` and a newline. */
export function symfonySessionSql(dialect: SymfonyDialect, n: SymfonySessionNames = SYMFONY_DEFAULT_NAMES): string {
  return symfonySessionStatements(dialect, n)
    .map((s) => `${s};\n`)
    .join('');
}
