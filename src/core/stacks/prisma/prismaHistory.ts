/**
 * Prisma's migration history on a SQLite database, as one record: for each migration of the
 * folder, whether `_prisma_migrations` records it as applied, failed or pending, what it creates
 * (learned by replaying the migrations in sql.js), and which of those objects the database has.
 * Every migration fix is derived from this record (prismaRepair.ts).
 */
import { AppliedMigrationRow, failedMigrationNames, MigrationsFolder, PrismaMigration } from './prismaMigrations';
import { normalizeSql, replayMigrations, type MigrationEffect, type Replay, type SchemaObject } from './prismaReplay';
import type { SchemaEntry } from '../../read/sqlite/schemaReader';
import { readTableRows, tableHasRows } from '../../read/sqlite/tableRows';

export type AppliedHistory = { ok: true; rows: AppliedMigrationRow[] } | { ok: false; reason: string };

/** Rows of `_prisma_migrations`, read with the O(schema) page reader (the table is tiny). */
export async function readAppliedPrismaMigrations(dbPath: string): Promise<AppliedHistory> {
  const read = await readTableRows(dbPath, '_prisma_migrations', { maxRows: 100_000 });
  if (!read.ok) return { ok: false, reason: read.reason };
  const rows: AppliedMigrationRow[] = [];
  for (const r of read.rows) {
    const name = r['migration_name'];
    if (typeof name !== 'string') continue;
    const text = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'string' ? v : String(v));
    rows.push({ migration_name: name, finished_at: text(r['finished_at']), rolled_back_at: text(r['rolled_back_at']), checksum: text(r['checksum']) ?? '' });
  }
  return { ok: true, rows };
}

type MigrationRecord = 'applied' | 'failed' | 'pending';

interface MigrationState {
  migration: PrismaMigration;
  record: MigrationRecord;
  /** What the migration does, from the replay (absent when the replay stopped before it). */
  effect?: MigrationEffect;
  /** Of the objects it creates: those the database has with the same SQL, with other SQL, and not at all. */
  present: SchemaObject[];
  differing: SchemaObject[];
  missing: SchemaObject[];
  /** Tables it seeds with rows that the database lacks, or has empty: completing it would lose those rows. */
  seedsMissing: string[];
}

export interface PrismaHistory {
  states: MigrationState[];
  replay: Replay;
  /** The database's own schema, as the reader listed it. */
  entries: SchemaEntry[];
}

function recordOf(name: string, rows: AppliedMigrationRow[], failed: Set<string>): MigrationRecord {
  if (failed.has(name)) return 'failed';
  return rows.some((r) => r.migration_name === name && r.finished_at !== null && r.rolled_back_at === null) ? 'applied' : 'pending';
}

export function schemaObjectsOf(entries: SchemaEntry[]): SchemaObject[] {
  return entries.filter((e) => e.sql && !e.name.startsWith('sqlite_')).map((e) => ({ type: e.type, name: e.name, tblName: e.tblName, sql: e.sql as string }));
}

/** The history record; `rows` empty when the database has no `_prisma_migrations`. */
export async function gatherPrismaHistory(
  dbPath: string,
  folder: MigrationsFolder,
  rows: AppliedMigrationRow[],
  entries: SchemaEntry[],
  wasmPath: string,
): Promise<PrismaHistory> {
  const replay = await replayMigrations(folder.migrations, wasmPath);
  const failed = failedMigrationNames(rows);
  const have = new Map(schemaObjectsOf(entries).map((o) => [`${o.type}:${o.name.toLowerCase()}`, o]));
  const states = folder.migrations.map((migration, i): MigrationState => {
    const effect = replay.ok ? replay.steps[i] : undefined;
    const state: MigrationState = {
      migration,
      record: recordOf(migration.name, rows, failed),
      effect,
      present: [],
      differing: [],
      missing: [],
      seedsMissing: [],
    };
    for (const o of effect?.created ?? []) {
      const db = have.get(`${o.type}:${o.name.toLowerCase()}`);
      if (!db) state.missing.push(o);
      else if (normalizeSql(db.sql) === normalizeSql(o.sql)) state.present.push(o);
      else state.differing.push(o);
    }
    return state;
  });
  // Seed rows: a table a migration fills must have rows in the database for that migration to be
  // taken as run (one row read per seeded table, and only for migrations not recorded as applied).
  for (const st of states.filter((x) => x.record !== 'applied')) {
    for (const table of st.effect?.seeded ?? []) {
      const present = have.has(`table:${table.toLowerCase()}`);
      if (!present || (await tableHasRows(dbPath, table)) !== true) st.seedsMissing.push(table);
    }
  }
  return { states, replay, entries };
}
