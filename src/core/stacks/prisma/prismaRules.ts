/**
 * The Prisma rules: the facts of one app (prismaFacts.ts) → its report and its problems with ranked
 * fixes. Pure and synchronous: no file, database or network access.
 */
import * as path from 'node:path';
import { msg } from '../../messages';
import { Location, Problem, SqlDialect } from '../../model';
import { maskUrl } from '../../redact';
import { hasTable } from '../../facts/sqliteSchema';
import { AppReport, notCheckedLive } from '../../problems/diagnosis';
import type { AppOutcome } from '../stack';
import { PrismaDatabaseTarget } from './prismaDatabase';
import { PrismaProjectFiles } from './prismaProject';
import { PrismaModel } from './prismaSchema';
import { tablesNeededFor } from './prismaDdl';
import {
  failedMigrationFixes,
  prismaColumnFixes,
  prismaCommands,
  regenerateMigrationsFix,
  prismaSessionFixes,
  runPrisma,
  tryCreateSql,
  prismaColumnAdvice,
} from './prismaFixes';
import type { PrismaHistory } from './prismaHistory';
import type { PrismaFacts } from './prismaFacts';
import type { RepairProof } from './prismaProofs';

function modelLocation(model: PrismaModel): Location {
  return { file: model.file, range: model.nameRange };
}

function displayOf(target: PrismaDatabaseTarget, root: string): string {
  if (target.sqlitePath) return path.relative(root, target.sqlitePath) || target.sqlitePath;
  return target.url ? maskUrl(target.url) : (target.envName ?? 'the database');
}

/** The session table's DDL per dialect; `models` are the tables to create (the session model and what it needs). */
export function prismaSessionSql(facts: PrismaFacts, dialect: SqlDialect, models?: PrismaModel[]): string | undefined {
  if (!facts.schema.ok || !facts.model) return undefined;
  return tryCreateSql(
    facts.schema.schema,
    (models ?? [facts.model]).map((m) => m.name),
    dialect,
  );
}

/**
 * Fixes that go through the migration history: with a migration_lock.toml of another provider,
 * Prisma refuses every one of them (P3019), and the migrations' SQL is of the other dialect.
 */
const HISTORY_FIXES = new Set([
  'prisma.migrateDeploy',
  'prisma.migrateDev',
  'prisma.migrateDevCreateOnly',
  'prisma.migrateReset',
  'prisma.migrateResolve',
  'prisma.resolveApplied',
  'prisma.applyMigration',
  'prisma.completeMigration',
  'prisma.recordApplied',
  'prisma.createTableBaseline',
  'prisma.addColumnsMigration',
]);

/** Prisma writes `postgresql` in the lock file for both spellings of the schema's provider. */
const lockName = (provider: string) => (provider === 'postgres' ? 'postgresql' : provider);

export function prismaRules(facts: PrismaFacts): AppOutcome {
  const outcome = judge(facts);
  const lock = facts.migrations?.exists ? facts.migrations.lockProvider : undefined;
  if (!lock || !facts.provider || !facts.model || !facts.schema.ok || lockName(lock) === lockName(facts.provider)) return outcome;
  // The history is of another database: no fix may go through it, and it must be replaced first.
  const problems = outcome.problems.map((p) => {
    const fixes = p.fixes.filter((f) => !HISTORY_FIXES.has(f.id));
    return fixes.length === p.fixes.length ? p : { ...p, fixes };
  });
  problems.unshift(lockMismatchProblem(facts, lock, outcome.app.tableState));
  return { app: outcome.app, problems };
}

function lockMismatchProblem(facts: PrismaFacts, lock: string, tableState: AppReport['tableState']): Problem {
  const { project } = facts;
  const migrations = facts.migrations!;
  const model = facts.model!;
  const provider = facts.provider!;
  const rel = (p: string) => path.relative(project.root, p) || p;
  return {
    code: 'prisma.migrationLockProviderMismatch',
    severity: 'error',
    message: msg('prisma.migrationLockProviderMismatch', rel(path.join(migrations.dir, 'migration_lock.toml')), lock, provider),
    location: modelLocation(model),
    app: project.root,
    fixes: [regenerateMigrationsFix(project, migrations.dir, lock, provider, tableState, facts.now)],
  };
}

function judge(facts: PrismaFacts): AppOutcome {
  const { project } = facts;
  const app: AppReport = {
    framework: 'prisma',
    ...(project.shopifySessionStorage ? { flavor: 'shopify' as const } : {}),
    root: project.root,
    tableState: 'not-checked',
    commands: prismaCommands(project),
    watchFiles: [...project.schemaFiles, project.migrationsDir],
  };
  if (project.configFile) app.watchFiles.push(project.configFile);
  // What the facts read: the .env files (and the .env.example beside each, for a variable left
  // unset), and package.json (a `prisma.schema` path, the Prisma version behind the commands).
  app.watchFiles.push(...facts.envFiles.flatMap((f) => [f, path.join(path.dirname(f), '.env.example')]), path.join(project.root, 'package.json'));

  if (!facts.schema.ok) {
    if ('unreadable' in facts.schema) {
      // A schema that is a FIFO, a folder, too large or unreadable: an app we cannot check, never a healthy one.
      app.tableState = 'unknown';
      app.unknownReason = msg('prisma.schemaInvalid', facts.schema.unreadable);
      return { app, problems: [] };
    }
    app.tableState = 'unknown';
    app.unknownReason = msg('prisma.schemaInvalid', facts.schema.error);
    const file = facts.schema.file ?? project.schemaFiles[0];
    // parsePrismaSchema reports 0-based lines, as the model's ranges are.
    const line = Math.max(0, facts.schema.line ?? 0);
    return {
      app,
      problems: [
        {
          code: 'prisma.schemaInvalid',
          severity: 'error',
          message: msg('prisma.schemaInvalid', facts.schema.error),
          location: { file, range: { start: { line, character: 0 }, end: { line, character: 0 } } },
          app: project.root,
          fixes: [],
        },
      ],
    };
  }
  const schema = facts.schema.schema;
  const model = facts.model;
  if (!model) return { app, problems: [] }; // no session model: nothing for us to check
  app.sessionModel = model.name;
  app.sessionTable = model.dbName;
  app.anchor = modelLocation(model);
  const sessionModels = tablesNeededFor(schema, model);
  app.sessionSql = {};
  for (const d of ['sqlite', 'postgresql', 'mysql'] as const) {
    const sql = prismaSessionSql(facts, d);
    if (sql !== undefined) app.sessionSql[d] = sql;
  }
  const provider = facts.provider ?? 'unknown';
  const dialect = facts.dialect;
  app.dialect = dialect;
  const target = facts.target!;
  app.databaseDisplay = displayOf(target, project.root);
  app.databaseSource = target.source;
  if (target.unresolved || !dialect) {
    app.tableState = 'unknown';
    app.unknownReason = target.unresolvedMessage ?? msg('live.unknown', app.databaseDisplay, target.unresolved ?? `provider "${provider}" is not supported`);
    if (target.unresolved) app.databaseDisplay = undefined; // not located: no "sqlite the database" in the header; the reason says why
    return { app, problems: [] };
  }
  const migrations = facts.migrations!;
  const db = facts.database!;

  if (db.kind === 'sqlite') {
    const dbPath = db.path;
    const read = db.read;
    app.sqlitePath = dbPath;
    app.watchFiles.push(dbPath, `${dbPath}-wal`, `${dbPath}-journal`);
    if (read.status === 'error' && !db.exists) {
      app.tableState = 'missing';
      if (migrations.unreadable) return unreadableMigrations(app, migrations.unreadable);
      return { app, problems: [databaseFileMissingProblem(project, model, app.databaseDisplay, migrations.exists && migrations.migrations.length > 0)] };
    }
    if (read.status !== 'ok') {
      app.tableState = 'unknown';
      app.unknownReason = msg('prisma.sqliteUnreadable', app.databaseDisplay, read.reason);
      return { app, problems: [] };
    }
    if (migrations.unreadable) return unreadableMigrations(app, migrations.unreadable);
    const applied = facts.applied!;
    const history = facts.history;
    if (hasTable(read, model.dbName)) {
      app.tableState = 'present';
      const problems = history ? failedMigrationProblems(project, model, history, facts.proofs, dbPath, facts.now) : [];
      if (facts.missingColumns && db.sessionColumns) {
        const { fixes, unproven } = prismaColumnFixes({
          project,
          schema,
          model,
          dbPath,
          display: app.databaseDisplay,
          missing: facts.missingColumns,
          tableColumns: db.sessionColumns,
          hasRows: db.sessionHasRows,
          migrations,
          history,
          proofs: facts.proofs,
          columnsMigration: facts.columnsMigration,
          now: facts.now,
        });
        problems.unshift({
          code: 'prisma.sessionColumnsMissing',
          severity: 'error',
          message: msg('prisma.sessionColumnsMissing', model.dbName, model.name, app.databaseDisplay, facts.missingColumns.join(', ')),
          detail: unproven ? msg('prisma.noProvenFix', unproven) : undefined,
          location: modelLocation(model),
          app: project.root,
          fixes,
        });
      }
      return { app, problems };
    }
    app.tableState = 'missing';
    const missingNow = sessionModels.filter((m) => m.name === model.name || !hasTable(read, m.dbName));
    app.sessionSql = { ...app.sessionSql, sqlite: prismaSessionSql(facts, 'sqlite', missingNow) };
    const unbaselined =
      migrations.migrations.length > 0 &&
      !hasTable(read, '_prisma_migrations') &&
      read.entries.some((e) => e.type === 'table' && !e.name.startsWith('sqlite_'));
    const { fixes, unproven } = prismaSessionFixes({
      project,
      schema,
      model,
      missingModels: missingNow,
      dialect,
      dbPath,
      display: app.databaseDisplay,
      migrations,
      applied,
      unbaselined,
      history,
      proofs: facts.proofs,
      now: facts.now,
    });
    const problem = sessionMissingProblem(project, model, app.databaseDisplay, missingNow, fixes);
    if (unproven) problem.detail = msg('prisma.noProvenFix', unproven);
    return { app, problems: [problem] };
  }

  // PostgreSQL / MySQL: the live check's answer.
  const live = db.live;
  if (live.status === 'not-checked') return { app: notCheckedLive(app), problems: [] };
  if (live.status === 'unknown') {
    app.tableState = 'unknown';
    app.unknownReason = msg('live.unknown', app.databaseDisplay, live.reason);
    return { app, problems: [] };
  }
  app.tableState = live.status;
  if (live.status === 'present') {
    if (!facts.missingColumns) return { app, problems: [] };
    // No SQL of our own on a server: Prisma writes the migration (`migrate dev --create-only`), then applies it.
    return {
      app,
      problems: [
        {
          code: 'prisma.sessionColumnsMissing',
          severity: 'error',
          message: msg('prisma.sessionColumnsMissing', model.dbName, model.name, app.databaseDisplay, facts.missingColumns.join(', ')),
          location: modelLocation(model),
          app: project.root,
          fixes: prismaColumnAdvice(project, migrations, 'on a server database, Prisma writes the SQL'),
        },
      ],
    };
  }
  if (migrations.unreadable) return unreadableMigrations(app, migrations.unreadable);
  const missingModels = [model];
  const { fixes } = prismaSessionFixes({
    project,
    schema,
    model,
    missingModels,
    dialect,
    display: app.databaseDisplay,
    migrations,
    applied: { ok: false, reason: 'not read on a server database' },
    proofs: [],
    now: facts.now,
  });
  return { app, problems: [sessionMissingProblem(project, model, app.databaseDisplay, missingModels, fixes)] };
}

/** A migration that cannot be read: the fixes (which migration to apply, which to write) cannot be chosen. */
function unreadableMigrations(app: AppReport, reason: string): AppOutcome {
  app.tableState = 'unknown';
  app.unknownReason = msg('app.fileUnreadable', reason);
  return { app, problems: [] };
}

function sessionMissingProblem(
  project: PrismaProjectFiles,
  model: PrismaModel,
  display: string,
  missingModels: PrismaModel[],
  fixes: Problem['fixes'],
): Problem {
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
function failedMigrationProblems(
  project: PrismaProjectFiles,
  model: PrismaModel,
  history: PrismaHistory,
  proofs: RepairProof[],
  dbPath: string,
  now: Date,
): Problem[] {
  const problems: Problem[] = [];
  for (const st of history.states.filter((x) => x.record === 'failed')) {
    const proof = proofs.find((p) => p.s === history.states.indexOf(st));
    const { fixes, unproven } = failedMigrationFixes(project, history, proof, dbPath, now);
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
