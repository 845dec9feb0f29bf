/**
 * Parses Prisma-style database URLs into the parts a live check needs.
 *
 * Tolerant on purpose: people paste passwords with unencoded `@`, `/` or `#`, so this does not lean
 * on WHATWG `URL` (which rejects or re-splits those). It never throws, and every error message has
 * its password masked.
 */
import * as path from 'node:path';
import { maskUrl, userinfoEnd } from '../redact';

type UrlDialect = 'sqlite' | 'postgresql' | 'mysql';

export interface DatabaseUrlParts {
  dialect: UrlDialect;
  /** SQLite: the path after `file:`, without its query; absolute when `baseDir` was given. */
  filePath?: string;
  host?: string;
  port?: number;
  user?: string;
  /** SECRET. Percent-decoded. Never print it. */
  password?: string;
  database?: string;
  /** PostgreSQL `?schema=` (Prisma). Undefined when the URL does not name one (Prisma then uses `public`). */
  schema?: string;
  /** Unix socket: PostgreSQL `?host=/dir` (a folder) or MySQL `?socket=/path`. */
  socketPath?: string;
}

type DatabaseUrlResult = { ok: true; value: DatabaseUrlParts } | { ok: false; error: string };

const SCHEMES: Record<string, UrlDialect> = {
  file: 'sqlite',
  postgresql: 'postgresql',
  postgres: 'postgresql',
  mysql: 'mysql',
  mariadb: 'mysql',
};

const DEFAULT_PORTS: Record<Exclude<UrlDialect, 'sqlite'>, number> = { postgresql: 5432, mysql: 3306 };

function fail(message: string, url: string): DatabaseUrlResult {
  return { ok: false, error: `${message}: ${maskUrl(url)}` };
}

/** decodeURIComponent that keeps the raw text when the escapes are malformed (`%zz`, a lone `%`). */
function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function parseFileUrl(url: string, rest: string, baseDir: string | undefined): DatabaseUrlResult {
  // `file:///abs.db` and `file://./dev.db` are tolerated beside Prisma's usual `file:./dev.db`.
  let p = rest.startsWith('//') ? rest.slice(2) : rest;
  const q = p.search(/[?#]/);
  if (q >= 0) p = p.slice(0, q);
  p = decode(p);
  if (p.trim() === '') return fail('The SQLite URL names no file', url);
  const filePath = baseDir !== undefined && !path.isAbsolute(p) ? path.resolve(baseDir, p) : p;
  return { ok: true, value: { dialect: 'sqlite', filePath } };
}

function parseHostPort(hostPart: string): { host: string; port?: string } | undefined {
  if (hostPart.startsWith('[')) {
    const close = hostPart.indexOf(']');
    if (close < 0) return undefined;
    const host = hostPart.slice(1, close);
    const after = hostPart.slice(close + 1);
    if (after === '') return { host };
    if (!after.startsWith(':')) return undefined;
    return { host, port: after.slice(1) };
  }
  const colon = hostPart.lastIndexOf(':');
  if (colon < 0) return { host: hostPart };
  return { host: hostPart.slice(0, colon), port: hostPart.slice(colon + 1) };
}

function parseNetworkUrl(url: string, dialect: 'postgresql' | 'mysql', rest: string): DatabaseUrlResult {
  if (!rest.startsWith('//')) return fail('The URL lacks "//" after the scheme', url);
  let body = rest.slice(2);
  const parts: DatabaseUrlParts = { dialect };

  const at = userinfoEnd(body);
  if (at >= 0) {
    const userinfo = body.slice(0, at);
    body = body.slice(at + 1);
    const colon = userinfo.indexOf(':');
    const user = decode(colon >= 0 ? userinfo.slice(0, colon) : userinfo);
    if (user !== '') parts.user = user;
    if (colon >= 0) parts.password = decode(userinfo.slice(colon + 1));
  }

  const hostEnd = body.search(/[/?#]/);
  const hostPart = hostEnd < 0 ? body : body.slice(0, hostEnd);
  body = hostEnd < 0 ? '' : body.slice(hostEnd);

  const hp = parseHostPort(hostPart);
  if (!hp) return fail('The host part of the URL is malformed', url);
  if (hp.host !== '') parts.host = decode(hp.host);
  if (hp.port !== undefined && hp.port !== '') {
    if (!/^\d{1,5}$/.test(hp.port) || Number(hp.port) < 1 || Number(hp.port) > 65535) {
      return fail(`The port "${hp.port}" is not a number between 1 and 65535`, url);
    }
    parts.port = Number(hp.port);
  }

  const hash = body.indexOf('#');
  if (hash >= 0) body = body.slice(0, hash);
  const q = body.indexOf('?');
  const pathPart = q >= 0 ? body.slice(0, q) : body;
  const query = q >= 0 ? body.slice(q + 1) : '';
  const database = decode(pathPart.replace(/^\//, ''));
  if (database !== '') parts.database = database;

  let params: URLSearchParams;
  try {
    params = new URLSearchParams(query);
  } catch {
    params = new URLSearchParams();
  }
  if (dialect === 'postgresql') {
    const schema = params.get('schema');
    if (schema) parts.schema = schema;
    // libpq/Prisma: a `host` parameter that is a path names the socket folder.
    const hostParam = params.get('host');
    if (hostParam && hostParam.startsWith('/')) parts.socketPath = hostParam;
    else if (hostParam && !parts.host) parts.host = hostParam;
  } else {
    const socket = params.get('socket');
    if (socket) parts.socketPath = socket;
  }

  if (!parts.host && !parts.socketPath) return fail('The URL names no host', url);
  if (parts.host && parts.port === undefined) parts.port = DEFAULT_PORTS[dialect];
  return { ok: true, value: parts };
}

/**
 * Parses `file:./dev.db`, `file:/abs.db`, `postgresql://` / `postgres://` (with `?schema=`),
 * `mysql://` / `mariadb://` URLs. Relative SQLite paths are resolved against `opts.baseDir` when given
 * (Prisma resolves them from the schema's folder). Never throws.
 */
export function parseDatabaseUrl(url: string, opts: { baseDir?: string } = {}): DatabaseUrlResult {
  if (typeof url !== 'string') return { ok: false, error: 'The database URL is not a string' };
  const trimmed = url.trim();
  if (trimmed === '') return { ok: false, error: 'The database URL is empty' };
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(trimmed);
  if (!m) return fail('The database URL has no scheme (expected file:, postgresql:// or mysql://)', trimmed);
  const scheme = m[1].toLowerCase();
  const dialect = SCHEMES[scheme];
  if (!dialect) return fail(`Unsupported database URL scheme "${scheme}"`, trimmed);
  const rest = trimmed.slice(m[0].length);
  if (dialect === 'sqlite') return parseFileUrl(trimmed, rest, opts.baseDir);
  return parseNetworkUrl(trimmed, dialect, rest);
}
