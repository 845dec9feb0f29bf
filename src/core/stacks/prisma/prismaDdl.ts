/**
 * The SQL `prisma migrate diff --from-empty --to-schema-datamodel <schema> --script` prints, limited
 * to a chosen set of models, for SQLite, PostgreSQL and MySQL.
 *
 * SQLite and PostgreSQL output is checked byte for byte against the real Prisma 6.19 CLI in the tests.
 * The MySQL text follows prisma-engines' MySQL renderer (`sql_renderer/mysql_renderer.rs`,
 * `libs/sql-ddl/src/mysql.rs`) and published migrations made by Prisma, because the wasm schema
 * engine that runs offline refuses MySQL.
 *
 * Not rendered: the join tables (`_AToB`) of implicit many-to-many relations (the models' own tables
 * are exact; the join table is simply not part of the output). An UnsupportedPrismaFeatureError is
 * thrown for `@@fulltext`, index `type:`/`ops:`, scalar lists outside PostgreSQL and `@@schema`.
 */
import type { PrismaModel, PrismaSchema } from './prismaSchema';
import {
  buildTable,
  chronoDateTime,
  owningRelations,
  UnsupportedPrismaFeatureError,
  type Column,
  type ColumnDefault,
  type Dialect,
  type ForeignKey,
  type Index,
  type IndexColumn,
  type Table,
} from './prismaTables';

export type { Dialect } from './prismaTables';
export { UnsupportedPrismaFeatureError } from './prismaTables';

const INDENT = '    ';

function quoteIdent(name: string, dialect: Dialect): string {
  return dialect === 'mysql' ? `\`${name}\`` : `"${name}"`;
}

function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function nativeArgs(args: number[]): string {
  return args.length > 0 ? `(${args.join(',')})` : '';
}

function sqliteType(column: Column): string {
  if (column.unsupported !== undefined) return column.unsupported;
  if (column.enum) return 'TEXT';
  const types: Record<string, string> = {
    String: 'TEXT',
    Boolean: 'BOOLEAN',
    Int: 'INTEGER',
    BigInt: 'BIGINT',
    Float: 'REAL',
    Decimal: 'DECIMAL',
    DateTime: 'DATETIME',
    Json: 'JSONB',
    Bytes: 'BLOB',
  };
  return types[column.scalar];
}

/** Prisma's default PostgreSQL native type per scalar, as a `@db.*` name. */
const PG_DEFAULT_NATIVE: Record<string, { name: string; args: number[] }> = {
  String: { name: 'Text', args: [] },
  Boolean: { name: 'Boolean', args: [] },
  Int: { name: 'Integer', args: [] },
  BigInt: { name: 'BigInt', args: [] },
  Float: { name: 'DoublePrecision', args: [] },
  Decimal: { name: 'Decimal', args: [65, 30] },
  DateTime: { name: 'Timestamp', args: [3] },
  Json: { name: 'JsonB', args: [] },
  Bytes: { name: 'ByteA', args: [] },
};

function postgresType(column: Column): string {
  const list = column.list ? '[]' : '';
  if (column.enum) return `"${column.enum.dbName}"${list}`;
  if (column.unsupported !== undefined) return `${column.unsupported}${list}`;
  const native = column.nativeType ?? PG_DEFAULT_NATIVE[column.scalar];
  const args = native.args;
  let type: string;
  switch (native.name) {
    case 'SmallInt':
      type = column.autoincrement ? 'SMALLSERIAL' : 'SMALLINT';
      break;
    case 'Integer':
      type = column.autoincrement ? 'SERIAL' : 'INTEGER';
      break;
    case 'BigInt':
      type = column.autoincrement ? 'BIGSERIAL' : 'BIGINT';
      break;
    case 'DoublePrecision':
      type = 'DOUBLE PRECISION';
      break;
    case 'ByteA':
      type = 'BYTEA';
      break;
    case 'JsonB':
      type = 'JSONB';
      break;
    case 'VarBit':
      type = `VARBIT${nativeArgs(args)}`;
      break;
    case 'Timestamptz':
      type = `TIMESTAMPTZ${nativeArgs(args)}`;
      break;
    case 'Timetz':
      type = `TIMETZ${nativeArgs(args)}`;
      break;
    default:
      // Citext, Oid, Inet, Money, Real, Text, Date, Boolean, Uuid, Xml, Json and the ones with
      // arguments (VarChar, Char, Bit, Decimal, Timestamp, Time) are the upper-cased name.
      type = `${native.name.toUpperCase()}${nativeArgs(args)}`;
  }
  return `${type}${list}`;
}

/** Prisma's default MySQL native type per scalar. */
const MYSQL_DEFAULT_NATIVE: Record<string, { name: string; args: number[] }> = {
  String: { name: 'VarChar', args: [191] },
  Boolean: { name: 'TinyInt', args: [1] },
  Int: { name: 'Int', args: [] },
  BigInt: { name: 'BigInt', args: [] },
  Float: { name: 'Double', args: [] },
  Decimal: { name: 'Decimal', args: [65, 30] },
  DateTime: { name: 'DateTime', args: [3] },
  Json: { name: 'Json', args: [] },
  Bytes: { name: 'LongBlob', args: [] },
};

function mysqlNative(column: Column): { name: string; args: number[] } {
  return column.nativeType ?? MYSQL_DEFAULT_NATIVE[column.scalar];
}

function mysqlType(column: Column): string {
  if (column.enum) return `ENUM(${column.enum.values.map((v) => quoteString(v.dbName)).join(', ')})`;
  if (column.unsupported !== undefined) return column.unsupported;
  const { name, args } = mysqlNative(column);
  const one = args.length > 0 ? `(${args[0]})` : '';
  switch (name) {
    case 'Int':
      return 'INTEGER';
    case 'UnsignedInt':
      return 'INTEGER UNSIGNED';
    case 'UnsignedSmallInt':
      return 'SMALLINT UNSIGNED';
    case 'UnsignedTinyInt':
      return 'TINYINT UNSIGNED';
    case 'UnsignedMediumInt':
      return 'MEDIUMINT UNSIGNED';
    case 'UnsignedBigInt':
      return 'BIGINT UNSIGNED';
    case 'TinyInt':
      return column.scalar === 'Boolean' ? 'BOOLEAN' : 'TINYINT';
    case 'Decimal':
      return args.length === 2 ? `DECIMAL(${args[0]}, ${args[1]})` : 'DECIMAL';
    case 'Time':
    case 'DateTime':
    case 'Timestamp':
      return `${name.toUpperCase()}${one}`;
    case 'VarChar':
    case 'Char':
    case 'Bit':
    case 'Binary':
    case 'VarBinary':
      return `${name.toUpperCase()}(${args[0]})`;
    default:
      // SmallInt, MediumInt, BigInt, Float, Double, Date, Year, Json, the Text and Blob family.
      return name.toUpperCase();
  }
}

function renderDefault(value: ColumnDefault, column: Column, dialect: Dialect, fullType: string): string {
  switch (value.kind) {
    case 'dbgenerated':
      return value.sql;
    case 'string':
    case 'enum':
      return quoteString(value.value);
    case 'now':
      if (dialect !== 'mysql') return 'CURRENT_TIMESTAMP';
      return `CURRENT_TIMESTAMP(${mysqlTimestampPrecision(column)})`;
    case 'datetime':
      return quoteString(chronoDateTime(value.value, dialect === 'mysql' ? 'rfc3339' : 'display') ?? value.value);
    case 'json':
      // SQLite prints the JSON text unquoted (that is what Prisma 6.19 emits).
      return dialect === 'sqlite' ? value.value : quoteString(value.value);
    case 'bytes':
      return dialect === 'postgresql' ? `'\\x${value.hex}'` : `'${value.hex}'`;
    case 'number':
      return value.text;
    case 'boolean':
      return String(value.value);
    case 'list':
      return `ARRAY[${value.items.map((item) => renderDefault(item, column, dialect, fullType)).join(', ')}]::${fullType}`;
  }
}

function mysqlTimestampPrecision(column: Column): number {
  const { name, args } = mysqlNative(column);
  return (name === 'DateTime' || name === 'Timestamp' || name === 'Time') && args.length > 0 ? args[0] : 3;
}

function renderColumn(column: Column, table: Table, dialect: Dialect): string {
  const name = quoteIdent(column.name, dialect);
  if (dialect === 'sqlite') {
    const type = sqliteType(column);
    const singlePk = table.primaryKey?.columns.length === 1 && table.primaryKey.columns[0].name === column.name;
    let sql = `${name} ${type}`;
    if (column.required) sql += ' NOT NULL';
    if (singlePk) sql += ' PRIMARY KEY';
    // Prisma makes every single-column Int primary key AUTOINCREMENT on SQLite.
    if (singlePk && column.scalar === 'Int' && !column.enum) sql += ' AUTOINCREMENT';
    if (column.default && !column.autoincrement) sql += ` DEFAULT ${renderDefault(column.default, column, dialect, type)}`;
    return sql;
  }
  if (dialect === 'postgresql') {
    const type = postgresType(column);
    let sql = `${name} ${type}`;
    if (column.required) sql += ' NOT NULL';
    if (column.default && !column.autoincrement) sql += ` DEFAULT ${renderDefault(column.default, column, dialect, type)}`;
    return sql;
  }
  const type = mysqlType(column);
  let sql = `${name} ${type}${column.required ? ' NOT NULL' : ' NULL'}`;
  if (column.autoincrement) sql += ' AUTO_INCREMENT';
  // MySQL gets no Json or Bytes literal defaults from Prisma (MySQL rejects them).
  const skipped = column.default?.kind !== 'dbgenerated' && (column.scalar === 'Json' || column.scalar === 'Bytes');
  if (column.default && !column.autoincrement && !skipped) sql += ` DEFAULT ${renderDefault(column.default, column, dialect, type)}`;
  return sql;
}

function indexColumnList(columns: IndexColumn[], dialect: Dialect): string {
  return columns
    .map((c) => `${quoteIdent(c.name, dialect)}${dialect === 'mysql' && c.length !== undefined ? `(${c.length})` : ''}${c.sort ? ` ${c.sort}` : ''}`)
    .join(', ');
}

function renderCreateTable(table: Table, dialect: Dialect): string {
  const columns = table.columns.map((c) => `${INDENT}${renderColumn(c, table, dialect)}`);
  const head = `CREATE TABLE ${quoteIdent(table.name, dialect)} (\n${columns.join(',\n')}`;
  const pk = table.primaryKey;
  if (dialect === 'sqlite') {
    let body = head;
    if (pk && pk.columns.length > 1) body += `,\n\n${INDENT}PRIMARY KEY (${pk.columns.map((c) => quoteIdent(c.name, dialect)).join(', ')})`;
    for (const fk of table.foreignKeys) {
      body += `,\n${INDENT}CONSTRAINT ${quoteIdent(fk.name, dialect)} FOREIGN KEY (${fk.columns.map((c) => quoteIdent(c, dialect)).join(', ')}) REFERENCES ${quoteIdent(fk.referencedTable, dialect)} (${fk.referencedColumns.map((c) => quoteIdent(c, dialect)).join(', ')}) ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}`;
    }
    return `${body}\n)`;
  }
  if (dialect === 'postgresql') {
    const pkLine = pk
      ? `,\n\n${INDENT}CONSTRAINT ${quoteIdent(pk.name, dialect)} PRIMARY KEY (${pk.columns.map((c) => quoteIdent(c.name, dialect)).join(',')})`
      : '';
    return `${head}${pkLine}\n)`;
  }
  // MySQL keeps indexes and the primary key inside CREATE TABLE.
  const extras = table.indexes.map((i) => `${INDENT}${i.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(i.name, dialect)}(${indexColumnList(i.columns, dialect)})`);
  if (pk) extras.push(`${INDENT}PRIMARY KEY (${indexColumnList(pk.columns, dialect)})`);
  const tail = extras.length > 0 ? `,\n\n${extras.join(',\n')}` : '';
  return `${head}${tail}\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`;
}

function renderCreateIndex(table: Table, index: Index, dialect: Dialect): string {
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(index.name, dialect)} ON ${quoteIdent(table.name, dialect)}(${indexColumnList(index.columns, dialect)})`;
}

function renderAddForeignKey(table: Table, fk: ForeignKey, dialect: Dialect): string {
  const cols = fk.columns.map((c) => quoteIdent(c, dialect)).join(', ');
  const refs = fk.referencedColumns.map((c) => quoteIdent(c, dialect)).join(', ');
  return `ALTER TABLE ${quoteIdent(table.name, dialect)} ADD CONSTRAINT ${quoteIdent(fk.name, dialect)} FOREIGN KEY (${cols}) REFERENCES ${quoteIdent(fk.referencedTable, dialect)}(${refs}) ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}`;
}

function step(comment: string, sql: string): string {
  return `-- ${comment}\n${sql};\n\n`;
}

/**
 * Exactly what `prisma migrate diff --from-empty` prints for the tables of `modelNames`, in Prisma's
 * order: (PostgreSQL) CREATE TYPE for the enums those tables use (all enums when every model is
 * chosen), every CREATE TABLE in schema
 * order, then (SQLite, PostgreSQL) CREATE INDEX, then (PostgreSQL, MySQL) ADD FOREIGN KEY.
 * Throws UnsupportedPrismaFeatureError for features it does not render, and Error for unknown models.
 */
export function prismaCreateSql(schema: PrismaSchema, modelNames: string[], dialect: Dialect): string {
  for (const name of modelNames) {
    if (!schema.models.some((m) => m.name === name)) throw new Error(`Unknown Prisma model: ${name}`);
  }
  const wanted = new Set(modelNames);
  const tables = schema.models.filter((m) => wanted.has(m.name)).map((m) => buildTable(schema, m, dialect));
  let out = '';
  if (dialect === 'postgresql') {
    // Enums the chosen tables use; for the whole schema, every enum (as migrate diff does).
    const whole = schema.models.every((m) => wanted.has(m.name));
    const used = new Set(tables.flatMap((t) => t.columns.filter((c) => c.enum).map((c) => c.enum?.name)));
    for (const enm of schema.enums.filter((e) => whole || used.has(e.name))) {
      out += step('CreateEnum', `CREATE TYPE "${enm.dbName}" AS ENUM (${enm.values.map((v) => quoteString(v.dbName)).join(', ')})`);
    }
  }
  for (const table of tables) out += step('CreateTable', renderCreateTable(table, dialect));
  if (dialect !== 'mysql') {
    for (const table of tables) for (const index of table.indexes) out += step('CreateIndex', renderCreateIndex(table, index, dialect));
  }
  if (dialect !== 'sqlite') {
    for (const table of tables) for (const fk of table.foreignKeys) out += step('AddForeignKey', renderAddForeignKey(table, fk, dialect));
  }
  return out;
}

/**
 * The model plus every model its foreign keys need to exist first (transitively), in schema order:
 * for a Session with `user User @relation(fields: [userId], ...)`, [User, Session].
 */
export function tablesNeededFor(schema: PrismaSchema, model: PrismaModel): PrismaModel[] {
  const needed = new Set<string>([model.name]);
  const queue = [model];
  while (queue.length > 0) {
    const current = queue.pop() as PrismaModel;
    for (const { field } of owningRelations(current)) {
      const target = schema.models.find((m) => m.name === field.type);
      if (target && !needed.has(target.name)) {
        needed.add(target.name);
        queue.push(target);
      }
    }
  }
  return schema.models.filter((m) => needed.has(m.name));
}

/** Index and table names the SQL creates, for checking the result after applying it. */
export function createdObjects(schema: PrismaSchema, modelNames: string[], dialect: Dialect): { tables: string[]; indexes: string[] } {
  const wanted = new Set(modelNames);
  const tables = schema.models.filter((m) => wanted.has(m.name)).map((m) => buildTable(schema, m, dialect));
  return { tables: tables.map((t) => t.name), indexes: tables.flatMap((t) => t.indexes.map((i) => i.name)) };
}

// Re-exported so callers can tell "unsupported" apart from bugs without importing prismaTables.
export const isUnsupportedPrismaFeature = (error: unknown): error is UnsupportedPrismaFeatureError => error instanceof UnsupportedPrismaFeatureError;

/** The model's columns (database names) and each one's definition as Prisma renders it on SQLite. */
export function prismaSqliteColumns(schema: PrismaSchema, model: PrismaModel): Array<{ name: string; definition: string }> {
  const table = buildTable(schema, model, 'sqlite');
  return table.columns.map((c) => ({ name: c.name, definition: renderColumn(c, table, 'sqlite') }));
}

/** What brings a SQLite table that lacks some of its model's columns to the model. */
export interface AddColumnsSql {
  /** Exactly what `prisma migrate diff` prints (Prisma 6.19), from the model without those columns to the model. */
  sql: string;
  /** Prisma rebuilds the table (`new_<table>`, copy, drop, rename) instead of `ALTER TABLE … ADD COLUMN`. */
  redefines: boolean;
  /**
   * False when SQLite may refuse the SQL Prisma prints: `ADD COLUMN` with a default that is not a
   * constant (`@default(now())`, `dbgenerated`) fails with "Cannot add a column with non-constant
   * default" on a table with rows.
   */
  runs: boolean;
  /** The indexes the SQL creates that involve a missing column (what an undo drops). */
  newIndexes: string[];
}

/**
 * `prisma migrate diff --script` from the model without `missing` (database column names) to the
 * model, on SQLite, as Prisma 6.19 prints it (byte for byte, test/fixtures/prisma-columns): only
 * nullable columns without a foreign key are added with `ALTER TABLE … ADD COLUMN` (one per
 * column, in byte order of their names, then their indexes); any other column makes Prisma rebuild
 * the table, copying the columns it keeps (in byte order) and re-creating every index.
 * Throws for columns the model does not have, and UnsupportedPrismaFeatureError as prismaCreateSql.
 */
export function prismaAddColumnsSql(schema: PrismaSchema, model: PrismaModel, missing: string[]): AddColumnsSql {
  const table = buildTable(schema, model, 'sqlite');
  const added = table.columns.filter((c) => missing.includes(c.name));
  if (added.length !== missing.length || added.length === 0) throw new Error(`Columns not in model ${model.name}: ${missing.join(', ')}`);
  const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const fkColumns = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
  const q = (name: string) => quoteIdent(name, 'sqlite');
  const touches = (i: Index) => i.columns.some((c) => missing.includes(c.name));
  const newIndexes = table.indexes.filter(touches).map((i) => i.name);
  if (added.every((c) => !c.required && !fkColumns.has(c.name))) {
    const alters = [...added]
      .sort((a, b) => byBytes(a.name, b.name))
      .map((c) => `ALTER TABLE ${q(table.name)} ADD COLUMN ${renderColumn(c, table, 'sqlite')};`)
      .join('\n');
    let sql = `-- AlterTable\n${alters}\n\n`;
    for (const index of table.indexes.filter(touches)) sql += step('CreateIndex', renderCreateIndex(table, index, 'sqlite'));
    const constant = (c: Column) => !c.default || (c.default.kind !== 'now' && c.default.kind !== 'dbgenerated');
    return { sql, redefines: false, runs: added.every(constant), newIndexes };
  }
  const kept = table.columns
    .filter((c) => !missing.includes(c.name))
    .map((c) => c.name)
    .sort(byBytes)
    .map(q)
    .join(', ');
  const temp = `new_${table.name}`;
  const lines = [
    '-- RedefineTables',
    'PRAGMA defer_foreign_keys=ON;',
    'PRAGMA foreign_keys=OFF;',
    `${renderCreateTable({ ...table, name: temp }, 'sqlite')};`,
    `INSERT INTO ${q(temp)} (${kept}) SELECT ${kept} FROM ${q(table.name)};`,
    `DROP TABLE ${q(table.name)};`,
    `ALTER TABLE ${q(temp)} RENAME TO ${q(table.name)};`,
    ...table.indexes.map((i) => `${renderCreateIndex(table, i, 'sqlite')};`),
    'PRAGMA foreign_keys=ON;',
    'PRAGMA defer_foreign_keys=OFF;',
  ];
  return { sql: `${lines.join('\n')}\n\n`, redefines: true, runs: true, newIndexes };
}
