/**
 * The Better Auth rules: the facts of one app (betterAuthFacts.ts) → its report and its problems with
 * ranked fixes. Pure and synchronous: no file, database or network access.
 *
 * Ranking, when core tables or session columns are missing: on SQLite, the migration's own SQL
 * applied in place under SQLite's locks comes first (it works offline, and Better Auth keeps no
 * migration history to record it in); `npx auth migrate` second. Elsewhere, and whenever the config
 * adds to the core schema (plugins, additional fields, generated ids, which the SQL here does not
 * model), `npx auth migrate` alone: it reads the whole config.
 */
import * as path from 'node:path';
import { msg } from '../../messages';
import type { ApplySqlFix, Fix, Location, Problem, RunCommandFix, SqlDialect } from '../../model';
import type { AppReport } from '../../problems/diagnosis';
import type { AppOutcome } from '../stack';
import { positionAt } from '../jsSourceText';
import type { BetterAuthFacts } from './betterAuthFacts';
import {
  CORE_FIELDS,
  CORE_MODELS,
  columnName,
  migrationSql,
  missingFields,
  sessionTableSql,
  sqliteCanAddColumns,
  tableName,
  type BetterAuthDialect,
} from './betterAuthSchema';

export const MIGRATE_FIX_ID = 'betterAuth.migrate';
export const APPLY_FIX_ID = 'betterAuth.applyMigration';

const DIALECTS: Record<SqlDialect, BetterAuthDialect> = { sqlite: 'sqlite', postgresql: 'postgres', mysql: 'mysql' };

/** The session table's DDL in a dialect, as `auth migrate` writes it with the other tables present. */
export function betterAuthSessionSql(f: BetterAuthFacts, dialect: SqlDialect): string | undefined {
  if (!f.config || f.config.namesComputed || f.config.extras.length > 0) return undefined;
  return sessionTableSql(DIALECTS[dialect], f.config.names);
}

function anchorOf(f: BetterAuthFacts): Location {
  const a = f.app;
  if (!f.config) return { file: a.configFile, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  const start = positionAt(a.configText, f.config.start);
  return { file: a.configFile, range: { start, end: { line: start.line, character: start.character + 'betterAuth'.length } } };
}

function migrateFix(f: BetterAuthFacts, preferred: boolean): RunCommandFix {
  const config = path.relative(f.app.root, f.app.configFile).split(path.sep).join('/');
  return {
    id: MIGRATE_FIX_ID,
    kind: 'run-command',
    title: msg('fix.betterAuth.migrate'),
    detail: msg('fix.betterAuth.migrate.detail'),
    destructive: false,
    preferred: preferred || undefined,
    requiresTrust: true,
    commands: [{ argv: ['npx', 'auth', 'migrate', '--config', config, '--yes'], cwd: f.app.root }],
  };
}

/** The migration's SQL applied to the SQLite file, when it is exact for this config and SQLite takes it. */
function applyFix(f: BetterAuthFacts): ApplySqlFix | undefined {
  const c = f.config;
  if (f.connection.kind !== 'sqlite' || !c || c.namesComputed || c.extras.length > 0) return undefined;
  // No file yet: the locked apply writes into an existing database only (a wrong path is not created).
  if (f.tables.fileExists === false) return undefined;
  const present = f.tables.present;
  for (const model of CORE_MODELS) {
    const cols = present.get(tableName(c.names, model));
    if (cols && !sqliteCanAddColumns(model, c.names, missingFields(c.names, model, cols))) return undefined;
  }
  const sql = migrationSql('sqlite', c.names, { present });
  if (!sql) return undefined;
  const tables = CORE_MODELS.map((m) => tableName(c.names, m)).filter((t) => !present.has(t));
  // Columns added to present tables: absent before, present after; the undo drops them (after their indexes), never the table.
  const columns = CORE_MODELS.flatMap((m) => {
    const table = tableName(c.names, m);
    const cols = present.get(table);
    return (cols ? missingFields(c.names, m, cols) : []).map((column) => ({ table, column }));
  });
  return {
    id: APPLY_FIX_ID,
    kind: 'apply-sql',
    title: msg('fix.betterAuth.apply', f.tables.databaseDisplay ?? f.connection.file),
    detail: msg('fix.betterAuth.apply.detail'),
    destructive: false,
    preferred: true,
    requiresTrust: true,
    dialect: 'sqlite',
    database: f.connection.file,
    sql,
    expect: { tables, indexes: [...sql.matchAll(/create (?:unique )?index "([^"]+)"/g)].map((m) => m[1]), ...(columns.length > 0 ? { columns } : {}) },
  };
}

export function betterAuthRules(f: BetterAuthFacts): AppOutcome {
  const a = f.app;
  const anchor = anchorOf(f);
  const watchFiles = [a.packageJson, a.configFile, path.join(a.root, '.env'), path.join(a.root, '.env.local')];
  if (f.connection.kind === 'sqlite') watchFiles.push(f.connection.file, `${f.connection.file}-wal`, `${f.connection.file}-journal`);
  const sessionSql: AppReport['sessionSql'] = {};
  for (const d of ['sqlite', 'postgresql', 'mysql'] as const) {
    const sql = betterAuthSessionSql(f, d);
    if (sql) sessionSql[d] = sql;
  }
  const names = f.config?.names;
  const app: AppReport = {
    framework: 'better-auth',
    root: a.root,
    sessionTable: names && !f.config?.namesComputed ? names.tables.session : undefined,
    dialect: f.dialect,
    databaseDisplay: f.tables.databaseDisplay,
    databaseSource: sourceMessage(f),
    sqlitePath: f.connection.kind === 'sqlite' ? f.connection.file : undefined,
    tableState: f.tables.state,
    unknownReason: f.tables.unknownReason,
    anchor,
    sessionSql,
    commands: [migrateFix(f, false)],
    watchFiles,
  };
  const problems: Problem[] = [];
  if (!names || (f.tables.state !== 'missing' && f.tables.state !== 'present')) return { app, problems };
  const display = f.tables.databaseDisplay ?? '?';
  const missingTables = f.tables.missing.map((m) => tableName(names, m));
  const sessionColumns = (() => {
    const cols = f.tables.present.get(tableName(names, 'session'));
    return cols ? missingFields(names, 'session', cols) : [];
  })();
  // The other core tables' missing columns (`user.image`): Better Auth's schema check stops on them too.
  const otherColumns = CORE_MODELS.filter((m) => m !== 'session').flatMap((m) => {
    const cols = f.tables.present.get(tableName(names, m));
    return cols ? missingFields(names, m, cols).map((c) => `${tableName(names, m)}.${c}`) : [];
  });
  if (missingTables.length === 0 && sessionColumns.length === 0 && otherColumns.length === 0) return { app, problems };

  const apply = applyFix(f);
  const fixes: Fix[] = apply ? [apply, migrateFix(f, false)] : [migrateFix(f, true)];
  if (missingTables.length > 0) {
    const sessionMissing = f.tables.missing.includes('session');
    problems.push({
      code: sessionMissing ? 'betterAuth.sessionTableMissing' : 'betterAuth.tablesMissing',
      severity: 'error',
      message: sessionMissing
        ? msg('betterAuth.sessionTableMissing', names.tables.session, display)
        : msg('betterAuth.tablesMissing', missingTables.join(', '), display),
      detail:
        f.tables.fileExists === false
          ? msg('betterAuth.databaseFileMissing.detail', display)
          : msg('betterAuth.tablesMissing.detail', missingTables.join(', ')),
      location: anchor,
      app: a.root,
      fixes,
    });
  }
  if (sessionColumns.length > 0) {
    const sqliteRefuses =
      f.connection.kind === 'sqlite' &&
      !sqliteCanAddColumns('session', names, sessionColumns) &&
      CORE_FIELDS.session.some((x) => x.required && sessionColumns.includes(columnName(names, 'session', x.key)));
    problems.push({
      code: 'betterAuth.sessionColumnsMissing',
      severity: 'error',
      message: msg('betterAuth.sessionColumnsMissing', names.tables.session, display, sessionColumns.join(', ')),
      detail: msg(sqliteRefuses ? 'betterAuth.sessionColumnsMissing.sqliteRequired' : 'betterAuth.sessionColumnsMissing.detail', names.tables.session),
      location: anchor,
      app: a.root,
      // One migration adds the missing tables and columns together: offered once, on the first problem.
      fixes: problems.length > 0 ? [] : fixes,
    });
  }
  if (otherColumns.length > 0) {
    problems.push({
      code: 'betterAuth.columnsMissing',
      severity: 'error',
      message: msg('betterAuth.columnsMissing', display, otherColumns.join(', ')),
      detail: msg('betterAuth.columnsMissing.detail'),
      location: anchor,
      app: a.root,
      fixes: problems.length > 0 ? [] : fixes,
    });
  }
  return { app, problems };
}

function sourceMessage(f: BetterAuthFacts): AppReport['databaseSource'] {
  const c = f.connection;
  if (c.kind !== 'url' || !c.envName) return undefined;
  if (!c.envFile) return msg('betterAuth.databaseFrom.env', c.envName);
  return msg('betterAuth.databaseFrom.envFile', c.envName, path.relative(f.app.root, c.envFile) || c.envFile);
}
