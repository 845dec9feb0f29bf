/**
 * Files that are not regular files, or too large: the built CLI (`node dist/cli.js`, in a child so
 * that a hang is a killed process, not a stuck test run) must answer at once with exit 2 and say
 * which file is wrong, and change nothing. A plain open() of a FIFO waits for a writer forever.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildLaravelApp, BuiltLaravelApp } from '../../support/laravelApp';
import { buildPrismaApp, BuiltPrismaApp, sqliteSchemaHeader, USER_SESSION_MODELS, USER_TABLE_SQL } from '../../support/prismaApp';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
/** Far above the CLI's real time on these apps (well under a second); a FIFO read would never end. */
const DEADLINE_MS = 8000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  killed: boolean;
}

function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { PATH: process.env.PATH, LANG: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, DEADLINE_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, killed });
    });
  });
}

function mkfifo(p: string): void {
  fs.rmSync(p, { force: true, recursive: true });
  fs.mkdirSync(path.dirname(p), { recursive: true });
  const r = spawnSync('mkfifo', [p]);
  assert.equal(r.status, 0, `mkfifo ${p}: ${r.stderr}`);
}

/** Exit 2 within the deadline, the file named with what it is, and the FIFO still a FIFO. */
async function refuses(args: string[], file: string, what: RegExp): Promise<Run> {
  const r = await cli(args);
  assert.equal(r.killed, false, `session-doctor ${args.join(' ')} hung on ${file}`);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  const out = r.stdout + r.stderr;
  assert.ok(out.includes(file), `the message names ${file}:\n${out}`);
  assert.match(out, what);
  assert.doesNotMatch(out, /healthy/);
  return r;
}

const FIFO = /FIFO|not a regular file/;

describe('cli (built): FIFOs, folders and oversized files where files are expected', function () {
  this.timeout(60_000);
  let prisma: BuiltPrismaApp;
  let laravel: BuiltLaravelApp;

  before(function () {
    this.timeout(120_000);
    const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });

  beforeEach(() => {
    prisma = buildPrismaApp({
      files: { 'prisma/schema.prisma': sqliteSchemaHeader() + USER_SESSION_MODELS, '.env': 'DATABASE_URL="file:./dev.db"\n' },
      database: { path: 'prisma/dev.db', sql: USER_TABLE_SQL },
    });
    laravel = buildLaravelApp({ from: 'laravel11-sqlite' });
  });

  afterEach(() => {
    prisma.cleanup();
    laravel.cleanup();
  });

  it('Prisma: prisma/dev.db is a FIFO: check, sql, fix --dry-run and fix --yes answer at once (exit 2)', async () => {
    const db = prisma.file('prisma/dev.db');
    mkfifo(db);
    for (const args of [['check'], ['sql'], ['fix', '--dry-run'], ['fix', '--yes']]) {
      const r = await cli([...args, prisma.root]);
      assert.equal(r.killed, false, `${args.join(' ')} hung on the FIFO`);
      if (args[0] === 'sql') {
        // `sql` needs the schema only: the DDL is printed, the database is not needed.
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /CREATE TABLE "Session"/);
      } else {
        assert.equal(r.code, 2, r.stdout + r.stderr);
        assert.match(r.stdout, /dev\.db is not a regular file/);
      }
    }
    assert.ok(fs.lstatSync(db).isFIFO(), 'the FIFO is left as it was');
  });

  it('Prisma: .env is a FIFO: exit 2, naming it', async () => {
    const env = prisma.file('.env');
    mkfifo(env);
    await refuses(['check', prisma.root], env, FIFO);
    await refuses(['fix', '--yes', prisma.root], env, FIFO);
    assert.ok(fs.lstatSync(env).isFIFO());
  });

  it('Prisma: a FIFO rollback journal beside the database does not hang the reader', async () => {
    const journal = prisma.file('prisma/dev.db-journal');
    mkfifo(journal);
    const r = await cli(['check', prisma.root]);
    assert.equal(r.killed, false, 'check hung on the -journal FIFO');
    assert.equal(r.code, 2, r.stdout + r.stderr);
  });

  it('Prisma: a migration.sql that is a FIFO: exit 2, naming it (the fixes depend on the migrations)', async () => {
    const sql = prisma.file('prisma/migrations/20260101000000_init/migration.sql');
    fs.mkdirSync(path.dirname(sql), { recursive: true });
    mkfifo(sql);
    await refuses(['check', prisma.root], sql, FIFO);
  });

  it('Prisma: schema.prisma that is a FIFO or a folder is an app that cannot be checked, not "no app, healthy"', async () => {
    const schema = prisma.file('prisma/schema.prisma');
    mkfifo(schema);
    await refuses(['check', prisma.root], schema, /The Prisma schema cannot be read: .*FIFO/);
    await refuses(['fix', '--yes', prisma.root], schema, /could not be determined/);
    fs.rmSync(schema);
    fs.mkdirSync(schema);
    await refuses(['check', prisma.root], schema, /is a folder, not a regular file/);
    await refuses(['fix', '--yes', prisma.root], schema, /could not be determined/);
  });

  it('sql --schema on a FIFO: exit 2 with the reason', async () => {
    const schema = prisma.file('prisma/schema.prisma');
    mkfifo(schema);
    const r = await cli(['sql', '--schema', schema]);
    assert.equal(r.killed, false, 'sql --schema hung on the FIFO');
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.equal(r.stderr, `session-doctor sql: ${schema} is a FIFO (named pipe), not a regular file\n`);
  });

  it('Laravel: database/database.sqlite is a FIFO: check and fix answer at once (exit 2)', async () => {
    const db = path.join(laravel.root, 'database', 'database.sqlite');
    mkfifo(db);
    for (const args of [['check'], ['fix', '--dry-run'], ['fix', '--create-table', '--yes']]) {
      const r = await cli([...args, laravel.root]);
      assert.equal(r.killed, false, `${args.join(' ')} hung on the FIFO`);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stdout, /database\.sqlite is not a regular file/);
    }
    assert.ok(fs.lstatSync(db).isFIFO());
  });

  it('Laravel: a FIFO .env is unreadable (exit 2), not a missing .env to create from .env.example', async () => {
    mkfifo(laravel.envPath);
    const r = await refuses(['check', laravel.root], laravel.envPath, FIFO);
    assert.doesNotMatch(r.stdout, /laravel\.envMissing/);
    await refuses(['fix', '--yes', laravel.root], laravel.envPath, /could not be determined/);
    assert.ok(fs.lstatSync(laravel.envPath).isFIFO());
  });

  it('Laravel: config/session.php or composer.json that is a FIFO: exit 2, naming it', async () => {
    const config = path.join(laravel.root, 'config', 'session.php');
    mkfifo(config);
    await refuses(['check', laravel.root], config, FIFO);
    fs.rmSync(config);
    const composer = path.join(laravel.root, 'composer.json');
    mkfifo(composer);
    await refuses(['check', laravel.root], composer, FIFO);
  });

  it('a .env over the 4 MiB bound is not read: exit 2 with the reason (Laravel and Prisma)', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024 + 1, 'A');
    fs.writeFileSync(laravel.envPath, big);
    await refuses(['check', laravel.root], laravel.envPath, /larger than 4 MiB/);
    const env = prisma.file('.env');
    fs.writeFileSync(env, Buffer.concat([Buffer.from('DATABASE_URL="file:./dev.db"\n#'), big]));
    await refuses(['check', prisma.root], env, /larger than 4 MiB/);
  });
});
