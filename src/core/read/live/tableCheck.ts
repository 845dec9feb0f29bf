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

async function tableExists(session: ReadOnlySession, target: LiveTarget, table: string): Promise<boolean> {
  if (target.dialect === 'postgresql') {
    const rows = await session.query(POSTGRES_LOOKUP, [target.schema || 'public', table]);
    return rows.some((r) => r.name === table);
  }
  const rows = await session.query(MYSQL_LOOKUP, [table]);
  return rows.some((r) => (Number(r.lctn) === 0 ? String(r.name) === table : String(r.name).toLowerCase() === table.toLowerCase()));
}

class Deadline extends Error {}

export async function checkTableLive(target: LiveTarget, table: string, opts: { timeoutMs?: number } = {}): Promise<LiveResult> {
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
    return tableExists(session, target, table);
  })();
  // The loser of the race below may still reject later; that rejection is expected and ignored.
  work.catch(() => undefined);

  try {
    const present = await Promise.race([work, deadline]);
    return { status: present ? 'present' : 'missing', table, elapsedMs: elapsedMs() };
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
