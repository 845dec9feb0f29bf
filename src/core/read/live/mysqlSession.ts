import type { Connection, RowDataPacket } from 'mysql2';
import type { LiveTarget } from './liveTarget';
import { CLOSE_GRACE_MS, settleWithin, type ReadOnlySession } from './readOnlySession';

/**
 * A MySQL/MariaDB session that is read-only before its first query (`SET SESSION TRANSACTION READ
 * ONLY`: the server then refuses INSERT/UPDATE/DELETE and DDL on real tables with error 1792).
 */
export function createMysqlSession(target: LiveTarget, timeoutMs: number): ReadOnlySession {
  let conn: Connection | undefined;
  let closed = false;
  /** Only a session whose handshake succeeded can say QUIT; a failed one is just torn down. */
  let ready = false;

  const destroy = (): void => {
    closed = true;
    try {
      conn?.destroy();
    } catch {
      // Already gone.
    }
  };

  const run = (sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]> =>
    new Promise((resolve, reject) => {
      if (!conn || closed) {
        reject(new Error('The MySQL session is closed'));
        return;
      }
      conn.query<RowDataPacket[]>({ sql, values: [...params], timeout: timeoutMs }, (err, rows) => {
        if (err) reject(err);
        else resolve(Array.isArray(rows) ? (rows as Record<string, unknown>[]) : []);
      });
    });

  return {
    open: () =>
      new Promise<void>((resolve, reject) => {
        // Loaded on first use: in the bundle the driver is a separate file (dist/live-mysql.js, esbuild.js).
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { createConnection } = require('mysql2') as typeof import('mysql2');
        conn = createConnection({
          host: target.host,
          port: target.port ?? 3306,
          socketPath: target.socketPath,
          user: target.user,
          password: target.password,
          database: target.database,
          connectTimeout: timeoutMs,
          multipleStatements: false,
          // Never let a server ask for a local file (LOAD DATA LOCAL INFILE).
          flags: ['-LOCAL_FILES'],
        });
        // An 'error' event with no listener would crash the host process; failures reach the
        // caller through connect()/query() callbacks instead.
        conn.on('error', () => undefined);
        conn.connect((err) => {
          if (err) {
            reject(err);
            return;
          }
          ready = true;
          run('SET SESSION TRANSACTION READ ONLY', []).then(() => resolve(), reject);
        });
      }),
    query: run,
    close: async () => {
      if (!conn || closed) return;
      if (!ready) {
        destroy();
        return;
      }
      closed = true;
      const c = conn;
      const ended = new Promise<void>((resolve, reject) => c.end((err) => (err ? reject(err) : resolve())));
      if ((await settleWithin(ended, CLOSE_GRACE_MS)) === 'late') destroy();
    },
    destroy,
  };
}
