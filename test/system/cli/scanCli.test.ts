/**
 * The built CLI, as users run it: `node esbuild.js`, then `node dist/cli.js scan …` in a child
 * process, with a real file, a real pipe and a real unreadable file.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const DEMO = path.join('examples', 'demo-logs', 'dev-server.log');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], opts: { uid?: number; gid?: number; cli?: string } = {}): Run {
  const { cli: cliPath = CLI, ...ids } = opts;
  const r = spawnSync(process.execPath, [cliPath, 'scan', ...args], { cwd: cliPath === CLI ? ROOT : path.dirname(cliPath), encoding: 'utf8', ...ids });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli (built): node dist/cli.js scan', function () {
  this.timeout(120000);
  let tmp: string;

  before(() => {
    const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, `node esbuild.js failed:\n${build.stdout}${build.stderr}`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-scan-cli-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('scans the demo log: exit 1, both findings', () => {
    const r = cli([DEMO]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /dev-server\.log:29: prisma-p2021: table Session/);
    assert.match(r.stdout, /dev-server\.log:48: mysql-1146: table sessions/);
  });

  it('--json prints the findings document', () => {
    const r = cli(['--json', DEMO]);
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout) as { findings: Array<{ file: string; kind: string; line: number }> };
    assert.deepEqual(
      doc.findings.map((f) => [f.file, f.kind, f.line]),
      [
        [DEMO, 'prisma-p2021', 29],
        [DEMO, 'mysql-1146', 48],
      ],
    );
  });

  it('streams 40 MB through a pipe on stdin and finds the errors in it', async () => {
    const child = spawn(process.execPath, [CLI, 'scan', '--json'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const noise = Buffer.from(`\x1b[2m[web]\x1b[22m GET /api/users 200 in 12ms\n`.repeat(20000));
    const error = Buffer.from("[1] SQLSTATE[42S02]: Base table or view not found: 1146 Table 'app.sessions' doesn't exist\n");
    let written = 0;
    let errors = 0;
    for (let i = 0; written < 40 * 1024 * 1024; i++) {
      // An error after every fourth block of noise.
      const chunk = i % 4 === 3 ? Buffer.concat([noise, error]) : noise;
      if (chunk !== noise) errors++;
      written += chunk.length;
      if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once('drain', r));
    }
    child.stdin.end();
    const code = await exited;
    assert.equal(code, 1, stderr);
    const doc = JSON.parse(stdout) as { findings: Array<{ table: string }> };
    assert.equal(doc.findings.length, errors);
    assert.ok(errors > 5);
  });

  it('exit 2 and a clear message: missing file', () => {
    const r = cli([path.join(tmp, 'missing.log')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read '.*missing\.log': no such file/);
    assert.equal(r.stdout, '');
  });

  it('exit 2 and a clear message: permission denied', function () {
    const file = path.join(tmp, 'secret.log');
    fs.writeFileSync(file, 'no such table: sessions\n');
    fs.chmodSync(file, 0o000);
    fs.chmodSync(tmp, 0o755);
    // root reads anything: run the CLI as nobody to get a real EACCES.
    const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    // nobody may not be able to read the checkout (a 0700 home): it runs a copy of the build in tmp.
    const copy = path.join(tmp, 'dist');
    if (asRoot) fs.cpSync(path.join(ROOT, 'dist'), copy, { recursive: true });
    const r = cli([file], asRoot ? { uid: 65534, gid: 65534, cli: path.join(copy, 'cli.js') } : {});
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, `session-doctor scan: cannot read '${file}': permission denied\n`);
    assert.equal(r.stdout, '');
  });
});
