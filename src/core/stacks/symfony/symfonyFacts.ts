/**
 * Every fact about one Symfony app, gathered in one async step: its files (symfonyApp.ts), the
 * session handler they configure (symfonyConfig.ts), the database that handler really connects to
 * (placeholders resolved from the environment and the .env files), and the session table's state:
 * the O(schema) SQLite reader, or one read-only, time-bounded live query (`not-checked` when live
 * checks are off); for a present table, the handler's columns it lacks and whether it holds a row.
 * The rules (symfonyRules.ts) judge this record without I/O.
 */
import * as path from 'node:path';
import { msg } from '../../messages';
import type { Message, SqlDialect } from '../../model';
import type { DiagnoseOptions, TableState } from '../../problems/diagnosis';
import { pathExists } from '../../read/findFiles';
import { checkTableLive } from '../../read/live/tableCheck';
import type { LiveTarget } from '../../read/live/liveTarget';
import { asciiLower } from '../../facts/sqliteSchema';
import { hasSchemaObject, readSqliteSchema } from '../../read/sqlite/schemaReader';
import { createTableColumns, tableHasRows } from '../../read/sqlite/tableRows';
import { maskUrl } from '../../redact';
import { readSymfonyApp, symfonyEnvValue, type SymfonyApp } from './symfonyApp';
import { isPdoUrl, readHandlerConfig, resolvePlaceholders, type PlaceholderContext, type SymfonyHandlerConfig } from './symfonyConfig';
import { SYMFONY_DEFAULT_NAMES, type SymfonySessionNames } from './symfonyDdl';
import { connectionDisplay, symfonyConnection, type SymfonyConnection } from './symfonyDsn';

export interface SymfonyTableFacts {
  state: TableState;
  unknownReason?: Message;
  /** SQLite: the absolute file. */
  sqlitePath?: string;
  fileExists?: boolean;
  /** SQLite: an index named EXPIRY exists already (createTable()'s index would clash). */
  expiryIndexExists?: boolean;
  /** A present table: the handler's columns (its options' names) it lacks, in createTable()'s order. */
  missingColumns?: string[];
  /** With missingColumns: whether the table holds a row (undefined: could not tell). */
  hasRows?: boolean;
}

export interface SymfonyFacts {
  app: SymfonyApp;
  handler: SymfonyHandlerConfig;
  /** Sessions go to a PdoSessionHandler. */
  usesPdo: boolean;
  /** The handler's names (options, or the URL's query string), Symfony's defaults elsewhere. */
  names: SymfonySessionNames;
  /** Where the handler connects (secrets inside: never print it). */
  connection?: SymfonyConnection;
  dialect?: SqlDialect;
  /** Masked. */
  databaseDisplay?: string;
  /** Where the connection string came from, when an environment variable gave it. */
  connectionSource?: { variable: string; source: string };
  /** Why the database is not known (a placeholder that cannot be resolved, a PDO passed some other way). */
  connectionError?: string;
  table?: SymfonyTableFacts;
}

const DIALECTS: Record<string, SqlDialect> = { sqlite: 'sqlite', mysql: 'mysql', pgsql: 'postgresql' };

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function namesFrom(options: Record<string, unknown>): SymfonySessionNames {
  const pick = (k: string, d: string): string => str(options[k]) ?? d;
  const n = SYMFONY_DEFAULT_NAMES;
  return {
    table: pick('db_table', n.table),
    idCol: pick('db_id_col', n.idCol),
    dataCol: pick('db_data_col', n.dataCol),
    lifetimeCol: pick('db_lifetime_col', n.lifetimeCol),
    timeCol: pick('db_time_col', n.timeCol),
  };
}

/** The connection string and credentials the handler gets, placeholders resolved. */
function resolveConnection(
  h: SymfonyHandlerConfig,
  ctx: PlaceholderContext,
): { conn?: SymfonyConnection; error?: string; envNames: string[]; options: Record<string, unknown> } {
  const resolve = (v: unknown): { ok: true; value: string; envNames: string[] } | { ok: false; error: string } => {
    const s = str(v);
    return s === undefined ? { ok: false, error: 'the connection argument is not a string' } : resolvePlaceholders(s, ctx);
  };
  let options: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(h.options)) {
    const s = str(v);
    const r = s === undefined ? undefined : resolvePlaceholders(s, ctx);
    options[k] = r?.ok ? r.value : v;
  }
  let dsnArg: unknown = h.connection;
  let user: unknown;
  let password: unknown;
  if (h.pdoService) [dsnArg, user, password] = h.pdoService.arguments;
  else if (typeof h.connection === 'string' && h.connection.startsWith('@'))
    return { error: `the handler gets the PDO service "${h.connection.slice(1)}", whose DSN is not read`, envNames: [], options };
  else if (h.connection === undefined || h.connection === null)
    return { error: "the handler has no DSN argument (it then uses PHP's session.save_path)", envNames: [], options };
  const r = resolve(dsnArg);
  if (!r.ok) return { error: r.error, envNames: [], options };
  const c = symfonyConnection(r.value);
  if (!c.ok) return { error: c.error, envNames: r.envNames, options };
  const conn = c.value;
  // handler_id as a URL: SessionHandlerFactory passes the query string as the handler's options.
  if (h.kind === 'url' && conn.query) options = { ...conn.query };
  for (const [key, v] of [
    ['user', user ?? options.db_username],
    ['password', password ?? options.db_password],
  ] as const) {
    if (v === undefined || v === null) continue;
    const rv = resolve(v);
    if (rv.ok) conn[key] = rv.value;
  }
  return { conn, envNames: r.envNames, options };
}

function liveTargetOf(c: SymfonyConnection, dialect: 'mysql' | 'postgresql'): LiveTarget | undefined {
  if (!c.database) return undefined;
  return {
    dialect,
    host: c.host ?? (dialect === 'mysql' ? 'localhost' : '127.0.0.1'),
    port: c.port,
    user: c.user,
    password: c.password,
    database: c.database,
    socketPath: dialect === 'mysql' ? c.unixSocket : undefined,
  };
}

async function tableFacts(f: SymfonyFacts, opts: DiagnoseOptions): Promise<SymfonyTableFacts> {
  const c = f.connection!;
  const display = f.databaseDisplay ?? c.driver;
  const unknown = (why: string, rest: Partial<SymfonyTableFacts> = {}): SymfonyTableFacts => ({
    state: 'unknown',
    unknownReason: msg('live.unknown', display, why),
    ...rest,
  });
  if (c.driver === 'sqlite') {
    const file = c.sqliteFile ?? '';
    if (file === '' || file === ':memory:') return unknown('an in-memory SQLite database has no file to check');
    if (file.includes('%')) return unknown(`the path holds a placeholder Symfony leaves as it is (use %env(resolve:…)% to resolve it)`);
    // A relative path is relative to PHP's working folder, which differs between bin/console and the web server.
    if (!path.isAbsolute(file)) return unknown('a relative SQLite path depends on the working folder PHP runs in');
    const read = await readSqliteSchema(file);
    const fileExists = read.status === 'ok' || (await pathExists(file));
    if (read.status === 'error' && !fileExists) return { state: 'missing', sqlitePath: file, fileExists };
    if (read.status !== 'ok') return unknown(read.reason, { sqlitePath: file, fileExists });
    const entry = read.entries.find((e) => e.type === 'table' && asciiLower(e.name) === asciiLower(f.names.table));
    const base: SymfonyTableFacts = {
      state: entry ? 'present' : 'missing',
      sqlitePath: file,
      fileExists,
      expiryIndexExists: hasSchemaObject(read, 'index', 'EXPIRY') === true,
    };
    const columns = entry?.sql ? createTableColumns(entry.sql) : undefined;
    const missingColumns = columns ? missingOf(f.names, columns) : [];
    if (!entry || missingColumns.length === 0) return base;
    return { ...base, missingColumns, hasRows: await tableHasRows(file, entry.name) };
  }
  const dialect = c.driver === 'pgsql' ? 'postgresql' : c.driver === 'mysql' ? 'mysql' : undefined;
  if (!dialect) return unknown(`the "${c.driver}" driver is not checked`);
  if (opts.live === false) return { state: 'not-checked', unknownReason: msg('live.notChecked', display) };
  const target = liveTargetOf(c, dialect);
  if (!target) return unknown('the DSN names no database');
  // Symfony puts the name in the SQL unquoted: PostgreSQL folds it to lower case, and finds it on
  // the search path ("$user", then public); `schema.table` names its schema.
  let table = f.names.table;
  let schemas: Array<string | undefined> = [undefined];
  if (dialect === 'postgresql') {
    table = table.toLowerCase();
    const dot = table.lastIndexOf('.');
    if (dot > 0) {
      schemas = [table.slice(0, dot)];
      table = table.slice(dot + 1);
    } else schemas = [...new Set([c.user?.toLowerCase(), 'public'].filter((s): s is string => Boolean(s)))];
  }
  let r: Awaited<ReturnType<typeof checkTableLive>> | undefined;
  for (const schema of schemas) {
    r = await checkTableLive({ ...target, schema }, table, { timeoutMs: opts.liveTimeoutMs, columns: true });
    if (r.status !== 'missing') break;
  }
  if (!r) return { state: 'not-checked' };
  if (r.status === 'unknown') return unknown(`${r.reason}: ${r.message}`);
  const missingColumns = r.status === 'present' && r.columns ? missingOf(f.names, r.columns) : [];
  if (missingColumns.length > 0) return { state: 'present', missingColumns, hasRows: r.hasRows };
  return { state: r.status };
}

/**
 * The handler's four columns the table lacks. Symfony writes the names unquoted: PostgreSQL folds
 * them to lower case, and SQLite and MySQL compare column names without case; so does this.
 */
function missingOf(n: SymfonySessionNames, columns: readonly string[]): string[] {
  const have = new Set(columns.map((c) => c.toLowerCase()));
  return [n.idCol, n.dataCol, n.lifetimeCol, n.timeCol].filter((c) => !have.has(c.toLowerCase()));
}

export async function gatherSymfonyFacts(root: string, opts: DiagnoseOptions): Promise<SymfonyFacts> {
  const env = opts.env ?? {};
  const app = await readSymfonyApp(root, env);
  const handler = readHandlerConfig(app.framework, app.services, app.appEnv);
  const facts: SymfonyFacts = { app, handler, usesPdo: false, names: namesFrom(handler.options) };
  if (app.unreadable || (handler.kind !== 'service' && handler.kind !== 'url')) return facts;
  const ctx: PlaceholderContext = { env: (n) => symfonyEnvValue(app, env, n)?.value, parameters: handler.parameters, projectDir: root, appEnv: app.appEnv };
  if (handler.kind === 'url') {
    // handler_id is a URL (or a placeholder for one): only the PDO schemes make a PdoSessionHandler.
    const r = resolvePlaceholders(String(handler.connection), ctx);
    if (r.ok && !isPdoUrl(r.value)) return facts;
    if (!r.ok && !/%env\((?:[a-z]+:)*DATABASE_URL\)%/.test(String(handler.connection))) return facts;
  }
  facts.usesPdo = true;
  const { conn, error, envNames, options } = resolveConnection(handler, ctx);
  facts.names = namesFrom(options);
  const variable = envNames[0];
  if (variable) {
    const where = symfonyEnvValue(app, env, variable);
    if (where) facts.connectionSource = { variable, source: where.source === 'environment' ? 'environment' : path.relative(root, where.source) };
  }
  if (!conn) {
    facts.connectionError = error;
    return facts;
  }
  facts.connection = conn;
  facts.dialect = DIALECTS[conn.driver];
  facts.databaseDisplay =
    conn.driver === 'sqlite'
      ? conn.sqliteFile && path.isAbsolute(conn.sqliteFile)
        ? path.relative(root, conn.sqliteFile) || conn.sqliteFile
        : (conn.sqliteFile ?? '')
      : conn.fromUrl
        ? maskUrl(connectionDisplay(conn))
        : connectionDisplay(conn);
  facts.table = await tableFacts(facts, opts);
  return facts;
}
