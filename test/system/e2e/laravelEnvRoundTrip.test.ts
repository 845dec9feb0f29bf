/**
 * `.env` edits through the real CLI: `session-doctor fix --session-driver file --yes` on a Laravel 11
 * SQLite app whose database lacks the sessions table, with `.env` written in every shape users have.
 * The expected bytes are spelled out: only the value changes, everything else is kept byte for byte.
 */
import '../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildLaravelApp, BuiltLaravelApp, runCli } from '../../support/laravelApp';
import { phpdotenvLoad } from '../read/env/phpdotenvOracle';
import { sqlite3 } from '../../support/sqliteCli';
import { hasTool, requireTools } from '../../support/requiredTools';

const KEY = 'APP_KEY=base64:Jm0X3cR9yQ3V8tq0oQ1hK1n7p3m8zX2sV5b6n7m8q9w=';

interface Case {
  name: string;
  before: string;
  /** The bytes after the fix; undefined: unchanged (nothing to fix). */
  after?: string;
  driver?: 'file' | 'cookie';
}

const CASES: Case[] = [
  {
    name: 'LF',
    before: `${KEY}\nDB_CONNECTION=sqlite\nSESSION_DRIVER=database\nSESSION_LIFETIME=120\n`,
    after: `${KEY}\nDB_CONNECTION=sqlite\nSESSION_DRIVER=file\nSESSION_LIFETIME=120\n`,
  },
  {
    name: 'CRLF',
    before: `${KEY}\r\nDB_CONNECTION=sqlite\r\n\r\nSESSION_DRIVER=database\r\nSESSION_LIFETIME=120\r\n`,
    after: `${KEY}\r\nDB_CONNECTION=sqlite\r\n\r\nSESSION_DRIVER=file\r\nSESSION_LIFETIME=120\r\n`,
  },
  { name: 'BOM + CRLF', before: `\uFEFF${KEY}\r\nSESSION_DRIVER=database\r\n`, after: `\uFEFF${KEY}\r\nSESSION_DRIVER=file\r\n` },
  { name: 'BOM on the SESSION_DRIVER line itself', before: `\uFEFFSESSION_DRIVER=database\n${KEY}\n`, after: `\uFEFFSESSION_DRIVER=file\n${KEY}\n` },
  { name: 'double-quoted value', before: `${KEY}\nSESSION_DRIVER="database"\n`, after: `${KEY}\nSESSION_DRIVER="file"\n` },
  { name: 'single-quoted value', before: `${KEY}\nSESSION_DRIVER='database'\n`, after: `${KEY}\nSESSION_DRIVER='file'\n` },
  { name: 'inline comment', before: `${KEY}\nSESSION_DRIVER=database # was file until March\n`, after: `${KEY}\nSESSION_DRIVER=file # was file until March\n` },
  { name: 'quoted value + inline comment', before: `${KEY}\nSESSION_DRIVER="database"   #  keep\n`, after: `${KEY}\nSESSION_DRIVER="file"   #  keep\n` },
  {
    name: 'astral characters around (UTF-16 columns)',
    before: `APP_NAME="🚀 Café"\n${KEY}\nSESSION_DRIVER=database # 🚀 déjà\n`,
    after: `APP_NAME="🚀 Café"\n${KEY}\nSESSION_DRIVER=file # 🚀 déjà\n`,
  },
  { name: 'export prefix', before: `${KEY}\nexport SESSION_DRIVER=database\n`, after: `${KEY}\nexport SESSION_DRIVER=file\n` },
  { name: 'spaces around =', before: `${KEY}\nSESSION_DRIVER = database\n`, after: `${KEY}\nSESSION_DRIVER = file\n` },
  { name: 'no trailing newline', before: `${KEY}\nSESSION_DRIVER=database`, after: `${KEY}\nSESSION_DRIVER=file` },
  {
    name: 'CRLF, no trailing newline',
    before: `${KEY}\r\nSESSION_DRIVER=database\r\nSESSION_LIFETIME=120`,
    after: `${KEY}\r\nSESSION_DRIVER=file\r\nSESSION_LIFETIME=120`,
  },
  {
    name: 'duplicates: the last definition wins, so only it changes',
    before: `${KEY}\nSESSION_DRIVER=file\nSESSION_LIFETIME=120\nSESSION_DRIVER=database\n`,
    after: `${KEY}\nSESSION_DRIVER=file\nSESSION_LIFETIME=120\nSESSION_DRIVER=cookie\n`,
    driver: 'cookie',
  },
  // The last one is `file`: Laravel uses files, nothing is wrong, nothing is written.
  { name: 'duplicates: the last is file, so the app is healthy', before: `${KEY}\nSESSION_DRIVER=database\nSESSION_DRIVER=file\n` },
  {
    name: 'commented-out line is not an entry',
    before: `${KEY}\n# SESSION_DRIVER=file\nSESSION_DRIVER=database\n`,
    after: `${KEY}\n# SESSION_DRIVER=file\nSESSION_DRIVER=file\n`,
  },
  // No SESSION_DRIVER at all: Laravel 11's config default is `database`; the line is appended.
  {
    name: 'absent: appended with the file line break',
    before: `${KEY}\r\nDB_CONNECTION=sqlite\r\n`,
    after: `${KEY}\r\nDB_CONNECTION=sqlite\r\nSESSION_DRIVER=file\r\n`,
  },
  {
    name: 'absent, no trailing newline: appended after a line break',
    before: `${KEY}\nDB_CONNECTION=sqlite`,
    after: `${KEY}\nDB_CONNECTION=sqlite\nSESSION_DRIVER=file`,
  },
];

describe('CLI fix --session-driver: byte-exact .env round trips (Laravel 11, SQLite)', function () {
  this.timeout(60_000);
  const apps: BuiltLaravelApp[] = [];
  after(() => apps.forEach((a) => a.cleanup()));

  function app(envText: string): BuiltLaravelApp {
    const a = buildLaravelApp({ from: 'laravel11-sqlite', envText: Buffer.from(envText, 'utf8') });
    apps.push(a);
    sqlite3(path.join(a.root, 'database', 'database.sqlite'), 'create table "users" ("id" integer primary key autoincrement not null);');
    return a;
  }

  for (const c of CASES) {
    it(c.name, async () => {
      const a = app(c.before);
      const example = fs.readFileSync(path.join(a.root, '.env.example'));
      const run = await runCli(['fix', '--session-driver', c.driver ?? 'file', '--yes', a.root]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(fs.readFileSync(a.envPath).toString('utf8'), c.after ?? c.before);
      if (c.after === undefined) assert.match(run.stdout, /Nothing to fix: healthy/);
      else assert.match(run.stdout, /Health now: healthy/);
      // Without --env-example, .env.example is not touched.
      assert.deepEqual(fs.readFileSync(path.join(a.root, '.env.example')), example);
      const check = await runCli(['check', a.root]);
      assert.equal(check.code, 0, check.stdout);
    });
  }

  it('the real phpdotenv agrees: after each edit SESSION_DRIVER loads as the new driver and every other variable is unchanged', function () {
    requireTools(this, 'phpdotenv');
    const texts = CASES.flatMap((c) => [c.before, c.after ?? c.before]);
    const loaded = phpdotenvLoad(texts);
    CASES.forEach((c, i) => {
      const [before, after] = [loaded[2 * i], loaded[2 * i + 1]];
      assert.ok(before.ok && after.ok, c.name);
      const expected = c.after === undefined ? 'file' : (c.driver ?? 'file');
      assert.equal(after.vars.SESSION_DRIVER, expected, c.name);
      const { SESSION_DRIVER: _b, ...restBefore } = before.vars;
      const { SESSION_DRIVER: _a, ...restAfter } = after.vars;
      assert.deepEqual(restAfter, restBefore, c.name);
    });
  });

  it('--env-example edits .env.example too, only its value bytes', async () => {
    const a = app(`${KEY}\r\nSESSION_DRIVER="database" # default\r\n`);
    const examplePath = path.join(a.root, '.env.example');
    const example = fs.readFileSync(examplePath, 'utf8');
    assert.equal(example.match(/^SESSION_DRIVER=database$/gm)?.length, 1);
    const run = await runCli(['fix', '--session-driver', 'cookie', '--env-example', '--yes', a.root]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(a.readEnv(), `${KEY}\r\nSESSION_DRIVER="cookie" # default\r\n`);
    assert.equal(fs.readFileSync(examplePath, 'utf8'), example.replace(/^SESSION_DRIVER=database$/m, 'SESSION_DRIVER=cookie'));
  });

  it('a .env changed between diagnosis and apply is refused, nothing written', async () => {
    // The dry run records what the fix would do; a user edit afterwards must win over a stale plan.
    const a = app(`${KEY}\nSESSION_DRIVER=database\n`);
    const { diagnose } = await import('../../../src/core/pipeline');
    const { applyFileEdits } = await import('../../../src/core/fixes/apply/textEdits');
    const d = await diagnose(a.root);
    const fix = d.problems[0].fixes.find((f) => f.id === 'laravel.driver.file');
    assert.ok(fix && fix.kind === 'edit');
    fs.writeFileSync(a.envPath, `${KEY}\nSESSION_DRIVER=redis\n`);
    const r = await applyFileEdits(fix.edits);
    assert.equal(r.ok, false);
    assert.equal(a.readEnv(), `${KEY}\nSESSION_DRIVER=redis\n`);
  });
});

describe('CLI fix: generated APP_KEY in every .env shape (Laravel 12, driver cookie)', function () {
  this.timeout(60_000);
  const apps: BuiltLaravelApp[] = [];
  after(() => apps.forEach((a) => a.cleanup()));
  const B64 = '[A-Za-z0-9+/]{43}=';

  const SHAPES: Array<{ name: string; before: string; after: RegExp }> = [
    { name: 'empty', before: 'APP_KEY=\nSESSION_DRIVER=cookie\n', after: new RegExp(`^APP_KEY=base64:${B64}\\nSESSION_DRIVER=cookie\\n$`) },
    {
      name: 'empty double quotes, CRLF',
      before: 'APP_KEY=""\r\nSESSION_DRIVER=cookie\r\n',
      after: new RegExp(`^APP_KEY="base64:${B64}"\\r\\nSESSION_DRIVER=cookie\\r\\n$`),
    },
    { name: 'empty single quotes', before: "APP_KEY=''\nSESSION_DRIVER=cookie\n", after: new RegExp(`^APP_KEY='base64:${B64}'\\nSESSION_DRIVER=cookie\\n$`) },
    {
      name: 'export, comment',
      before: 'export APP_KEY= # set me\nSESSION_DRIVER=cookie\n',
      after: new RegExp(`^export APP_KEY=base64:${B64} # set me\\nSESSION_DRIVER=cookie\\n$`),
    },
    {
      name: 'absent, a one-line file with no line break',
      before: 'SESSION_DRIVER=cookie',
      after: new RegExp(`^SESSION_DRIVER=cookie\\nAPP_KEY=base64:${B64}$`),
    },
    {
      name: 'absent, BOM + CRLF',
      before: '\uFEFFSESSION_DRIVER=cookie\r\n',
      after: new RegExp(`^\uFEFFSESSION_DRIVER=cookie\\r\\nAPP_KEY=base64:${B64}\\r\\n$`),
    },
  ];
  for (const s of SHAPES) {
    it(s.name, async () => {
      const a = buildLaravelApp({ from: 'laravel12-empty-app-key', envText: s.before });
      apps.push(a);
      const run = await runCli(['fix', '--yes', a.root]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const after = a.readEnv();
      assert.match(after, s.after);
      const key = new RegExp(`base64:(${B64})`).exec(after)![1];
      assert.equal(Buffer.from(key, 'base64').length, 32);
      assert.ok(!(run.stdout + run.stderr).includes(key), 'the key was printed');
      if (hasTool('phpdotenv')) {
        const [loaded] = phpdotenvLoad([after]);
        assert.ok(loaded.ok);
        assert.equal(loaded.vars.APP_KEY, `base64:${key}`);
      }
    });
  }
});

describe('CLI fix: a .env that is a symlink (Deployer/Envoyer keep it in shared/)', function () {
  this.timeout(30_000);
  it('the shared file is edited in place and the link stays a link', async () => {
    const a = buildLaravelApp({ from: 'laravel11-sqlite', envText: `${KEY}\nSESSION_DRIVER=database\n` });
    try {
      sqlite3(path.join(a.root, 'database', 'database.sqlite'), 'create table "users" ("id" integer primary key autoincrement not null);');
      const shared = path.join(path.dirname(a.root), 'shared');
      fs.mkdirSync(shared);
      fs.renameSync(a.envPath, path.join(shared, '.env'));
      fs.symlinkSync(path.join('..', 'shared', '.env'), a.envPath);
      fs.chmodSync(path.join(shared, '.env'), 0o640);
      const run = await runCli(['fix', '--session-driver', 'file', '--yes', a.root]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.ok(fs.lstatSync(a.envPath).isSymbolicLink(), '.env was replaced by a regular file');
      assert.equal(fs.readFileSync(path.join(shared, '.env'), 'utf8'), `${KEY}\nSESSION_DRIVER=file\n`);
      assert.equal(fs.statSync(path.join(shared, '.env')).mode & 0o777, 0o640);
      assert.deepEqual(
        fs.readdirSync(shared).filter((n) => n !== '.env'),
        [],
        'a temp file was left behind',
      );
    } finally {
      a.cleanup();
    }
  });
});

describe('CLI fix: the edited .env keeps its mode and owner', function () {
  this.timeout(30_000);
  it('mode 0660 survives the umask, owner and group stay (when the test may chown)', async () => {
    const a = buildLaravelApp({ from: 'laravel11-sqlite', envText: `${KEY}\nSESSION_DRIVER=database\n` });
    const oldMask = process.umask(0o022);
    try {
      sqlite3(path.join(a.root, 'database', 'database.sqlite'), 'create table "users" ("id" integer primary key autoincrement not null);');
      fs.chmodSync(a.envPath, 0o660);
      // As root (CI containers), hand the file to another user as a web server's deploy user would have it.
      const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
      if (asRoot) fs.chownSync(a.envPath, 65534, 65534);
      const before = fs.statSync(a.envPath);
      const run = await runCli(['fix', '--session-driver', 'file', '--yes', a.root]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(a.readEnv(), `${KEY}\nSESSION_DRIVER=file\n`);
      const after = fs.statSync(a.envPath);
      assert.equal((after.mode & 0o777).toString(8), '660');
      assert.deepEqual([after.uid, after.gid], [before.uid, before.gid]);
    } finally {
      process.umask(oldMask);
      a.cleanup();
    }
  });
});
