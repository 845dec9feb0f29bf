import type { LiveTarget } from './liveTarget';
import { createMysqlSession } from './mysqlSession';
import { createPostgresSession } from './postgresSession';
import type { ReadOnlySession } from './readOnlySession';

/** The read-only session for the target's dialect; nothing is connected until `open()`. */
export function createReadOnlySession(target: LiveTarget, timeoutMs: number): ReadOnlySession {
  return target.dialect === 'mysql' ? createMysqlSession(target, timeoutMs) : createPostgresSession(target, timeoutMs);
}
