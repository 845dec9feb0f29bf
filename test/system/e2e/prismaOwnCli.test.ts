/**
 * The Prisma CLI a fix runs, end to end through `session-doctor fix`: the project's own
 * node_modules/.bin/prisma (here a link to the repo's real Prisma 6.19.3, run offline as in
 * prismaFix.test.ts), else `npx --yes prisma@<declared range>`. The command printed is the one run.
 */
import '../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import {
  buildPrismaApp,
  PRISMA_ENV as PRISMA_ENV_BASE,
  REPO_ROOT,
  runCli,
  SESSION_TABLE_SQL,
  sqlite3,
  USER_SESSION_MODELS,
  USER_TABLE_SQL,
} from '../../support/prismaApp';
import { offlinePrismaConfig } from '../../support/realPrisma';

const PRISMA_ENV = { ...PRISMA_ENV_BASE, LANG: 'C' };

const CONFIG = offlinePrismaConfig();

const SCHEMA =
  `generator client {
  provider   = "prisma-client-js"
  engineType = "client"
}

datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
}
` + USER_SESSION_MODELS;

describe('fix runs the project’s own Prisma, or the declared version', function () {
  this.timeout(60_000);

  it('with node_modules/.bin/prisma: prints and runs ./node_modules/.bin/prisma (real Prisma applies the migrations)', async () => {
    const app = buildPrismaApp({
      inRepo: true,
      files: { 'prisma.config.ts': CONFIG, 'prisma/schema.prisma': SCHEMA, 'package.json': JSON.stringify({ devDependencies: { prisma: '^6.19.3' } }) },
      migrations: [{ name: '20260101000000_init', sql: USER_TABLE_SQL + SESSION_TABLE_SQL }],
    });
    try {
      mkdirSync(app.file('node_modules/.bin'), { recursive: true });
      symlinkSync(path.join(REPO_ROOT, 'node_modules', 'prisma', 'build', 'index.js'), app.file('node_modules/.bin/prisma'));
      const dry = await runCli(['fix', app.root, '--dry-run'], { env: PRISMA_ENV });
      assert.match(dry.stdout, /\$ \.\/node_modules\/\.bin\/prisma migrate deploy {2}\(in /);
      assert.doesNotMatch(dry.stdout, /npx/);
      const r = await runCli(['fix', app.root, '--yes'], { env: PRISMA_ENV });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /^\$ \.\/node_modules\/\.bin\/prisma migrate deploy$/m);
      assert.match(r.stdout, /Health now: healthy/);
      assert.equal(
        sqlite3(app.file('prisma/dev.db'), 'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL;').trim(),
        '20260101000000_init',
      );
    } finally {
      app.cleanup();
    }
  });

  it('without node_modules: npx pinned to the range package.json declares, shown exactly as run', async () => {
    const app = buildPrismaApp({
      files: {
        'prisma/schema.prisma': SCHEMA.replace('"file:./dev.db"', 'env("DATABASE_URL")'),
        '.env': 'DATABASE_URL="file:./dev.db"\n',
        'package.json': JSON.stringify({ devDependencies: { prisma: '^6.19.3' }, dependencies: { '@prisma/client': '^6.19.3' } }),
      },
      database: { path: 'prisma/dev.db', sql: USER_TABLE_SQL },
    });
    try {
      const r = await runCli(['fix', app.root, '--dry-run', '--fix', 'prisma.dbPush']);
      assert.match(r.stdout, /\$ npx --yes 'prisma@\^6\.19\.3' db push {2}\(in /);
      const check = await runCli(['check', app.root]);
      assert.match(check.stdout, /\$ npx --yes 'prisma@\^6\.19\.3' db push$/m);
      assert.doesNotMatch(check.stdout, /\$ npx prisma /);
    } finally {
      app.cleanup();
    }
  });
});
