import * as assert from 'node:assert/strict';
import type { AppReport } from '../../../../src/core/problems/diagnosis';
import { WatchSet } from '../../../../src/core/problems/watchSet';
import { inSkippedFolder } from '../../../../src/core/read/findFiles';
import { discoveryMarkers } from '../../../../src/core/stacks/registry';

function app(watchFiles: string[]): AppReport {
  return { framework: 'prisma', root: '/w/app', tableState: 'present', commands: [], watchFiles };
}

describe('WatchSet: what the extension watches, from the diagnosis', () => {
  const set = WatchSet.of(
    [
      { apps: [app(['/w/app/prisma/schema.prisma', '/w/app/prisma/migrations', '/w/app/prisma/dev.db', '/w/app/prisma/dev.db-wal'])] },
      { apps: [app(['/w/api/.env', '/w/api/config'])] },
    ],
    false,
  );

  const cases: Array<[string, boolean]> = [
    ['/w/app/prisma/schema.prisma', true],
    ['/w/app/prisma/dev.db-wal', true],
    ['/w/app/prisma/dev.db-journal', false],
    ['/w/app/prisma/migrations', true],
    ['/w/app/prisma/migrations/20240101_init/migration.sql', true],
    ['/w/app/prisma/other.prisma', false],
    ['/w/app/prisma', false],
    ['/w/api/.env', true],
    ['/w/api/.env.local', false],
    ['/w/api/config/session.php', true],
    ['/w/api/configuration.php', false],
    ['/w/api/storage/logs/laravel.log', false],
    ['/w/app/prisma/../prisma/dev.db', true],
  ];
  for (const [file, covered] of cases) {
    it(`${covered ? 'covers' : 'does not cover'} ${file}`, () => assert.equal(set.covers(file), covered));
  }

  it('lists every path once, sorted; equal sets are equal', () => {
    assert.deepEqual(set.paths, [
      '/w/api/.env',
      '/w/api/config',
      '/w/app/prisma/dev.db',
      '/w/app/prisma/dev.db-wal',
      '/w/app/prisma/migrations',
      '/w/app/prisma/schema.prisma',
    ]);
    assert.ok(set.equals(new WatchSet([...set.paths].reverse(), false)));
    assert.ok(!set.equals(new WatchSet(set.paths.slice(1), false)));
    assert.ok(!new WatchSet([], false).covers('/'));
  });

  it('folds case where the file system does', () => {
    assert.ok(new WatchSet(['/W/App/.env'], true).covers('/w/app/.ENV'));
    assert.ok(!new WatchSet(['/W/App/.env'], false).covers('/w/app/.ENV'));
  });
});

describe('discovery markers', () => {
  it('name the files that make a Prisma or Laravel app', () => {
    const globs = discoveryMarkers();
    for (const g of ['**/*.prisma', '**/artisan', '**/composer.json', '**/.config/prisma.ts']) assert.ok(globs.includes(g), g);
    assert.ok(globs.some((g) => g.includes('prisma.config.ts') && g.includes('prisma.config.mjs')));
  });

  const skipped: Array<[string, boolean]> = [
    ['artisan', false],
    ['apps/api/artisan', false],
    ['node_modules/x/prisma/schema.prisma', true],
    ['vendor/laravel/framework/composer.json', true],
    ['apps/web/.next/server/schema.prisma', true],
    ['.hidden/app/artisan', true],
    ['apps/web/.config/prisma.ts', false],
    ['apps\\api\\vendor\\composer.json', true],
  ];
  for (const [rel, want] of skipped) {
    it(`${rel}: ${want ? 'in a folder discovery skips' : 'seen by discovery'}`, () => assert.equal(inSkippedFolder(rel), want));
  }
});
