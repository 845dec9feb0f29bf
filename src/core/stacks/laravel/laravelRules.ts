import { promises as fs } from 'node:fs';
import { pathExists, readTextIfExists } from '../../read/findFiles';
import * as path from 'node:path';
import { msg } from '../../messages';
import { checkTableLive } from '../../read/live/tableCheck';
import { Fix, Location, Problem, SqlDialect } from '../../model';
import { envLookup } from '../../read/env/envFile';
import { LaravelApp, LaravelConnection, Setting } from './laravelApp';
import type { LiveTarget } from '../../read/live/liveTarget';
import { laravelSessionFacts } from './laravelFacts';
import { canonicalSessionDriver } from './laravelSessionDrivers';
import { maskUrl } from '../../redact';
import { hasTable, readSqliteSchema, SchemaReadResult } from '../../read/sqlite/schemaReader';
import { LaravelDialect, laravelSessionsDdl } from './laravelDdl';
import { isMigrationRecordedLive, readLaravelMigrationHistory, laravelRecordBookkeeping } from './laravelHistory';
import { appKeyFixes, configClearFix, createEnvFix, createTableFixes, driverFixes, envEdit, laravelCommands } from './laravelFixes';
import { AppOutcome } from '../prisma/prismaRules';
import { AppReport, DiagnoseOptions, notCheckedLive } from '../../problems/diagnosis';

const DIALECTS: Record<string, { sql: SqlDialect; laravel: LaravelDialect }> = {
  sqlite: { sql: 'sqlite', laravel: 'sqlite' },
  mysql: { sql: 'mysql', laravel: 'mysql' },
  mariadb: { sql: 'mysql', laravel: 'mysql' },
  pgsql: { sql: 'postgresql', laravel: 'pgsql' },
};

/** Token-auth packages: an app built on them is an API that needs no server-side session. */
const TOKEN_AUTH_PACKAGES = ['laravel/sanctum', 'laravel/passport', 'tymon/jwt-auth', 'php-open-source-saver/jwt-auth'];

/** The start of a line (the first by default) of a file. */
function lineStart(file: string, line = 0): Location {
  return { file, range: { start: { line, character: 0 }, end: { line, character: 0 } } };
}

/** The .env line of a key, or the setting's own location (config file, cached config). */
function keyLocation(a: LaravelApp, key: string, setting?: Setting): Location | undefined {
  const entry = a.env ? envLookup(a.env.doc, key) : undefined;
  if (entry && a.env) return { file: a.env.path, range: entry.lineRange };
  return setting?.location;
}

/**
 * A valid driver that .env names but the cached config hides: `config:clear` alone then fixes the
 * problem and keeps the user's choice, where an .env edit would overwrite it.
 */
function driverHiddenByCache(a: LaravelApp, effective: string | undefined): string | undefined {
  if (!a.cachedConfig || !a.env) return undefined;
  const raw = envLookup(a.env.doc, 'SESSION_DRIVER')?.value;
  const envDriver = raw === undefined ? undefined : canonicalSessionDriver(raw);
  return envDriver && envDriver !== effective ? envDriver : undefined;
}

/** `config:clear` first and preferred; the other fixes stay, ranked as they were, none preferred. */
function clearCacheFirst(a: LaravelApp, fixes: Fix[]): Fix[] {
  return [configClearFix(a), ...fixes.map((f) => ({ ...f, preferred: undefined }))];
}

function ddlText(statements: string[]): string {
  return statements.map((s) => `${s};`).join('\n') + '\n';
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

/**
 * Whether SESSION_DRIVER in .env reaches the session config, so that editing it is a real fix. Not
 * when .env names it and the config still resolved elsewhere, nor when the app's config/session.php
 * never mentions it (e.g. `'driver' => 'database'` written as a literal).
 */
async function envControlsDriver(a: LaravelApp): Promise<boolean> {
  const source = a.session.driver.source;
  if (source === 'env' || source === 'env-example' || source === 'cached-config') return true;
  if (a.env && envLookup(a.env.doc, 'SESSION_DRIVER')) return false;
  const text = await readTextIfExists(path.join(a.root, 'config', 'session.php'));
  // No readable config/session.php: the framework's own config reads SESSION_DRIVER.
  return text === undefined || text.includes('SESSION_DRIVER');
}

export async function diagnoseLaravelApp(a: LaravelApp, opts: DiagnoseOptions): Promise<AppOutcome> {
  if (a.unreadable) {
    // A .env, config or composer.json that cannot be read: any verdict would rest on guesses.
    const watchFiles = ['composer.json', '.env', '.env.example', 'config', path.join('bootstrap', 'cache', 'config.php')].map((f) => path.join(a.root, f));
    return { app: { framework: 'laravel', root: a.root, tableState: 'unknown', unknownReason: a.unreadable, commands: [], watchFiles }, problems: [] };
  }
  const conn = a.database.connection;
  const facts = laravelSessionFacts(a);
  const dialect = DIALECTS[conn.driver];
  const table = opts.sessionTable ?? facts.sessionTable;
  const prefix = facts.tablePrefix;
  const rawDriver = facts.configuredDriver;
  const envDriver = await envControlsDriver(a);
  /** Where SESSION_DRIVER takes effect: its .env line, or the config that ignores .env. */
  const driverLocation = envDriver ? keyLocation(a, 'SESSION_DRIVER', a.session.driver) : (a.session.driver.location ?? keyLocation(a, 'SESSION_DRIVER', a.session.driver));
  const driver = facts.driver ?? rawDriver;
  const app: AppReport = {
    framework: 'laravel',
    root: a.root,
    sessionDriver: rawDriver,
    sessionTable: driver === 'database' ? prefix + table : undefined,
    dialect: dialect?.sql,
    tableState: 'not-checked',
    commands: laravelCommands(a),
    anchor: driverLocation ?? (a.env ? lineStart(a.env.path) : undefined),
    watchFiles: [
      path.join(a.root, '.env'),
      path.join(a.root, '.env.example'),
      path.join(a.root, 'bootstrap', 'cache', 'config.php'),
      path.join(a.root, 'config', 'session.php'),
      path.join(a.root, 'config', 'database.php'),
      path.join(a.root, 'database', 'migrations'),
    ],
  };
  const mysqlOptions = { charset: conn.charset, collation: conn.collation, engine: conn.engine };
  app.sessionSql = {
    sqlite: ddlText(laravelSessionsDdl('sqlite', table, prefix)),
    mysql: ddlText(laravelSessionsDdl('mysql', table, prefix, mysqlOptions)),
    postgresql: ddlText(laravelSessionsDdl('pgsql', table, prefix)),
  };
  const problems: Problem[] = [];
  const tokenApi = await looksLikeTokenApi(a.root);

  // phpdotenv rejects the whole file for one bad line: Laravel then stops before any session code.
  const fatal = a.env?.doc.errors.find((e) => e.fatal && e.line === facts.envFatalLines[0]);
  if (a.env && fatal) {
    problems.push({ code: 'laravel.envInvalid', severity: 'error', message: msg('laravel.envInvalid', fatal.line + 1, fatal.message), location: lineStart(a.env.path, fatal.line), app: a.root, fixes: [] });
  } else if (a.env) {
    // The file loads, but phpdotenv silently skips lines (a never-closed quote, or lines swallowed
    // into a comment): whatever they set, Laravel never sees it.
    for (const e of a.env.doc.errors.filter((x) => !x.fatal)) {
      problems.push({ code: 'laravel.envLinesIgnored', severity: 'warning', message: msg('laravel.envLinesIgnored', e.line + 1, e.message), location: lineStart(a.env.path, e.line), app: a.root, fixes: [] });
    }
  }

  if (facts.canCreateEnvFromExample && a.envExample) {
    const fix = createEnvFix(a);
    problems.push({ code: 'laravel.envMissing', severity: 'warning', message: msg('laravel.envMissing'), location: lineStart(a.envExample.path), app: a.root, fixes: fix ? [fix] : [] });
  }

  if (rawDriver !== undefined && !facts.driverValid) {
    const near = facts.driverSuggestion;
    const loc = driverLocation;
    const fixes = [];
    if (near && a.env && envDriver) {
      fixes.push({
        id: 'laravel.nearestDriver',
        kind: 'edit' as const,
        title: msg(a.cachedConfig ? 'fix.laravel.nearestDriver.clearCache' : 'fix.laravel.nearestDriver', near),
        destructive: false,
        preferred: true,
        requiresTrust: true,
        edits: [envEdit(a.env, 'SESSION_DRIVER', near)],
        followUp: a.cachedConfig ? { argv: ['php', 'artisan', 'config:clear'], cwd: a.root } : undefined,
      });
    }
    if (envDriver) fixes.push(...driverFixes(a, near ? undefined : (opts.preferredDriver ?? 'cookie')).filter((f) => !f.id.endsWith('withExample')));
    const ranked = driverHiddenByCache(a, driver) ? clearCacheFirst(a, fixes) : fixes;
    problems.push({ code: 'laravel.invalidDriver', severity: 'error', message: msg('laravel.invalidDriver', rawDriver), detail: near ? msg('laravel.invalidDriver.suggestion', near) : undefined, location: loc, app: a.root, fixes: ranked });
  }

  if (facts.appKeyEmpty && !facts.envMissing) {
    const needsKey = facts.appKeyNeededBySessions;
    // A cached config can hide a key that .env already holds: clearing the cache is then the fix.
    // Generating would replace the user's key (data encrypted with it becomes unreadable), and the
    // edit's oldText would carry that key into every output.
    const envHasKey = Boolean(a.cachedConfig && a.env && envLookup(a.env.doc, 'APP_KEY')?.value);
    const fixes = envHasKey ? [configClearFix(a)] : appKeyFixes(a);
    problems.push({ code: 'laravel.appKeyMissing', severity: needsKey ? 'error' : 'warning', message: msg('laravel.appKeyMissing'), location: keyLocation(a, 'APP_KEY', a.appKey) ?? app.anchor, app: a.root, fixes });
  }

  if (driver === 'database') {
    const state = await sessionTableState(a, app, table, prefix, opts);
    if (state === 'missing' && app.sqlitePath && !(await pathExists(app.sqlitePath))) {
      // No database file at all: every query fails, not only sessions. Laravel's own `migrate`
      // offers to create the file and runs every migration; a driver switch avoids the table only.
      const migrate = { ...laravelCommands(a).find((c) => c.id === 'laravel.migrate')!, preferred: true, detail: msg('fix.laravel.migrateCreatesDatabase.detail') };
      problems.push({
        code: 'laravel.databaseFileMissing',
        severity: 'error',
        message: msg('laravel.databaseFileMissing', app.databaseDisplay ?? a.sqlitePath ?? ''),
        location: app.anchor,
        app: a.root,
        fixes: [migrate, ...(envDriver ? driverFixes(a, undefined) : [])],
      });
    } else if (state === 'missing') {
      const display = app.databaseDisplay ?? conn.driver;
      const migrationsTable = prefix + a.database.migrationsTable;
      const history = app.sqlitePath ? await readLaravelMigrationHistory(app.sqlitePath, migrationsTable) : undefined;
      const migration = a.sessionMigration;
      // The creating migration exists and has not run.
      const pending = Boolean(migration && history?.ok && !history.names.includes(migration.name));
      const others = pending && migration ? await otherTablesState(a, app.sqlitePath!, migration.path, prefix + table) : 'unknown';
      const bookkeeping = pending && migration && history?.ok && history.hasTable && others === 'all' ? laravelRecordBookkeeping(migrationsTable, migration.name, history.nextBatch) : undefined;
      // Already recorded (the table was dropped later): `migrate` would do nothing; a new migration is the artisan route.
      const server = app.sqlitePath ? undefined : liveTargetOf(conn);
      const recorded = !migration
        ? false
        : history?.ok
          ? history.names.includes(migration.name)
          : server && (await isMigrationRecordedLive(server.target, server.schemas, migrationsTable, migration.name, opts.liveTimeoutMs));
      // A driver switch in .env that Laravel would not read is no fix: the table fixes lead then.
      const createFirst = !tokenApi || !envDriver;
      let create = createTableFixes({ app: a, table: prefix + table, ddl: app.sessionSql.sqlite!, sqlitePath: app.sqlitePath, bookkeeping, preferred: createFirst, display, ranMigration: recorded && migration ? migration.name : undefined });
      // None of that migration's tables exist (it never ran): `migrate` creates them all. Creating the
      // session table alone would make that migration fail later ("table sessions already exists").
      if (others === 'none') {
        const migrate = create.filter((f) => f.id === 'laravel.migrate').map((f) => ({ ...f, preferred: createFirst || undefined }));
        create = [...migrate, ...create.filter((f) => f.id !== 'laravel.migrate').map((f) => ({ ...f, preferred: undefined }))];
      }
      const drivers = envDriver ? driverFixes(a, createFirst ? undefined : (opts.preferredDriver ?? 'cookie')) : [];
      const ranked = createFirst ? [...create, ...drivers] : [...drivers, ...create];
      problems.push({
        code: 'laravel.sessionTableMissing',
        severity: 'error',
        message: msg('laravel.sessionTableMissing', prefix + table, display),
        detail:
          recorded && migration
            ? msg(app.sqlitePath ? 'laravel.sessionMigrationRan' : 'laravel.sessionMigrationRan.server', migration.name, prefix + table)
            : msg('laravel.sessionTableMissing.detail', prefix + table, display, runtimeError(dialect?.sql, prefix + table, conn.database)),
        location: app.anchor,
        app: a.root,
        fixes: driverHiddenByCache(a, driver) ? clearCacheFirst(a, ranked) : ranked,
      });
    }
  }

  if (a.cachedConfig) {
    const stale = 'session' in a.cachedConfig && a.env && envLookup(a.env.doc, 'SESSION_DRIVER') && envLookup(a.env.doc, 'SESSION_DRIVER')!.value !== rawDriver;
    problems.push({
      code: 'laravel.configCached',
      severity: stale || problems.length > 0 ? 'warning' : 'info',
      message: msg('laravel.configCached', path.relative(a.root, a.cachedConfig.path)),
      location: keyLocation(a, 'SESSION_DRIVER') ?? (a.env ? lineStart(a.env.path) : lineStart(a.cachedConfig.path)),
      app: a.root,
      fixes: [configClearFix(a)],
    });
  }
  return { app, problems };
}

/** What the app's own requests would print, for the explanation. */
function runtimeError(dialect: SqlDialect | undefined, table: string, database: string | undefined): string {
  if (dialect === 'mysql') return `SQLSTATE[42S02]: Base table or view not found: 1146 Table '${database ?? '?'}.${table}' doesn't exist`;
  if (dialect === 'postgresql') return `SQLSTATE[42P01]: Undefined table: 7 ERROR:  relation "${table}" does not exist`;
  return `SQLSTATE[HY000]: General error: 1 no such table: ${table}`;
}

/** Where the live check connects for a MySQL/MariaDB/PostgreSQL connection, and the schemas it searches. */
/** Where the connection points, without its password: `driver://user@host:port/db`, or the socket MySQL connects through. */
function connectionDisplay(conn: LaravelConnection, viaSocket: boolean): string {
  const user = conn.username ? `${conn.username}@` : '';
  const where = viaSocket ? `localhost/${conn.database ?? ''} (socket ${conn.unixSocket})` : `${conn.host ?? 'localhost'}${conn.port ? `:${conn.port}` : ''}/${conn.database ?? ''}`;
  return `${conn.driver}://${user}${where}`;
}

function liveTargetOf(conn: LaravelConnection): { target: LiveTarget; schemas: Array<string | undefined> } | undefined {
  const dialect = conn.driver === 'pgsql' ? 'postgresql' : conn.driver === 'mysql' || conn.driver === 'mariadb' ? 'mysql' : undefined;
  if (!dialect || !conn.database) return undefined;
  // MySqlConnector uses unix_socket instead of host/port whenever it is set.
  const socketPath = dialect === 'mysql' ? conn.unixSocket : undefined;
  const target: LiveTarget = { dialect, host: conn.host ?? '127.0.0.1', port: conn.port, user: conn.username, password: conn.password, database: conn.database, socketPath };
  // PostgreSQL finds Laravel's unqualified table name in the first schema of the search path that has it.
  return { target, schemas: dialect === 'postgresql' ? postgresSchemas(conn.searchPath, conn.username) : [undefined] };
}

async function sessionTableState(a: LaravelApp, app: AppReport, table: string, prefix: string, opts: DiagnoseOptions): Promise<AppReport['tableState']> {
  const conn = a.database.connection;
  const name = prefix + table;
  if (conn.error) {
    app.tableState = 'unknown';
    app.unknownReason = msg('live.unknown', a.database.connectionName.value ?? '?', conn.error);
    return app.tableState;
  }
  if (conn.driver === 'sqlite') {
    if (!a.sqlitePath) {
      app.tableState = 'unknown';
      app.unknownReason = msg('live.unknown', conn.database ?? ':memory:', 'an in-memory SQLite database has no file to check');
      return app.tableState;
    }
    app.sqlitePath = a.sqlitePath;
    app.databaseDisplay = path.relative(a.root, a.sqlitePath) || a.sqlitePath;
    app.watchFiles.push(a.sqlitePath, `${a.sqlitePath}-wal`, `${a.sqlitePath}-journal`);
    const read: SchemaReadResult = await readSqliteSchema(a.sqlitePath);
    if (read.status === 'error' && !(await pathExists(a.sqlitePath))) {
      app.tableState = 'missing';
      return app.tableState;
    }
    if (read.status !== 'ok') {
      app.tableState = 'unknown';
      app.unknownReason = msg('live.unknown', app.databaseDisplay, read.reason);
      return app.tableState;
    }
    app.tableState = hasTable(read, name) ? 'present' : 'missing';
    return app.tableState;
  }
  const live = conn.driver === 'pgsql' ? 'postgresql' : conn.driver === 'mysql' || conn.driver === 'mariadb' ? 'mysql' : undefined;
  app.databaseDisplay = conn.url ? maskUrl(conn.url) : connectionDisplay(conn, live === 'mysql' && Boolean(conn.unixSocket));
  if (!live) {
    app.tableState = 'unknown';
    app.unknownReason = msg('live.unknown', app.databaseDisplay, `the "${conn.driver}" driver is not checked`);
    return app.tableState;
  }
  if (opts.live === false) return notCheckedLive(app).tableState;
  if (!conn.database) {
    app.tableState = 'unknown';
    app.unknownReason = msg('live.unknown', app.databaseDisplay, 'DB_DATABASE is not set');
    return app.tableState;
  }
  const { target, schemas } = liveTargetOf(conn)!;
  let r: Awaited<ReturnType<typeof checkTableLive>> | undefined;
  for (const schema of schemas) {
    r = await checkTableLive({ ...target, schema }, name, { timeoutMs: opts.liveTimeoutMs });
    if (r.status !== 'missing') break;
  }
  if (!r) return app.tableState;
  if (r.status === 'unknown') {
    app.tableState = 'unknown';
    app.unknownReason = msg('live.unknown', app.databaseDisplay, `${r.reason}: ${r.message}`);
    return app.tableState;
  }
  app.tableState = r.status;
  return app.tableState;
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
async function otherTablesState(a: LaravelApp, sqlitePath: string, migrationPath: string, sessionTable: string): Promise<'all' | 'none' | 'some' | 'unknown'> {
  const php = await readTextIfExists(migrationPath);
  if (php === undefined) return 'unknown';
  const created = [...php.matchAll(/Schema::create\(\s*['"]([^'"]+)['"]/g)].map((m) => (a.database.connection.prefix ?? '') + m[1]);
  const read = await readSqliteSchema(sqlitePath);
  if (read.status !== 'ok') return 'unknown';
  const others = created.filter((t) => t.toLowerCase() !== sessionTable.toLowerCase());
  const present = others.filter((t) => hasTable(read, t)).length;
  if (present === others.length) return 'all';
  return present === 0 ? 'none' : 'some';
}
