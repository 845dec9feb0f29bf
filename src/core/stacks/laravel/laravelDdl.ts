/**
 * The statements Laravel 12's schema builder executes for the framework's `sessions` migration
 * (`0001_01_01_000000_create_users_table.php`, also what `make:session-table` writes):
 *
 *   $table->string('id')->primary();
 *   $table->foreignId('user_id')->nullable()->index();
 *   $table->string('ip_address', 45)->nullable();
 *   $table->text('user_agent')->nullable();
 *   $table->longText('payload');
 *   $table->integer('last_activity')->index();
 *
 * Byte-equal to the query log captured from Illuminate\Database 12 in
 * test/fixtures/laravel/ddl/laravel12-sessions-migration.sql (checked by test/system/stacks/laravel/laravelDdl.test.ts),
 * so a table we create is the table `php artisan migrate` would have created.
 *
 * The same column list gives the statements `Schema::table()` runs to add missing columns
 * (laravelAddColumnsDdl), byte-equal to Illuminate 8.83's output in
 * test/fixtures/laravel/ddl/laravel8-sessions-add-columns.sql.
 */

export type LaravelDialect = 'sqlite' | 'mysql' | 'pgsql';

/** MySQL/MariaDB connection options that change the CREATE TABLE text (Laravel's connection config). */
interface LaravelMysqlOptions {
  /** `charset`; Laravel 12's default config: utf8mb4. `null` omits the clause, as a config without it does. */
  charset?: string | null;
  /** `collation`; Laravel 12's default config: utf8mb4_unicode_ci. */
  collation?: string | null;
  /** `engine`; null in Laravel's default config. */
  engine?: string | null;
}

/** Quotes one identifier segment the way the grammar's `wrap` does (doubling the quote character). */
function wrapSegment(segment: string, dialect: LaravelDialect): string {
  return dialect === 'mysql' ? '`' + segment.split('`').join('``') + '`' : '"' + segment.split('"').join('""') + '"';
}

/** Table name with the connection prefix on its last segment (`schema.table` keeps the schema in front). */
function prefixedTable(table: string, prefix: string): string[] {
  const parts = table.split('.');
  parts[parts.length - 1] = prefix + parts[parts.length - 1];
  return parts;
}

/** Blueprint::createIndexName: lower-cased `<prefix><table>_<columns>_<type>`, `-` and `.` as `_`. */
export function laravelIndexName(table: string, prefix: string, columns: readonly string[], type: 'index' | 'unique' | 'primary'): string {
  const name = `${prefixedTable(table, prefix).join('.')}_${columns.join('_')}_${type}`;
  return name.toLowerCase().replace(/[-.]/g, '_');
}

/**
 * The migration's columns, in its order: each with the Blueprint call that declares it and the type
 * each grammar compiles it to. The one source of both the CREATE TABLE below and the ADD COLUMN
 * statements (laravelAddColumnsDdl) and the migration a fix writes.
 */
export interface LaravelSessionColumn {
  name: string;
  /** The Blueprint call, as in the framework's migration (`$table->…;`). */
  blueprint: string;
  types: Record<LaravelDialect, string>;
  nullable: boolean;
  primary?: boolean;
  index?: boolean;
}

export const LARAVEL_SESSION_COLUMNS: readonly LaravelSessionColumn[] = [
  {
    name: 'id',
    blueprint: "$table->string('id')->primary();",
    types: { sqlite: 'varchar', mysql: 'varchar(255)', pgsql: 'varchar(255)' },
    nullable: false,
    primary: true,
  },
  {
    name: 'user_id',
    blueprint: "$table->foreignId('user_id')->nullable()->index();",
    types: { sqlite: 'integer', mysql: 'bigint unsigned', pgsql: 'bigint' },
    nullable: true,
    index: true,
  },
  {
    name: 'ip_address',
    blueprint: "$table->string('ip_address', 45)->nullable();",
    types: { sqlite: 'varchar', mysql: 'varchar(45)', pgsql: 'varchar(45)' },
    nullable: true,
  },
  { name: 'user_agent', blueprint: "$table->text('user_agent')->nullable();", types: { sqlite: 'text', mysql: 'text', pgsql: 'text' }, nullable: true },
  { name: 'payload', blueprint: "$table->longText('payload');", types: { sqlite: 'text', mysql: 'longtext', pgsql: 'text' }, nullable: false },
  {
    name: 'last_activity',
    blueprint: "$table->integer('last_activity')->index();",
    types: { sqlite: 'integer', mysql: 'int', pgsql: 'integer' },
    nullable: false,
    index: true,
  },
];

/** A column's definition as the grammar writes it: SQLite says nothing for nullable, the others `null`. */
function columnDefinition(c: LaravelSessionColumn, dialect: LaravelDialect): string {
  const nullability = c.nullable ? (dialect === 'sqlite' ? '' : ' null') : ' not null';
  return `${wrapSegment(c.name, dialect)} ${c.types[dialect]}${nullability}`;
}

function wrappedTable(table: string, prefix: string, dialect: LaravelDialect): string {
  return prefixedTable(table, prefix)
    .map((s) => wrapSegment(s, dialect))
    .join('.');
}

/** The statement that indexes one column, as each grammar writes it. */
function indexStatement(dialect: LaravelDialect, table: string, prefix: string, column: string): string {
  const t = wrappedTable(table, prefix, dialect);
  const name = wrapSegment(laravelIndexName(table, prefix, [column], 'index'), dialect);
  return dialect === 'mysql'
    ? `alter table ${t} add index ${name}(${wrapSegment(column, dialect)})`
    : `create index ${name} on ${t} (${wrapSegment(column, dialect)})`;
}

export function laravelSessionsDdl(dialect: LaravelDialect, table = 'sessions', prefix = '', mysql: LaravelMysqlOptions = {}): string[] {
  const t = wrappedTable(table, prefix, dialect);
  const columns = LARAVEL_SESSION_COLUMNS.map((c) => columnDefinition(c, dialect)).join(', ');
  const primary = LARAVEL_SESSION_COLUMNS.filter((c) => c.primary).map((c) => wrapSegment(c.name, dialect));
  const indexes = LARAVEL_SESSION_COLUMNS.filter((c) => c.index).map((c) => indexStatement(dialect, table, prefix, c.name));
  switch (dialect) {
    case 'sqlite':
      return [`create table ${t} (${columns}, primary key (${primary.join(', ')}))`, ...indexes];
    case 'mysql': {
      const charset = mysql.charset === undefined ? 'utf8mb4' : mysql.charset;
      const collation = mysql.collation === undefined ? 'utf8mb4_unicode_ci' : mysql.collation;
      let create = `create table ${t} (${columns}, primary key (${primary.join(', ')}))`;
      if (charset) create += ` default character set ${charset}`;
      if (collation) create += ` collate '${collation}'`;
      if (mysql.engine) create += ` engine = ${mysql.engine}`;
      return [create, ...indexes];
    }
    case 'pgsql':
      return [`create table ${t} (${columns})`, `alter table ${t} add primary key (${primary.join(', ')})`, ...indexes];
  }
}

/**
 * What `Schema::table($table, …)` with the missing columns' Blueprint calls executes (Illuminate\Database
 * 8.83, captured in test/fixtures/laravel/ddl/laravel8-sessions-add-columns.sql): SQLite one
 * `add column` per column, MySQL and PostgreSQL one `alter table` for all; then the indexes.
 * Columns are taken in the migration's order. A primary-key column is not handled (undefined).
 */
export function laravelAddColumnsDdl(dialect: LaravelDialect, missing: readonly string[], table = 'sessions', prefix = ''): string[] | undefined {
  const columns = LARAVEL_SESSION_COLUMNS.filter((c) => missing.includes(c.name));
  if (columns.length === 0 || columns.some((c) => c.primary)) return undefined;
  const t = wrappedTable(table, prefix, dialect);
  const indexes = columns.filter((c) => c.index).map((c) => indexStatement(dialect, table, prefix, c.name));
  if (dialect === 'sqlite') return [...columns.map((c) => `alter table ${t} add column ${columnDefinition(c, dialect)}`), ...indexes];
  const add = dialect === 'mysql' ? 'add' : 'add column';
  return [`alter table ${t} ${columns.map((c) => `${add} ${columnDefinition(c, dialect)}`).join(', ')}`, ...indexes];
}
