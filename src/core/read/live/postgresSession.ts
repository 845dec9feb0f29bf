import type { LiveTarget } from './liveTarget';
import { CLOSE_GRACE_MS, settleWithin, type ReadOnlySession } from './readOnlySession';

/**
 * A PostgreSQL session that is read-only from its very start: `default_transaction_read_only=on` is
 * sent in the startup packet, so even the first statement runs in a read-only transaction (a write
 * fails with SQLSTATE 25006). `statement_timeout` and `lock_timeout` bound the server side too.
 */
export function createPostgresSession(target: LiveTarget, timeoutMs: number): ReadOnlySession {
  const ms = Math.max(1, Math.round(timeoutMs));
  // Loaded on first use: in the bundle the driver is a separate file (dist/live-pg.js, esbuild.js).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('pg') as typeof import('pg');
  const client = new Client({
    // pg treats a host that starts with "/" as the socket folder.
    host: target.socketPath ?? target.host,
    port: target.port ?? 5432,
    user: target.user,
    password: target.password,
    database: target.database,
    connectionTimeoutMillis: ms,
    // The server's statement_timeout should win (a clean 57014 and a cancelled query); the client
    // side only guards against a server that stops answering altogether.
    query_timeout: ms + 500,
    statement_timeout: ms,
    lock_timeout: ms,
    idle_in_transaction_session_timeout: ms,
    application_name: 'session-doctor',
    options: '-c default_transaction_read_only=on',
  });
  // Without a listener, a server-side disconnect after connect() would crash the host process.
  client.on('error', () => undefined);
  let opened = false;
  let closed = false;

  const destroy = (): void => {
    closed = true;
    try {
      client.connection.stream.destroy();
    } catch {
      // Never connected or already gone.
    }
  };

  return {
    open: async () => {
      opened = true;
      await client.connect();
    },
    query: async (sql, params) => {
      if (closed) throw new Error('The PostgreSQL session is closed');
      const res = await client.query<Record<string, unknown>>(sql, [...params]);
      return res.rows;
    },
    close: async () => {
      if (!opened || closed) return;
      closed = true;
      if ((await settleWithin(client.end(), CLOSE_GRACE_MS)) === 'late') destroy();
    },
    destroy,
  };
}
