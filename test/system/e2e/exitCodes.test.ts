/**
 * The exit codes of README.md's table, case by case, and `check` and `fix` agreeing on each:
 * 0 healthy, 1 problems, 2 error (no such folder, an app that cannot be checked), 3 no app found.
 * "No app here" and "cannot tell" are never called healthy.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTree, removeTree } from '../../support/tempTree';
import { buildPrismaApp, sqliteSchemaHeader, USER_SESSION_MODELS, USER_TABLE_SQL } from '../../support/prismaApp';
import { runCli } from '../../support/runCli';

const SESSION_TABLE = `CREATE TABLE "Session" ("id" TEXT NOT NULL PRIMARY KEY, "token" TEXT NOT NULL, "userId" TEXT NOT NULL, "expiresAt" DATETIME NOT NULL);`;

async function bothCommands(dir: string): Promise<Array<{ command: string; code: number; out: string }>> {
  const check = await runCli(['check', '--no-live', dir]);
  const json = await runCli(['check', '--json', '--no-live', dir]);
  const fix = await runCli(['fix', '--yes', '--no-live', dir]);
  return [
    { command: 'check', code: check.code, out: check.stdout + check.stderr },
    { command: 'check --json', code: json.code, out: json.stdout + json.stderr },
    { command: 'fix --yes', code: fix.code, out: fix.stdout + fix.stderr },
  ];
}

function assertAll(runs: Array<{ command: string; code: number; out: string }>, code: number, says: RegExp): void {
  for (const r of runs) {
    assert.equal(r.code, code, `${r.command}:\n${r.out}`);
    assert.match(r.out, says, r.command);
    assert.doesNotMatch(r.out, /healthy/, `${r.command} must not call this healthy:\n${r.out}`);
  }
}

describe('exit codes: check and fix agree, and nothing unchecked is "healthy"', function () {
  this.timeout(30_000);
  let tree: string;

  beforeEach(() => {
    tree = makeTree({}, 'sd-exit-');
  });
  afterEach(() => removeTree(tree));

  it('a folder that does not exist: 2 from both, with the reason (fix used to say "Nothing to fix: healthy." and exit 0)', async () => {
    const missing = path.join(tree, 'no', 'such', 'dir');
    const runs = await bothCommands(missing);
    assertAll(runs, 2, /is not a readable folder/);
    assert.ok(!fs.existsSync(missing), 'nothing was created');
  });

  it('a file given as the folder: 2 from both', async () => {
    const file = path.join(tree, 'plain.txt');
    fs.writeFileSync(file, 'x');
    assertAll(await bothCommands(file), 2, /is not a readable folder/);
  });

  it('a folder with no app: 3 from both, "no app found", health "no-app" in JSON', async () => {
    fs.writeFileSync(path.join(tree, 'README.md'), '# nothing here\n');
    const runs = await bothCommands(tree);
    assertAll(runs, 3, /no (Prisma or Laravel )?app|"no-app"/i);
    const json = JSON.parse((await runCli(['check', '--json', tree])).stdout) as { health: string; apps: unknown[] };
    assert.equal(json.health, 'no-app');
    assert.deepEqual(json.apps, []);
  });

  it('artisan beside an invalid composer.json: 2 from both, naming composer.json (was "No app found. Health: healthy", 0)', async () => {
    fs.writeFileSync(path.join(tree, 'artisan'), '#!/usr/bin/env php\n');
    fs.writeFileSync(path.join(tree, 'composer.json'), '{"require": {"laravel/framework"');
    assertAll(await bothCommands(tree), 2, /composer\.json is not valid JSON/);
  });

  it('artisan beside a composer.json that is a folder: 2, naming it', async () => {
    fs.writeFileSync(path.join(tree, 'artisan'), '#!/usr/bin/env php\n');
    fs.mkdirSync(path.join(tree, 'composer.json'));
    assertAll(await bothCommands(tree), 2, /composer\.json is a folder/);
  });

  it('artisan beside a valid composer.json of another framework: no app (3), not an error', async () => {
    fs.writeFileSync(path.join(tree, 'artisan'), '#!/usr/bin/env php\n');
    fs.writeFileSync(path.join(tree, 'composer.json'), '{"require": {"symfony/console": "^7"}}');
    assertAll(await bothCommands(tree), 3, /no (Prisma or Laravel )?app|"no-app"/i);
  });

  it('schema.prisma that is a folder with no schema in it: 2 from both, naming it', async () => {
    fs.mkdirSync(path.join(tree, 'prisma', 'schema.prisma'), { recursive: true });
    assertAll(await bothCommands(tree), 2, /schema\.prisma is a folder, not a regular file/);
  });

  it('a healthy app: 0 from both; a missing table: 1 from check and 1 from fix --dry-run', async () => {
    const files = { 'prisma/schema.prisma': sqliteSchemaHeader() + USER_SESSION_MODELS, '.env': 'DATABASE_URL="file:./dev.db"\n' };
    const healthy = buildPrismaApp({ files, database: { path: 'prisma/dev.db', sql: USER_TABLE_SQL + SESSION_TABLE } });
    const broken = buildPrismaApp({ files, database: { path: 'prisma/dev.db', sql: USER_TABLE_SQL } });
    try {
      for (const r of await bothCommands(healthy.root)) assert.equal(r.code, 0, `${r.command}: ${r.out}`);
      assert.equal((await runCli(['check', broken.root])).code, 1);
      assert.equal((await runCli(['fix', '--dry-run', broken.root])).code, 1);
    } finally {
      healthy.cleanup();
      broken.cleanup();
    }
  });
});
