/**
 * Laravel app discovery, from text only (never running workspace code): the version, `.env`,
 * the session and database settings as the framework would resolve them, the cached config,
 * APP_KEY, and the migration that creates the sessions table.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { MASK } from '../../redact';
import { pathExists, walkFolders, type FindOptions } from '../../read/findFiles';
import { readRegularText } from '../../read/regularFile';
import { msg } from '../../messages';
import type { Message } from '../../model';
import { parseEnv, type EnvDocument } from '../../read/env/envFile';
import { laravelEnvValue, resolveConfigNode, settingString, toSetting, type EnvSource, type ResolveContext, type Setting } from './laravelConfig';
import { frameworkConfig } from './laravelFrameworkDefaults';
import { parsePhpReturn, phpArrayGet, phpLiteral, type PhpNode } from './phpArrayText';

export type { Setting, SettingSource } from './laravelConfig';

export interface LaravelConnection {
  driver: string;
  host?: string;
  port?: number;
  database?: string;
  username?: string;
  /** Never print. */
  password?: string;
  /** Never print: may hold a password. */
  url?: string;
  prefix?: string;
  /** MySQL/MariaDB table options that change Laravel's CREATE TABLE text. */
  charset?: string;
  collation?: string;
  engine?: string;
  /** MySQL/MariaDB: `unix_socket` (DB_SOCKET); when set, Laravel connects through it and ignores host/port. */
  unixSocket?: string;
  /** PostgreSQL: `search_path` (Laravel 9+) or `schema` (8), as written, e.g. `public` or `app, public`. */
  searchPath?: string;
  /** Set when the named connection is not configured. */
  error?: string;
}

type CachedConfig =
  | { path: string; session: Record<string, unknown>; database: { default?: string; connections: Record<string, Record<string, unknown>> } }
  | { path: string; error: string };

export interface LaravelApp {
  root: string;
  /** From composer.lock's laravel/framework, else composer.json's constraint. */
  version?: string;
  majorVersion?: number;
  env?: { path: string; doc: EnvDocument };
  envExample?: { path: string; doc: EnvDocument };
  envMissing: boolean;
  cachedConfig?: CachedConfig;
  /** `encrypt` is PHP's string form of a boolean: '1' for true, '' for false. */
  session: { driver: Setting; connection: Setting; table: Setting; encrypt: Setting };
  /** `migrationsTable`: where artisan records run migrations (`database.migrations`, a string up to 10, `['table' => ...]` from 11). */
  database: { connectionName: Setting; connection: LaravelConnection; migrationsTable: string };
  /** Absolute path of the SQLite file when the session connection is sqlite (not for `:memory:`). */
  sqlitePath?: string;
  /** `value` is masked: `****` when set, '' when empty, undefined when absent. Never print the key. */
  appKey: Setting;
  /**
   * The migration under database/migrations that creates the session table; `name` is the file
   * name without `.php` (the `migration` column of the migrations table). `tables`: every table
   * the file creates; in 11+ that is users, password_reset_tokens and sessions, so recording it
   * as run is only right when all of them exist.
   */
  sessionMigration?: { path: string; name: string; tables: string[] };
  /** Files that could not be read as expected (config files with unreadable PHP...). */
  warnings: string[];
  /**
   * Set when a file the settings come from is there but cannot be read (a FIFO, a folder, over the
   * size bound, no permission), or when composer.json beside `artisan` cannot tell whether this is
   * a Laravel app: the app cannot be checked, and must not be reported healthy.
   */
  unreadable?: Message;
}

/** Bounds, so a hostile workspace cannot make discovery slow. */
const MAX_FILE = 4 * 1024 * 1024;
const MAX_MIGRATIONS = 2000;

/**
 * A file's text, or undefined when it is absent. A file that is there but cannot be read is
 * recorded in `broken` (the first one wins) and read as absent.
 */
async function readBounded(file: string, broken?: { reason?: string }): Promise<string | undefined> {
  const r = await readRegularText(file, MAX_FILE);
  if (r.ok) return r.text;
  if (broken && r.failure !== 'missing') broken.reason ??= r.reason;
  return undefined;
}

function requiresLaravel(composerJson: string): boolean {
  try {
    const json = JSON.parse(composerJson) as { require?: Record<string, unknown>; 'require-dev'?: Record<string, unknown> };
    return Boolean(json.require?.['laravel/framework'] ?? json['require-dev']?.['laravel/framework']);
  } catch {
    return /"laravel\/framework"\s*:/.test(composerJson);
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function majorOf(version: string): number | undefined {
  const m = /(\d+)/.exec(version);
  return m ? Number(m[1]) : undefined;
}

async function readVersion(root: string): Promise<{ version?: string; majorVersion?: number }> {
  const lock = await readBounded(path.join(root, 'composer.lock'));
  if (lock) {
    try {
      const json = JSON.parse(lock) as { packages?: Array<{ name?: string; version?: string }>; 'packages-dev'?: Array<{ name?: string; version?: string }> };
      const pkg = [...(json.packages ?? []), ...(json['packages-dev'] ?? [])].find((p) => p.name === 'laravel/framework');
      if (pkg?.version) {
        const version = pkg.version.replace(/^v/, '');
        return { version, majorVersion: majorOf(version) };
      }
    } catch {
      // A broken lock file: fall back to composer.json.
    }
  }
  const composer = await readBounded(path.join(root, 'composer.json'));
  try {
    const json = JSON.parse(composer ?? '') as { require?: Record<string, unknown> };
    const constraint = json.require?.['laravel/framework'];
    if (typeof constraint === 'string') {
      // The lowest major a constraint allows: `session:table` works on every version, so erring low is safe.
      const majors = [...constraint.matchAll(/(?:^|[|\s,^~>=<])v?(\d+)/g)].map((m) => Number(m[1]));
      return { version: constraint, majorVersion: majors.length > 0 ? Math.min(...majors) : undefined };
    }
  } catch {
    // Unreadable composer.json: version unknown.
  }
  return {};
}

async function readEnvFile(file: string, broken: { reason?: string }): Promise<{ path: string; doc: EnvDocument } | undefined> {
  const text = await readBounded(file, broken);
  return text === undefined ? undefined : { path: file, doc: parseEnv(text) };
}

async function readConfig(file: string, warnings: string[], broken: { reason?: string }): Promise<PhpNode | undefined> {
  const text = await readBounded(file, broken);
  if (text === undefined) return undefined;
  const r = parsePhpReturn(text);
  if ('error' in r) {
    warnings.push(`${file}: ${r.error}`);
    return undefined;
  }
  return r.value;
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

async function readCachedConfig(file: string, broken: { reason?: string }): Promise<{ cached: CachedConfig; node?: PhpNode } | undefined> {
  const text = await readBounded(file, broken);
  if (text === undefined) return (await pathExists(file)) ? { cached: { path: file, error: 'the cached config cannot be read' } } : undefined;
  const r = parsePhpReturn(text);
  if ('error' in r) return { cached: { path: file, error: r.error } };
  if (r.value.kind !== 'array') return { cached: { path: file, error: 'the cached config does not return an array' } };
  const database = asRecord(phpLiteral(phpArrayGet(r.value, 'database')));
  const connections: Record<string, Record<string, unknown>> = {};
  for (const [k, v] of Object.entries(asRecord(database.connections))) connections[k] = asRecord(v);
  return {
    cached: {
      path: file,
      session: asRecord(phpLiteral(phpArrayGet(r.value, 'session'))),
      database: { default: typeof database.default === 'string' ? database.default : undefined, connections },
    },
    node: r.value,
  };
}

/** The first migration (by name, as artisan runs them) that creates `table`. */
async function findSessionMigration(
  root: string,
  table: string,
  broken: { reason?: string },
): Promise<{ path: string; name: string; tables: string[] } | undefined> {
  const dir = path.join(root, 'database', 'migrations');
  let names: string[];
  try {
    names = (await fs.readdir(dir))
      .filter((n) => n.endsWith('.php'))
      .sort()
      .slice(0, MAX_MIGRATIONS);
  } catch {
    return undefined;
  }
  const escaped = table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const creates = new RegExp(`(?:Schema::|->)create\\(\\s*(['"])${escaped}\\1`);
  for (const name of names) {
    const file = path.join(dir, name);
    const text = await readBounded(file, broken);
    if (text && creates.test(text)) {
      const tables = [...text.matchAll(/(?:Schema::|->)create\(\s*(['"])([^'"]+)\1/g)].map((m) => m[2]);
      return { path: file, name: name.slice(0, -'.php'.length), tables };
    }
  }
  return undefined;
}

/** Laravel's ConfigurationUrlParser, for the parts we use: `DB_URL` overrides the connection fields. */
function applyUrl(conn: LaravelConnection): void {
  if (!conn.url) return;
  let u: URL;
  try {
    u = new URL(conn.url);
  } catch {
    return;
  }
  const scheme = u.protocol.replace(/:$/, '');
  const aliases: Record<string, string> = { mysql2: 'mysql', postgres: 'pgsql', postgresql: 'pgsql', sqlite3: 'sqlite', mssql: 'sqlsrv' };
  conn.driver = aliases[scheme] ?? scheme;
  if (u.hostname) conn.host = decodeURIComponent(u.hostname);
  if (u.port) conn.port = Number(u.port);
  const db = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (db) conn.database = db;
  if (u.username) conn.username = decodeURIComponent(u.username);
  if (u.password) conn.password = decodeURIComponent(u.password);
}

function connectionFrom(fields: Record<string, unknown>): LaravelConnection {
  const str = (k: string) => settingString(fields[k]);
  const conn: LaravelConnection = { driver: str('driver') ?? '' };
  const put = <K extends keyof LaravelConnection>(k: K, v: LaravelConnection[K] | undefined) => {
    if (v !== undefined && v !== '') conn[k] = v;
  };
  put('host', str('host'));
  const port = Number(str('port'));
  if (Number.isFinite(port) && port > 0) conn.port = port;
  put('database', str('database'));
  put('username', str('username'));
  if (str('password') !== undefined) conn.password = str('password');
  put('url', str('url'));
  if (str('prefix') !== undefined) conn.prefix = str('prefix');
  put('charset', str('charset'));
  put('collation', str('collation'));
  put('engine', str('engine'));
  put('searchPath', str('search_path') ?? str('schema'));
  put('unixSocket', str('unix_socket'));
  applyUrl(conn);
  return conn;
}

function sqlitePathOf(root: string, conn: LaravelConnection): string | undefined {
  if (conn.driver !== 'sqlite') return undefined;
  const db = conn.database;
  if (!db) return path.join(root, 'database', 'database.sqlite');
  if (db === ':memory:' || db.includes('mode=memory')) return undefined;
  // Relative paths are relative to PHP's working directory; artisan runs from the app root.
  return path.resolve(root, db);
}

/**
 * Reads one app whose root holds `artisan` and a composer.json requiring laravel/framework.
 * `markerError`: why composer.json could not confirm that it is one (the app is then unreadable).
 */
export async function readLaravelApp(root: string, markerError?: string): Promise<LaravelApp> {
  const warnings: string[] = [];
  const broken: { reason?: string } = {};
  const { version, majorVersion } = await readVersion(root);
  const env = await readEnvFile(path.join(root, '.env'), broken);
  const envExample = await readEnvFile(path.join(root, '.env.example'), broken);
  const envSource: EnvSource | undefined = env ? { ...env, source: 'env' } : envExample ? { ...envExample, source: 'env-example' } : undefined;
  const cachedRead = await readCachedConfig(path.join(root, 'bootstrap', 'cache', 'config.php'), broken);
  const cached = cachedRead?.cached;
  const cachedNode = cachedRead?.node;

  const configs: Record<'session' | 'database' | 'app', { node?: PhpNode; file: string }> = {
    session: { file: path.join(root, 'config', 'session.php') },
    database: { file: path.join(root, 'config', 'database.php') },
    app: { file: path.join(root, 'config', 'app.php') },
  };
  for (const c of Object.values(configs)) c.node = await readConfig(c.file, warnings, broken);

  /** One setting: cached config when readable, else the app config key (env() resolved), else the framework's. */
  const resolve = (config: 'session' | 'database' | 'app', keys: string[]): Setting => {
    if (cachedNode) {
      const node = phpArrayGet(cachedNode, config, ...keys);
      const value = settingString(phpLiteral(node));
      return node && cached ? { value, source: 'cached-config', location: { file: cached.path, range: node.range } } : { value, source: 'cached-config' };
    }
    const ctxBase: ResolveContext = envSource ? { root, env: envSource } : { root };
    const own = phpArrayGet(configs[config].node, ...keys);
    if (own) return toSetting(resolveConfigNode(own, { ...ctxBase, configFile: configs[config].file }));
    return toSetting(resolveConfigNode(phpArrayGet(frameworkConfig(config, majorVersion), ...keys), ctxBase));
  };

  const session = {
    driver: resolve('session', ['driver']),
    connection: resolve('session', ['connection']),
    table: resolve('session', ['table']),
    encrypt: resolve('session', ['encrypt']),
  };
  const connectionName = session.connection.value ? session.connection : resolve('database', ['default']);
  const name = connectionName.value ?? '';

  let fields: Record<string, unknown> | undefined;
  if (cached && 'session' in cached) {
    fields = cached.database.connections[name];
  } else {
    const ownConnections = phpArrayGet(configs.database.node, 'connections');
    const fromOwn = phpArrayGet(ownConnections, name);
    const base: ResolveContext = envSource ? { root, env: envSource } : { root };
    const node = fromOwn ?? (ownConnections ? undefined : phpArrayGet(frameworkConfig('database', majorVersion), 'connections', name));
    if (node?.kind === 'array') {
      fields = {};
      for (const item of node.items) {
        const key = item.key && item.key.kind === 'string' ? item.key.value : undefined;
        if (key) fields[key] = resolveConfigNode(item.value, fromOwn ? { ...base, configFile: configs.database.file } : base).value;
      }
    }
  }
  const connection: LaravelConnection = fields ? connectionFrom(fields) : { driver: '', error: `no database connection named "${name}" is configured` };

  const migrationsSetting = cachedNode
    ? phpLiteral(phpArrayGet(cachedNode, 'database', 'migrations'))
    : phpLiteral(phpArrayGet(configs.database.node, 'migrations'));
  const migrationsTable = typeof migrationsSetting === 'string' ? migrationsSetting : settingString(asRecord(migrationsSetting).table) || 'migrations';

  const rawKey = resolve('app', ['key']);
  const appKey: Setting = { ...rawKey, value: rawKey.value === undefined ? undefined : rawKey.value === '' ? '' : MASK };
  const sessionMigration = await findSessionMigration(root, session.table.value ?? 'sessions', broken);
  const sqlitePath = sqlitePathOf(root, connection);

  const app: LaravelApp = {
    root,
    envMissing: !env,
    session,
    database: { connectionName, connection, migrationsTable },
    appKey,
    warnings,
  };
  if (version !== undefined) app.version = version;
  if (majorVersion !== undefined) app.majorVersion = majorVersion;
  if (env) app.env = env;
  if (envExample) app.envExample = envExample;
  if (cached) app.cachedConfig = cached;
  if (sqlitePath) app.sqlitePath = sqlitePath;
  if (sessionMigration) app.sessionMigration = sessionMigration;
  if (markerError) app.unreadable = msg('laravel.markerUnreadable', markerError);
  else if (broken.reason) app.unreadable = msg('app.fileUnreadable', broken.reason);
  return app;
}

/**
 * The stack's `markers`: workspace globs of the files whose appearance can make a new Laravel app
 * (discovery needs `artisan` beside a composer.json that requires laravel/framework). The
 * extension watches these; apps already found are watched through their own `AppReport.watchFiles`.
 */
export const LARAVEL_DISCOVERY_GLOBS: readonly string[] = ['**/artisan', '**/composer.json'];

/** Every Laravel app under `root` (node_modules, vendor, storage and dot-folders skipped). */
export async function discoverLaravelApps(root: string, opts: Pick<FindOptions, 'maxDepth' | 'folders'> = {}): Promise<LaravelApp[]> {
  const roots: Array<{ dir: string; markerError?: string }> = [];
  await walkFolders(
    root,
    async (dir, names) => {
      if (!names.has('artisan') || !names.has('composer.json')) return;
      const file = path.join(dir, 'composer.json');
      const composer = await readRegularText(file, MAX_FILE);
      // `artisan` beside a composer.json we cannot read or parse is an app we cannot check, not "no app".
      if (!composer.ok) roots.push({ dir, markerError: composer.reason });
      else if (requiresLaravel(composer.text)) roots.push({ dir });
      else if (!isJson(composer.text)) roots.push({ dir, markerError: `${file} is not valid JSON` });
    },
    { maxDepth: opts.maxDepth ?? 4, folders: opts.folders },
  );
  const apps: LaravelApp[] = [];
  for (const r of roots.sort((x, y) => (x.dir < y.dir ? -1 : x.dir > y.dir ? 1 : 0))) apps.push(await readLaravelApp(r.dir, r.markerError));
  return apps;
}

export { laravelEnvValue };
