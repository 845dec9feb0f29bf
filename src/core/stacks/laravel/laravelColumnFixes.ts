/**
 * The fixes of a Laravel sessions table that exists but lacks columns of the framework's sessions
 * migration (an app born on Laravel 5.1 or older has no user_id, ip_address, user_agent). Pure.
 *
 * - SQLite: the direct locked apply of exactly what `Schema::table()` compiles for the missing
 *   columns (laravelAddColumnsDdl), preferred;
 * - every dialect: a migration with those Blueprint calls in database/migrations, then `php artisan
 *   migrate`: the Laravel way, which keeps the schema reproducible from the migrations (preferred on
 *   servers, where no SQL is run directly).
 *
 * A NOT NULL column without a default (payload, last_activity) cannot be added to a table that holds
 * rows on SQLite ("Cannot add a NOT NULL column with default value NULL") nor on PostgreSQL ("column
 * … contains null values"); MySQL/MariaDB fill it with the type's implicit default. Where the add
 * would fail, or the table's rows cannot be counted, no fix is offered, and the problem says why. A
 * missing primary key (`id`) is never added by ALTER.
 */
import * as path from 'node:path';
import { msg } from '../../messages';
import type { ApplySqlFix, EditFix, Fix, Message } from '../../model';
import { indexNamesIn } from '../../fixes/build/ddlNames';
import type { LaravelApp } from './laravelApp';
import { LARAVEL_SESSION_COLUMNS, laravelAddColumnsDdl, type LaravelDialect } from './laravelDdl';

export interface AddColumnsInput {
  app: LaravelApp;
  dialect: LaravelDialect;
  /** Without the connection prefix (the migration's Schema::table() adds it). */
  table: string;
  prefix: string;
  missing: readonly string[];
  /** Whether the table holds a row (undefined: not known). */
  hasRows?: boolean;
  sqlitePath?: string;
  display: string;
  now?: Date;
  /** What the app's session writes print meanwhile, for the explanation. */
  error: string;
}

export interface AddColumnsPlan {
  fixes: Fix[];
  detail: Message;
}

function ddlText(statements: string[]): string {
  return statements.map((s) => `${s};`).join('\n') + '\n';
}

/** `2026_11_28_103000`, as `make:migration` stamps a file (UTC here: the clock the facts give). */
function migrationStamp(now: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${now.getUTCFullYear()}_${p(now.getUTCMonth() + 1)}_${p(now.getUTCDate())}_${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
}

function studly(s: string): string {
  return s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/**
 * The migration: a named class (every Laravel version loads it; anonymous migrations need 8.37+),
 * with the framework's own Blueprint calls for the missing columns, and a down() that drops them.
 */
export function addColumnsMigrationPhp(table: string, missing: readonly string[]): { className: string; text: string } {
  const columns = LARAVEL_SESSION_COLUMNS.filter((c) => missing.includes(c.name));
  const className = `AddMissingColumnsTo${studly(table)}Table`;
  const q = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const indexed = columns.filter((c) => c.index).map((c) => q(c.name));
  const text = [
    '<?php',
    '',
    'use Illuminate\\Database\\Migrations\\Migration;',
    'use Illuminate\\Database\\Schema\\Blueprint;',
    'use Illuminate\\Support\\Facades\\Schema;',
    '',
    `class ${className} extends Migration`,
    '{',
    '    /**',
    "     * Adds the columns of Laravel's sessions table that this table lacks (written by Session Doctor).",
    '     */',
    '    public function up()',
    '    {',
    `        Schema::table(${q(table)}, function (Blueprint $table) {`,
    ...columns.map((c) => `            ${c.blueprint}`),
    '        });',
    '    }',
    '',
    '    public function down()',
    '    {',
    `        Schema::table(${q(table)}, function (Blueprint $table) {`,
    ...indexed.map((c) => `            $table->dropIndex([${c}]);`),
    `            $table->dropColumn([${columns.map((c) => q(c.name)).join(', ')}]);`,
    '        });',
    '    }',
    '}',
    '',
  ].join('\n');
  return { className, text };
}

export function addColumnsFixes(input: AddColumnsInput): AddColumnsPlan {
  const { app, dialect, table, prefix, missing, hasRows, sqlitePath, display } = input;
  const full = prefix + table;
  const statements = laravelAddColumnsDdl(dialect, missing, table, prefix);
  if (!statements) {
    const key = LARAVEL_SESSION_COLUMNS.find((c) => c.primary)!.name;
    return { fixes: [], detail: msg('sessionColumns.primaryKey', input.error, key, full) };
  }
  const notNull = LARAVEL_SESSION_COLUMNS.filter((c) => missing.includes(c.name) && !c.nullable).map((c) => c.name);
  if (notNull.length > 0 && dialect !== 'mysql' && hasRows !== false) {
    const engine = dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    return { fixes: [], detail: msg(hasRows ? 'sessionColumns.rows' : 'sessionColumns.rowsUnknown', input.error, notNull.join(', '), full, engine) };
  }
  const fixes: Fix[] = [];
  const sql = ddlText(statements);
  if (sqlitePath) {
    const indexes = indexNamesIn(sql);
    const apply: ApplySqlFix = {
      id: 'laravel.addSessionColumns',
      kind: 'apply-sql',
      title: msg('fix.laravel.addSessionColumns', missing.join(', '), full, display),
      detail: msg('fix.laravel.addSessionColumns.detail'),
      destructive: false,
      preferred: true,
      requiresTrust: true,
      dialect: 'sqlite',
      database: sqlitePath,
      sql,
      // Creates no table: absent before, present after, and the undo drops the indexes and columns, never the table.
      expect: { tables: [], indexes, columns: missing.map((column) => ({ table: full, column })) },
    };
    fixes.push(apply);
  }
  // foreignId() exists from Laravel 7 on: an older app gets no migration written in calls it lacks.
  if (input.now && !(app.majorVersion !== undefined && app.majorVersion < 7)) {
    const { text } = addColumnsMigrationPhp(table, missing);
    const name = `${migrationStamp(input.now)}_add_missing_columns_to_${table.replace(/[^A-Za-z0-9_]/g, '_').toLowerCase()}_table`;
    const migration: EditFix = {
      id: 'laravel.addSessionColumnsMigration',
      kind: 'edit',
      title: msg('fix.laravel.addSessionColumnsMigration', missing.join(', ')),
      detail: msg('fix.laravel.addSessionColumnsMigration.detail', `${name}.php`),
      destructive: false,
      preferred: sqlitePath ? undefined : true,
      requiresTrust: true,
      edits: [{ file: path.join(app.root, 'database', 'migrations', `${name}.php`), newText: text, create: true }],
      followUp: { argv: ['php', 'artisan', 'migrate'], cwd: app.root },
    };
    fixes.push(migration);
  }
  return { fixes, detail: msg('sessionColumns.detail', input.error, statements.map((x) => `${x};`).join(' ')) };
}
