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
 * test/fixtures/laravel/ddl/laravel12-sessions-migration.sql (checked by test/unit/laravel/laravelDdl.test.ts),
 * so a table we create is the table `php artisan migrate` would have created.
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

export function laravelSessionsDdl(dialect: LaravelDialect, table = 'sessions', prefix = '', mysql: LaravelMysqlOptions = {}): string[] {
  const t = prefixedTable(table, prefix)
    .map((s) => wrapSegment(s, dialect))
    .join('.');
  const q = (s: string) => wrapSegment(s, dialect);
  const userIdIndex = q(laravelIndexName(table, prefix, ['user_id'], 'index'));
  const lastActivityIndex = q(laravelIndexName(table, prefix, ['last_activity'], 'index'));
  switch (dialect) {
    case 'sqlite':
      return [
        `create table ${t} ("id" varchar not null, "user_id" integer, "ip_address" varchar, "user_agent" text, "payload" text not null, "last_activity" integer not null, primary key ("id"))`,
        `create index ${userIdIndex} on ${t} ("user_id")`,
        `create index ${lastActivityIndex} on ${t} ("last_activity")`,
      ];
    case 'mysql': {
      const charset = mysql.charset === undefined ? 'utf8mb4' : mysql.charset;
      const collation = mysql.collation === undefined ? 'utf8mb4_unicode_ci' : mysql.collation;
      let create =
        `create table ${t} (\`id\` varchar(255) not null, \`user_id\` bigint unsigned null, \`ip_address\` varchar(45) null, ` +
        `\`user_agent\` text null, \`payload\` longtext not null, \`last_activity\` int not null, primary key (\`id\`))`;
      if (charset) create += ` default character set ${charset}`;
      if (collation) create += ` collate '${collation}'`;
      if (mysql.engine) create += ` engine = ${mysql.engine}`;
      return [create, `alter table ${t} add index ${userIdIndex}(\`user_id\`)`, `alter table ${t} add index ${lastActivityIndex}(\`last_activity\`)`];
    }
    case 'pgsql':
      return [
        `create table ${t} ("id" varchar(255) not null, "user_id" bigint null, "ip_address" varchar(45) null, "user_agent" text null, "payload" text not null, "last_activity" integer not null)`,
        `alter table ${t} add primary key ("id")`,
        `create index ${userIdIndex} on ${t} ("user_id")`,
        `create index ${lastActivityIndex} on ${t} ("last_activity")`,
      ];
  }
}
