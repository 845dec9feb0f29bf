/**
 * `session-doctor mcp` as an MCP client meets it: the built `node dist/cli.js mcp` in a child
 * process, driven by the official SDK's Client over stdio. Initialize, list the tools, check a
 * broken copy of the demo; `fix` refused (bytes unchanged) without --allow-writes, without
 * confirm, and for a destructive fix without --allow-destructive; then applied, checked with sqlite3.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { makeBrokenDemo } from '../../support/demoCopy';
import { requireTools } from '../../support/requiredTools';
import { removeTree } from '../../support/tempTree';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

interface Connected {
  client: Client;
  stderr: () => string;
  errors: Error[];
}

async function connect(args: string[]): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', ...args],
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LANG: 'C' },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  const errors: Error[] = [];
  const client = new Client({ name: 'session-doctor-test', version: '0.0.0' });
  // A stray line on the server's stdout is not JSON-RPC: the transport reports it here.
  client.onerror = (e) => errors.push(e);
  await client.connect(transport);
  return { client, stderr: () => stderr, errors };
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
  const r = (await client.callTool({ name, arguments: args })) as { content: { type: string; text?: string }[]; isError?: boolean };
  return { text: r.content.map((c) => c.text ?? '').join(''), isError: r.isError === true };
}

/** Every file under `dir` with a hash of its bytes: "nothing changed" means this is equal. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

function sqlite(db: string, sql: string): string {
  return execFileSync('sqlite3', [db, sql], { encoding: 'utf8' }).trim();
}

describe('session-doctor mcp (built CLI, SDK client over stdio)', function () {
  this.timeout(120_000);
  let demo: string;
  let servers: Connected[] = [];

  before(function () {
    requireTools(this, 'sqlite3');
    const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, `node esbuild.js failed:\n${build.stdout}${build.stderr}`);
  });
  beforeEach(() => {
    demo = makeBrokenDemo('sd-mcp-');
  });
  afterEach(async () => {
    for (const s of servers) {
      assert.deepEqual(s.errors.map(String), [], 'the server wrote something that is not a protocol message');
      await s.client.close();
    }
    servers = [];
    removeTree(demo);
  });

  async function server(...args: string[]): Promise<Client> {
    const s = await connect(args);
    servers.push(s);
    return s.client;
  }

  it('initializes, lists check, sql, scan and fix, and checks a broken demo copy', async () => {
    const client = await server();
    assert.equal(client.getServerVersion()?.name, 'session-doctor');
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['check', 'fix', 'scan', 'sql']);
    const fix = tools.find((t) => t.name === 'fix');
    assert.deepEqual([...(fix?.inputSchema.required ?? [])].sort(), ['confirm', 'fixId']);
    assert.equal(tools.find((t) => t.name === 'check')?.annotations?.readOnlyHint, true);

    const r = await call(client, 'check', { dir: demo, live: false });
    assert.equal(r.isError, false, r.text);
    assert.match(r.text, /Prisma app prisma-sqlite-app .* table Session: missing/);
    assert.match(r.text, /✖ prisma\.sessionTableMissing {2}prisma-sqlite-app\/prisma\/schema\.prisma:18/);
    assert.match(r.text, /✖ laravel\.sessionTableMissing {2}laravel-api-app\/\.env:12/);
    assert.match(r.text, /fixId prisma\.createTable\n→ .*\n {2}.*\n {2}Database: .*prisma\/dev\.db\n {2}SQL:\n {4}-- CreateTable\n {4}CREATE TABLE "Session"/);
    assert.match(r.text, /fixId laravel\.driver\.cookie \(recommended\)\n→ .*\n {2}.*\n {2}Edit .*\.env:12: "cookie"/);
    assert.match(r.text, /fixId prisma\.migrateReset \(DESTRUCTIVE: deletes data\)/);
    assert.match(r.text, /Health: problem \(2 problems\)/);
  });

  it('sql gives the DDL; scan finds the errors in text and masks a password', async () => {
    const client = await server();
    const sql = await call(client, 'sql', { dir: path.join(demo, 'prisma-sqlite-app'), dialect: 'postgresql' });
    assert.equal(sql.isError, false, sql.text);
    assert.match(sql.text, /CREATE TABLE "Session" \(\n {4}"id" TEXT NOT NULL/);
    const log = `${readFileSync(path.join(ROOT, 'examples', 'demo-logs', 'dev-server.log'), 'utf8')}\nprisma:error postgresql://app:s3cretPw9@db:5432/app The table \`main.Session\` does not exist in the current database.\n`;
    const scan = await call(client, 'scan', { text: log });
    assert.equal(scan.isError, false, scan.text);
    assert.match(scan.text, /<stdin>:29: prisma-p2021: table Session/);
    assert.match(scan.text, /<stdin>:48: mysql-1146: table sessions/);
    assert.match(scan.text, /postgresql:\/\/app:\*\*\*\*@db:5432\/app/);
    assert.doesNotMatch(scan.text, /s3cretPw9/);
  });

  it('without --allow-writes, fix is refused and not one byte changes', async () => {
    const before = snapshot(demo);
    const client = await server();
    const r = await call(client, 'fix', { dir: demo, fixId: 'prisma.createTable', confirm: true });
    assert.equal(r.isError, true);
    assert.match(r.text, /^Refused, nothing changed: this MCP server was started without --allow-writes/);
    assert.deepEqual(snapshot(demo), before);
    assert.equal(sqlite(path.join(demo, 'prisma-sqlite-app', 'prisma', 'dev.db'), "select count(*) from sqlite_master where name = 'Session'"), '0');
  });

  it('with --allow-writes: refused without confirm and for a destructive fix; then creates the table', async () => {
    const db = path.join(demo, 'prisma-sqlite-app', 'prisma', 'dev.db');
    const users = sqlite(db, 'select count(*) from "User"');
    const before = snapshot(demo);
    const client = await server('--allow-writes');

    const unconfirmed = await call(client, 'fix', { dir: demo, fixId: 'prisma.createTable', confirm: false });
    assert.equal(unconfirmed.isError, true);
    assert.match(unconfirmed.text, /`confirm` must be true/);
    const reset = await call(client, 'fix', { dir: path.join(demo, 'prisma-sqlite-app'), fixId: 'prisma.migrateReset', confirm: true });
    assert.equal(reset.isError, true);
    assert.match(reset.text, /prisma\.migrateReset destroys data; it runs only with --allow-destructive/);
    const unknown = await call(client, 'fix', { dir: demo, fixId: 'no.suchFix', confirm: true });
    assert.equal(unknown.isError, true);
    assert.match(unknown.text, /No problem here has a fix with id no\.suchFix/);
    assert.deepEqual(snapshot(demo), before, 'refusals change nothing');

    const r = await call(client, 'fix', { dir: path.join(demo, 'prisma-sqlite-app'), fixId: 'prisma.createTable', confirm: true });
    assert.equal(r.isError, false, r.text);
    assert.match(r.text, /Applied to .*dev\.db in place/);
    assert.match(r.text, /Health now: healthy/);
    assert.equal(sqlite(db, "select count(*) from sqlite_master where type = 'table' and name = 'Session'"), '1');
    assert.match(sqlite(db, "select sql from sqlite_master where name = 'Session'"), /^CREATE TABLE "Session" \(/);
    assert.equal(sqlite(db, 'select count(*) from "User"'), users, 'every row kept');
    assert.equal(sqlite(db, 'pragma integrity_check'), 'ok');
  });

  it('--allow-destructive without --allow-writes is a usage error (exit 2), not a server', () => {
    const r = spawnSync(process.execPath, [CLI, 'mcp', '--allow-destructive'], { encoding: 'utf8', input: '' });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /--allow-destructive needs --allow-writes/);
  });

  it('other commands never load the SDK: check runs from a dist without mcp-sdk.js; the extension bundle has none of it', () => {
    const dist = mkdtempSync(path.join(os.tmpdir(), 'sd-dist-'));
    try {
      for (const f of ['cli.js', 'sql-wasm.wasm', 'sql-js.js', 'prisma-ast.js']) copyFileSync(path.join(ROOT, 'dist', f), path.join(dist, f));
      const r = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'check', '--no-live', demo], { encoding: 'utf8' });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, /Health: problem \(2 problems\)/);
      const m = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'mcp'], { encoding: 'utf8', input: '' });
      assert.match(m.stderr, /mcp-sdk\.js/, 'mcp itself does need it (so the check above means something)');
    } finally {
      removeTree(dist);
    }
    const ext = readFileSync(path.join(ROOT, 'dist', 'extension.js'), 'utf8');
    assert.doesNotMatch(ext, /modelcontextprotocol|mcp-sdk|McpServer/);
  });
});
