/**
 * Every fact about one Prisma app, gathered in one async step: the schema, the session model, the
 * database the app uses and where that came from, the session table's state (the O(schema) reader,
 * or one read-only live query), the migrations folder, `_prisma_migrations`, the history record
 * and the proofs of its repairs. The rules (prismaRules.ts) judge this record without I/O.
 */
import { pathExists } from '../../read/findFiles';
import { readRegularText } from '../../read/regularFile';
import { checkTableLive } from '../../read/live/tableCheck';
import { parseDatabaseUrl } from '../../read/databaseUrl';
import { hasTable, readSqliteSchema, type SchemaReadResult } from '../../read/sqlite/schemaReader';
import { defaultSqlWasmPath } from '../../sqljs/sqlJsModule';
import type { SqlDialect } from '../../model';
import type { DiagnoseOptions } from '../../problems/diagnosis';
import { PrismaDatabaseTarget, prismaEnvFiles, resolvePrismaDatabase } from './prismaDatabase';
import type { MigrationsFolder } from './prismaMigrations';
import { readMigrationsFolder } from './prismaMigrationsFolder';
import { PrismaProjectFiles } from './prismaProject';
import { parsePrismaSchema, type PrismaModel, type PrismaSchema } from './prismaSchema';
import { findSessionModel } from './sessionModel';
import { gatherPrismaHistory, readAppliedPrismaMigrations, type AppliedHistory, type PrismaHistory } from './prismaHistory';
import { proveRepair, type RepairProof } from './prismaProofs';
import { createTableColumnDefinitions, createTableColumns, tableHasRows } from '../../read/sqlite/tableRows';
import { prismaSqliteColumns, isUnsupportedPrismaFeature } from './prismaDdl';

/** The database names of the model's columns, or undefined where the schema uses what we do not render. */
function modelColumnNames(schema: PrismaSchema, model: PrismaModel): string[] | undefined {
  try {
    return prismaSqliteColumns(schema, model).map((c) => c.name);
  } catch (e) {
    if (isUnsupportedPrismaFeature(e)) return undefined;
    throw e;
  }
}

/** The session table on SQLite: the file, and what the reader found in it. */
interface PrismaSqliteFacts {
  kind: 'sqlite';
  path: string;
  read: SchemaReadResult;
  /** Whether the file exists (a read error on a missing file means "no database yet"). */
  exists: boolean;
  /** The session table's columns as its `CREATE TABLE` defines them (when it exists and that SQL parses). */
  sessionColumns?: Array<{ name: string; definition: string }>;
  /** Whether the session table holds rows (read only when it lacks columns; undefined: not known). */
  sessionHasRows?: boolean;
}

/** The session table on a server: the live check's answer, or why it was not asked. */
interface PrismaServerFacts {
  kind: 'server';
  live: { status: 'present' | 'missing' } | { status: 'unknown'; reason: string } | { status: 'not-checked' };
}

export interface PrismaFacts {
  project: PrismaProjectFiles;
  now: Date;
  /** The `.env` files Prisma reads for this project (present or not), in priority order. */
  envFiles: string[];
  /** The schema files as read and parsed. */
  schema: { ok: true; schema: PrismaSchema } | { ok: false; unreadable: string } | { ok: false; error: string; file?: string; line?: number };
  /** The session model, when the schema has one. */
  model?: PrismaModel;
  /** The datasource provider as written, and the SQL dialect it maps to. */
  provider?: string;
  dialect?: SqlDialect;
  /** Where the database is, and where that came from. */
  target?: PrismaDatabaseTarget;
  database?: PrismaSqliteFacts | PrismaServerFacts;
  migrations?: MigrationsFolder;
  /** `_prisma_migrations` (SQLite; an empty list where the table does not exist). */
  applied?: AppliedHistory;
  /** SQLite with migrations: the history record every migration fix is derived from. */
  history?: PrismaHistory;
  /** The repairs proven on a copy of the schema, for the migrations a fix may concern. */
  proofs: RepairProof[];
  /** SQLite: the columns of the session model (database names) its existing table lacks. */
  missingColumns?: string[];
  /** SQLite: the migration (index in the history) from which the pending migrations add every missing column. */
  columnsMigration?: number;
}

function dialectOf(provider: string): SqlDialect | undefined {
  if (provider === 'sqlite') return 'sqlite';
  if (provider === 'postgresql' || provider === 'postgres' || provider === 'cockroachdb') return 'postgresql';
  if (provider === 'mysql') return 'mysql';
  return undefined;
}

export async function gatherPrismaFacts(project: PrismaProjectFiles, opts: DiagnoseOptions): Promise<PrismaFacts> {
  const envFiles = prismaEnvFiles(project).map((s) => s.file);
  const facts: PrismaFacts = { project, now: (opts.now ?? (() => new Date()))(), envFiles, schema: { ok: false, unreadable: '' }, proofs: [] };
  const files: Array<{ path: string; text: string }> = [];
  for (const file of project.schemaFiles) {
    const read = await readRegularText(file);
    if (!read.ok) {
      facts.schema = { ok: false, unreadable: read.reason };
      return facts;
    }
    files.push({ path: file, text: read.text });
  }
  const parsed = parsePrismaSchema(files);
  if (!parsed.ok) {
    facts.schema = { ok: false, error: parsed.error, file: parsed.file, line: parsed.line };
    return facts;
  }
  const schema = parsed.schema;
  facts.schema = { ok: true, schema };
  const found = findSessionModel(schema, opts.sessionModel);
  if (!found) return facts;
  const model = found.model;
  facts.model = model;
  facts.provider = schema.datasource?.provider ?? 'unknown';
  facts.dialect = dialectOf(facts.provider);
  const target = await resolvePrismaDatabase(
    project,
    schema.datasource && { provider: facts.provider, url: schema.datasource.url, file: schema.datasource.file },
    opts.env ?? {},
    opts.database,
  );
  facts.target = target;
  if (target.unresolved || !facts.dialect) return facts;
  facts.migrations = await readMigrationsFolder(project.migrationsDir);

  if (facts.dialect === 'sqlite') {
    const dbPath = target.sqlitePath!;
    const read = await readSqliteSchema(dbPath);
    const exists = read.status === 'ok' || (await pathExists(dbPath));
    facts.database = { kind: 'sqlite', path: dbPath, read, exists };
    if (read.status !== 'ok' || facts.migrations.unreadable) return facts;
    const entry = read.entries.find((e) => e.type === 'table' && e.name.toLowerCase() === model.dbName.toLowerCase());
    const sessionColumns = entry?.sql ? createTableColumnDefinitions(entry.sql) : undefined;
    if (sessionColumns) {
      facts.database.sessionColumns = sessionColumns;
      const wanted = modelColumnNames(schema, model);
      const missing = wanted?.filter((c) => !sessionColumns.some((x) => x.name.toLowerCase() === c.toLowerCase()));
      if (missing && missing.length > 0) {
        facts.missingColumns = missing;
        facts.database.sessionHasRows = await tableHasRows(dbPath, entry!.name);
      }
    }
    const wasmPath = opts.wasmPath ?? defaultSqlWasmPath();
    facts.applied = hasTable(read, '_prisma_migrations') ? await readAppliedPrismaMigrations(dbPath) : { ok: true, rows: [] };
    if (facts.migrations.migrations.length === 0 || !facts.applied.ok) return facts;
    const history = await gatherPrismaHistory(dbPath, facts.migrations, facts.applied.rows, read.entries, wasmPath);
    facts.history = history;
    if (!history.replay.ok) return facts;
    // Prove the repairs a fix may concern: the migration creating the session table while that table
    // is missing and the migration not applied, and every failed attempt.
    const table = model.dbName.toLowerCase();
    const creating = history.states.findIndex((st) => st.effect?.created.some((o) => o.type === 'table' && o.name.toLowerCase() === table));
    const indexes = new Set<number>();
    if (!hasTable(read, model.dbName) && creating >= 0 && history.states[creating].record !== 'applied') indexes.add(creating);
    history.states.forEach((st, i) => st.record === 'failed' && indexes.add(i));
    // Missing columns that the migrations not applied yet add: prove deploying them.
    const pending = history.states.findIndex((st) => st.record !== 'applied');
    if (facts.missingColumns && pending >= 0 && history.replay.ok) {
      const steps = history.replay.steps;
      const last = steps[steps.length - 1].after.find((o) => o.type === 'table' && o.name.toLowerCase() === table);
      const before = pending > 0 ? steps[pending - 1].after.find((o) => o.type === 'table' && o.name.toLowerCase() === table) : undefined;
      const has = (sql: string | undefined, c: string) => (sql ? (createTableColumns(sql) ?? []).some((x) => x.toLowerCase() === c.toLowerCase()) : false);
      if (facts.missingColumns.every((c) => has(last?.sql, c) && !has(before?.sql, c))) {
        facts.columnsMigration = pending;
        indexes.add(pending);
      }
    }
    for (const i of indexes) facts.proofs.push(await proveRepair(history, i, wasmPath));
    return facts;
  }

  // PostgreSQL / MySQL: one read-only, time-bounded query.
  if (opts.live === false) {
    facts.database = { kind: 'server', live: { status: 'not-checked' } };
    return facts;
  }
  const parts = parseDatabaseUrl(target.url!);
  if (!parts.ok || !parts.value.host || !parts.value.database) {
    facts.database = { kind: 'server', live: { status: 'unknown', reason: parts.ok ? 'the url names no host or database' : parts.error } };
    return facts;
  }
  const v = parts.value;
  const live = await checkTableLive(
    {
      dialect: facts.dialect === 'postgresql' ? 'postgresql' : 'mysql',
      host: v.host!,
      port: v.port,
      user: v.user,
      password: v.password,
      database: v.database!,
      schema: v.schema,
      socketPath: v.socketPath,
    },
    model.dbName,
    { timeoutMs: opts.liveTimeoutMs, columns: true },
  );
  facts.database = {
    kind: 'server',
    live: live.status === 'unknown' ? { status: 'unknown', reason: `${live.reason}: ${live.message}` } : { status: live.status },
  };
  if (live.status === 'present' && live.columns) {
    const columns = live.columns;
    const missing = modelColumnNames(schema, model)?.filter((c) => !columns.some((x) => x.toLowerCase() === c.toLowerCase()));
    if (missing && missing.length > 0) facts.missingColumns = missing;
  }
  return facts;
}
