/**
 * connect-pg-simple's own DDL for its session table. The package ships it as `table.sql`, and with
 * `createTableIfMissing: true` it reads that file and replaces every `"session"` with the quoted
 * table (`"schema"."table"` when `schemaName` is set), each name with its `"` doubled
 * (index.js: `escapePgIdentifier`, `quotedTable()`, `_rawEnsureSessionStoreTable()`). Only the
 * quoted table name changes: the constraint and index keep `session_pkey` and
 * `IDX_session_expire`, exactly as the package creates them.
 *
 * TABLE_SQL is the file of connect-pg-simple 10.0.0, byte for byte (tested against the copy in
 * test/fixtures/stacks/connect-pg-simple/ and against the installed package).
 */

export const CONNECT_PG_SIMPLE_TABLE_SQL =
  'CREATE TABLE "session" (\n' +
  '  "sid" varchar NOT NULL COLLATE "default",\n' +
  '  "sess" json NOT NULL,\n' +
  '  "expire" timestamp(6) NOT NULL\n' +
  ')\n' +
  'WITH (OIDS=FALSE);\n' +
  '\n' +
  'ALTER TABLE "session" ADD CONSTRAINT "session_pkey" PRIMARY KEY ("sid") NOT DEFERRABLE INITIALLY IMMEDIATE;\n' +
  '\n' +
  'CREATE INDEX "IDX_session_expire" ON "session" ("expire");\n';

/** The package's default `tableName`. */
export const DEFAULT_TABLE = 'session';

function escapePgIdentifier(value: string): string {
  return value.replaceAll('"', '""');
}

/**
 * The table as the store quotes it in every query: `"table"`, or `"schema"."table"`. An empty
 * `tableName` or `schemaName` counts as unset, as in the package (`options.tableName ? … : 'session'`).
 */
export function quotedTable(tableName: string | undefined, schemaName: string | undefined): string {
  const schema = schemaName ? escapePgIdentifier(schemaName) : undefined;
  let table = tableName ? escapePgIdentifier(tableName) : DEFAULT_TABLE;
  // The package's deprecated form: a schema written into tableName as `schema"."table`.
  if (!schema && table.includes('"."')) table = table.replace(/^([^"]+)""\.""([^"]+)$/, '$1"."$2');
  return schema ? `"${schema}"."${table}"` : `"${table}"`;
}

/** The DDL `createTableIfMissing` runs for these names, from the given table.sql (the installed one, else 10.0.0's). */
export function connectPgSimpleTableSql(tableName: string | undefined, schemaName: string | undefined, tableSql: string = CONNECT_PG_SIMPLE_TABLE_SQL): string {
  return tableSql.replaceAll('"session"', quotedTable(tableName, schemaName));
}

/**
 * The columns of table.sql's CREATE TABLE, in its order: each name (unquoted) and its whole
 * definition as the file writes it (`"sid" varchar NOT NULL COLLATE "default"`). Empty when the
 * file holds no CREATE TABLE of the shape the package ships.
 */
export function connectPgSimpleColumns(tableSql: string = CONNECT_PG_SIMPLE_TABLE_SQL): Array<{ name: string; definition: string }> {
  const m = /CREATE TABLE "session" \(\n([\s\S]*?)\n\)/.exec(tableSql);
  if (!m) return [];
  return m[1]
    .split(',\n')
    .map((l) => l.trim())
    .map((definition) => ({ name: /^"((?:[^"]|"")+)"/.exec(definition)?.[1].replaceAll('""', '"') ?? '', definition }))
    .filter((c) => c.name !== '');
}

/** The installed table.sql when its columns can be read from it, else 10.0.0's (the column source of facts and fixes). */
export function columnSourceSql(installed: string | undefined): string {
  return installed !== undefined && connectPgSimpleColumns(installed).length > 0 ? installed : CONNECT_PG_SIMPLE_TABLE_SQL;
}

/** The primary-key column table.sql declares (`ADD CONSTRAINT … PRIMARY KEY ("sid")`). */
export function connectPgSimplePrimaryKey(tableSql: string = CONNECT_PG_SIMPLE_TABLE_SQL): string | undefined {
  return /PRIMARY KEY \("((?:[^"]|"")+)"\)/.exec(tableSql)?.[1].replaceAll('""', '"');
}

/** table.sql's statements (after the CREATE TABLE) that name one column: its index on `expire`. */
function indexStatementsOn(column: string, tableSql: string): string[] {
  return tableSql
    .split(';')
    .map((s) => s.trim())
    .filter((s) => /^CREATE INDEX /.test(s) && s.endsWith(`("${column}")`));
}

/**
 * The missing columns added with table.sql's own definitions, in one ALTER TABLE (the names as the
 * store quotes them), then the file's index on any of them. Empty when none of them is in the file.
 */
export function connectPgSimpleAddColumnsSql(
  missing: readonly string[],
  tableName: string | undefined,
  schemaName: string | undefined,
  tableSql: string = CONNECT_PG_SIMPLE_TABLE_SQL,
): string {
  const columns = connectPgSimpleColumns(tableSql).filter((c) => missing.includes(c.name));
  if (columns.length === 0) return '';
  const table = quotedTable(tableName, schemaName);
  const indexes = columns.flatMap((c) => indexStatementsOn(c.name, tableSql)).map((s) => s.replaceAll('"session"', table));
  return [`ALTER TABLE ${table} ${columns.map((c) => `ADD COLUMN ${c.definition}`).join(', ')}`, ...indexes].map((s) => `${s};\n`).join('');
}
