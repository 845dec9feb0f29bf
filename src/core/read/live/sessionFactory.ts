import type { LiveTarget } from './liveTarget';
import { createMysqlSession } from './mysqlSession';
import { createPostgresSession } from './postgresSession';
import type { ReadOnlySession } from './readOnlySession';

/** The read-only session for the target's dialect; nothing is connected until `open()`. */
export function createReadOnlySession(target: LiveTarget, timeoutMs: number): ReadOnlySession {
  return target.dialect === 'mysql' ? createMysqlSession(target, timeoutMs) : createPostgresSession(target, timeoutMs);
}

/**
 * Runs `work` on an opened read-only session, all within `timeoutMs`: the answer, or undefined when
 * it cannot be told (no connection, an error, no answer in time; the session is then destroyed).
 * The session is closed either way.
 */
export async function queryWithin<T>(target: LiveTarget, timeoutMs: number, work: (session: ReadOnlySession) => Promise<T>): Promise<T | undefined> {
  const session = createReadOnlySession(target, timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      session.destroy();
      resolve(undefined);
    }, timeoutMs);
  });
  const answer = (async (): Promise<T> => {
    await session.open();
    return work(session);
  })().catch(() => undefined);
  try {
    return await Promise.race([answer, deadline]);
  } finally {
    clearTimeout(timer);
    await session.close();
  }
}
