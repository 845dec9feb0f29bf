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
