/**
 * The Laravel rules: the facts of one app (laravelFacts.ts) → its report and its problems with
 * ranked fixes. Pure and synchronous: no file, database or network access.
 */
import * as path from 'node:path';
import { msg } from '../../messages';
import { Fix, Location, Problem, SqlDialect } from '../../model';
import { envLookup } from '../../read/env/envFile';
import { LaravelApp, Setting } from './laravelApp';
import { canonicalSessionDriver } from './laravelSessionDrivers';
import { LaravelDialect, laravelSessionsDdl } from './laravelDdl';
import { laravelRecordBookkeeping } from './laravelBookkeeping';
import { addColumnsFixes } from './laravelColumnFixes';
import { appKeyFixes, configClearFix, createEnvFix, createTableFixes, driverFixes, envEdit, laravelCommands } from './laravelFixes';
import type { AppOutcome } from '../stack';
import type { AppReport } from '../../problems/diagnosis';
import type { LaravelFacts } from './laravelFacts';

const DIALECTS: Record<string, { sql: SqlDialect; laravel: LaravelDialect }> = {
  sqlite: { sql: 'sqlite', laravel: 'sqlite' },
  mysql: { sql: 'mysql', laravel: 'mysql' },
  mariadb: { sql: 'mysql', laravel: 'mysql' },
  pgsql: { sql: 'postgresql', laravel: 'pgsql' },
};

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

/** The sessions table's DDL in a dialect, with the app's table name, prefix and MySQL options. */
export function laravelSessionSql(facts: LaravelFacts, dialect: SqlDialect): string {
  const conn = facts.app.database.connection;
  const d: LaravelDialect = dialect === 'postgresql' ? 'pgsql' : dialect;
  const options = dialect === 'mysql' ? { charset: conn.charset, collation: conn.collation, engine: conn.engine } : undefined;
  return ddlText(laravelSessionsDdl(d, facts.table, facts.session.tablePrefix, options));
}

/**
 * Whether SESSION_DRIVER in .env reaches the session config, so that editing it is a real fix. Not
 * when .env names it and the config still resolved elsewhere, nor when the app's config/session.php
 * never mentions it (e.g. `'driver' => 'database'` written as a literal).
 */
function envControlsDriver(facts: LaravelFacts): boolean {
  const a = facts.app;
  const source = a.session.driver.source;
  if (source === 'env' || source === 'env-example' || source === 'cached-config') return true;
  if (a.env && envLookup(a.env.doc, 'SESSION_DRIVER')) return false;
  return facts.sessionConfigReadsEnv;
}

export function laravelRules(lf: LaravelFacts): AppOutcome {
  const a = lf.app;
  if (a.unreadable) {
    // A .env, config or composer.json that cannot be read: any verdict would rest on guesses.
    const watchFiles = ['composer.json', '.env', '.env.example', 'config', path.join('bootstrap', 'cache', 'config.php')].map((f) => path.join(a.root, f));
    return { app: { framework: 'laravel', root: a.root, tableState: 'unknown', unknownReason: a.unreadable, commands: [], watchFiles }, problems: [] };
  }
  const conn = a.database.connection;
  const facts = lf.session;
  const dialect = DIALECTS[conn.driver];
  const table = lf.table;
  const prefix = facts.tablePrefix;
  const rawDriver = facts.configuredDriver;
  const envDriver = envControlsDriver(lf);
  /** Where SESSION_DRIVER takes effect: its .env line, or the config that ignores .env. */
  const driverLocation = envDriver
    ? keyLocation(a, 'SESSION_DRIVER', a.session.driver)
    : (a.session.driver.location ?? keyLocation(a, 'SESSION_DRIVER', a.session.driver));
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
    // Every file the facts come from (composer.lock and composer.json: the Laravel version, which
    // decides between make:session-table and session:table).
    watchFiles: [
      path.join(a.root, '.env'),
      path.join(a.root, '.env.example'),
      path.join(a.root, 'composer.json'),
      path.join(a.root, 'composer.lock'),
      path.join(a.root, 'bootstrap', 'cache', 'config.php'),
      path.join(a.root, 'config', 'session.php'),
      path.join(a.root, 'config', 'database.php'),
      path.join(a.root, 'config', 'app.php'),
      path.join(a.root, 'database', 'migrations'),
    ],
  };
  app.sessionSql = { sqlite: laravelSessionSql(lf, 'sqlite'), mysql: laravelSessionSql(lf, 'mysql'), postgresql: laravelSessionSql(lf, 'postgresql') };
  const problems: Problem[] = [];
  const tokenApi = lf.tokenApi;

  // phpdotenv rejects the whole file for one bad line: Laravel then stops before any session code.
  const fatal = a.env?.doc.errors.find((e) => e.fatal && e.line === facts.envFatalLines[0]);
  if (a.env && fatal) {
    problems.push({
      code: 'laravel.envInvalid',
      severity: 'error',
      message: msg('laravel.envInvalid', fatal.line + 1, fatal.message),
      location: lineStart(a.env.path, fatal.line),
      app: a.root,
      fixes: [],
    });
  } else if (a.env) {
    // The file loads, but phpdotenv silently skips lines (a never-closed quote, or lines swallowed
    // into a comment): whatever they set, Laravel never sees it.
    for (const e of a.env.doc.errors.filter((x) => !x.fatal)) {
      problems.push({
        code: 'laravel.envLinesIgnored',
        severity: 'warning',
        message: msg('laravel.envLinesIgnored', e.line + 1, e.message),
        location: lineStart(a.env.path, e.line),
        app: a.root,
        fixes: [],
      });
    }
  }

  if (facts.canCreateEnvFromExample && a.envExample) {
    const fix = createEnvFix(a);
    problems.push({
      code: 'laravel.envMissing',
      severity: 'warning',
      message: msg('laravel.envMissing'),
      location: lineStart(a.envExample.path),
      app: a.root,
      fixes: fix ? [fix] : [],
    });
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
    if (envDriver) fixes.push(...driverFixes(a, near ? undefined : (lf.preferredDriver ?? 'cookie')).filter((f) => !f.id.endsWith('withExample')));
    const ranked = driverHiddenByCache(a, driver) ? clearCacheFirst(a, fixes) : fixes;
    problems.push({
      code: 'laravel.invalidDriver',
      severity: 'error',
      message: msg('laravel.invalidDriver', rawDriver),
      detail: near ? msg('laravel.invalidDriver.suggestion', near) : undefined,
      location: loc,
      app: a.root,
      fixes: ranked,
    });
  }

  if (facts.appKeyEmpty && !facts.envMissing) {
    const needsKey = facts.appKeyNeededBySessions;
    // A cached config can hide a key that .env already holds: clearing the cache is then the fix.
    // Generating would replace the user's key (data encrypted with it becomes unreadable), and the
    // edit's oldText would carry that key into every output.
    const envHasKey = Boolean(a.cachedConfig && a.env && envLookup(a.env.doc, 'APP_KEY')?.value);
    const fixes = envHasKey ? [configClearFix(a)] : appKeyFixes(a);
    problems.push({
      code: 'laravel.appKeyMissing',
      severity: needsKey ? 'error' : 'warning',
      message: msg('laravel.appKeyMissing'),
      location: keyLocation(a, 'APP_KEY', a.appKey) ?? app.anchor,
      app: a.root,
      fixes,
    });
  }

  const t = lf.sessionTable;
  if (driver === 'database' && t) {
    app.tableState = t.state;
    app.unknownReason = t.unknownReason;
    app.databaseDisplay = t.databaseDisplay;
    app.sqlitePath = t.sqlitePath;
    if (t.sqlitePath) app.watchFiles.push(t.sqlitePath, `${t.sqlitePath}-wal`, `${t.sqlitePath}-journal`);
    const state = t.state;
    if (state === 'present' && t.missingColumns && dialect) {
      const display = app.databaseDisplay ?? conn.driver;
      const plan = addColumnsFixes({
        app: a,
        dialect: dialect.laravel,
        table,
        prefix,
        missing: t.missingColumns,
        hasRows: t.hasRows,
        sqlitePath: app.sqlitePath,
        display,
        now: lf.now,
        error: missingColumnError(dialect.sql, prefix + table, t.missingColumns[0]),
      });
      problems.push({
        code: 'laravel.sessionColumnsMissing',
        severity: 'error',
        message: msg('laravel.sessionColumnsMissing', prefix + table, display, t.missingColumns.join(', ')),
        detail: plan.detail,
        location: app.anchor,
        app: a.root,
        fixes: plan.fixes,
      });
    }
    if (state === 'missing' && app.sqlitePath && !t.fileExists) {
      // No database file at all: every query fails, not only sessions. Laravel's own `migrate`
      // offers to create the file and runs every migration; a driver switch avoids the table only.
      const migrate = {
        ...laravelCommands(a).find((c) => c.id === 'laravel.migrate')!,
        preferred: true,
        detail: msg('fix.laravel.migrateCreatesDatabase.detail'),
      };
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
      const history = t.history;
      const migration = a.sessionMigration;
      // The creating migration exists and has not run.
      const pending = Boolean(migration && history?.ok && !history.names.includes(migration.name));
      const others = pending && migration ? t.migrationOthers : 'unknown';
      const bookkeeping =
        pending && migration && history?.ok && history.hasTable && others === 'all'
          ? laravelRecordBookkeeping(migrationsTable, migration.name, history.nextBatch)
          : undefined;
      // Already recorded (the table was dropped later): `migrate` would do nothing; a new migration is the artisan route.
      const recorded = !migration ? false : history?.ok ? history.names.includes(migration.name) : t.recordedLive;
      // A driver switch in .env that Laravel would not read is no fix: the table fixes lead then.
      const createFirst = !tokenApi || !envDriver;
      let create = createTableFixes({
        app: a,
        table: prefix + table,
        ddl: app.sessionSql.sqlite!,
        sqlitePath: app.sqlitePath,
        bookkeeping,
        preferred: createFirst,
        display,
        ranMigration: recorded && migration ? migration.name : undefined,
      });
      // None of that migration's tables exist (it never ran): `migrate` creates them all. Creating the
      // session table alone would make that migration fail later ("table sessions already exists").
      if (others === 'none') {
        const migrate = create.filter((f) => f.id === 'laravel.migrate').map((f) => ({ ...f, preferred: createFirst || undefined }));
        create = [...migrate, ...create.filter((f) => f.id !== 'laravel.migrate').map((f) => ({ ...f, preferred: undefined }))];
      }
      const drivers = envDriver ? driverFixes(a, createFirst ? undefined : (lf.preferredDriver ?? 'cookie')) : [];
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

/**
 * What DatabaseSessionHandler's write prints when a column is missing (the first one it names), as
 * captured from Illuminate 8.83 in test/fixtures/detect/real/laravel8-*-column-user_id.txt (MariaDB
 * names the clause, `in 'SET'`; MySQL says `in 'field list'`).
 */
function missingColumnError(dialect: SqlDialect | undefined, table: string, column: string): string {
  if (dialect === 'mysql') return `SQLSTATE[42S22]: Column not found: 1054 Unknown column '${column}' in 'SET'`;
  if (dialect === 'postgresql') return `SQLSTATE[42703]: Undefined column: 7 ERROR:  column "${column}" of relation "${table}" does not exist`;
  return `SQLSTATE[HY000]: General error: 1 no such column: ${column}`;
}

/** What the app's own requests would print, for the explanation. */
function runtimeError(dialect: SqlDialect | undefined, table: string, database: string | undefined): string {
  if (dialect === 'mysql') return `SQLSTATE[42S02]: Base table or view not found: 1146 Table '${database ?? '?'}.${table}' doesn't exist`;
  if (dialect === 'postgresql') return `SQLSTATE[42P01]: Undefined table: 7 ERROR:  relation "${table}" does not exist`;
  return `SQLSTATE[HY000]: General error: 1 no such table: ${table}`;
}
