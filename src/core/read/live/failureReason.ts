import { maskUrlsInText, redactSecrets } from '../../redact';
import type { LiveTarget, UnknownReason } from './liveTarget';

/** Socket-level codes meaning "nothing answers there". ENOENT: a Unix socket file that is absent. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EADDRNOTAVAIL', 'ENOENT']);
/** pg 57014: statement_timeout cancelled the query; 55P03: lock_timeout. */
const TIMEOUT = new Set(['ETIMEDOUT', 'PROTOCOL_SEQUENCE_TIMEOUT', '57014', '55P03']);
/** mysql 1045 bad password, 1044 no rights on the database, 1698 root via unix_socket only; pg 28P01 / 28000. */
const ACCESS_DENIED = new Set([
  '1045',
  '1044',
  '1698',
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_ACCESS_DENIED_NO_PASSWORD_ERROR',
  '28P01',
  '28000',
]);
const UNKNOWN_DATABASE = new Set(['1049', 'ER_BAD_DB_ERROR', '3D000']);

interface ErrorLike {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  errors?: unknown;
}

/** Codes carried by an error, including the inner errors of an AggregateError (Node's dual-stack connect). */
function codesOf(err: unknown): string[] {
  if (typeof err !== 'object' || err === null) return [];
  const e = err as ErrorLike;
  const codes: string[] = [];
  if (typeof e.code === 'string' || typeof e.code === 'number') codes.push(String(e.code));
  if (typeof e.errno === 'number' && e.errno > 0) codes.push(String(e.errno));
  if (Array.isArray(e.errors)) for (const inner of e.errors) codes.push(...codesOf(inner));
  return codes;
}

function rawMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const e = err as ErrorLike;
    const own = typeof e.message === 'string' ? e.message : '';
    if (own !== '') return own;
    if (Array.isArray(e.errors))
      return e.errors
        .map(rawMessage)
        .filter((m) => m !== '')
        .join('; ');
  }
  return typeof err === 'string' ? err : '';
}

export function classifyFailure(err: unknown): UnknownReason {
  const codes = codesOf(err);
  const has = (set: Set<string>): boolean => codes.some((c) => set.has(c));
  if (has(ACCESS_DENIED)) return 'access-denied';
  if (has(UNKNOWN_DATABASE)) return 'unknown-database';
  if (has(TIMEOUT)) return 'timeout';
  if (has(UNREACHABLE)) return 'unreachable';
  const msg = rawMessage(err);
  // pg's client-side timeouts and SCRAM errors carry no code.
  if (/timeout expired|connection timeout|query read timeout/i.test(msg)) return 'timeout';
  if (/client password must be a string|password authentication failed/i.test(msg)) return 'access-denied';
  return 'other';
}

/** A one-line description of the failure with every credential of the target masked. */
export function describeFailure(err: unknown, target: LiveTarget): string {
  const code = codesOf(err)[0] ?? '';
  const msg = rawMessage(err) || 'unknown error';
  const line = `${msg}${code && !msg.includes(code) ? ` (${code})` : ''}`.replace(/\s+/g, ' ').trim();
  return redactSecrets(maskUrlsInText(line), [target.password]);
}
