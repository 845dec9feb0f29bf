/**
 * What each Prisma migration does to a SQLite schema, learned from SQLite itself: the migrations are
 * replayed in order in sql.js on an empty in-memory database, and the schema is listed after each
 * one. No SQL is parsed here; SQLite does that. The replay is schema-sized (migrations create
 * tables, they rarely carry much data) and is cached by the migrations' checksums.
 *
 * `simulate` runs statements on an in-memory copy of a real database's schema (the entries the
 * O(schema) reader returns), to prove that a fix works on this very history before it is offered.
 */
import type { SchemaEntry } from '../../read/sqlite/schemaReader';
import { loadSchemaCopy, withSqlJs } from '../../sqljs/schemaCopy';
import type { PrismaMigration } from './prismaMigrations';

export interface SchemaObject {
  type: 'table' | 'index' | 'view' | 'trigger';
  name: string;
  tblName: string;
  sql: string;
}

export interface MigrationEffect {
  name: string;
  /** Objects that exist after this migration and did not before (or whose SQL it changed). */
  created: SchemaObject[];
  /** Names (lower case) of objects it dropped or replaced. */
  dropped: string[];
  /** Only creates tables and indexes: nothing existing changed or dropped (rows may be written: see seeded). */
  pureCreate: boolean;
  /** Tables it writes rows into (seed data, e.g. roles and permissions in an init migration). */
  seeded: string[];
  /** The whole schema after this migration, in sqlite_master order. */
  after: SchemaObject[];
}

export type Replay = { ok: true; steps: MigrationEffect[] } | { ok: false; failedAt?: string; reason: string };

type Db = { exec(sql: string): Array<{ values: unknown[][] }> };

const key = (o: { type: string; name: string }) => `${o.type}:${o.name.toLowerCase()}`;

/** White space folded, so a statement compares equal however it was indented. */
export function normalizeSql(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),])\s*/g, '$1')
    .trim();
}

function listSchema(db: Db): SchemaObject[] {
  const rows =
    db.exec("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")[0]?.values ?? [];
  return rows.map(([type, name, tblName, sql]) => ({ type: type as SchemaObject['type'], name: String(name), tblName: String(tblName), sql: String(sql) }));
}

function rowCounts(db: Db, tables: SchemaObject[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tables.filter((o) => o.type === 'table'))
    counts.set(t.name, Number(db.exec(`SELECT count(*) FROM "${t.name.replace(/"/g, '""')}"`)[0]?.values[0]?.[0] ?? 0));
  return counts;
}

const cache = new Map<string, Replay>();
const CACHE_LIMIT = 16;

export async function replayMigrations(migrations: PrismaMigration[], wasmPath: string): Promise<Replay> {
  const cacheKey = migrations.map((m) => `${m.name}:${m.checksum}`).join('|');
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const replayed = await withSqlJs(wasmPath, (sqlDb): Replay => {
    const db = sqlDb as unknown as Db;
    const steps: MigrationEffect[] = [];
    let before: SchemaObject[] = [];
    for (const m of migrations) {
      const rowsBefore = rowCounts(db, before);
      try {
        db.exec(m.sql);
      } catch (err) {
        return { ok: false, failedAt: m.name, reason: `${m.name} does not replay: ${err instanceof Error ? err.message : String(err)}` };
      }
      const after = listSchema(db);
      const was = new Map(before.map((o) => [key(o), o]));
      const now = new Map(after.map((o) => [key(o), o]));
      const created = after.filter((o) => was.get(key(o))?.sql !== o.sql);
      const dropped = before.filter((o) => now.get(key(o))?.sql !== o.sql).map((o) => o.name.toLowerCase());
      const pureCreate = dropped.length === 0 && created.every((o) => o.type === 'table' || o.type === 'index');
      const seeded = [...rowCounts(db, after)].filter(([t, n]) => n > (rowsBefore.get(t) ?? 0)).map(([t]) => t);
      steps.push({ name: m.name, created, dropped, pureCreate, seeded, after });
      before = after;
    }
    return { ok: true, steps };
  });
  const result: Replay = 'sqlJsError' in replayed ? { ok: false, reason: replayed.sqlJsError } : replayed;
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(cacheKey, result);
  return result;
}

/**
 * Runs `steps` in order on a copy of `entries` (a real database's schema) and returns the schema
 * that results, or the first error. The copy has no rows: a step that depends on data is not
 * proven by this, which is why only pure-create migrations are repaired from the replay.
 */
export async function simulateOnSchema(
  entries: SchemaEntry[],
  steps: string[],
  wasmPath: string,
): Promise<{ ok: true; schema: SchemaObject[] } | { ok: false; reason: string }> {
  const result = await withSqlJs(wasmPath, (db): { ok: true; schema: SchemaObject[] } | { ok: false; reason: string } => {
    const failures = loadSchemaCopy(db, entries);
    if (failures.length > 0) return { ok: false, reason: `the database's own ${failures[0]} does not load in sql.js` };
    for (const s of steps) {
      try {
        db.exec(s);
      } catch (err) {
        return { ok: false, reason: err instanceof Error ? err.message : String(err) };
      }
    }
    return { ok: true, schema: listSchema(db as unknown as Db) };
  });
  return 'sqlJsError' in result ? { ok: false, reason: result.sqlJsError } : result;
}

/** Objects of `expected` that `actual` lacks or has with other SQL, as `type name` strings. */
export function schemaDifferences(expected: SchemaObject[], actual: SchemaObject[]): string[] {
  const have = new Map(actual.map((o) => [key(o), o]));
  const out: string[] = [];
  for (const o of expected) {
    const a = have.get(key(o));
    if (!a) out.push(`${o.type} ${o.name} is missing`);
    else if (normalizeSql(a.sql) !== normalizeSql(o.sql)) out.push(`${o.type} ${o.name} differs from what the migrations create`);
  }
  return out;
}
