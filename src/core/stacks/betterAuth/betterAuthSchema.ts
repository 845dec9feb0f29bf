/**
 * Better Auth's core tables (`user`, `session`, `account`, `verification`) and the SQL its Kysely
 * migration writes for them, per dialect: what `auth generate` prints and `auth migrate` runs.
 *
 * The field list is Better Auth 1.7's core schema (with email and password on). The SQL follows the
 * migration planner's rules: a table that is missing is created whole, a table that exists gets an
 * `alter table … add column` per missing field, and each non-unique indexed field of a created
 * table gets a `create index "<table>_<column>_idx"` after every table (an added unique or indexed
 * column gets its `…_uidx` / `…_idx` index there too). Table and column names are
 * the ones the config gives (`session: { modelName, fields }`). Tested byte for byte against the
 * real CLI's output (test/fixtures/stacks/better-auth/ddl).
 *
 * Pure: no I/O.
 */

export type BetterAuthDialect = 'sqlite' | 'postgres' | 'mysql';
export type CoreModel = 'user' | 'session' | 'account' | 'verification';
export const CORE_MODELS: readonly CoreModel[] = ['user', 'session', 'account', 'verification'];

interface Field {
  key: string;
  type: 'string' | 'boolean' | 'date';
  required: boolean;
  unique?: boolean;
  index?: boolean;
  sortable?: boolean;
  /** References user.id, on delete cascade. */
  referencesUser?: boolean;
  /** A date whose default is "now" in code: the servers get `default CURRENT_TIMESTAMP`. */
  nowDefault?: boolean;
}

const f = (key: string, type: Field['type'], required: boolean, extra: Partial<Field> = {}): Field => ({ key, type, required, ...extra });

/** The fields of each core model after `id`, in Better Auth's order. */
export const CORE_FIELDS: Record<CoreModel, readonly Field[]> = {
  user: [
    f('name', 'string', true, { sortable: true }),
    f('email', 'string', true, { unique: true, sortable: true }),
    f('emailVerified', 'boolean', true),
    f('image', 'string', false),
    f('createdAt', 'date', true, { nowDefault: true }),
    f('updatedAt', 'date', true, { nowDefault: true }),
  ],
  session: [
    f('expiresAt', 'date', true),
    f('token', 'string', true, { unique: true }),
    f('createdAt', 'date', true, { nowDefault: true }),
    f('updatedAt', 'date', true),
    f('ipAddress', 'string', false),
    f('userAgent', 'string', false),
    f('userId', 'string', true, { referencesUser: true, index: true }),
  ],
  account: [
    f('accountId', 'string', true),
    f('providerId', 'string', true),
    f('userId', 'string', true, { referencesUser: true, index: true }),
    f('accessToken', 'string', false),
    f('refreshToken', 'string', false),
    f('idToken', 'string', false),
    f('accessTokenExpiresAt', 'date', false),
    f('refreshTokenExpiresAt', 'date', false),
    f('scope', 'string', false),
    f('password', 'string', false),
    f('createdAt', 'date', true, { nowDefault: true }),
    f('updatedAt', 'date', true),
  ],
  verification: [
    f('identifier', 'string', true, { index: true }),
    f('value', 'string', true),
    f('expiresAt', 'date', true),
    f('createdAt', 'date', true, { nowDefault: true }),
    f('updatedAt', 'date', true, { nowDefault: true }),
  ],
};

/** The names a config gives: `<model>: { modelName, fields: { key: column } }`. */
export interface BetterAuthNames {
  tables: Record<CoreModel, string>;
  columns: Record<CoreModel, Record<string, string>>;
}

export const DEFAULT_NAMES: BetterAuthNames = {
  tables: { user: 'user', session: 'session', account: 'account', verification: 'verification' },
  columns: { user: {}, session: {}, account: {}, verification: {} },
};

export function tableName(names: BetterAuthNames, model: CoreModel): string {
  return names.tables[model];
}

export function columnName(names: BetterAuthNames, model: CoreModel, key: string): string {
  return names.columns[model][key] ?? key;
}

/** Every column a model's table needs, `id` first, as named in the config. */
export function modelColumns(names: BetterAuthNames, model: CoreModel): string[] {
  return ['id', ...CORE_FIELDS[model].map((x) => columnName(names, model, x.key))];
}

function quote(dialect: BetterAuthDialect, name: string): string {
  return dialect === 'mysql' ? `\`${name.replace(/`/g, '``')}\`` : `"${name.replace(/"/g, '""')}"`;
}

function columnType(dialect: BetterAuthDialect, field: Field | 'id'): string {
  if (field === 'id' || field.referencesUser) return dialect === 'mysql' ? 'varchar(36)' : 'text';
  switch (field.type) {
    case 'string':
      if (dialect !== 'mysql') return 'text';
      return field.unique || field.sortable || field.index ? 'varchar(255)' : 'text';
    case 'boolean':
      return dialect === 'sqlite' ? 'integer' : 'boolean';
    case 'date':
      return dialect === 'sqlite' ? 'date' : dialect === 'postgres' ? 'timestamptz' : 'timestamp(3)';
  }
}

/** One column definition, in Kysely's order: type, default, not null, references, unique. */
function columnDefinition(dialect: BetterAuthDialect, names: BetterAuthNames, model: CoreModel, field: Field, inline: { unique: boolean }): string {
  const parts = [quote(dialect, columnName(names, model, field.key)), columnType(dialect, field)];
  if (field.nowDefault && dialect !== 'sqlite') parts.push(`default ${dialect === 'mysql' ? 'CURRENT_TIMESTAMP(3)' : 'CURRENT_TIMESTAMP'}`);
  if (field.required) parts.push('not null');
  if (field.referencesUser)
    parts.push(`references ${quote(dialect, tableName(names, 'user'))} (${quote(dialect, columnName(names, 'user', 'id'))}) on delete cascade`);
  if (field.unique && inline.unique) parts.push('unique');
  return parts.join(' ');
}

function createTable(dialect: BetterAuthDialect, names: BetterAuthNames, model: CoreModel): string {
  const cols = [`${quote(dialect, 'id')} ${columnType(dialect, 'id')} not null primary key`];
  for (const field of CORE_FIELDS[model]) cols.push(columnDefinition(dialect, names, model, field, { unique: true }));
  return `create table ${quote(dialect, tableName(names, model))} (${cols.join(', ')})`;
}

/** `create index "<table>_<column>_idx"`, or `create unique index "<table>_<column>_uidx"`. */
function createIndex(dialect: BetterAuthDialect, names: BetterAuthNames, model: CoreModel, field: Field, unique = false): string {
  const table = tableName(names, model);
  const column = columnName(names, model, field.key);
  const name = `${table}_${column}_${unique ? 'uidx' : 'idx'}`;
  return `create ${unique ? 'unique ' : ''}index ${quote(dialect, name)} on ${quote(dialect, table)} (${quote(dialect, column)})`;
}

/** What exists: each present table (by its configured name) with its columns, when known. */
export interface ExistingTables {
  /** Tables present, each with its column names (undefined: present, columns not known). */
  present: ReadonlyMap<string, ReadonlySet<string> | undefined>;
}

/** The fields of a present table that its columns lack. */
export function missingFields(names: BetterAuthNames, model: CoreModel, columns: ReadonlySet<string>): string[] {
  const lower = new Set([...columns].map((c) => c.toLowerCase()));
  return modelColumns(names, model).filter((c) => !lower.has(c.toLowerCase()));
}

/**
 * The migration Better Auth's CLI writes for this state: `add column` statements first, then the
 * missing tables in model order, then their indexes; `;\n\n` between statements, `;` at the end, no
 * trailing newline (as `auth generate --output` writes it). Empty when nothing is missing.
 */
export function migrationSql(dialect: BetterAuthDialect, names: BetterAuthNames, existing: ExistingTables): string {
  const added: string[] = [];
  const addedIndexes: string[] = [];
  const created: string[] = [];
  const indexes: string[] = [];
  for (const model of CORE_MODELS) {
    const table = tableName(names, model);
    if (existing.present.has(table)) {
      const columns = existing.present.get(table);
      if (!columns) continue;
      const missing = new Set(missingFields(names, model, columns));
      for (const field of CORE_FIELDS[model]) {
        if (!missing.has(columnName(names, model, field.key))) continue;
        // An added column's uniqueness is an index of its own, created after every table.
        added.push(`alter table ${quote(dialect, table)} add column ${columnDefinition(dialect, names, model, field, { unique: false })}`);
        if (field.index || field.unique) addedIndexes.push(createIndex(dialect, names, model, field, field.unique === true));
      }
      continue;
    }
    created.push(createTable(dialect, names, model));
    for (const field of CORE_FIELDS[model]) if (field.index && !field.unique) indexes.push(createIndex(dialect, names, model, field));
  }
  const statements = [...added, ...created, ...addedIndexes, ...indexes];
  return statements.length === 0 ? '' : `${statements.join(';\n\n')};`;
}

/** The session table alone, the other tables present: the framework's DDL for the session table. */
export function sessionTableSql(dialect: BetterAuthDialect, names: BetterAuthNames): string {
  const present = new Map<string, ReadonlySet<string> | undefined>(
    CORE_MODELS.filter((m) => m !== 'session').map((m) => [tableName(names, m), undefined] as const),
  );
  return migrationSql(dialect, names, { present });
}

/**
 * Whether SQLite can take the `add column` statements for these missing fields: SQLite refuses to
 * add a NOT NULL column without a default (`auth migrate` fails there the same way).
 */
export function sqliteCanAddColumns(model: CoreModel, names: BetterAuthNames, missing: readonly string[]): boolean {
  return !missing.includes('id') && CORE_FIELDS[model].filter((x) => missing.includes(columnName(names, model, x.key))).every((x) => !x.required);
}
