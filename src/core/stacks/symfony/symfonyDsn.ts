/**
 * Where PdoSessionHandler connects, from the string it is given: a URL (`mysql://…`, `postgresql://…`,
 * `sqlite:///…`), read as the handler's buildDsnFromUrl() reads it (the driver aliases, `pdo_`
 * prefixes, the `sqlite:///` form), or a PDO DSN (`mysql:host=…;dbname=…`, `sqlite:/path`). Pure.
 * The password stays in the record (the live check needs it); displays are masked.
 */

export interface SymfonyConnection {
  /** PDO driver name: sqlite, mysql, pgsql, sqlsrv, oci, … */
  driver: string;
  host?: string;
  port?: number;
  database?: string;
  unixSocket?: string;
  /** SQLite: the file as PDO receives it (may be relative to PHP's working folder). */
  sqliteFile?: string;
  user?: string;
  /** SECRET: never printed. */
  password?: string;
  /** The query string of a URL: SessionHandlerFactory passes it to the handler as its options. */
  query?: Record<string, string>;
  /** The URL form was used (a display then masks it as a URL). */
  fromUrl: boolean;
}

const ALIASES: Record<string, string> = { mssql: 'sqlsrv', mysql2: 'mysql', postgres: 'pgsql', postgresql: 'pgsql', sqlite3: 'sqlite' };

/** PHP's parse_url, for the shapes a database URL takes (scheme://user:pass@host:port/path?query). */
const URL_SHAPE = /^([A-Za-z][A-Za-z0-9+._-]*):\/\/(?:([^:@/?#]*)(?::([^@/?#]*))?@)?([^:/?#]*)(?::(\d*))?([^?#]*)(?:\?([^#]*))?/;

function rawUrlDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function parseQuery(q: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (q ?? '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = rawUrlDecode((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' '));
    out[k] = rawUrlDecode((eq < 0 ? '' : part.slice(eq + 1)).replace(/\+/g, ' '));
  }
  return out;
}

export function isDatabaseUrl(value: string): boolean {
  return value.includes('://');
}

/** A URL as buildDsnFromUrl() reads it; an error names what Symfony would refuse. */
export function connectionFromUrl(url: string): { ok: true; value: SymfonyConnection } | { ok: false; error: string } {
  const fixed = url.replace(/^((?:pdo_)?sqlite3?):\/\/\//, '$1://localhost/');
  const m = URL_SHAPE.exec(fixed);
  if (!m) return { ok: false, error: 'the database URL cannot be read' };
  let driver = m[1];
  driver = ALIASES[driver] ?? driver;
  if (driver.startsWith('pdo_') || driver.startsWith('pdo-')) driver = driver.slice(4);
  const conn: SymfonyConnection = { driver, fromUrl: true, query: parseQuery(m[7]) };
  if (m[2]) conn.user = rawUrlDecode(m[2]);
  if (m[3] !== undefined && m[3] !== '') conn.password = rawUrlDecode(m[3]);
  const pathPart = rawUrlDecode(m[6] ?? '');
  if (driver === 'sqlite') {
    conn.sqliteFile = pathPart.slice(1);
    return { ok: true, value: conn };
  }
  if (m[4]) conn.host = rawUrlDecode(m[4]);
  if (m[5]) conn.port = Number(m[5]);
  if (pathPart) conn.database = pathPart.slice(1);
  if (driver === 'mysql' && conn.query?.unix_socket) conn.unixSocket = conn.query.unix_socket;
  return { ok: true, value: conn };
}

/** A PDO DSN: `driver:key=value;key=value`, or `sqlite:path`. */
export function connectionFromDsn(dsn: string): { ok: true; value: SymfonyConnection } | { ok: false; error: string } {
  const colon = dsn.indexOf(':');
  if (colon <= 0) return { ok: false, error: 'the PDO DSN has no driver' };
  const driver = dsn.slice(0, colon).trim();
  const rest = dsn.slice(colon + 1);
  if (driver === 'sqlite') return { ok: true, value: { driver, sqliteFile: rest, fromUrl: false } };
  const conn: SymfonyConnection = { driver, fromUrl: false };
  for (const part of rest.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const k = part.slice(0, eq).trim().toLowerCase();
    const v = part.slice(eq + 1).trim();
    if (k === 'host') conn.host = v;
    else if (k === 'port' && /^\d+$/.test(v)) conn.port = Number(v);
    else if (k === 'dbname') conn.database = v;
    else if (k === 'unix_socket') conn.unixSocket = v;
    else if (k === 'user') conn.user = v;
    else if (k === 'password') conn.password = v;
  }
  return { ok: true, value: conn };
}

/** Either form, as the handler's constructor tells them apart (`://` makes it a URL). */
export function symfonyConnection(value: string): { ok: true; value: SymfonyConnection } | { ok: false; error: string } {
  return isDatabaseUrl(value) ? connectionFromUrl(value) : connectionFromDsn(value);
}

/** Where it points, without a password: `pgsql://user@host:port/db`, or the SQLite file. */
export function connectionDisplay(c: SymfonyConnection): string {
  if (c.driver === 'sqlite') return c.sqliteFile ?? '';
  const user = c.user ? `${c.user}@` : '';
  const where = c.unixSocket
    ? `localhost/${c.database ?? ''} (socket ${c.unixSocket})`
    : `${c.host ?? 'localhost'}${c.port ? `:${c.port}` : ''}/${c.database ?? ''}`;
  return `${c.driver}://${user}${where}`;
}
