import * as path from 'node:path';
import { msg } from '../i18n/messages';
import { ApplySqlFix, Bookkeeping, Fix, Message, RunCommandFix, SqlDialect } from '../model';
import { AppliedMigrationRow, MigrationsFolder, migrationCreatingTable, newMigrationName, checksumOf, pendingMigrations, prismaRecordBookkeeping, failedMigrationNames } from '../project/prismaMigrations';
import { prismaCliArgv } from '../project/prismaCli';
import { PrismaProjectFiles } from '../project/prismaProject';
import { PrismaModel, PrismaSchema } from '../project/prismaSchema';
import { isUnsupportedPrismaFeature, prismaCreateSql } from '../sql/prismaDdl';
import { indexNamesIn } from '../sql/ddlNames';

export type AppliedHistory = { ok: true; rows: AppliedMigrationRow[] } | { ok: false; reason: string };

export interface PrismaFixInput {
  project: PrismaProjectFiles;
  schema: PrismaSchema;
  model: PrismaModel;
  /** The session model plus the tables it needs that are missing too. */
  missingModels: PrismaModel[];
  dialect: SqlDialect;
  /** SQLite only: the file fixes apply to. */
  dbPath?: string;
  display: string;
  migrations: MigrationsFolder;
  applied: AppliedHistory;
  /** Migrations exist, the database has tables, but no `_prisma_migrations`: never baselined. */
  unbaselined?: boolean;
  now: Date;
}

/**
 * The DDL, or undefined when the schema uses something we do not render for that dialect (e.g. a
 * scalar list outside PostgreSQL): then only Prisma's own commands are offered, never a guess.
 */
export function tryCreateSql(schema: PrismaSchema, modelNames: string[], dialect: SqlDialect): string | undefined {
  try {
    return prismaCreateSql(schema, modelNames, dialect);
  } catch (e) {
    if (isUnsupportedPrismaFeature(e)) return undefined;
    throw e;
  }
}

/** `prisma …` in the app root, run by the project's own Prisma CLI or npx pinned to its declared version (prismaCli.ts). */
export function runPrisma(project: PrismaProjectFiles, id: string, args: string[], title: Message, preferred = false, detail?: Message, destructive = false): RunCommandFix {
  const schemaArgs = project.schemaFrom === 'default' || project.configFile ? [] : ['--schema', path.relative(project.root, project.schemaPath) || project.schemaPath];
  return {
    id,
    kind: 'run-command',
    title,
    detail,
    destructive,
    preferred: preferred || undefined,
    requiresTrust: true,
    commands: [{ argv: [...prismaCliArgv(project.prismaCli, project.root), ...args, ...schemaArgs], cwd: project.root }],
  };
}

function applySql(id: string, title: Message, detail: Message, dbPath: string, sql: string, bookkeeping: Bookkeeping | undefined, expectTables: string[], preferred: boolean, files?: ApplySqlFix['files']): ApplySqlFix {
  return {
    id,
    kind: 'apply-sql',
    title,
    detail,
    destructive: false,
    preferred: preferred || undefined,
    requiresTrust: true,
    dialect: 'sqlite',
    database: dbPath,
    sql,
    bookkeepingSql: bookkeeping?.sql,
    bookkeepingChecks: bookkeeping?.checks,
    undoBookkeepingSql: bookkeeping?.undoSql,
    files,
    expect: { tables: expectTables, indexes: indexNamesIn(sql) },
  };
}

/**
 * Ranked fixes for a missing Prisma session table. The order encodes the advice:
 * 1. a pending migration creates it -> `migrate deploy` (or apply it directly, recorded as deploy would);
 * 2. migrations exist but none creates it -> create it with a new migration recorded as applied (no drift);
 * 3. no migrations folder (db push workflow) -> `db push` (or the exact CREATE TABLE);
 * then `generate`, and last the destructive `migrate reset`.
 */
export function prismaSessionFixes(input: PrismaFixInput): Fix[] {
  const { project, schema, model, missingModels, dialect, dbPath, display, migrations, applied, now } = input;
  const fixes: Fix[] = [];
  const ddl = tryCreateSql(schema, missingModels.map((m) => m.name), dialect);
  const tables = missingModels.map((m) => m.dbName);
  const creating = migrations.exists ? migrationCreatingTable(migrations, model.dbName) : undefined;
  const pending = applied.ok ? pendingMigrations(migrations, applied.rows) : [];
  const creatingIsPending = creating && applied.ok && pending.some((m) => m.name === creating.name);

  if (input.unbaselined && dbPath && ddl) {
    // Tables exist but Prisma's history does not (db push first, migrations later): `migrate deploy`
    // would refuse with P3005 and `migrate dev` would want a reset. Create only what is missing.
    fixes.push(applySql('prisma.createTable', msg('fix.prisma.createTable', model.dbName, display), msg('fix.prisma.createTableUnbaselined.detail'), dbPath, ddl, undefined, tables, true));
  } else if (creating && (creatingIsPending || !applied.ok)) {
    const upTo = creatingIsPending ? pending.slice(0, pending.findIndex((m) => m.name === creating.name) + 1) : [];
    // A failed attempt blocks `migrate deploy` (P3009) until it is resolved: deploy is then not
    // the recommendation, and the direct apply resolves the attempt as `migrate resolve
    // --rolled-back` would (it only succeeds if the whole migration applies cleanly now).
    const failed = applied.ok ? failedMigrationNames(applied.rows) : new Set<string>();
    const failedUpTo = upTo.filter((m) => failed.has(m.name));
    const deploy = runPrisma(project, 'prisma.migrateDeploy', ['migrate', 'deploy'], msg('fix.prisma.migrateDeploy', creating.name), failedUpTo.length === 0 || !dbPath, msg('fix.prisma.migrateDeploy.detail'));
    deploy.commands.unshift(...failedUpTo.flatMap((m) => runPrisma(project, 'prisma.migrateResolve', ['migrate', 'resolve', '--rolled-back', m.name], deploy.title).commands));
    if (dbPath && creatingIsPending) {
      // Apply every pending migration up to and including the one that creates the table, in order,
      // each recorded as `migrate deploy` records it, so the history stays true.
      const sql = upTo.map((m) => m.sql.trimEnd()).join('\n\n') + '\n';
      const bookkeeping = prismaRecordBookkeeping(upTo.map((m, i) => ({ name: m.name, checksum: m.checksum, at: new Date(now.getTime() + i), resolveFailed: failed.has(m.name) })));
      const direct = applySql('prisma.applyMigration', msg('fix.prisma.applyMigration', upTo.map((m) => m.name).join(', ')), msg('fix.prisma.applyMigration.detail'), dbPath, sql, bookkeeping, [model.dbName], failedUpTo.length > 0);
      if (failedUpTo.length) fixes.push(direct, deploy);
      else fixes.push(deploy, direct);
    } else fixes.push(deploy);
  } else if (migrations.exists && migrations.migrations.length > 0) {
    if (dbPath && ddl && !creating) {
      const name = newMigrationName(now);
      const file = path.join(migrations.dir, name, 'migration.sql');
      const bookkeeping = prismaRecordBookkeeping([{ name, checksum: checksumOf(ddl), at: now, resolveFailed: false }]);
      fixes.push(
        applySql('prisma.createTableBaseline', msg('fix.prisma.createTableBaseline', model.dbName, name), msg('fix.prisma.createTableBaseline.detail'), dbPath, ddl, bookkeeping, tables, true, [
          { file, newText: ddl, create: true },
        ]),
      );
    } else if (dbPath && ddl) {
      // The history says the migration ran, yet the table is gone (dropped by hand): recreate it only.
      fixes.push(applySql('prisma.createTable', msg('fix.prisma.createTable', model.dbName, display), msg('fix.prisma.recreateTable.detail'), dbPath, ddl, undefined, tables, true));
    }
    fixes.push(runPrisma(project, 'prisma.migrateDev', ['migrate', 'dev', '--name', 'add_session'], msg('fix.prisma.migrateDev'), fixes.length === 0, msg('fix.prisma.migrateDev.detail')));
  } else {
    fixes.push(runPrisma(project, 'prisma.dbPush', ['db', 'push'], msg('fix.prisma.dbPush'), true, msg('fix.prisma.dbPush.detail')));
    if (dbPath && ddl) fixes.push(applySql('prisma.createTable', msg('fix.prisma.createTable', model.dbName, display), msg('fix.prisma.createTable.detail'), dbPath, ddl, undefined, tables, false));
  }
  fixes.push(runPrisma(project, 'prisma.generate', ['generate'], msg('fix.prisma.generate')));
  fixes.push(runPrisma(project, 'prisma.migrateReset', ['migrate', 'reset'], msg('fix.prisma.migrateReset'), false, msg('fix.prisma.migrateReset.detail'), true));
  return fixes;
}

/** The Prisma commands the palette offers for any Prisma app, whatever its health. */
export function prismaCommands(project: PrismaProjectFiles): RunCommandFix[] {
  return [
    runPrisma(project, 'prisma.migrateDeploy', ['migrate', 'deploy'], msg('fix.prisma.migrateDeployAll'), false, msg('fix.prisma.migrateDeploy.detail')),
    runPrisma(project, 'prisma.generate', ['generate'], msg('fix.prisma.generate')),
    runPrisma(project, 'prisma.dbPush', ['db', 'push'], msg('fix.prisma.dbPush'), false, msg('fix.prisma.dbPush.detail')),
    runPrisma(project, 'prisma.migrateReset', ['migrate', 'reset'], msg('fix.prisma.migrateReset'), false, msg('fix.prisma.migrateReset.detail'), true),
  ];
}
