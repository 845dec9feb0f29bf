/**
 * Cookie sessions are encrypted with APP_KEY: a switch to the cookie driver with the key empty
 * must generate it too (issue 10: `--session-driver cookie --yes` left the key problem behind).
 * The key is generated at apply time, never printed, and never replaces a key that exists.
 */
import '../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { diagnose } from '../../../src/core/pipeline';
import { renderMessage } from '../../../src/core/messages';
import { buildLaravelApp, BuiltLaravelApp, runCli } from '../../support/laravelApp';
import { sqlite3 } from '../../support/sqliteCli';

const USERS = 'create table "users" ("id" integer primary key autoincrement not null, "name" varchar not null);';
const MIGRATIONS = 'create table "migrations" ("id" integer primary key autoincrement not null, "migration" varchar not null, "batch" integer not null);';
const COMPOSER = readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'laravel', 'laravel11-sqlite', 'composer.json'), 'utf8');
const KEY = /^APP_KEY=base64:([A-Za-z0-9+/]{43}=)$/m;

describe('Laravel: the cookie driver brings its APP_KEY', function () {
  this.timeout(30_000);
  const apps: BuiltLaravelApp[] = [];
  after(() => apps.forEach((a) => a.cleanup()));

  function app(env: Record<string, string | null>, opts: { tokenApi?: boolean } = {}): BuiltLaravelApp {
    const files = opts.tokenApi ? { 'composer.json': COMPOSER.replace('"laravel/tinker"', '"laravel/sanctum": "^4.0",\n        "laravel/tinker"') } : undefined;
    const a = buildLaravelApp({ from: 'laravel11-sqlite', env, files });
    apps.push(a);
    sqlite3(path.join(a.root, 'database', 'database.sqlite'), `${USERS}\n${MIGRATIONS}`);
    return a;
  }

  it('empty APP_KEY + fix --session-driver cookie --yes: cookie set, key generated (32 bytes, not shown), healthy', async () => {
    const a = app({ APP_KEY: '' });
    const r = await runCli(['fix', a.root, '--session-driver', 'cookie', '--yes']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const env = a.readEnv();
    assert.match(env, /^SESSION_DRIVER=cookie$/m);
    const key = KEY.exec(env);
    assert.ok(key, env);
    assert.equal(Buffer.from(key[1], 'base64').length, 32);
    assert.ok(!(r.stdout + r.stderr).includes(key[1]), 'the key is never printed');
    assert.match(r.stdout, /Set SESSION_DRIVER=cookie and generate APP_KEY in \.env/);
    assert.match(r.stdout, /\(a newly generated secret, not shown\)/);
    assert.match(r.stdout, /Health now: healthy/);
  });

  it('APP_KEY line absent altogether: one line is added, beside the driver switch', async () => {
    const a = app({ APP_KEY: null });
    const r = await runCli(['fix', a.root, '--session-driver', 'cookie', '--yes']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(a.readEnv().match(/^APP_KEY=/gm)?.length, 1);
    assert.match(a.readEnv(), KEY);
  });

  it('a key that is set is left alone: the cookie fix edits SESSION_DRIVER only', async () => {
    const a = app({});
    const before = KEY.exec(a.readEnv())?.[1];
    const d = await diagnose(a.root);
    const cookie = d.problems.flatMap((p) => p.fixes).find((f) => f.id === 'laravel.driver.cookie');
    assert.ok(cookie && cookie.kind === 'edit');
    assert.equal(cookie.edits.length, 1);
    assert.equal(renderMessage(cookie.title), 'Set SESSION_DRIVER=cookie in .env');
    const r = await runCli(['fix', a.root, '--session-driver', 'cookie', '--yes']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(KEY.exec(a.readEnv())?.[1], before);
  });

  it('fix --yes on a token API: the key fix runs first, the cookie switch then keeps that key (one APP_KEY line)', async () => {
    const a = app({ APP_KEY: '' }, { tokenApi: true });
    const d = await diagnose(a.root);
    assert.deepEqual(
      d.problems.map((p) => [p.code, p.fixes.find((f) => !f.destructive)?.id]),
      [
        ['laravel.appKeyMissing', 'laravel.generateAppKey'],
        ['laravel.sessionTableMissing', 'laravel.driver.cookie'],
      ],
    );
    const r = await runCli(['fix', a.root, '--yes']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(a.readEnv().match(/^APP_KEY=/gm)?.length, 1);
    assert.match(a.readEnv(), KEY);
    assert.match(a.readEnv(), /^SESSION_DRIVER=cookie$/m);
    assert.match(r.stdout, /Health now: healthy/);
  });

  it('.env.example variant: the key goes into .env only', async () => {
    const a = app({ APP_KEY: '' });
    const exampleKey = () => /^APP_KEY=.*$/m.exec(readFileSync(path.join(a.root, '.env.example'), 'utf8'))?.[0];
    const before = exampleKey();
    const r = await runCli(['fix', a.root, '--session-driver', 'cookie', '--env-example', '--yes']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(a.readEnv(), KEY);
    assert.match(readFileSync(path.join(a.root, '.env.example'), 'utf8'), /^SESSION_DRIVER=cookie$/m);
    assert.equal(exampleKey(), before);
  });

  it('French title', async () => {
    const a = app({ APP_KEY: '' });
    const r = await runCli(['fix', a.root, '--session-driver', 'cookie', '--dry-run'], { env: { PATH: process.env.PATH, SESSION_DOCTOR_LANG: 'fr' } });
    assert.match(r.stdout, /Définir SESSION_DRIVER=cookie et générer APP_KEY dans \.env/);
  });
});
