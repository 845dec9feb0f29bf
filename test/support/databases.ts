/**
 * Real, throwaway MariaDB and PostgreSQL servers for tests, from Debian's packages
 * (scripts/ci/install-databases.sh installs them).
 *
 * Each server runs on 127.0.0.1 at a free port, with its data directory, socket and log in a fresh
 * temp folder, as its own process group (no system service). `stop()` ends the group and removes the
 * folder; an exit hook kills any group a crashed test run leaves behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';

export interface TestDatabaseServer {
  host: '127.0.0.1';
  port: number;
  /** An ordinary (non-superuser) account with a password, owner of `database`. */
  user: string;
  password: string;
  database: string;
  /** Unix socket: the socket file (MariaDB) or the socket folder (PostgreSQL). */
  socketPath: string;
  /** Superuser that needs no password over `socketPath` (`root` / `postgres`), for tests that hold locks. */
  superuser: string;
  /** Runs SQL as the server's superuser (MariaDB: several statements allowed). */
  exec(sql: string): Promise<Record<string, unknown>[]>;
  /** Ends the process group and removes the temp folder. Idempotent. */
  stop(): Promise<void>;
  /** Milliseconds from the call to start until the server accepted the test account. */
  startupMs: number;
}

const MARIADBD_CANDIDATES = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'];
const INSTALL_HINT = 'run scripts/ci/install-databases.sh as root';

/** Groups still running, killed with SIGKILL if the test process exits without stopping them. */
const liveGroups = new Set<number>();
process.on('exit', () => {
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function secret(prefix: string): string {
  return `${prefix}${randomBytes(9).toString('base64url')}`;
}

function tail(file: string, max = 2000): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.slice(-max);
  } catch {
    return '(no log)';
  }
}

function runChecked(argv: string[], opts: { uid?: number; gid?: number; log: string; what: string }): void {
  const res = spawnSync(argv[0], argv.slice(1), { uid: opts.uid, gid: opts.gid, encoding: 'utf8', timeout: 120_000 });
  fs.appendFileSync(opts.log, `$ ${argv.join(' ')}\n${res.stdout ?? ''}${res.stderr ?? ''}\n`);
  if (res.error || res.status !== 0) {
    throw new Error(`${opts.what} failed (${res.error?.message ?? `exit ${res.status}`}):\n${tail(opts.log)}`);
  }
}

interface Started {
  child: ChildProcess;
  exited: Promise<void>;
}

/** Starts a server as the leader of a new process group, with stdout/stderr appended to `log`. */
function startGroup(argv: string[], opts: { uid?: number; gid?: number; log: string }): Started {
  const fd = fs.openSync(opts.log, 'a');
  try {
    const child = spawn(argv[0], argv.slice(1), { detached: true, stdio: ['ignore', fd, fd], uid: opts.uid, gid: opts.gid });
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    if (child.pid !== undefined) liveGroups.add(child.pid);
    return { child, exited };
  } finally {
    fs.closeSync(fd);
  }
}

async function stopGroup(started: Started, politeSignal: NodeJS.Signals): Promise<void> {
  const pid = started.child.pid;
  if (pid === undefined) return;
  if (started.child.exitCode === null && started.child.signalCode === null) {
    try {
      process.kill(-pid, politeSignal);
    } catch {
      // Already gone.
    }
    let timer: NodeJS.Timeout | undefined;
    const late = await Promise.race([
      started.exited.then(() => false),
      new Promise<boolean>((r) => {
        timer = setTimeout(() => r(true), 10_000);
      }),
    ]);
    clearTimeout(timer);
    if (late) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await started.exited;
    }
  }
  // Children that outlived the leader (if any) go with the group.
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Group empty: the usual case.
  }
  liveGroups.delete(pid);
}

/** Polls `attempt` until it succeeds, the process dies, or the deadline passes. */
async function waitReady(what: string, started: Started, log: string, deadlineMs: number, attempt: () => Promise<void>): Promise<void> {
  const until = Date.now() + deadlineMs;
  let dead = false;
  void started.exited.then(() => {
    dead = true;
  });
  let lastError: string;
  for (;;) {
    if (dead) throw new Error(`${what} exited during startup:\n${tail(log)}`);
    try {
      await attempt();
      return;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > until) throw new Error(`${what} not ready after ${deadlineMs} ms (${lastError}):\n${tail(log)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function findMariadbd(): string {
  const found = MARIADBD_CANDIDATES.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`MariaDB server binary not found (${MARIADBD_CANDIDATES.join(', ')}): ${INSTALL_HINT}`);
  return found;
}

function findPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(`PostgreSQL server binaries not found under ${root}: ${INSTALL_HINT}`);
  return path.join(root, versions[0], 'bin');
}

/** PostgreSQL refuses to run as root; as root we run it as `nobody`. */
function unprivilegedIds(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('nobody:'));
  const [, , uid, gid] = line ? line.split(':') : [];
  return { uid: uid ? Number(uid) : 65534, gid: gid ? Number(gid) : 65534 };
}

export async function startMariaDb(opts: { deadlineMs?: number } = {}): Promise<TestDatabaseServer> {
  const t0 = performance.now();
  const mariadbd = findMariadbd();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-mariadb-'));
  const datadir = path.join(dir, 'data');
  const socketPath = path.join(dir, 'mysqld.sock');
  const log = path.join(dir, 'server.log');
  const port = await freePort();
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // One option file for bootstrap and server, so their InnoDB settings agree. Small files: fast start.
  const cnf = path.join(dir, 'my.cnf');
  fs.writeFileSync(
    cnf,
    [
      '[mariadbd]',
      `datadir=${datadir}`,
      `socket=${socketPath}`,
      `port=${port}`,
      'bind-address=127.0.0.1',
      `pid-file=${path.join(dir, 'mysqld.pid')}`,
      `log-error=${log}`,
      `tmpdir=${dir}`,
      'skip-name-resolve',
      'skip-log-bin',
      'performance-schema=OFF',
      'innodb-buffer-pool-size=16M',
      'innodb-log-file-size=8M',
      'innodb-data-file-path=ibdata1:4M:autoextend',
      'innodb-flush-log-at-trx-commit=0',
      'innodb-doublewrite=0',
      'innodb-use-native-aio=0',
      asRoot ? 'user=root' : '',
      '',
    ].join('\n'),
  );
  const installDb = ['mariadb-install-db', 'mysql_install_db'].map((n) => path.join('/usr/bin', n)).find((p) => fs.existsSync(p));
  if (!installDb) throw new Error(`mariadb-install-db not found: ${INSTALL_HINT}`);
  runChecked([installDb, `--defaults-file=${cnf}`, '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve'], {
    log,
    what: 'mariadb-install-db',
  });

  const started = startGroup([mariadbd, `--defaults-file=${cnf}`], { log });
  const stop = async (): Promise<void> => {
    await stopGroup(started, 'SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const user = 'sd_app';
  const password = secret('Mdb-');
  const database = 'sd_app';
  const execIn = async (sql: string, db?: string): Promise<Record<string, unknown>[]> => {
    const conn = await createConnection({ socketPath, user: 'root', database: db, multipleStatements: true, connectTimeout: 5000 });
    try {
      const [rows] = await conn.query(sql);
      return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
    } finally {
      await conn.end();
    }
  };
  try {
    await waitReady('mariadbd', started, log, opts.deadlineMs ?? 60_000, async () => {
      await execIn('SELECT 1');
    });
    // A real account with a password (so a wrong password really is refused), on TCP and socket.
    await execIn(
      [
        `CREATE DATABASE ${database}`,
        `CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`,
        `CREATE USER '${user}'@'localhost' IDENTIFIED BY '${password}'`,
        `GRANT ALL PRIVILEGES ON *.* TO '${user}'@'%'`,
        `GRANT ALL PRIVILEGES ON *.* TO '${user}'@'localhost'`,
        '',
      ].join(';\n'),
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    database,
    socketPath,
    superuser: 'root',
    exec: (sql) => execIn(sql, database),
    stop,
    startupMs: Math.round(performance.now() - t0),
  };
}

export async function startPostgres(opts: { deadlineMs?: number } = {}): Promise<TestDatabaseServer> {
  const t0 = performance.now();
  const bin = findPostgresBin();
  const ids = unprivilegedIds();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-postgres-'));
  const datadir = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  fs.writeFileSync(log, '');
  const superPassword = secret('Pgs-');
  const pwfile = path.join(dir, 'pwfile');
  fs.writeFileSync(pwfile, `${superPassword}\n`, { mode: 0o600 });
  if (ids) {
    for (const p of [dir, log, pwfile]) fs.chownSync(p, ids.uid, ids.gid);
  }
  const port = await freePort();

  // Local (socket) connections trust, TCP needs a SCRAM password: the tests exercise TCP.
  runChecked(
    [
      path.join(bin, 'initdb'),
      '-D',
      datadir,
      '-U',
      'postgres',
      `--pwfile=${pwfile}`,
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '-E',
      'UTF8',
      '--locale=C',
      '-N',
      '--no-instructions',
    ],
    { ...ids, log, what: 'initdb' },
  );
  fs.rmSync(pwfile, { force: true });

  const started = startGroup(
    [
      path.join(bin, 'postgres'),
      '-D',
      datadir,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'shared_buffers=16MB',
      '-c',
      'max_connections=30',
      // Shared memory as files in the data folder: nothing is left in /dev/shm if the group is killed.
      '-c',
      'dynamic_shared_memory_type=mmap',
    ],
    { ...ids, log },
  );
  const stop = async (): Promise<void> => {
    // SIGQUIT: immediate shutdown. The data is thrown away, so no checkpoint is worth waiting for.
    // PostgreSQL's children call setsid(), so only the postmaster is in the group: it must be asked
    // (not killed) to take them down; if it is killed anyway, they exit on noticing its death.
    await stopGroup(started, 'SIGQUIT');
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const user = 'sd_app';
  const password = secret('Pg-');
  const database = 'sd_app';
  const execIn = async (sql: string, db: string): Promise<Record<string, unknown>[]> => {
    const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password: superPassword, database: db, connectionTimeoutMillis: 5000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const res: unknown = await client.query(sql);
      // A multi-statement text yields one result per statement: the last one's rows are returned.
      const last = (Array.isArray(res) ? res[res.length - 1] : res) as { rows?: Record<string, unknown>[] } | undefined;
      return last?.rows ?? [];
    } finally {
      await client.end();
    }
  };
  try {
    await waitReady('postgres', started, log, opts.deadlineMs ?? 60_000, async () => {
      await execIn('SELECT 1', 'postgres');
    });
    await execIn(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`, 'postgres');
    await execIn(`CREATE DATABASE ${database} OWNER ${user}`, 'postgres');
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    database,
    socketPath: dir,
    superuser: 'postgres',
    exec: (sql) => execIn(sql, database),
    stop,
    startupMs: Math.round(performance.now() - t0),
  };
}
