/**
 * The live check: does this table exist in this MySQL/MariaDB or PostgreSQL database?
 *
 * One read-only catalogue query over a read-only session, bounded by one deadline that covers
 * connect + query. Whatever happens, the connection is closed, and a failure is reported as
 * `unknown` with a reason (never as `missing`) and a message without credentials.
 */
import { classifyFailure, describeFailure } from './failureReason';
import { DEFAULT_LIVE_TIMEOUT_MS, type LiveResult, type LiveTarget } from './liveTarget';
import type { ReadOnlySession } from './readOnlySession';
import { createReadOnlySession } from './sessionFactory';

export type { LiveResult, LiveTarget, UnknownReason } from './liveTarget';

/**
 * MySQL/MariaDB: `DATABASE()` is the schema the connection opened, so its spelling never matters.
 * information_schema compares names case-insensitively, so the case rule is applied afterwards from
 * `lower_case_table_names` (0: names are case-sensitive, as on Linux; 1/2: they are not).
 * Views do not count: Laravel writes to its sessions table.
 */
const MYSQL_LOOKUP = `SELECT TABLE_NAME AS name, @@lower_case_table_names AS lctn
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')`;

/**
 * PostgreSQL: pg_catalog rather than information_schema, because information_schema.tables hides
 * tables the user has no privilege on, which would turn "present but not yours" into "missing".
 * Names are compared exactly: Prisma and Laravel both quote identifiers. 'r' table, 'p' partitioned.
 */
const POSTGRES_LOOKUP = `SELECT c.relname AS name
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')`;

/** The table's columns in order (PostgreSQL: pg_attribute, which, like the lookup, ignores privileges). */
const POSTGRES_COLUMNS = `SELECT a.attname AS name
FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`;

const MYSQL_COLUMNS = `SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`;

/** The table's name as the server spells it, when it exists. */
async function findTable(session: ReadOnlySession, target: LiveTarget, table: string): Promise<string | undefined> {
  if (target.dialect === 'postgresql') {
    const rows = await session.query(POSTGRES_LOOKUP, [target.schema || 'public', table]);
    return rows.some((r) => r.name === table) ? table : undefined;
  }
  const rows = await session.query(MYSQL_LOOKUP, [table]);
  const hit = rows.find((r) => (Number(r.lctn) === 0 ? String(r.name) === table : String(r.name).toLowerCase() === table.toLowerCase()));
  return hit ? String(hit.name) : undefined;
}

/** Columns and whether the table holds a row (undefined when the user may not read it). */
async function tableShape(session: ReadOnlySession, target: LiveTarget, table: string): Promise<{ columns: string[]; hasRows?: boolean }> {
  const pg = target.dialect === 'postgresql';
  const schema = target.schema || 'public';
  const rows = pg ? await session.query(POSTGRES_COLUMNS, [schema, table]) : await session.query(MYSQL_COLUMNS, [table]);
  const columns = rows.map((r) => String(r.name));
  const quoted = pg ? `"${schema.replaceAll('"', '""')}"."${table.replaceAll('"', '""')}"` : '`' + table.replaceAll('`', '``') + '`';
  let hasRows: boolean | undefined;
  try {
    hasRows = (await session.query(`SELECT 1 AS one FROM ${quoted} LIMIT 1`, [])).length > 0;
  } catch {
    hasRows = undefined;
  }
  return { columns, hasRows };
}

class Deadline extends Error {}

/**
 * With `columns: true`, a present table also gets its columns and whether it holds a row (two more
 * read-only queries in the same session, under the same deadline).
 */
export async function checkTableLive(target: LiveTarget, table: string, opts: { timeoutMs?: number; columns?: boolean } = {}): Promise<LiveResult> {
  const started = performance.now();
  const elapsedMs = (): number => Math.round(performance.now() - started);
  const timeoutMs = opts.timeoutMs !== undefined && opts.timeoutMs > 0 ? opts.timeoutMs : DEFAULT_LIVE_TIMEOUT_MS;

  if (table.trim() === '') return { status: 'unknown', reason: 'other', message: 'No table name to look for', elapsedMs: elapsedMs() };

  const session = createReadOnlySession(target, timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Deadline()), timeoutMs);
  });
  const work = (async () => {
    await session.open();
    const found = await findTable(session, target, table);
    return found === undefined ? undefined : { found, shape: opts.columns ? await tableShape(session, target, found) : undefined };
  })();
  // The loser of the race below may still reject later; that rejection is expected and ignored.
  work.catch(() => undefined);

  try {
    const present = await Promise.race([work, deadline]);
    if (!present) return { status: 'missing', table, elapsedMs: elapsedMs() };
    return { status: 'present', table, elapsedMs: elapsedMs(), ...(present.shape ? { columns: present.shape.columns, hasRows: present.shape.hasRows } : {}) };
  } catch (err) {
    if (err instanceof Deadline) {
      session.destroy();
      return { status: 'unknown', reason: 'timeout', message: `No answer within ${timeoutMs} ms`, elapsedMs: elapsedMs() };
    }
    return { status: 'unknown', reason: classifyFailure(err), message: describeFailure(err, target), elapsedMs: elapsedMs() };
  } finally {
    clearTimeout(timer);
    await session.close();
  }
}
