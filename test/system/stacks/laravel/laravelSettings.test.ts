/**
 * Laravel problems that come from settings rather than a database: a cached config, a missing .env,
 * an empty APP_KEY, a mistyped SESSION_DRIVER, and the artisan command names per version.
 * Each app is a temp copy of a fixture; SQLite files are built with Debian's sqlite3 CLI.
 */
import '../../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnose, Diagnosis } from '../../../../src/core/pipeline';
import { postgresSchemas } from '../../../../src/core/stacks/laravel/laravelFacts';
import { laravelSessionsDdl } from '../../../../src/core/stacks/laravel/laravelDdl';
import { applyFileEdits } from '../../../../src/core/fixes/apply/textEdits';
import { renderMessage } from '../../../../src/core/messages';
import { EditFix, Problem, RunCommandFix } from '../../../../src/core/model';
import { buildLaravelApp, BuiltLaravelApp, envLineOf, LaravelAppSpec, runCli, USERS_MIGRATION_11 } from '../../../support/laravelApp';
import { sqlite3 } from '../../../support/sqliteCli';

const apps: BuiltLaravelApp[] = [];
function build(spec: LaravelAppSpec): BuiltLaravelApp {
  const a = buildLaravelApp(spec);
  apps.push(a);
  return a;
}
after(() => apps.forEach((a) => a.cleanup()));

function problem(d: Diagnosis, code: string): Problem {
  const p = d.problems.find((x) => x.code === code);
  assert.ok(p, `no ${code} in ${d.problems.map((x) => x.code).join(', ')}`);
  return p;
}

const CONFIG_CLEAR = ['php', 'artisan', 'config:clear'];
/** A real SQLite database with Laravel's other tables and no sessions table. */
const NO_SESSIONS_DB = 'create table "users" ("id" integer primary key autoincrement not null, "name" varchar not null);';

describe('Laravel: cached config (bootstrap/cache/config.php)', function () {
  this.timeout(30_000);

  /** The cached-config fixture pointed at a SQLite file `orders` (relative to the app, as the cache says). */
  function cachedOnSqlite(): BuiltLaravelApp {
    const a = build({ from: 'laravel12-cached-config' });
    const cache = path.join(a.root, 'bootstrap', 'cache', 'config.php');
    const text = fs.readFileSync(cache, 'utf8');
    assert.ok(text.includes("'default' => 'mysql',"));
    fs.writeFileSync(cache, text.replace("'default' => 'mysql',", "'default' => 'sqlite',"));
    sqlite3(path.join(a.root, 'orders'), NO_SESSIONS_DB);
    return a;
  }

  it('the cached driver (database) wins over .env (cookie): the table is checked and missing', async () => {
    const a = cachedOnSqlite();
    assert.match(a.readEnv(), /^SESSION_DRIVER=cookie$/m);
    const d = await diagnose(a.root);
    assert.equal(d.apps[0].sessionDriver, 'database');
    assert.equal(d.apps[0].sqlitePath, path.join(a.root, 'orders'));
    assert.deepEqual(
      d.problems.map((p) => [p.code, p.severity]),
      [
        ['laravel.sessionTableMissing', 'error'],
        ['laravel.configCached', 'warning'],
      ],
    );
    const cached = problem(d, 'laravel.configCached');
    assert.equal(cached.location?.file, a.envPath);
    assert.equal(cached.location?.range.start.line, envLineOf(a.readEnv(), 'SESSION_DRIVER'));
    assert.deepEqual(
      cached.fixes.map((f) => [f.id, (f as RunCommandFix).commands.map((c) => c.argv)]),
      [['laravel.configClear', [CONFIG_CLEAR]]],
    );
  });

  const CACHE_EDITS: Array<{ name: string; edit: (cache: string) => string; envKey?: string; fixes: string[] }> = [
    { name: 'table missing', edit: (c) => c, fixes: ['laravel.driver.cookie', 'laravel.driver.file'] },
    // The cached key wins over .env, so an empty key must be empty in the cache to be a problem.
    {
      name: 'cached key empty, .env key empty too',
      edit: (c) => c.replace(/'key' => 'base64:[^']*'/, "'key' => ''"),
      envKey: '',
      fixes: ['laravel.generateAppKey', 'laravel.driver.cookie', 'laravel.driver.file'],
    },
    {
      name: 'cached driver mistyped',
      edit: (c) => c.replace("'driver' => 'database',\n    'lifetime'", "'driver' => 'databse',\n    'lifetime'"),
      fixes: ['laravel.nearestDriver', 'laravel.driver.cookie', 'laravel.driver.file'],
    },
  ];
  for (const c of CACHE_EDITS) {
    it(`${c.name}: every .env edit fix carries \`php artisan config:clear\` as its follow-up`, async () => {
      const a = cachedOnSqlite();
      const cache = path.join(a.root, 'bootstrap', 'cache', 'config.php');
      const text = fs.readFileSync(cache, 'utf8');
      const edited = c.edit(text);
      assert.ok(c.edit === CACHE_EDITS[0].edit || edited !== text, 'the cache edit did not apply');
      fs.writeFileSync(cache, edited);
      if (c.envKey !== undefined) fs.writeFileSync(a.envPath, a.readEnv().replace(/^APP_KEY=.*$/m, `APP_KEY=${c.envKey}`));
      const d = await diagnose(a.root);
      const edits = d.problems.flatMap((p) => p.fixes).filter((f): f is EditFix => f.kind === 'edit');
      assert.deepEqual(
        edits.map((f) => f.id),
        c.fixes,
      );
      for (const f of edits) assert.deepEqual(f.followUp, { argv: CONFIG_CLEAR, cwd: a.root }, f.id);
      // The title says that the cache is cleared too, e.g. "Set SESSION_DRIVER=cookie in .env and clear the config cache".
      for (const f of edits) assert.match(renderMessage(f.title), / and clear the config cache$/, f.id);
    });
  }

  it('cached key empty but .env has one: config:clear is the fix; the key is never replaced nor printed', async () => {
    const a = cachedOnSqlite();
    const cache = path.join(a.root, 'bootstrap', 'cache', 'config.php');
    fs.writeFileSync(cache, fs.readFileSync(cache, 'utf8').replace(/'key' => 'base64:[^']*'/, "'key' => ''"));
    const envKey = /^APP_KEY=(base64:.+)$/m.exec(a.readEnv())?.[1];
    assert.ok(envKey);
    const d = await diagnose(a.root);
    assert.deepEqual(
      problem(d, 'laravel.appKeyMissing').fixes.map((f) => [f.id, f.preferred]),
      [['laravel.configClear', true]],
    );
    assert.ok(!JSON.stringify(d).includes(envKey.slice(7)), 'the .env key is in the diagnosis');
    const json = await runCli(['check', '--json', a.root]);
    assert.ok(!(json.stdout + json.stderr).includes(envKey.slice(7)), 'the .env key was printed by check --json');
    const before = a.readEnv();
    const fix = await runCli(['fix', '--yes', '--fix', 'laravel.generateAppKey', a.root]);
    assert.ok(!(fix.stdout + fix.stderr).includes(envKey.slice(7)), 'the .env key was printed by fix');
    assert.equal(a.readEnv(), before);
  });

  const HIDDEN: Array<{ name: string; cacheDriver: string; envDriver: string; code: string; next: string }> = [
    {
      name: 'cache database (table missing), .env file',
      cacheDriver: 'database',
      envDriver: 'file',
      code: 'laravel.sessionTableMissing',
      next: 'laravel.driver.cookie',
    },
    { name: 'cache databse (typo), .env cookie', cacheDriver: 'databse', envDriver: 'cookie', code: 'laravel.invalidDriver', next: 'laravel.nearestDriver' },
  ];
  for (const h of HIDDEN) {
    it(`${h.name}: config:clear is preferred, so the user's .env choice is kept`, async () => {
      const a = cachedOnSqlite();
      const cache = path.join(a.root, 'bootstrap', 'cache', 'config.php');
      fs.writeFileSync(
        cache,
        fs.readFileSync(cache, 'utf8').replace("'driver' => 'database',\n    'lifetime'", `'driver' => '${h.cacheDriver}',\n    'lifetime'`),
      );
      fs.writeFileSync(a.envPath, a.readEnv().replace(/^SESSION_DRIVER=.*$/m, `SESSION_DRIVER=${h.envDriver}`));
      const d = await diagnose(a.root);
      const fixes = problem(d, h.code).fixes;
      assert.deepEqual(
        fixes.slice(0, 2).map((f) => f.id),
        ['laravel.configClear', h.next],
      );
      assert.deepEqual(
        fixes.filter((f) => f.preferred).map((f) => f.id),
        ['laravel.configClear'],
      );
      // Applying the preferred fix (its command is not run here) leaves .env as the user wrote it.
      const before = a.readEnv();
      const run = await runCli(['fix', '--dry-run', a.root]);
      const plan = run.stdout
        .slice(run.stdout.indexOf(h.code))
        .split('\n')
        .find((l) => l.startsWith('→ '));
      assert.equal(plan, '→ Run `php artisan config:clear`');
      assert.equal(a.readEnv(), before);
    });
  }

  it('without the cache: no configCached problem, no follow-up, .env decides', async () => {
    const a = build({
      from: 'laravel12-cached-config',
      remove: ['bootstrap/cache/config.php'],
      env: { SESSION_DRIVER: 'database', DB_CONNECTION: 'sqlite', DB_DATABASE: 'orders' },
    });
    sqlite3(path.join(a.root, 'orders'), NO_SESSIONS_DB);
    const d = await diagnose(a.root);
    assert.deepEqual(
      d.problems.map((p) => p.code),
      ['laravel.sessionTableMissing'],
    );
    for (const f of d.problems[0].fixes) if (f.kind === 'edit') assert.equal(f.followUp, undefined, f.id);
    const titles = d.problems[0].fixes.filter((f) => f.kind === 'edit').map((f) => renderMessage(f.title));
    assert.ok(titles.includes('Set SESSION_DRIVER=cookie in .env'), JSON.stringify(titles));
    for (const t of titles) assert.doesNotMatch(t, /config cache/);
  });

  const HEALTHY: Array<{ envDriver: string; severity: 'info' | 'warning'; health: 'healthy' | 'problem' }> = [
    // .env agrees with the cache: worth knowing, nothing wrong.
    { envDriver: 'database', severity: 'info', health: 'healthy' },
    // .env says something the cache hides: a warning, since the user's .env edit has no effect.
    { envDriver: 'cookie', severity: 'warning', health: 'problem' },
  ];
  for (const h of HEALTHY) {
    it(`table present, .env SESSION_DRIVER=${h.envDriver} vs cached database: configCached is ${h.severity}`, async () => {
      const a = cachedOnSqlite();
      fs.writeFileSync(a.envPath, a.readEnv().replace(/^SESSION_DRIVER=.*$/m, `SESSION_DRIVER=${h.envDriver}`));
      // The whole table Laravel's migration makes: one lacking a column is a problem of its own.
      sqlite3(path.join(a.root, 'orders'), `${laravelSessionsDdl('sqlite').join(';\n')};`);
      const d = await diagnose(a.root);
      assert.deepEqual(
        d.problems.map((p) => [p.code, p.severity]),
        [['laravel.configCached', h.severity]],
      );
      assert.equal(d.health, h.health);
    });
  }
});

describe('Laravel: .env missing', function () {
  this.timeout(30_000);

  it('envMissing at .env.example with createEnv; the fix creates .env byte-identical to .env.example', async () => {
    const a = build({ from: 'laravel12-missing-env' });
    const example = fs.readFileSync(path.join(a.root, '.env.example'));
    const d = await diagnose(a.root);
    const p = problem(d, 'laravel.envMissing');
    assert.equal(p.severity, 'warning');
    assert.equal(p.location?.file, path.join(a.root, '.env.example'));
    assert.deepEqual(
      p.fixes.map((f) => [f.id, f.preferred]),
      [['laravel.createEnv', true]],
    );
    // The APP_KEY of a file that does not exist yet is not reported.
    assert.ok(!d.problems.some((x) => x.code === 'laravel.appKeyMissing'));
    const r = await applyFileEdits((p.fixes[0] as EditFix).edits);
    assert.deepEqual(r, { ok: true, files: [a.envPath] });
    assert.deepEqual(fs.readFileSync(a.envPath), example);
  });

  it('race: .env created between diagnose and apply is refused and left untouched', async () => {
    const a = build({ from: 'laravel12-missing-env' });
    const d = await diagnose(a.root);
    const fix = problem(d, 'laravel.envMissing').fixes[0] as EditFix;
    fs.writeFileSync(a.envPath, 'APP_KEY=base64:mine\nSESSION_DRIVER=file\n');
    const r = await applyFileEdits(fix.edits);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.reason : '', /already exists; it is never overwritten/);
    assert.equal(a.readEnv(), 'APP_KEY=base64:mine\nSESSION_DRIVER=file\n');
  });

  it('a BOM in .env.example is kept in the created .env', async () => {
    const a = build({ from: 'laravel12-missing-env' });
    const examplePath = path.join(a.root, '.env.example');
    fs.writeFileSync(examplePath, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fs.readFileSync(examplePath)]));
    const d = await diagnose(a.root);
    const r = await applyFileEdits((problem(d, 'laravel.envMissing').fixes[0] as EditFix).edits);
    assert.equal(r.ok, true);
    assert.deepEqual(fs.readFileSync(a.envPath), fs.readFileSync(examplePath));
  });
});

describe('Laravel: APP_KEY empty', function () {
  this.timeout(30_000);
  const KEY_RE = /base64:[A-Za-z0-9+/]{43}=/;

  const SEVERITY: Array<{ name: string; env: Record<string, string>; severity: 'error' | 'warning' }> = [
    { name: 'driver cookie', env: { SESSION_DRIVER: 'cookie' }, severity: 'error' },
    { name: 'driver file, SESSION_ENCRYPT=true', env: { SESSION_DRIVER: 'file', SESSION_ENCRYPT: 'true' }, severity: 'error' },
    { name: 'driver file, not encrypted', env: { SESSION_DRIVER: 'file' }, severity: 'warning' },
  ];
  for (const c of SEVERITY) {
    it(`${c.name}: appKeyMissing is ${c.severity}, at the APP_KEY line, generate preferred`, async () => {
      const a = build({ from: 'laravel12-empty-app-key', env: c.env });
      const d = await diagnose(a.root);
      const p = problem(d, 'laravel.appKeyMissing');
      assert.equal(p.severity, c.severity);
      assert.equal(p.location?.file, a.envPath);
      assert.equal(p.location?.range.start.line, envLineOf(a.readEnv(), 'APP_KEY'));
      assert.deepEqual(
        p.fixes.map((f) => [f.id, f.preferred ?? false]),
        [
          ['laravel.generateAppKey', true],
          ['laravel.keyGenerate', false],
        ],
      );
    });
  }

  it('fix writes base64: + 32 random bytes, byte-exact elsewhere; the key is in no output and not in the diagnosis', async () => {
    const a = build({ from: 'laravel12-empty-app-key' });
    const before = a.readEnv();
    const d = await diagnose(a.root);
    assert.doesNotMatch(JSON.stringify(d), /base64:/);
    const json = await runCli(['check', '--json', a.root]);
    assert.equal(json.code, 1);
    assert.doesNotMatch(json.stdout + json.stderr, /base64:/);

    const run = await runCli(['fix', '--yes', a.root]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const after = a.readEnv();
    const key = KEY_RE.exec(after)?.[0];
    assert.ok(key, after);
    assert.equal(Buffer.from(key.slice('base64:'.length), 'base64').length, 32);
    assert.equal(after, before.replace(/^APP_KEY=$/m, `APP_KEY=${key}`));
    assert.ok(!(run.stdout + run.stderr).includes(key.slice(7)), 'the key was printed by fix');
    const check = await runCli(['check', '--json', a.root]);
    assert.equal(check.code, 0, check.stdout);
    assert.ok(!(check.stdout + check.stderr).includes(key.slice(7)), 'the key was printed by check --json');
    // A second app gets a different key: it is random, not a constant.
    const b = build({ from: 'laravel12-empty-app-key' });
    await runCli(['fix', '--yes', b.root]);
    assert.notEqual(KEY_RE.exec(b.readEnv())?.[0], key);
  });
});

describe('Laravel: SESSION_DRIVER that is not a driver', function () {
  this.timeout(30_000);

  it('databse: invalidDriver error at its line, nearest driver (database) preferred and then the switches', async () => {
    const a = build({ from: 'laravel12-typo-driver' });
    sqlite3(path.join(a.root, 'database', 'database.sqlite'), NO_SESSIONS_DB);
    const d = await diagnose(a.root);
    const p = problem(d, 'laravel.invalidDriver');
    assert.equal(p.severity, 'error');
    assert.equal(p.location?.file, a.envPath);
    assert.equal(p.location?.range.start.line, envLineOf(a.readEnv(), 'SESSION_DRIVER'));
    assert.deepEqual(
      p.fixes.map((f) => [f.id, f.preferred ?? false]),
      [
        ['laravel.nearestDriver', true],
        ['laravel.driver.cookie', false],
        ['laravel.driver.file', false],
      ],
    );
    const near = p.fixes[0] as EditFix;
    assert.deepEqual(
      near.edits.map((e) => [e.newText, e.oldText]),
      [['database', 'databse']],
    );
    // A typo is not a database driver: no table problem on top of it.
    assert.ok(!d.problems.some((x) => x.code === 'laravel.sessionTableMissing'));
  });

  it('a value near nothing: no nearest-driver fix, cookie preferred', async () => {
    const a = build({ from: 'laravel12-typo-driver', env: { SESSION_DRIVER: 'zqxwv' } });
    const d = await diagnose(a.root);
    assert.deepEqual(
      problem(d, 'laravel.invalidDriver').fixes.map((f) => [f.id, f.preferred ?? false]),
      [
        ['laravel.driver.cookie', true],
        ['laravel.driver.file', false],
      ],
    );
  });

  it('case and separators are accepted as Laravel does (Database, data_base): no problem', async () => {
    for (const value of ['Database', 'DATA_BASE', 'File']) {
      const a = build({ from: 'laravel12-typo-driver', env: { SESSION_DRIVER: value } });
      sqlite3(path.join(a.root, 'database', 'database.sqlite'), `${NO_SESSIONS_DB} ${laravelSessionsDdl('sqlite').join(';\n')};`);
      const d = await diagnose(a.root);
      assert.deepEqual(
        d.problems.map((p) => p.code),
        [],
        value,
      );
    }
  });
});

describe('Laravel: artisan command names by version', function () {
  this.timeout(30_000);
  const VERSIONS: Array<{ lock?: string; constraint?: string; command: string }> = [
    { lock: 'v8.83.27', command: 'session:table' },
    { lock: 'v10.48.29', command: 'session:table' },
    { lock: 'v11.0.0', command: 'make:session-table' },
    { lock: 'v12.21.0', command: 'make:session-table' },
    // No lock: the lowest major the constraint allows (session:table works everywhere).
    { constraint: '^10.0|^11.0', command: 'session:table' },
    { constraint: '^11.31', command: 'make:session-table' },
  ];
  for (const v of VERSIONS) {
    it(`${v.lock ?? `composer.json ${v.constraint}`}: ${v.command}`, async () => {
      const a = build({
        from: 'laravel11-sqlite',
        remove: [`database/migrations/${USERS_MIGRATION_11}.php`, ...(v.constraint ? ['composer.lock'] : [])],
        frameworkVersion: v.lock,
      });
      if (v.constraint) {
        const composer = path.join(a.root, 'composer.json');
        fs.writeFileSync(composer, fs.readFileSync(composer, 'utf8').replace(/"laravel\/framework": "[^"]*"/, `"laravel/framework": "${v.constraint}"`));
      }
      sqlite3(path.join(a.root, 'database', 'database.sqlite'), NO_SESSIONS_DB);
      const d = await diagnose(a.root);
      const make = problem(d, 'laravel.sessionTableMissing').fixes.find((f) => f.id === 'laravel.makeSessionTable') as RunCommandFix;
      assert.deepEqual(
        make.commands.map((c) => c.argv),
        [
          ['php', 'artisan', v.command],
          ['php', 'artisan', 'migrate'],
        ],
      );
      const palette = d.apps[0].commands.find((f) => f.id === 'laravel.makeSessionTable');
      assert.deepEqual(palette?.commands[0].argv, ['php', 'artisan', v.command]);
    });
  }
});

describe('Laravel: PostgreSQL search_path as PostgresConnector parses it', () => {
  const CASES: Array<[string | undefined, string[]]> = [
    [undefined, ['sd_app', 'public']],
    ['public', ['public']],
    ['app, public', ['app', 'public']],
    ['"$user", public', ['sd_app', 'public']],
    ['\'tenant\' ,"shared"', ['tenant', 'shared']],
    ['public,public', ['public']],
    ['', ['public']],
  ];
  for (const [input, expected] of CASES) {
    it(`${JSON.stringify(input)} -> ${expected.join(', ')}`, () => {
      assert.deepEqual(postgresSchemas(input, 'sd_app'), expected);
    });
  }
  it('$user without a user name is skipped', () => {
    assert.deepEqual(postgresSchemas(undefined, undefined), ['public']);
  });
});

describe('Laravel: config/session.php that does not read SESSION_DRIVER', function () {
  this.timeout(30_000);
  const LITERAL: Array<{ name: string; env: Record<string, string | null> }> = [
    { name: '.env says cookie, ignored', env: { SESSION_DRIVER: 'cookie' } },
    { name: 'no SESSION_DRIVER in .env', env: { SESSION_DRIVER: null } },
  ];
  for (const c of LITERAL) {
    it(`'driver' => 'database' literal, ${c.name}: anchored in config/session.php, no .env edit offered`, async () => {
      const a = build({ from: 'laravel12-api-mysql', env: { DB_CONNECTION: 'sqlite', DB_DATABASE: null, ...c.env } });
      const sessionPhp = path.join(a.root, 'config', 'session.php');
      const text = fs.readFileSync(sessionPhp, 'utf8');
      const literal = text.replace("'driver' => env('SESSION_DRIVER', 'database'),", "'driver' => 'database',");
      assert.notEqual(literal, text);
      fs.writeFileSync(sessionPhp, literal);
      sqlite3(path.join(a.root, 'database', 'database.sqlite'), NO_SESSIONS_DB);
      const d = await diagnose(a.root);
      const p = problem(d, 'laravel.sessionTableMissing');
      assert.equal(p.location?.file, sessionPhp);
      assert.equal(
        p.location?.range.start.line,
        literal.split('\n').findIndex((l) => l.includes("'driver' => 'database'")),
      );
      // An .env edit would change nothing Laravel reads: only the table fixes remain, one preferred.
      assert.deepEqual(
        p.fixes.map((f) => [f.id, f.preferred ?? false]),
        [
          ['laravel.createTable', true],
          ['laravel.makeSessionTable', false],
        ],
      );
    });
  }

  it('the config reads SESSION_DRIVER under another default: .env edits stay (adding the key works)', async () => {
    const a = build({ from: 'laravel12-api-mysql', env: { DB_CONNECTION: 'sqlite', DB_DATABASE: null, SESSION_DRIVER: null } });
    sqlite3(path.join(a.root, 'database', 'database.sqlite'), NO_SESSIONS_DB);
    const d = await diagnose(a.root);
    assert.deepEqual(
      problem(d, 'laravel.sessionTableMissing').fixes.map((f) => f.id),
      ['laravel.driver.cookie', 'laravel.driver.file', 'laravel.createTable', 'laravel.makeSessionTable'],
    );
  });
});
