/**
 * Property: a log line that carries a missing-table error and random secret-bearing keys
 * (`DB_PASSWORD=`, `APP_KEY=base64:`, `token=`, JSON, PHP arrays, `Authorization:` and `Cookie:`
 * headers, session cookies) never shows a secret value in any output: the scanner's findings, and
 * `session-doctor scan` in text and JSON, in English and French.
 */
// src/cli/main.ts also loads the Prisma schema parser (see scanCommand.test.ts).
import '../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { main } from '../../../src/cli/main';
import { CliIo } from '../../../src/cli/io';
import { scanText } from '../../../src/core/detect/scanner';
import { fuzzRuns, fuzzTimeout } from '../../support/fuzzRuns';

const ESC = '\x1b';

const ERRORS = [
  'no such table: sessions',
  "SQLSTATE[42S02]: Base table or view not found: 1146 Table 'app.sessions' doesn't exist",
  'The table `main.Session` does not exist in the current database.',
  'ERROR:  relation "sessions" does not exist',
  'SQLSTATE[HY000]: General error: 1 no such table: sessions (Connection: sqlite, SQL: select * from "sessions" limit 1)',
];

const KEYS = [
  'DB_PASSWORD',
  'REDIS_PASSWORD',
  'MAIL_PASSWORD',
  'APP_KEY',
  'AWS_SECRET_ACCESS_KEY',
  'STRIPE_SECRET',
  'JWT_SECRET',
  'PUSHER_APP_SECRET',
  'password',
  'passwd',
  'pwd',
  'secret',
  'token',
  'access_token',
  'refresh_token',
  'auth_token',
  'api_key',
  'apiKey',
  'x-api-key',
  'client_secret',
  'privateKey',
  'session_id',
  'sessionId',
  'PHPSESSID',
  'laravel_session',
  'connect.sid',
  'XSRF-TOKEN',
  'csrf_token',
];

/** Random secrets: no whitespace, quotes or backslashes (a quoted value is masked up to its quote). */
const secretChars = fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789!#$%^*()_+-=/.,;:~@?&'.split(''));
const secretArb = fc.string({ unit: secretChars, minLength: 10, maxLength: 32 }).filter((s) => !/^[{[]/.test(s));
/** Inside quotes a value may hold spaces (`MAIL_PASSWORD="two words"`). */
const quotedSecretArb = fc.string({ unit: fc.oneof(secretChars, fc.constant(' ')), minLength: 10, maxLength: 32 }).filter((s) => s.trim().length >= 10);
const base64Arb = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('')),
  minLength: 16,
  maxLength: 44,
});
const keyArb = fc.oneof(
  fc.constantFrom(...KEYS),
  fc.constantFrom('DB', 'MAIL', 'AWS', 'APP', 'SERVICE_X').map((p) => `${p}_PASSWORD`),
);

/** One secret in one of the shapes logs print it in: [text, secret]. */
const pairArb: fc.Arbitrary<[string, string]> = fc.oneof(
  fc
    .tuple(
      keyArb,
      secretArb,
      fc.constantFrom(
        '{K}={V}',
        '{K}: {V}',
        '--{K}={V}',
        '{K} = {V}',
        '?{K}={V}&page=2',
        'Cookie: theme=dark; {K}={V}; lang=en',
        'Set-Cookie: {K}={V}; Path=/; HttpOnly',
      ),
    )
    .map(
      // Replaced through functions: a `$` in a secret is not a replacement pattern.
      ([k, v, shape]): [string, string] => [shape.replace('{K}', () => k).replace('{V}', () => v), v],
    ),
  fc
    .tuple(keyArb, quotedSecretArb, fc.constantFrom('{K}="{V}"', "{K}='{V}'", '"{K}":"{V}"', '"{K}": "{V}"', "{K}: '{V}'", "'{K}' => '{V}'"))
    .map(([k, v, shape]): [string, string] => [shape.replace('{K}', () => k).replace('{V}', () => v), v]),
  fc
    .tuple(
      secretArb,
      fc.constantFrom('Authorization: Bearer {V}', 'authorization: Basic {V}', "headers: { authorization: 'Bearer {V}' }", 'Proxy-Authorization: Token {V}'),
    )
    .map(([v, shape]): [string, string] => [shape.replace('{V}', () => v), v]),
  base64Arb.map((v): [string, string] => [`APP_KEY=base64:${v}`, v]),
);

const noiseArb = fc.constantFrom('GET /login 500 in 35ms', 'user=bob', 'table: sessions', 'code: 42', 'x', '[0]', 'info');
const sepArb = fc.constantFrom(' ', '  ', ' | ', ', ', '\t', ' (', ') ');

/** A line: the error and 1-3 secrets in random order, maybe coloured, prefixed or JSON-escaped. */
const lineArb = fc
  .tuple(
    fc.constantFrom(...ERRORS),
    fc.array(pairArb, { minLength: 1, maxLength: 3 }),
    fc.array(noiseArb, { maxLength: 3 }),
    fc.array(sepArb, { minLength: 8, maxLength: 8 }),
    fc.nat(),
    fc.constantFrom('plain', 'colour', 'laravel', 'runner', 'json'),
  )
  .map(([error, pairs, noise, seps, seed, wrap]) => {
    const pieces = [error, ...pairs.map(([t]) => t), ...noise];
    // A seeded shuffle, so fast-check can shrink it.
    for (let i = pieces.length - 1; i > 0; i--) {
      const j = (seed + i * 7) % (i + 1);
      [pieces[i], pieces[j]] = [pieces[j], pieces[i]];
    }
    let line = pieces.map((p, i) => (i === 0 ? p : seps[i % seps.length] + p)).join('');
    if (wrap === 'colour') line = `${ESC}[31m${line}${ESC}[39m`;
    else if (wrap === 'laravel') line = `[2026-11-21 10:00:00] local.ERROR: ${line}`;
    else if (wrap === 'runner') line = `${ESC}[2m[1]${ESC}[22m ${line}`;
    else if (wrap === 'json') line = JSON.stringify({ level: 'error', message: line });
    return { line, secrets: pairs.map(([, s]) => s), withoutSecrets: [error, ...noise].join(' ') };
  })
  // A secret that is also a word of the error (`sessions`) could not be told apart from it.
  .filter(({ secrets, withoutSecrets }) => secrets.every((s) => !withoutSecrets.includes(s)));

async function cli(args: string[], input: string, env: NodeJS.ProcessEnv): Promise<string> {
  let out = '';
  const io: CliIo = {
    stdin: Readable.from([Buffer.from(input)]),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (out += s) },
    env,
    cwd: process.cwd(),
  };
  const code = await main(['scan', ...args], io);
  assert.equal(code, 1, out);
  return out;
}

describe('scan never shows a secret (property)', function () {
  this.timeout(fuzzTimeout(60_000));

  it('findings and the CLI (text and JSON, English and French) mask every secret value', async () => {
    await fc.assert(
      fc.asyncProperty(lineArb, async ({ line, secrets }) => {
        const findings = scanText(`ok\n${line}\nok\n`);
        assert.ok(findings.length >= 1, `no finding in ${line}`);
        const outputs = [JSON.stringify(findings)];
        for (const env of [{}, { SESSION_DOCTOR_LANG: 'fr' }]) {
          outputs.push(await cli([], `${line}\n`, env), await cli(['--json'], `${line}\n`, env));
        }
        for (const out of outputs) {
          for (const s of secrets) assert.ok(!out.includes(s), `secret ${JSON.stringify(s)} shown for ${JSON.stringify(line)}:\n${out}`);
        }
      }),
      { numRuns: fuzzRuns(300) },
    );
  });

  it("the issue's own lines: DB_PASSWORD, APP_KEY and token next to an error", async () => {
    const line =
      "[2026-11-21 10:00:00] local.ERROR: SQLSTATE[42S02]: 1146 Table 'app.sessions' doesn't exist DB_PASSWORD=Sup3r-S3cret APP_KEY=base64:QmFzZTY0S2V5Rm9yVGVzdHM= token=tok_live_abcdef123";
    for (const env of [{}, { SESSION_DOCTOR_LANG: 'fr' }]) {
      for (const args of [[], ['--json']]) {
        const out = await cli(args, `${line}\n`, env);
        for (const s of ['Sup3r-S3cret', 'QmFzZTY0S2V5Rm9yVGVzdHM', 'tok_live_abcdef123']) assert.ok(!out.includes(s), out);
        assert.match(out, /DB_PASSWORD=\*\*\*\* APP_KEY=\*\*\*\* token=\*\*\*\*/);
      }
    }
  });

  it('a line longer than 64 KiB: no piece of a value whose key fell in an earlier window', () => {
    const secret = Array.from({ length: 100 * 1024 }, (_, i) => 'Kq7x'[i % 4] + String.fromCharCode(97 + ((i * 7) % 26))).join('');
    for (const line of [
      `DB_PASSWORD=${secret} no such table: sessions`,
      `token=${secret.slice(0, 90_000)}\tSQLSTATE[42S02]: 1146 Table 'app.sessions' doesn't exist`,
    ]) {
      const [f] = scanText(`${line}\n`);
      assert.equal(f.table, 'sessions');
      for (let i = 0; i + 12 <= secret.length; i += 997) assert.ok(!f.text.includes(secret.slice(i, i + 12)), f.text.slice(0, 200));
    }
  });
});
