/**
 * Every fact about one Laravel app, gathered in one async step: its settings (read at discovery,
 * with where each came from), whether it is a token API, whether config/session.php reads
 * SESSION_DRIVER, and, when sessions live in the database, the session table's state (the O(schema)
 * reader or one read-only live query), the `migrations` table and what the session migration
 * creates, and, for a present table, the migration's columns it lacks and whether it holds a row.
 * The rules (laravelRules.ts) judge this record without I/O.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathExists, readTextIfExists } from '../../read/findFiles';
import { msg } from '../../messages';
import { checkTableLive } from '../../read/live/tableCheck';
import type { Message } from '../../model';
import type { LiveTarget } from '../../read/live/liveTarget';
import { maskUrl } from '../../redact';
import { asciiLower } from '../../facts/sqliteSchema';
import { hasTable, readSqliteSchema, SchemaReadResult } from '../../read/sqlite/schemaReader';
import { createTableColumns, tableHasRows } from '../../read/sqlite/tableRows';
import { LARAVEL_SESSION_COLUMNS } from './laravelDdl';
import type { DiagnoseOptions, TableState } from '../../problems/diagnosis';
import { LaravelApp, LaravelConnection } from './laravelApp';
import { laravelSessionFacts, type LaravelSessionFacts } from './laravelSessionFacts';
import { isMigrationRecordedLive, readLaravelMigrationHistory, type LaravelHistory } from './laravelHistory';

/** Token-auth packages: an app built on them is an API that needs no server-side session. */
const TOKEN_AUTH_PACKAGES = ['laravel/sanctum', 'laravel/passport', 'tymon/jwt-auth', 'php-open-source-saver/jwt-auth'];

/** The session table, when sessions live in the database. */
export interface LaravelTableFacts {
  state: TableState;
  unknownReason?: Message;
  sqlitePath?: string;
  databaseDisplay?: string;
  /** SQLite: whether the database file exists. */
  fileExists?: boolean;
  /** SQLite: the schema as the O(schema) reader listed it (read once, for the table and the migration's other tables). */
  schema?: SchemaReadResult;
  /** SQLite: the `migrations` table. */
  history?: LaravelHistory;
  /** A server: whether the session migration is recorded (undefined: could not tell). */
  recordedLive?: boolean;
  /** Whether the other tables the session migration creates exist (SQLite, migration not recorded). */
  migrationOthers: 'all' | 'none' | 'some' | 'unknown';
  /** A present table: the columns of Laravel's sessions migration it lacks (absent when none, or not read). */
  missingColumns?: string[];
  /** With missingColumns: whether the table holds a row (undefined: could not tell). */
  hasRows?: boolean;
}

export interface LaravelFacts {
  app: LaravelApp;
  /** The session settings as Laravel resolves them. */
  session: LaravelSessionFacts;
  /** The session table's name without prefix (`--session-table` wins). */
  table: string;
  /** Sanctum/Passport/JWT and no Blade views beyond the welcome page. */
  tokenApi: boolean;
  /** config/session.php reads SESSION_DRIVER (or there is none, and the framework's does). */
  sessionConfigReadsEnv: boolean;
  preferredDriver?: 'cookie' | 'file';
  /** Present when the effective driver is `database`. */
  sessionTable?: LaravelTableFacts;
  /** The clock, for the name of a migration a fix writes. */
  now?: Date;
}

/**
 * A token-authenticated API (Sanctum/Passport/JWT in composer.json and no Blade views beyond the
 * welcome page): switching SESSION_DRIVER away from `database` is then the right fix, as in the seed.
 * Views under resources/views/vendor/ do not count: that is where `vendor:publish` puts a package's
 * own views (l5-swagger's documentation page, mail and pagination templates), not the app's pages.
 */
async function looksLikeTokenApi(root: string): Promise<boolean> {
  let composer: { require?: Record<string, unknown> } = {};
  try {
    composer = JSON.parse((await readTextIfExists(path.join(root, 'composer.json'))) ?? '') as typeof composer;
  } catch {
    return false;
  }
  if (!TOKEN_AUTH_PACKAGES.some((p) => composer.require?.[p] !== undefined)) return false;
  try {
    const views = (await fs.readdir(path.join(root, 'resources', 'views'), { recursive: true }))
      .map(String)
      .filter((f) => f.endsWith('.blade.php') && f.split(path.sep)[0] !== 'vendor');
    return views.every((v) => path.basename(v) === 'welcome.blade.php');
  } catch {
    return true; // no views folder at all
  }
}

/** Whether the app's config/session.php reads SESSION_DRIVER (never, e.g., with `'driver' => 'database'` written as a literal). */
async function sessionConfigReadsEnv(a: LaravelApp): Promise<boolean> {
  const text = await readTextIfExists(path.join(a.root, 'config', 'session.php'));
  // No readable config/session.php: the framework's own config reads SESSION_DRIVER.
  return text === undefined || text.includes('SESSION_DRIVER');
}

/** Where the live check connects for a MySQL/MariaDB/PostgreSQL connection, and the schemas it searches. */
/** Where the connection points, without its password: `driver://user@host:port/db`, or the socket MySQL connects through. */
function connectionDisplay(conn: LaravelConnection, viaSocket: boolean): string {
  const user = conn.username ? `${conn.username}@` : '';
  const where = viaSocket
    ? `localhost/${conn.database ?? ''} (socket ${conn.unixSocket})`
    : `${conn.host ?? 'localhost'}${conn.port ? `:${conn.port}` : ''}/${conn.database ?? ''}`;
  return `${conn.driver}://${user}${where}`;
}

function liveTargetOf(conn: LaravelConnection): { target: LiveTarget; schemas: Array<string | undefined> } | undefined {
  const dialect = conn.driver === 'pgsql' ? 'postgresql' : conn.driver === 'mysql' || conn.driver === 'mariadb' ? 'mysql' : undefined;
  if (!dialect || !conn.database) return undefined;
  // MySqlConnector uses unix_socket instead of host/port whenever it is set.
  const socketPath = dialect === 'mysql' ? conn.unixSocket : undefined;
  const target: LiveTarget = {
    dialect,
    host: conn.host ?? '127.0.0.1',
    port: conn.port,
    user: conn.username,
    password: conn.password,
    database: conn.database,
    socketPath,
  };
  // PostgreSQL finds Laravel's unqualified table name in the first schema of the search path that has it.
  return { target, schemas: dialect === 'postgresql' ? postgresSchemas(conn.searchPath, conn.username) : [undefined] };
}

/** The session table's state: the SQLite file through the O(schema) reader, or one live query. */
async function sessionTableFacts(a: LaravelApp, name: string, opts: DiagnoseOptions): Promise<LaravelTableFacts> {
  const conn = a.database.connection;
  const unknown = (reason: Message, rest: Partial<LaravelTableFacts> = {}): LaravelTableFacts => ({
    state: 'unknown',
    unknownReason: reason,
    migrationOthers: 'unknown',
    ...rest,
  });
  if (conn.error) return unknown(msg('live.unknown', a.database.connectionName.value ?? '?', conn.error));
  if (conn.driver === 'sqlite') {
    if (!a.sqlitePath) return unknown(msg('live.unknown', conn.database ?? ':memory:', 'an in-memory SQLite database has no file to check'));
    const sqlitePath = a.sqlitePath;
    const databaseDisplay = path.relative(a.root, sqlitePath) || sqlitePath;
    const read: SchemaReadResult = await readSqliteSchema(sqlitePath);
    const fileExists = read.status === 'ok' || (await pathExists(sqlitePath));
    const base = { sqlitePath, databaseDisplay, fileExists, schema: read, migrationOthers: 'unknown' as const };
    if (read.status === 'error' && !fileExists) return { ...base, state: 'missing' };
    if (read.status !== 'ok') return unknown(msg('live.unknown', databaseDisplay, read.reason), base);
    const entry = read.entries.find((e) => e.type === 'table' && asciiLower(e.name) === asciiLower(name));
    if (!entry) return { ...base, state: 'missing' };
    const columns = entry.sql ? createTableColumns(entry.sql) : undefined;
    const missingColumns = columns ? missingOf(columns) : [];
    if (missingColumns.length === 0) return { ...base, state: 'present' };
    return { ...base, state: 'present', missingColumns, hasRows: await tableHasRows(sqlitePath, entry.name) };
  }
  const live = conn.driver === 'pgsql' ? 'postgresql' : conn.driver === 'mysql' || conn.driver === 'mariadb' ? 'mysql' : undefined;
  const databaseDisplay = conn.url ? maskUrl(conn.url) : connectionDisplay(conn, live === 'mysql' && Boolean(conn.unixSocket));
  if (!live) return unknown(msg('live.unknown', databaseDisplay, `the "${conn.driver}" driver is not checked`), { databaseDisplay });
  if (opts.live === false) return { state: 'not-checked', unknownReason: msg('live.notChecked', databaseDisplay), databaseDisplay, migrationOthers: 'unknown' };
  if (!conn.database) return unknown(msg('live.unknown', databaseDisplay, 'DB_DATABASE is not set'), { databaseDisplay });
  const { target, schemas } = liveTargetOf(conn)!;
  let r: Awaited<ReturnType<typeof checkTableLive>> | undefined;
  for (const schema of schemas) {
    r = await checkTableLive({ ...target, schema }, name, { timeoutMs: opts.liveTimeoutMs, columns: true });
    if (r.status !== 'missing') break;
  }
  if (!r) return { state: 'not-checked', databaseDisplay, migrationOthers: 'unknown' };
  if (r.status === 'unknown') return unknown(msg('live.unknown', databaseDisplay, `${r.reason}: ${r.message}`), { databaseDisplay });
  const missingColumns = r.status === 'present' && r.columns ? missingOf(r.columns) : [];
  if (missingColumns.length > 0) return { state: 'present', databaseDisplay, migrationOthers: 'unknown', missingColumns, hasRows: r.hasRows };
  return { state: r.status, databaseDisplay, migrationOthers: 'unknown' };
}

/** The sessions migration's columns (in its order) that `columns` lacks; names compared case-insensitively, as every dialect does. */
function missingOf(columns: readonly string[]): string[] {
  const have = new Set(columns.map((c) => c.toLowerCase()));
  return LARAVEL_SESSION_COLUMNS.map((c) => c.name).filter((c) => !have.has(c));
}

export async function gatherLaravelFacts(a: LaravelApp, opts: DiagnoseOptions): Promise<LaravelFacts> {
  const session = laravelSessionFacts(a);
  const table = opts.sessionTable ?? session.sessionTable;
  const facts: LaravelFacts = {
    app: a,
    session,
    table,
    tokenApi: false,
    sessionConfigReadsEnv: true,
    preferredDriver: opts.preferredDriver,
    now: opts.now?.() ?? new Date(),
  };
  if (a.unreadable) return facts;
  facts.tokenApi = await looksLikeTokenApi(a.root);
  facts.sessionConfigReadsEnv = await sessionConfigReadsEnv(a);
  if ((session.driver ?? session.configuredDriver) !== 'database') return facts;
  const prefix = session.tablePrefix;
  const t = await sessionTableFacts(a, prefix + table, opts);
  facts.sessionTable = t;
  if (t.state !== 'missing' || (t.sqlitePath && !t.fileExists)) return facts;
  const migrationsTable = prefix + a.database.migrationsTable;
  const migration = a.sessionMigration;
  if (t.sqlitePath) {
    t.history = await readLaravelMigrationHistory(t.sqlitePath, migrationsTable);
    // The creating migration exists and has not run: do the other tables it creates exist?
    if (migration && t.history.ok && !t.history.names.includes(migration.name))
      t.migrationOthers = await otherTablesState(a, t.schema, migration.path, prefix + table);
  } else if (migration) {
    const server = liveTargetOf(a.database.connection);
    if (server) t.recordedLive = await isMigrationRecordedLive(server.target, server.schemas, migrationsTable, migration.name, opts.liveTimeoutMs);
  }
  return facts;
}

/**
 * The schemas PostgreSQL searches, parsed as Laravel's PostgresConnector does (names split on
 * spaces, commas and quotes); `$user` is the login name. Unset: the server default `"$user", public`.
 */
export function postgresSchemas(searchPath: string | undefined, user: string | undefined): string[] {
  const names = (searchPath ?? '"$user", public').match(/[^\s,"']+/g) ?? ['public'];
  const schemas = names.map((n) => (n === '$user' ? user : n)).filter((n): n is string => Boolean(n));
  return schemas.length > 0 ? [...new Set(schemas)] : ['public'];
}

/**
 * Whether the other tables the session migration creates exist: all (recording it as run is true),
 * none (it never ran), some, or unknown (unreadable).
 */
async function otherTablesState(
  a: LaravelApp,
  read: SchemaReadResult | undefined,
  migrationPath: string,
  sessionTable: string,
): Promise<'all' | 'none' | 'some' | 'unknown'> {
  const php = await readTextIfExists(migrationPath);
  if (php === undefined) return 'unknown';
  const created = [...php.matchAll(/Schema::create\(\s*['"]([^'"]+)['"]/g)].map((m) => (a.database.connection.prefix ?? '') + m[1]);
  if (read?.status !== 'ok') return 'unknown';
  const others = created.filter((t) => t.toLowerCase() !== sessionTable.toLowerCase());
  const present = others.filter((t) => hasTable(read, t)).length;
  if (present === others.length) return 'all';
  return present === 0 ? 'none' : 'some';
}
