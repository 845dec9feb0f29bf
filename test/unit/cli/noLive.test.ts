/**
 * `--no-live` has one meaning: a server database that was not queried is `not-checked`, with the
 * reason, and the health is `unknown` (check exits 2, fix too), never `healthy`, for Prisma and
 * Laravel alike. Apps with no session table to check stay healthy; problems found without the live
 * query still make the health `problem` (exit 1).
 */
import '../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import { buildLaravelApp, BuiltLaravelApp } from '../../support/laravelApp';
import { buildPrismaApp, BuiltPrismaApp, runCli, USER_SESSION_MODELS } from '../../support/prismaApp';

const PG_SCHEMA =
  'generator client {\n  provider = "prisma-client-js"\n}\n\ndatasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n' +
  USER_SESSION_MODELS;
const SECRET = 'Pg-Secret-9';
const NOT_CHECKED = /was not checked: live database checks are off \(`--no-live`/;

describe('--no-live on server databases: not-checked, never healthy', function () {
  this.timeout(30_000);
  const cleanups: Array<BuiltPrismaApp | BuiltLaravelApp> = [];
  after(() => cleanups.forEach((a) => a.cleanup()));

  function prismaPg(): BuiltPrismaApp {
    // Port 1 on 127.0.0.1: a live check would be refused, so a pass proves no connection was tried.
    const app = buildPrismaApp({
      files: { 'prisma/schema.prisma': PG_SCHEMA, '.env': `DATABASE_URL="postgresql://app:${SECRET}@127.0.0.1:1/shop?schema=public"\n` },
    });
    cleanups.push(app);
    return app;
  }
  function laravelPg(env: Record<string, string> = {}): BuiltLaravelApp {
    const app = buildLaravelApp({
      from: 'laravel11-sqlite',
      env: { DB_CONNECTION: 'pgsql', DB_HOST: '127.0.0.1', DB_PORT: '1', DB_DATABASE: 'shop', DB_PASSWORD: SECRET, ...env },
    });
    cleanups.push(app);
    return app;
  }

  for (const [name, make] of [
    ['Prisma + PostgreSQL', prismaPg],
    ['Laravel + pgsql', () => laravelPg()],
  ] as const) {
    it(`${name}: check --no-live says not-checked and why, health unknown, exit 2`, async () => {
      const app = make();
      const r = await runCli(['check', '--no-live', app.root]);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stdout, / · table (Session|sessions): not checked( \(SESSION_DRIVER=database\))?$/m);
      assert.match(r.stdout, NOT_CHECKED);
      assert.match(r.stdout, /^Health: unknown$/m);
      assert.doesNotMatch(r.stdout, /healthy/);
      const json = JSON.parse((await runCli(['check', '--json', '--no-live', app.root])).stdout) as {
        health: string;
        apps: Array<{ tableState: string; unknownReason?: string }>;
      };
      assert.equal(json.health, 'unknown');
      assert.equal(json.apps[0].tableState, 'not-checked');
      assert.match(json.apps[0].unknownReason ?? '', NOT_CHECKED);
      assert.ok(!(r.stdout + r.stderr + JSON.stringify(json)).includes(SECRET));
    });

    it(`${name}: fix --no-live has nothing to fix, says why, exit 2`, async () => {
      const app = make();
      const r = await runCli(['fix', '--no-live', '--yes', app.root]);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stdout, /Nothing to fix, but the health could not be determined:\n {2}\.: The session table in .* was not checked/);
      assert.ok(!(r.stdout + r.stderr).includes(SECRET));
    });
  }

  it('French: the reason is translated', async () => {
    const r = await runCli(['check', '--no-live', prismaPg().root], { env: { PATH: process.env.PATH, SESSION_DOCTOR_LANG: 'fr' } });
    assert.equal(r.code, 2);
    assert.match(r.stdout, /n'a pas été vérifiée : les vérifications en direct de la base sont désactivées/);
  });

  it('a problem found without the live query still wins: health problem, exit 1; fixed, the rest is unknown (exit 2)', async () => {
    const app = laravelPg({ APP_KEY: '' });
    const r = await runCli(['check', '--no-live', app.root]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /laravel\.appKeyMissing/);
    assert.match(r.stdout, NOT_CHECKED);
    const fixed = await runCli(['fix', '--no-live', '--yes', app.root]);
    assert.equal(fixed.code, 2, fixed.stdout + fixed.stderr);
    assert.match(fixed.stdout, /Health now: unknown\n {2}\.: The session table in .* was not checked/);
  });

  it('apps with no session table to check stay healthy under --no-live (exit 0)', async () => {
    const prisma = buildPrismaApp({
      files: {
        'prisma/schema.prisma': PG_SCHEMA.replace(/model Session[\s\S]*$/, '').replace('  sessions  Session[]\n', ''),
        '.env': 'DATABASE_URL="postgresql://app@127.0.0.1:1/shop"\n',
      },
    });
    cleanups.push(prisma);
    const laravel = laravelPg({ SESSION_DRIVER: 'file' });
    for (const root of [prisma.root, laravel.root]) {
      const r = await runCli(['check', '--no-live', root]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /^Health: healthy$/m);
    }
  });
});
