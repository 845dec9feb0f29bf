import * as assert from 'node:assert/strict';
import type { Fix, Problem } from '../../../../src/core/model';
import { selectFixById } from '../../../../src/core/problems/fixById';

const fix = (id: string, destructive = false): Fix => ({
  kind: 'run-command',
  id,
  title: { id },
  destructive,
  requiresTrust: true,
  commands: [{ argv: ['true'], cwd: '/w' }],
});
const problem = (app: string, code: string, ...fixes: Fix[]): Problem => ({ code, severity: 'error', message: { id: code }, app, fixes });

// Two workspace folders; an app in each, and one more beside the second.
const ROOTS = ['/w1', '/w2'];
const prisma = problem('/w1/prisma-app', 'prisma.sessionTableMissing', fix('prisma.dbPush'), fix('prisma.createTable'), fix('prisma.migrateReset', true));
const laravel = problem('/w2/laravel-api', 'laravel.sessionTableMissing', fix('laravel.driver.cookie'), fix('laravel.createTable'));
const laravelCached = problem('/w2/laravel-api', 'laravel.configCached', fix('laravel.configClear'), fix('laravel.driver.cookie'));
const other = problem('/w2/shop', 'laravel.sessionTableMissing', fix('laravel.driver.cookie'));

describe('selectFixById: the fix an agent names by id', () => {
  const cases: Array<[string, Problem[], string, string | undefined, string]> = [
    ['the one app that offers it', [prisma, laravel], 'prisma.createTable', undefined, 'one /w1/prisma-app prisma.sessionTableMissing'],
    [
      'a destructive fix is found like any other (the caller applies the rules)',
      [prisma],
      'prisma.migrateReset',
      undefined,
      'one /w1/prisma-app prisma.sessionTableMissing',
    ],
    ['an id no problem has', [prisma, laravel], 'prisma.migrateDeploy', undefined, 'none'],
    ['an empty list', [], 'prisma.createTable', undefined, 'none'],
    [
      'two problems of one app: the first (most important) wins',
      [laravel, laravelCached],
      'laravel.driver.cookie',
      undefined,
      'one /w2/laravel-api laravel.sessionTableMissing',
    ],
    ['two apps, none named: ambiguous', [laravel, other], 'laravel.driver.cookie', undefined, 'ambiguous /w2/laravel-api,/w2/shop'],
    ['two apps, one named relative to its workspace folder', [laravel, other], 'laravel.driver.cookie', 'shop', 'one /w2/shop laravel.sessionTableMissing'],
    [
      'two apps, one named absolute, with a trailing slash',
      [laravel, other],
      'laravel.driver.cookie',
      '/w2/laravel-api/',
      'one /w2/laravel-api laravel.sessionTableMissing',
    ],
    ['an app named that lacks the fix', [prisma, laravel], 'prisma.createTable', 'laravel-api', 'none'],
    ['an app named that does not exist', [prisma], 'prisma.createTable', 'nowhere', 'none'],
    ['a blank app is no app', [prisma], 'prisma.createTable', '  ', 'one /w1/prisma-app prisma.sessionTableMissing'],
    ['ids are exact: no prefix match', [laravel], 'laravel.driver', undefined, 'none'],
  ];
  for (const [name, problems, id, app, want] of cases) {
    it(name, () => {
      const s = selectFixById(problems, id, app, ROOTS);
      const got = s.kind === 'one' ? `one ${s.match.problem.app} ${s.match.problem.code}` : s.kind === 'ambiguous' ? `ambiguous ${s.apps.join(',')}` : 'none';
      assert.equal(got, want);
      if (s.kind === 'one') assert.equal(s.match.fix.id, id);
    });
  }

  it("returns the problem's own fix object (the one every surface renders), not a copy", () => {
    const s = selectFixById([prisma], 'prisma.createTable', undefined, ROOTS);
    assert.equal(s.kind === 'one' && s.match.fix, prisma.fixes[1]);
  });
});
