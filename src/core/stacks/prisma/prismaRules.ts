import { pathExists } from '../../read/findFiles';
import { readRegularText } from '../../read/regularFile';
import * as path from 'node:path';
import { msg } from '../../messages';
import { checkTableLive } from '../../read/live/tableCheck';
import { Location, Problem } from '../../model';
import { parseDatabaseUrl } from '../../read/databaseUrl';
import { PrismaDatabaseTarget, resolvePrismaDatabase } from './prismaDatabase';
import { readMigrationsFolder } from './prismaMigrations';
import { PrismaProjectFiles } from './prismaProject';
import { parsePrismaSchema, PrismaModel } from './prismaSchema';
import { findSessionModel } from './sessionModel';
import { tablesNeededFor } from './prismaDdl';
import { maskUrl } from '../../redact';
import { hasTable, readSqliteSchema } from '../../read/sqlite/schemaReader';
import { defaultSqlWasmPath } from '../../sqljs/sqlJsModule';
import { failedMigrationFixes, prismaCommands, prismaSessionFixes, runPrisma, tryCreateSql } from './prismaFixes';
import { gatherPrismaHistory, readAppliedPrismaMigrations, type PrismaHistory } from './prismaHistory';
import { AppReport, DiagnoseOptions, notCheckedLive } from '../../problems/diagnosis';

export interface AppOutcome {
  app: AppReport;
  problems: Problem[];
}

function dialectOf(provider: string): 'sqlite' | 'postgresql' | 'mysql' | undefined {
  if (provider === 'sqlite') return 'sqlite';
  if (provider === 'postgresql' || provider === 'postgres' || provider === 'cockroachdb') return 'postgresql';
  if (provider === 'mysql') return 'mysql';
  return undefined;
}

export function modelLocation(model: PrismaModel): Location {
  return { file: model.file, range: model.nameRange };
}

function displayOf(target: PrismaDatabaseTarget, root: string): string {
  if (target.sqlitePath) return path.relative(root, target.sqlitePath) || target.sqlitePath;
  return target.url ? maskUrl(target.url) : (target.envName ?? 'the database');
}

export async function diagnosePrismaApp(project: PrismaProjectFiles, opts: DiagnoseOptions): Promise<AppOutcome> {
  const app: AppReport = { framework: 'prisma', root: project.root, tableState: 'not-checked', commands: prismaCommands(project), watchFiles: [...project.schemaFiles, project.migrationsDir] };
  if (project.configFile) app.watchFiles.push(project.configFile);
  app.watchFiles.push(path.join(project.root, '.env'));

  const files: Array<{ path: string; text: string }> = [];
  for (const file of project.schemaFiles) {
    const read = await readRegularText(file);
    if (!read.ok) {
      // A schema that is a FIFO, a folder, too large or unreadable: an app we cannot check, never a healthy one.
      app.tableState = 'unknown';
      app.unknownReason = msg('prisma.schemaInvalid', read.reason);
      return { app, problems: [] };
    }
    files.push({ path: file, text: read.text });
  }
  const parsed = parsePrismaSchema(files);
  if (!parsed.ok) {
    app.tableState = 'unknown';
    app.unknownReason = msg('prisma.schemaInvalid', parsed.error);
    const file = parsed.file ?? project.schemaFiles[0];
    // parsePrismaSchema reports 0-based lines, as the model's ranges are.
    const line = Math.max(0, parsed.line ?? 0);
    return {
      app,
      problems: [
        {
          code: 'prisma.schemaInvalid',
          severity: 'error',
          message: msg('prisma.schemaInvalid', parsed.error),
          location: { file, range: { start: { line, character: 0 }, end: { line, character: 0 } } },
          app: project.root,
          fixes: [],
        },
      ],
    };
  }
  const schema = parsed.schema;
  const found = findSessionModel(schema, opts.sessionModel);
  if (!found) return { app, problems: [] }; // no session model: nothing for us to check
  const model = found.model;
  app.sessionModel = model.name;
  app.sessionTable = model.dbName;
  app.anchor = modelLocation(model);
  const sessionModels = tablesNeededFor(schema, model);
  app.sessionSql = {};
  for (const d of ['sqlite', 'postgresql', 'mysql'] as const) {
    const sql = tryCreateSql(schema, [model.name], d);
    if (sql !== undefined) app.sessionSql[d] = sql;
  }
  const provider = schema.datasource?.provider ?? 'unknown';
  const dialect = dialectOf(provider);
  app.dialect = dialect;

  const target = await resolvePrismaDatabase(project, schema.datasource && { provider, url: schema.datasource.url, file: schema.datasource.file }, opts.env ?? {}, opts.database);
  app.databaseDisplay = displayOf(target, project.root);
  app.databaseSource = target.source;
  if (target.unresolved || !dialect) {
    app.tableState = 'unknown';
    app.unknownReason = target.unresolvedMessage ?? msg('live.unknown', app.databaseDisplay, target.unresolved ?? `provider "${provider}" is not supported`);
    if (target.unresolved) app.databaseDisplay = undefined; // not located: no "sqlite the database" in the header; the reason says why
    return { app, problems: [] };
  }

  if (dialect === 'sqlite') {
    const dbPath = target.sqlitePath!;
    app.sqlitePath = dbPath;
    app.watchFiles.push(dbPath, `${dbPath}-wal`, `${dbPath}-journal`);
    const read = await readSqliteSchema(dbPath);
    if (read.status === 'error' && !(await pathExists(dbPath))) {
      app.tableState = 'missing';
      const migrations = await readMigrationsFolder(project.migrationsDir);
      if (migrations.unreadable) return unreadableMigrations(app, migrations.unreadable);
      return { app, problems: [databaseFileMissingProblem(project, model, app.databaseDisplay, migrations.exists && migrations.migrations.length > 0)] };
    }
    if (read.status !== 'ok') {
      app.tableState = 'unknown';
      app.unknownReason = msg('prisma.sqliteUnreadable', app.databaseDisplay, read.reason);
      return { app, problems: [] };
    }
    const wasmPath = opts.wasmPath ?? defaultSqlWasmPath();
    const now = (opts.now ?? (() => new Date()))();
    const migrations = await readMigrationsFolder(project.migrationsDir);
    if (migrations.unreadable) return unreadableMigrations(app, migrations.unreadable);
    const applied = hasTable(read, '_prisma_migrations') ? await readAppliedPrismaMigrations(dbPath) : { ok: true as const, rows: [] };
    // The history record, where there is a history to keep true: migrations, and rows we could read.
    const history = migrations.migrations.length > 0 && applied.ok ? await gatherPrismaHistory(dbPath, migrations, applied.rows, read.entries, wasmPath) : undefined;
    if (hasTable(read, model.dbName)) {
      app.tableState = 'present';
      return { app, problems: history ? await failedMigrationProblems(project, model, history, dbPath, wasmPath, now) : [] };
    }
    app.tableState = 'missing';
    const missingNow = sessionModels.filter((m) => m.name === model.name || !hasTable(read, m.dbName));
    app.sessionSql = { ...app.sessionSql, sqlite: tryCreateSql(schema, missingNow.map((m) => m.name), 'sqlite') };
    const unbaselined = migrations.migrations.length > 0 && !hasTable(read, '_prisma_migrations') && read.entries.some((e) => e.type === 'table' && !e.name.startsWith('sqlite_'));
    const { fixes, unproven } = await prismaSessionFixes({ project, schema, model, missingModels: missingNow, dialect, dbPath, display: app.databaseDisplay, migrations, applied, unbaselined, history, wasmPath, now });
    const problem = sessionMissingProblem(project, model, app.databaseDisplay, missingNow, fixes);
    if (unproven) problem.detail = msg('prisma.noProvenFix', unproven);
    return { app, problems: [problem] };
  }

  // PostgreSQL / MySQL: one read-only, time-bounded query.
  if (opts.live === false) return { app: notCheckedLive(app), problems: [] };
  const parts = parseDatabaseUrl(target.url!);
  if (!parts.ok || !parts.value.host || !parts.value.database) {
    app.tableState = 'unknown';
    app.unknownReason = msg('live.unknown', app.databaseDisplay, parts.ok ? 'the url names no host or database' : parts.error);
    return { app, problems: [] };
  }
  const v = parts.value;
  const live = await checkTableLive(
    { dialect: dialect === 'postgresql' ? 'postgresql' : 'mysql', host: v.host!, port: v.port, user: v.user, password: v.password, database: v.database!, schema: v.schema, socketPath: v.socketPath },
    model.dbName,
    { timeoutMs: opts.liveTimeoutMs },
  );
  if (live.status === 'unknown') {
    app.tableState = 'unknown';
    app.unknownReason = msg('live.unknown', app.databaseDisplay, `${live.reason}: ${live.message}`);
    return { app, problems: [] };
  }
  app.tableState = live.status;
  if (live.status === 'present') return { app, problems: [] };
  const migrations = await readMigrationsFolder(project.migrationsDir);
  if (migrations.unreadable) return unreadableMigrations(app, migrations.unreadable);
  const missingModels = [model];
  const { fixes } = await prismaSessionFixes({ project, schema, model, missingModels, dialect, display: app.databaseDisplay, migrations, applied: { ok: false, reason: 'not read on a server database' }, wasmPath: opts.wasmPath ?? defaultSqlWasmPath(), now: (opts.now ?? (() => new Date()))() });
  return { app, problems: [sessionMissingProblem(project, model, app.databaseDisplay, missingModels, fixes)] };
}

/** A migration that cannot be read: the fixes (which migration to apply, which to write) cannot be chosen. */
function unreadableMigrations(app: AppReport, reason: string): AppOutcome {
  app.tableState = 'unknown';
  app.unknownReason = msg('app.fileUnreadable', reason);
  return { app, problems: [] };
}

function sessionMissingProblem(project: PrismaProjectFiles, model: PrismaModel, display: string, missingModels: PrismaModel[], fixes: Problem['fixes']): Problem {
  const others = missingModels.filter((m) => m.name !== model.name).map((m) => m.dbName);
  return {
    code: 'prisma.sessionTableMissing',
    severity: 'error',
    message: msg('prisma.sessionTableMissing', model.dbName, model.name, display),
    detail: others.length ? msg(others.length === 1 ? 'prisma.relatedTablesMissing' : 'prisma.relatedTablesMissing.many', others.join(', ')) : undefined,
    location: modelLocation(model),
    app: project.root,
    fixes,
  };
}

/**
 * A failed attempt recorded in `_prisma_migrations` is a problem of its own, even while the session
 * table is there: `migrate deploy` refuses to run (P3009) until it is resolved.
 */
async function failedMigrationProblems(project: PrismaProjectFiles, model: PrismaModel, history: PrismaHistory, dbPath: string, wasmPath: string, now: Date): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const st of history.states.filter((x) => x.record === 'failed')) {
    const { fixes, unproven } = await failedMigrationFixes(project, history, st, dbPath, wasmPath, now);
    problems.push({
      code: 'prisma.migrationFailed',
      severity: 'error',
      message: msg('prisma.migrationFailed', st.migration.name),
      detail: unproven ? msg('prisma.noProvenFix', unproven) : undefined,
      location: modelLocation(model),
      app: project.root,
      fixes,
    });
  }
  return problems;
}

function databaseFileMissingProblem(project: PrismaProjectFiles, model: PrismaModel, display: string, hasMigrations: boolean): Problem {
  return {
    code: 'prisma.databaseFileMissing',
    severity: 'error',
    message: msg('prisma.databaseFileMissing', display),
    location: modelLocation(model),
    app: project.root,
    fixes: hasMigrations
      ? [runPrisma(project, 'prisma.migrateDeploy', ['migrate', 'deploy'], msg('fix.prisma.migrateDeployAll'), true)]
      : [runPrisma(project, 'prisma.dbPush', ['db', 'push'], msg('fix.prisma.dbPush'), true, msg('fix.prisma.dbPush.detail'))],
  };
}
