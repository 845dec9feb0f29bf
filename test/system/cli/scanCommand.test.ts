/**
 * `session-doctor scan` through `main()` with fake streams: report, JSON shape, exit codes and
 * read errors. The built `dist/cli.js` is exercised in scanCli.test.ts.
 */
// src/cli/main.ts also loads the Prisma schema parser (prisma-ast -> ESM chevrotain), which tsx cannot
// require without this shim from the Prisma tests.
import '../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../../src/cli/main';
import { CliIo } from '../../../src/cli/io';
import { SHARED_ERRORS } from '../../support/shapeCases';

const DEMO = path.join(__dirname, '../../../examples/demo-logs/dev-server.log');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function scan(args: string[], stdin: Array<string | Uint8Array> = []): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdin: Readable.from(stdin.map((c) => Buffer.from(c))),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: process.cwd(),
  };
  const code = await main(['scan', ...args], io);
  return { code, stdout, stderr };
}

describe('cli: session-doctor scan', () => {
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-scan-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reports the demo log: file:line, kind, table and a hint, exit 1', async () => {
    const r = await scan([DEMO]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /dev-server\.log:29: prisma-p2021: table Session \(in main\) \[session table\]/);
    assert.match(r.stdout, /dev-server\.log:48: mysql-1146: table sessions \(in demo\) \[session table\]/);
    assert.match(r.stdout, /hint: Prisma's model has no table/);
    assert.match(r.stdout, /hint: MySQL\/MariaDB has no such table/);
    assert.match(r.stdout, /2 missing-table errors found \(2 on a session table\)/);
    assert.equal(r.stderr, '');
    // The demo's Laravel entry quotes a session id in its SQL: a credential, never echoed.
    assert.ok(fs.readFileSync(DEMO, 'utf8').includes('9kN2xQv7TzYd4LbM3sRf8HwPjE1uAcVo'));
    assert.ok(!r.stdout.includes('9kN2xQv7TzYd4LbM3sRf8HwPjE1uAcVo'));
  });

  it('--json with files prints exactly {"findings":[…]} with a file per finding', async () => {
    const sqliteCapture = path.join(SHARED_ERRORS, 'php-pdo-sqlite-no-such-table.txt');
    const r = await scan(['--json', DEMO, sqliteCapture]);
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout) as { findings: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(doc), ['findings']);
    assert.deepEqual(
      doc.findings.map((f) => [f.file, f.kind, f.table, f.qualifier, f.session, f.line]),
      [
        [DEMO, 'prisma-p2021', 'Session', 'main', true, 29],
        [DEMO, 'mysql-1146', 'sessions', 'demo', true, 48],
        [sqliteCapture, 'sqlite-no-such-table', 'sessions', null, true, 5],
        [sqliteCapture, 'sqlite-no-such-table', 'sessions', null, true, 13],
        [sqliteCapture, 'sqlite-no-such-table', 'sessions', null, true, 21],
      ],
    );
    for (const f of doc.findings) assert.deepEqual(Object.keys(f), ['file', 'kind', 'table', 'qualifier', 'session', 'line', 'text']);
    assert.equal(doc.findings[0].text, 'The table `main.Session` does not exist in the current database.');
  });

  it('streams stdin (bytes split inside UTF-8 and CRLF) and --json has no file key', async () => {
    const bytes = Buffer.from('ünï ✓\r\nERROR:  relation "sessions" does not exist\r\nLINE 1: select\r\n');
    const r = await scan(['--json'], [bytes.subarray(0, 2), bytes.subarray(2, 9), bytes.subarray(9, 30), bytes.subarray(30)]);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      findings: [{ kind: 'postgres-42p01', table: 'sessions', qualifier: null, session: true, line: 2, text: 'ERROR:  relation "sessions" does not exist' }],
    });
  });

  it('--table marks another table as a session store', async () => {
    const text = "ERROR 1146 (42S02): Table 'app.user_sessions' doesn't exist\n";
    const plain = JSON.parse((await scan(['--json'], [text])).stdout) as { findings: Array<{ session: boolean }> };
    const marked = JSON.parse((await scan(['--json', '--table', 'user_sessions'], [text])).stdout) as { findings: Array<{ session: boolean }> };
    assert.deepEqual([plain.findings[0].session, marked.findings[0].session], [false, true]);
    const eq = JSON.parse((await scan(['--json', '--table=USER_SESSIONS'], [text])).stdout) as { findings: Array<{ session: boolean }> };
    assert.equal(eq.findings[0].session, true);
  });

  it('exit 0 and a clear line when nothing is found (file and stdin)', async () => {
    const clean = path.join(tmp, 'clean.log');
    fs.writeFileSync(clean, 'ERROR:  relation "sessions" already exists\nall good\n');
    const r = await scan([clean]);
    assert.deepEqual([r.code, r.stdout], [0, 'No missing-table errors found.\n']);
    const j = await scan(['--json'], ['P2002 unique constraint\n']);
    assert.deepEqual([j.code, j.stdout], [0, '{"findings":[]}\n']);
  });

  it('a file of several read chunks: findings in order, on the right lines, across chunk edges', async () => {
    const file = path.join(tmp, 'big.log');
    const line = 'GET /api/users 200 in 12ms ' + 'x'.repeat(73) + '\n'; // 100 bytes
    const error = "SQLSTATE[42S02]: 1146 Table 'app.sessions' doesn't exist\n";
    const parts: string[] = [];
    const expected: number[] = [];
    let lineNo = 0;
    let size = 0;
    // Errors every ~0.7 MB, so some sit across the 1 MiB read boundaries; 6 MB in all.
    for (let i = 0; size < 6 * 1024 * 1024; i++) {
      const isError = i % 7000 === 6999;
      parts.push(isError ? error : line);
      lineNo++;
      size += isError ? error.length : line.length;
      if (isError) expected.push(lineNo);
    }
    fs.writeFileSync(file, parts.join(''));
    const r = await scan(['--json', file]);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(
      (JSON.parse(r.stdout) as { findings: Array<{ line: number }> }).findings.map((f) => f.line),
      expected,
    );
  });

  it('finds an error after 100 KB of one line, and notes lines longer than 64 KiB on stderr', async () => {
    const file = path.join(tmp, 'long-line.log');
    fs.writeFileSync(file, `ok\n${'x'.repeat(100 * 1024)} SQLSTATE[42S02]: 1146 Table 'app.sessions' doesn't exist\n`);
    const r = await scan(['--json', file]);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(
      (JSON.parse(r.stdout) as { findings: Array<{ table: string; line: number }> }).findings.map((f) => [f.table, f.line]),
      [['sessions', 2]],
    );
    assert.equal(
      r.stderr,
      `session-doctor scan: note: 1 line longer than 64 KiB (${file}:2) was searched in overlapping 64 KiB windows; an error whose own text is longer than that would be missed.\n`,
    );
  });

  it('"No missing-table errors found" is not said silently over lines longer than 64 KiB', async () => {
    const long = `${'y'.repeat(70 * 1024)}\n`;
    const r = await scan([], [`ok\n${long}${long}`]);
    assert.deepEqual([r.code, r.stdout], [0, 'No missing-table errors found.\n']);
    assert.match(r.stderr, /^session-doctor scan: note: 2 lines longer than 64 KiB \(the first at <stdin>:2\) were searched/);
  });

  const usage: Array<[string, string[], RegExp]> = [
    ['unknown option', ['--jsn'], /unknown option '--jsn'/],
    ['--table without a name', ['--table'], /--table needs a table name/],
    ['--table= without a name', ['--table='], /--table needs a table name/],
  ];
  for (const [name, args, message] of usage) {
    it(`exit 2 on a usage error: ${name}`, async () => {
      const r = await scan(args);
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /Usage:/);
      assert.equal(r.stdout, '');
    });
  }

  it('exit 2 with a clear message for a missing file, before printing anything', async () => {
    const missing = path.join(tmp, 'nope.log');
    const r = await scan([DEMO, missing]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `session-doctor scan: cannot read '${missing}': no such file\n`);
  });

  it('exit 2 for a directory', async () => {
    const r = await scan(['--json', tmp]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `session-doctor scan: cannot read '${tmp}': it is a directory\n`);
  });

  it('--help prints the scan usage, exit 0', async () => {
    const r = await scan(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /session-doctor scan \[FILE \.\.\.\]/);
  });

  it('exit 2 when stdin fails mid-stream, after reporting what was found', async () => {
    let stdout = '';
    let stderr = '';
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from('no such table: sessions\n');
      throw new Error('EIO: i/o error, read');
    }
    const io: CliIo = {
      stdin: Readable.from(failing()),
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      env: {},
      cwd: process.cwd(),
    };
    const code = await main(['scan', '--json'], io);
    assert.equal(code, 2);
    assert.equal((JSON.parse(stdout) as { findings: unknown[] }).findings.length, 1);
    assert.match(stderr, /cannot read stdin: EIO/);
  });
  it('Django: the no-such-table traceback, the unapplied warning and a missing column, with the column in JSON', async () => {
    const dir = path.join(__dirname, '../../fixtures/stacks/django');
    const files = [path.join(dir, 'shared/django-sqlite_runserver_request.txt'), path.join(dir, 'captures/error-no-column-save.postgresql.txt')];
    const text = await scan(files);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /1 missing-table error found \(1 on a session table\); 2 other findings/);
    const r = await scan(['--json', ...files]);
    const found = (JSON.parse(r.stdout) as { findings: Array<Record<string, unknown>> }).findings.map(({ kind, table, column, session, line }) => ({
      kind,
      table,
      column,
      session,
      line,
    }));
    assert.deepEqual(found, [
      { kind: 'django-unapplied-migration', table: 'sessions', column: undefined, session: true, line: 6 },
      { kind: 'sqlite-no-such-table', table: 'django_session', column: undefined, session: true, line: 20 },
      { kind: 'missing-column', table: 'django_session', column: 'expire_date', session: true, line: 5 },
    ]);
  });
});
