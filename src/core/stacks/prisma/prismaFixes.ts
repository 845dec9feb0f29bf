import * as path from 'node:path';
import { msg } from '../../messages';
import { ApplySqlFix, Bookkeeping, Fix, Message, RunCommandFix, SqlDialect } from '../../model';
import { MigrationsFolder, migrationCreatingTable, newMigrationName, checksumOf, pendingMigrations, prismaRecordBookkeeping } from './prismaMigrations';
import { type AppliedHistory, type PrismaHistory } from './prismaHistory';
import type { RepairProof } from './prismaProofs';
import { prismaCliArgv } from './prismaCli';
import { PrismaProjectFiles } from './prismaProject';
import { PrismaModel, PrismaSchema } from './prismaSchema';
import { isUnsupportedPrismaFeature, prismaAddColumnsSql, prismaCreateSql, prismaSqliteColumns, type AddColumnsSql } from './prismaDdl';
import { indexNamesIn } from '../../fixes/build/ddlNames';
import { owningRelations } from './prismaTables';

interface PrismaFixInput {
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
  /** SQLite with migrations: the history record every migration fix is derived from. */
  history?: PrismaHistory;
  /** The proofs made on a copy of the schema, by migration index (prismaProofs.ts). */
  proofs: RepairProof[];
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
export function runPrisma(
  project: PrismaProjectFiles,
  id: string,
  args: string[],
  title: Message,
  preferred = false,
  detail?: Message,
  destructive = false,
): RunCommandFix {
  const schemaArgs =
    project.schemaFrom === 'default' || project.configFile ? [] : ['--schema', path.relative(project.root, project.schemaPath) || project.schemaPath];
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

function applySql(
  id: string,
  title: Message,
  detail: Message,
  dbPath: string,
  sql: string,
  bookkeeping: Bookkeeping | undefined,
  expectTables: string[],
  preferred: boolean,
  files?: ApplySqlFix['files'],
  expect: ApplySqlFix['expect'] = { tables: expectTables, indexes: indexNamesIn(sql) },
): ApplySqlFix {
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
    expect,
  };
}

/**
 * Ranked fixes for a missing Prisma session table. The order encodes the advice:
 * 1. a migration creates it but is not recorded as applied -> derived from the history record (see
 *    migrationRepairFixes): `migrate deploy` only where a simulation shows it works;
 * 2. migrations exist but none creates it -> create it with a new migration recorded as applied (no drift);
 * 3. the history says it was created, but it is gone -> recreate it, history untouched;
 * 4. no migrations folder (db push workflow) -> `db push` (or the exact CREATE TABLE);
 * then `generate`, and last the destructive `migrate reset`.
 */
export function prismaSessionFixes(input: PrismaFixInput): { fixes: Fix[]; unproven?: string } {
  const { project, schema, model, missingModels, dialect, dbPath, display, migrations, applied, now } = input;
  const fixes: Fix[] = [];
  let unproven: string | undefined;
  const ddl = tryCreateSql(
    schema,
    missingModels.map((m) => m.name),
    dialect,
  );
  const tables = missingModels.map((m) => m.dbName);
  const history = input.history;
  const creating = history?.replay.ok
    ? history.states.find((st) => st.effect?.created.some((o) => o.type === 'table' && o.name.toLowerCase() === model.dbName.toLowerCase()))?.migration
    : migrations.exists
      ? migrationCreatingTable(migrations, model.dbName)
      : undefined;
  const creatingState = history?.states.find((st) => st.migration.name === creating?.name);

  if (history && !history.replay.ok && dbPath && history.states.some((st) => st.record !== 'applied')) {
    // The history cannot be replayed, so nothing about it can be proven: offer no migration fix.
    unproven = `the migrations do not replay on an empty database (${history.replay.reason})`;
  } else if (history?.replay.ok && dbPath && creatingState && creatingState.record !== 'applied') {
    const proof = input.proofs.find((p) => p.s === history.states.indexOf(creatingState));
    const repair = proof ? repairFixes({ project, dbPath, now }, history, proof) : { fixes: [], unproven: 'no proof was made for this migration' };
    fixes.push(...repair.fixes);
    unproven = repair.unproven;
  } else if (input.unbaselined && dbPath && ddl) {
    // Tables exist but Prisma's history does not (db push first, migrations later): `migrate deploy`
    // would refuse with P3005 and `migrate dev` would want a reset. Create only what is missing.
    fixes.push(
      applySql(
        'prisma.createTable',
        msg('fix.prisma.createTable', model.dbName, display),
        msg('fix.prisma.createTableUnbaselined.detail'),
        dbPath,
        ddl,
        undefined,
        tables,
        true,
      ),
    );
  } else if (creating && !history && (!applied.ok || pendingMigrations(migrations, applied.rows).some((m) => m.name === creating.name))) {
    // A server database (the history is not read there): Prisma's own deploy is the way.
    fixes.push(
      runPrisma(
        project,
        'prisma.migrateDeploy',
        ['migrate', 'deploy'],
        msg('fix.prisma.migrateDeploy', creating.name),
        true,
        msg('fix.prisma.migrateDeploy.detail'),
      ),
    );
  } else if (migrations.exists && migrations.migrations.length > 0) {
    if (dbPath && ddl && !creating) {
      const name = newMigrationName(now);
      const file = path.join(migrations.dir, name, 'migration.sql');
      const bookkeeping = prismaRecordBookkeeping([{ name, checksum: checksumOf(ddl), at: now, resolveFailed: false }]);
      fixes.push(
        applySql(
          'prisma.createTableBaseline',
          msg('fix.prisma.createTableBaseline', model.dbName, name),
          msg('fix.prisma.createTableBaseline.detail'),
          dbPath,
          ddl,
          bookkeeping,
          tables,
          true,
          [{ file, newText: ddl, create: true }],
        ),
      );
    } else if (dbPath && ddl) {
      // The history says the migration ran, yet the table is gone (dropped by hand): recreate it only.
      fixes.push(
        applySql(
          'prisma.createTable',
          msg('fix.prisma.createTable', model.dbName, display),
          msg('fix.prisma.recreateTable.detail'),
          dbPath,
          ddl,
          undefined,
          tables,
          true,
        ),
      );
    }
    // `migrate dev` is safe only where no migration creates the table already: otherwise it sees
    // drift (the history creates a table the database lacks) and asks to reset the database.
    if (!creating)
      fixes.push(
        runPrisma(
          project,
          'prisma.migrateDev',
          ['migrate', 'dev', '--name', 'add_session'],
          msg('fix.prisma.migrateDev'),
          fixes.length === 0,
          msg('fix.prisma.migrateDev.detail'),
        ),
      );
  } else {
    fixes.push(runPrisma(project, 'prisma.dbPush', ['db', 'push'], msg('fix.prisma.dbPush'), true, msg('fix.prisma.dbPush.detail')));
    if (dbPath && ddl)
      fixes.push(
        applySql(
          'prisma.createTable',
          msg('fix.prisma.createTable', model.dbName, display),
          msg('fix.prisma.createTable.detail'),
          dbPath,
          ddl,
          undefined,
          tables,
          false,
        ),
      );
  }
  fixes.push(runPrisma(project, 'prisma.generate', ['generate'], msg('fix.prisma.generate')));
  fixes.push(
    runPrisma(project, 'prisma.migrateReset', ['migrate', 'reset'], msg('fix.prisma.migrateReset'), false, msg('fix.prisma.migrateReset.detail'), true),
  );
  return { fixes, unproven };
}

/** The fixes for migration `s` (and those before it) not being recorded as applied: see prismaProofs.ts. */
interface RepairContext {
  project: PrismaProjectFiles;
  dbPath: string;
  now: Date;
}

/**
 * Derives the repair fixes from a proof (prismaProofs.ts), in this order of preference:
 * - `migrate deploy`, only if every migration not applied runs cleanly on the database as it is and
 *   no failed attempt blocks it (P3009);
 * - their own SQL applied directly and recorded as deploy records it, if that runs cleanly;
 * - otherwise, when they only create tables and indexes: create just the objects the database
 *   lacks, with the SQL the migrations produce, and record them as applied, resolving failed
 *   attempts as `migrate resolve --rolled-back` does. This is the fix for an `init` migration that
 *   creates every table, when some of its tables exist and the session table does not.
 * When none of these was proven, none is offered, and `unproven` says why.
 */
function repairFixes(ctx: RepairContext, history: PrismaHistory, proof: RepairProof): { fixes: Fix[]; unproven?: string } {
  const { project, dbPath, now } = ctx;
  const { s, k } = proof;
  const fixes: Fix[] = [];
  const upTo = history.states.slice(0, k + 1).filter((st) => st.record !== 'applied');
  const failed = history.states.filter((st) => st.record === 'failed');
  const names = upTo.map((st) => st.migration.name).join(', ');
  const bookkeeping = (list: typeof upTo) =>
    prismaRecordBookkeeping(
      list.map((st, i) => ({
        name: st.migration.name,
        checksum: st.migration.checksum,
        at: new Date(now.getTime() + i),
        resolveFailed: st.record === 'failed',
      })),
    );

  const deploy = runPrisma(
    project,
    'prisma.migrateDeploy',
    ['migrate', 'deploy'],
    msg('fix.prisma.migrateDeploy', history.states[s].migration.name),
    failed.length === 0,
    msg('fix.prisma.migrateDeploy.detail'),
  );
  deploy.commands.unshift(
    ...failed.flatMap((st) => runPrisma(project, 'prisma.migrateResolve', ['migrate', 'resolve', '--rolled-back', st.migration.name], deploy.title).commands),
  );
  if (proof.directWorks) {
    const sql = upTo.map((st) => st.migration.sql.trimEnd()).join('\n\n') + '\n';
    const direct = applySql(
      'prisma.applyMigration',
      msg('fix.prisma.applyMigration', names),
      msg('fix.prisma.applyMigration.detail'),
      dbPath,
      sql,
      bookkeeping(upTo),
      createdTables(upTo),
      failed.length > 0 || !proof.deployWorks,
    );
    if (proof.deployWorks) fixes.push(failed.length ? direct : deploy, failed.length ? deploy : direct);
    else fixes.push(direct);
    return { fixes };
  }
  if (proof.deployWorks) return { fixes: [{ ...deploy, preferred: true }] };

  const why = proof.deployFailure;
  if (!upTo.every((st) => st.effect?.pureCreate))
    return {
      fixes,
      unproven: `\`prisma migrate deploy\` would fail (${why}), and ${names} change or drop existing objects, so their effect cannot be completed safely`,
    };
  const seedsMissing = upTo.flatMap((st) => st.seedsMissing);
  if (seedsMissing.length > 0)
    return {
      fixes,
      unproven: `\`prisma migrate deploy\` would fail (${why}), and ${names} also fill ${seedsMissing.join(', ')}, which the database lacks or has empty, so recording them as applied would lose those rows`,
    };
  const { lacking, repairSql, left } = proof.completion;
  if (left.length > 0)
    return {
      fixes,
      unproven: `\`prisma migrate deploy\` would fail (${why}), and the database differs from what ${names} create: ${left.slice(0, 3).join('; ')}`,
    };
  if (lacking.length === 0) {
    // Everything is there already: only the record is missing, as `migrate resolve --applied` writes it.
    const only = upTo.length === 1 ? upTo[0].migration.name : names;
    fixes.push(
      applySql('prisma.recordApplied', msg('fix.prisma.recordApplied', only), msg('fix.prisma.recordApplied.detail'), dbPath, '', bookkeeping(upTo), [], true),
    );
    if (upTo.length === 1)
      fixes.push(runPrisma(project, 'prisma.resolveApplied', ['migrate', 'resolve', '--applied', only], msg('fix.prisma.resolveApplied', only)));
    return { fixes };
  }
  const missingNames = lacking.map((o) => o.name);
  fixes.push(
    applySql(
      'prisma.completeMigration',
      msg('fix.prisma.completeMigration', missingNames.join(', ') || '-', names),
      msg('fix.prisma.completeMigration.detail'),
      dbPath,
      repairSql,
      bookkeeping(upTo),
      lacking.filter((o) => o.type === 'table').map((o) => o.name),
      true,
    ),
  );
  return { fixes };
}

/** The fixes for a failed attempt of a migration, derived from the same history and its proof. */
export function failedMigrationFixes(
  project: PrismaProjectFiles,
  history: PrismaHistory,
  proof: RepairProof | undefined,
  dbPath: string,
  now: Date,
): { fixes: Fix[]; unproven?: string } {
  if (!history.replay.ok) return { fixes: [], unproven: `the migrations do not replay on an empty database (${history.replay.reason})` };
  if (!proof) return { fixes: [], unproven: 'no proof was made for this migration' };
  return repairFixes({ project, dbPath, now }, history, proof);
}

function createdTables(states: PrismaHistory['states']): string[] {
  return states.flatMap((st) => st.effect?.created.filter((o) => o.type === 'table').map((o) => o.name) ?? []);
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

interface ColumnFixInput {
  project: PrismaProjectFiles;
  schema: PrismaSchema;
  model: PrismaModel;
  dbPath: string;
  display: string;
  /** The model's columns the table lacks (database names). */
  missing: string[];
  /** The table's columns as its CREATE TABLE defines them. */
  tableColumns: Array<{ name: string; definition: string }>;
  /** Whether the table holds rows (undefined: not known, taken as yes). */
  hasRows?: boolean;
  migrations: MigrationsFolder;
  history?: PrismaHistory;
  proofs: RepairProof[];
  /** The migration from which the pending migrations add the missing columns (prismaFacts.ts). */
  columnsMigration?: number;
  now: Date;
}

const folded = (sql: string) => sql.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * The SQL Prisma generates for adding the missing columns, when it is exactly what `prisma migrate
 * diff` prints from this database to the schema: the table holds the model's other columns and
 * nothing else, each defined as Prisma defines it, SQLite accepts the SQL, and a rebuild drops no
 * table other tables point at. Otherwise why not.
 */
export function exactAddColumns(input: Pick<ColumnFixInput, 'schema' | 'model' | 'missing' | 'tableColumns' | 'hasRows'>): AddColumnsSql | { why: string } {
  const { schema, model, missing, tableColumns } = input;
  const rows = input.hasRows !== false;
  let wanted: Array<{ name: string; definition: string }>;
  let add: AddColumnsSql;
  try {
    wanted = prismaSqliteColumns(schema, model);
    add = prismaAddColumnsSql(schema, model, missing);
  } catch (e) {
    if (isUnsupportedPrismaFeature(e)) return { why: e.message };
    throw e;
  }
  const extra = tableColumns.filter((c) => !wanted.some((w) => w.name.toLowerCase() === c.name.toLowerCase()));
  if (extra.length > 0) return { why: `the table also has ${extra.map((c) => c.name).join(', ')}, which the model lacks` };
  const differing = tableColumns.filter((c) => folded(wanted.find((w) => w.name.toLowerCase() === c.name.toLowerCase())!.definition) !== folded(c.definition));
  if (differing.length > 0) return { why: `the table defines ${differing.map((c) => c.name).join(', ')} otherwise than the model` };
  if (!add.runs && rows) return { why: 'SQLite refuses to add a column whose default is not a constant (`now()`, `dbgenerated`) to a table with rows' };
  // Prisma's rebuild copies the rows without the new columns: a required one with no default fails on any row.
  const unfilled = add.redefines ? wanted.filter((w) => missing.includes(w.name) && / NOT NULL\b/.test(w.definition) && !/ DEFAULT /.test(w.definition)) : [];
  if (unfilled.length > 0 && rows)
    return {
      why: `${unfilled.map((c) => c.name).join(', ')} is required with no default, and the table has rows: Prisma's rebuild copies them without a value for it, which fails (give it a default, or make it optional)`,
    };
  const pointing = schema.models.filter((m) => m.name !== model.name && owningRelations(m).some(({ field }) => field.type === model.name));
  if (add.redefines && pointing.length > 0)
    return { why: `Prisma rebuilds the table for this change, and ${pointing.map((m) => m.dbName).join(', ')} point at it` };
  return add;
}

/**
 * Ranked fixes for a session table that lacks columns of its model (SQLite):
 * 1. migrations not yet applied add them -> their repair as for a missing table (`migrate deploy`
 *    only where proven on a copy of the schema, else their SQL applied and recorded);
 * 2. Prisma's exact SQL for the change: with migrations that do not add the columns, written as a
 *    new migration and recorded as applied (what `migrate dev` does); else applied with no record;
 * 3. else only advice: let Prisma write the migration (`migrate dev --create-only`), or `db push`.
 */
/**
 * Advice only (`manual`): `fix --yes` never runs it; `migrate dev` is interactive, `db push` syncs the
 * whole schema. What is left when Session Doctor has no exact SQL of its own (and on servers).
 */
export function prismaColumnAdvice(project: PrismaProjectFiles, migrations: MigrationsFolder, why: string): Fix[] {
  const hasMigrations = migrations.exists && migrations.migrations.length > 0;
  return hasMigrations
    ? [
        {
          ...runPrisma(
            project,
            'prisma.migrateDevCreateOnly',
            ['migrate', 'dev', '--create-only', '--name', 'add_session_columns'],
            msg('fix.prisma.migrateDevCreateOnly'),
            false,
            msg('fix.prisma.migrateDevCreateOnly.detail', why),
          ),
          manual: true,
        },
      ]
    : [{ ...runPrisma(project, 'prisma.dbPush', ['db', 'push'], msg('fix.prisma.dbPush'), false, msg('fix.prisma.dbPush.detail')), manual: true }];
}

export function prismaColumnFixes(input: ColumnFixInput): { fixes: Fix[]; unproven?: string } {
  const { project, model, dbPath, display, missing, migrations, history, now } = input;
  const hasMigrations = migrations.exists && migrations.migrations.length > 0;
  const names = missing.join(', ');
  const advice = (why: string): Fix[] => prismaColumnAdvice(project, migrations, why);

  if (input.columnsMigration !== undefined && history?.replay.ok) {
    const proof = input.proofs.find((p) => p.s === input.columnsMigration);
    const repair = proof ? repairFixes({ project, dbPath, now }, history, proof) : { fixes: [], unproven: 'no proof was made for this migration' };
    return { fixes: repair.fixes, unproven: repair.unproven };
  }
  const exact = exactAddColumns(input);
  if ('why' in exact) return { fixes: advice(exact.why) };
  const expect = { tables: [], indexes: exact.newIndexes, columns: missing.map((column) => ({ table: model.dbName, column })) };
  const fixes: Fix[] = [];
  // Does the history (replayed) already add the columns? Then it only lacks them in the database.
  const finalTable = history?.replay.ok
    ? history.replay.steps[history.replay.steps.length - 1].after.find((o) => o.type === 'table' && o.name.toLowerCase() === model.dbName.toLowerCase())
    : undefined;
  const historyHasThem = finalTable !== undefined && missing.every((c) => folded(finalTable.sql).includes(`"${c.toLowerCase()}"`));
  if (hasMigrations && history?.replay.ok && !historyHasThem && history.states.every((st) => st.record === 'applied')) {
    const name = newMigrationName(now, 'add_session_columns');
    const file = path.join(migrations.dir, name, 'migration.sql');
    const bookkeeping = prismaRecordBookkeeping([{ name, checksum: checksumOf(exact.sql), at: now, resolveFailed: false }]);
    fixes.push(
      applySql(
        'prisma.addColumnsMigration',
        msg('fix.prisma.addColumnsMigration', names, model.dbName, name),
        msg('fix.prisma.addColumnsMigration.detail'),
        dbPath,
        exact.sql,
        bookkeeping,
        [],
        true,
        [{ file, newText: exact.sql, create: true }],
        expect,
      ),
    );
    fixes.push(...advice('a migration with this SQL is offered above'));
    return { fixes };
  }
  const detail = !hasMigrations
    ? 'fix.prisma.addColumns.dbPush.detail'
    : historyHasThem
      ? 'fix.prisma.addColumns.recorded.detail'
      : 'fix.prisma.addColumns.detail';
  fixes.push(
    applySql(
      'prisma.addColumns',
      msg('fix.prisma.addColumns', names, model.dbName, display),
      msg(detail),
      dbPath,
      exact.sql,
      undefined,
      [],
      true,
      undefined,
      expect,
    ),
  );
  if (!historyHasThem) fixes.push(...advice('the SQL above is offered instead'));
  return { fixes };
}

/**
 * Advice for a migrations folder written for another provider (migration_lock.toml): keep the old
 * folder aside, let Prisma write one init migration for the schema's provider, then record it as
 * applied where the tables exist already (`migrate resolve --applied`), or apply it (`migrate
 * deploy`) where they do not. Never preferred: `fix --yes` does not run it; the user reads it first.
 */
export function regenerateMigrationsFix(
  project: PrismaProjectFiles,
  migrationsDir: string,
  lock: string,
  provider: string,
  tableState: 'present' | 'missing' | 'unknown' | 'not-checked',
  now: Date,
): RunCommandFix {
  const rel = (p: string) => path.relative(project.root, p) || p;
  const aside = `${migrationsDir}_${lock}`;
  const name = newMigrationName(now, 'init');
  const schema = rel(project.schemaPath);
  const diff = runPrisma(
    project,
    'prisma.regenerateMigrations',
    ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', schema, '--script', '--output', rel(path.join(migrationsDir, name, 'migration.sql'))],
    msg('fix.prisma.regenerateMigrations', provider, rel(migrationsDir), rel(aside)),
  );
  // migrate diff takes the schema as an argument: no --schema flag (runPrisma adds one where the default is not used).
  const diffCommand = { ...diff.commands[0], argv: diff.commands[0].argv.filter((a, i, all) => a !== '--schema' && all[i - 1] !== '--schema') };
  const then =
    tableState === 'present'
      ? runPrisma(project, 'prisma.resolveApplied', ['migrate', 'resolve', '--applied', name], msg('fix.prisma.resolveApplied', name)).commands
      : tableState === 'missing'
        ? runPrisma(project, 'prisma.migrateDeploy', ['migrate', 'deploy'], msg('fix.prisma.migrateDeployAll')).commands
        : [];
  return {
    id: 'prisma.regenerateMigrations',
    kind: 'run-command',
    title: msg('fix.prisma.regenerateMigrations', provider, rel(migrationsDir), rel(aside)),
    detail: msg('fix.prisma.regenerateMigrations.detail', lock, provider, name),
    destructive: false,
    manual: true,
    requiresTrust: true,
    commands: [{ argv: ['mv', rel(migrationsDir), rel(aside)], cwd: project.root }, diffCommand, ...then],
  };
}
