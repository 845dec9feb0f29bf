/**
 * The SQL Django's schema editor writes for a session model's `CreateModel` migration, as
 * `python3 manage.py sqlmigrate sessions 0001` prints it, generated from the same inputs Django
 * uses: the table name, the model's name and its fields. Django's own model
 * (`django.contrib.sessions.models.Session`, unchanged from Django 1.x through 5.x) is
 * `DJANGO_SESSION_MODEL`; a custom `AbstractBaseSession` subclass only changes the names.
 *
 * The rules, from Django 3.2's `django/db/backends/*` (base/schema.py `column_sql`,
 * `_create_index_name`; postgresql/schema.py's `_like` indexes; each backend's `data_types`,
 * `max_name_length` and `can_rollback_ddl`):
 * - a column is `"<column>" <type> NOT NULL|NULL [PRIMARY KEY|UNIQUE]`;
 * - every field with `db_index` (and not unique) gets `CREATE INDEX`, in field order, after the
 *   table; on PostgreSQL a `varchar`/`text` field that is indexed or unique (a primary key too)
 *   also gets a `<...>_like` index with `varchar_pattern_ops` / `text_pattern_ops`, right after
 *   that field's own index;
 * - index names are `<table>_<columns>_<md5(table + columns)[:8]><suffix>`, shortened to the
 *   backend's identifier limit (PostgreSQL 63, MySQL 64, SQLite none: 200);
 * - sqlmigrate wraps the statements in `BEGIN;` / `COMMIT;` where DDL can be rolled back
 *   (SQLite, PostgreSQL) and not on MySQL/MariaDB, and heads them with `-- Create model <Name>`.
 *
 * Byte-equal to the captures in test/fixtures/stacks/django/captures (test/unit/stacks/django).
 */
import { createHash } from 'node:crypto';

export type DjangoDialect = 'sqlite' | 'postgresql' | 'mysql';

export interface DjangoField {
  column: string;
  /** The Django field class's internal type; only those a session model uses. */
  type: 'CharField' | 'TextField' | 'DateTimeField';
  maxLength?: number;
  primaryKey?: boolean;
  unique?: boolean;
  dbIndex?: boolean;
  null?: boolean;
}

export interface DjangoModel {
  /** The model class name, as the migration's `CreateModel(name=…)` gives it: `Session`. */
  name: string;
  table: string;
  fields: readonly DjangoField[];
}

/** `django.contrib.sessions` 0001_initial: AbstractBaseSession's three fields, table `django_session`. */
export const DJANGO_SESSION_MODEL: DjangoModel = {
  name: 'Session',
  table: 'django_session',
  fields: [
    { column: 'session_key', type: 'CharField', maxLength: 40, primaryKey: true },
    { column: 'session_data', type: 'TextField' },
    { column: 'expire_date', type: 'DateTimeField', dbIndex: true },
  ],
};

/** A session model of the project's own (an `AbstractBaseSession` subclass): Django's fields, its names. */
export function customSessionModel(name: string, table: string): DjangoModel {
  return { ...DJANGO_SESSION_MODEL, name, table };
}

interface Backend {
  maxNameLength: number | undefined;
  canRollbackDdl: boolean;
  quote(name: string): string;
  columnType(f: DjangoField): string;
}

const BACKENDS: Record<DjangoDialect, Backend> = {
  sqlite: {
    maxNameLength: undefined,
    canRollbackDdl: true,
    quote: (n) => `"${n}"`,
    columnType: (f) => ({ CharField: `varchar(${String(f.maxLength)})`, TextField: 'text', DateTimeField: 'datetime' })[f.type],
  },
  postgresql: {
    maxNameLength: 63,
    canRollbackDdl: true,
    quote: (n) => `"${n}"`,
    columnType: (f) => ({ CharField: `varchar(${String(f.maxLength)})`, TextField: 'text', DateTimeField: 'timestamp with time zone' })[f.type],
  },
  mysql: {
    maxNameLength: 64,
    canRollbackDdl: false,
    quote: (n) => `\`${n}\``,
    // MySQL 5.6.4+ and every MariaDB Django supports have fractional seconds: datetime(6).
    columnType: (f) => ({ CharField: `varchar(${String(f.maxLength)})`, TextField: 'longtext', DateTimeField: 'datetime(6)' })[f.type],
  },
};

/**
 * Django quotes identifiers without escaping them, so a name holding a quote character, or one
 * that is empty, would give SQL that does not say what it seems to; refuse it instead.
 */
function checkIdentifier(name: string, what: string): void {
  if (name.length === 0 || /["`\0]/.test(name)) throw new Error(`unusable ${what} name for Django DDL: ${JSON.stringify(name)}`);
}

function digest(parts: readonly string[]): string {
  const h = createHash('md5');
  for (const p of parts) h.update(p, 'utf8');
  return h.digest('hex').slice(0, 8);
}

/**
 * BaseDatabaseSchemaEditor._create_index_name: `<table>_<columns>_<hash><suffix>`, or, when that is
 * longer than the backend's limit, the table and the columns cut to a third each around the hash.
 * Lengths count code points, as Python's do.
 */
export function djangoIndexName(dialect: DjangoDialect, table: string, columns: readonly string[], suffix = ''): string {
  const maxLength = BACKENDS[dialect].maxNameLength ?? 200;
  let hashSuffix = digest([table, ...columns]) + suffix;
  const cols = columns.join('_');
  const whole = `${table}_${cols}_${hashSuffix}`;
  if ([...whole].length <= maxLength) return whole;
  if ([...hashSuffix].length > maxLength / 3) hashSuffix = [...hashSuffix].slice(0, Math.floor(maxLength / 3)).join('');
  const other = Math.floor((maxLength - [...hashSuffix].length) / 2) - 1;
  let name = `${[...table].slice(0, other).join('')}_${[...cols].slice(0, other).join('')}_${hashSuffix}`;
  // Django prefixes a `D` (dropping the last character) when the name starts with `_` or a digit.
  if (name.startsWith('_') || /^\p{Nd}/u.test(name)) name = `D${[...name].slice(0, -1).join('')}`;
  return name;
}

function columnSql(b: Backend, f: DjangoField): string {
  let sql = `${b.quote(f.column)} ${b.columnType(f)}`;
  sql += f.null ? ' NULL' : ' NOT NULL';
  if (f.primaryKey) sql += ' PRIMARY KEY';
  else if (f.unique) sql += ' UNIQUE';
  return sql;
}

/**
 * The statements `migrate` runs for the model, in order, without the trailing `;`: the table,
 * then its indexes. What the direct apply runs, and what `djangoSqlmigrate` prints.
 */
export function djangoCreateModelStatements(dialect: DjangoDialect, model: DjangoModel = DJANGO_SESSION_MODEL): string[] {
  const b = BACKENDS[dialect];
  checkIdentifier(model.table, 'table');
  for (const f of model.fields) checkIdentifier(f.column, 'column');
  const table = b.quote(model.table);
  const out = [`CREATE TABLE ${table} (${model.fields.map((f) => columnSql(b, f)).join(', ')})`];
  for (const f of model.fields) {
    const unique = f.unique === true || f.primaryKey === true;
    if (f.dbIndex && !unique) {
      out.push(`CREATE INDEX ${b.quote(djangoIndexName(dialect, model.table, [f.column]))} ON ${table} (${b.quote(f.column)})`);
    }
    if (dialect === 'postgresql' && (f.dbIndex || unique)) {
      const ops = f.type === 'CharField' ? 'varchar_pattern_ops' : f.type === 'TextField' ? 'text_pattern_ops' : undefined;
      if (ops) out.push(`CREATE INDEX ${b.quote(djangoIndexName(dialect, model.table, [f.column], '_like'))} ON ${table} (${b.quote(f.column)} ${ops})`);
    }
  }
  return out;
}

/** Exactly what `python3 manage.py sqlmigrate <app> 0001` prints for the model's CreateModel migration. */
export function djangoSqlmigrate(dialect: DjangoDialect, model: DjangoModel = DJANGO_SESSION_MODEL): string {
  const lines: string[] = [];
  const atomic = BACKENDS[dialect].canRollbackDdl;
  if (atomic) lines.push('BEGIN;');
  lines.push('--', `-- Create model ${model.name}`, '--');
  for (const s of djangoCreateModelStatements(dialect, model)) lines.push(`${s};`);
  if (atomic) lines.push('COMMIT;');
  return `${lines.join('\n')}\n`;
}

/** Names of the indexes the model's DDL creates (what the apply expects to exist afterwards). */
export function djangoIndexNames(dialect: DjangoDialect, model: DjangoModel = DJANGO_SESSION_MODEL): string[] {
  return djangoCreateModelStatements(dialect, model)
    .slice(1)
    .map((s) => /^CREATE INDEX ["`]([^"`]+)["`]/.exec(s)?.[1])
    .filter((n): n is string => n !== undefined);
}
