import * as assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { findLocalPrismaBin, pinnableRange, prismaCliArgv } from '../../../../../src/core/stacks/prisma/prismaCli';
import { diagnose } from '../../../../../src/core/pipeline';
import { makeTree, removeTree } from '../../../../support/tempTree';

const SCHEMA = 'datasource db {\n  provider = "sqlite"\n  url      = "file:./dev.db"\n}\n\nmodel Session {\n  id String @id\n}\n';

describe('Which Prisma CLI a fix runs', () => {
  it('pins only ranges npm can resolve from the registry', () => {
    const cases: Array<[string | undefined, string | undefined]> = [
      ['^6.19.3', '^6.19.3'],
      ['6.19.3', '6.19.3'],
      ['~6.19', '~6.19'],
      ['6.x', '6.x'],
      ['>=6 <7', '>=6 <7'],
      [' ^6.1.0 ', '^6.1.0'],
      ['workspace:*', undefined],
      ['catalog:', undefined],
      ['latest', undefined],
      ['file:../prisma', undefined],
      ['npm:prisma@6', undefined],
      ['*', undefined],
      ['', undefined],
      [undefined, undefined],
    ];
    for (const [range, want] of cases) assert.equal(pinnableRange(range), want, String(range));
  });

  it('builds the argv: own CLI as a relative path, else npx pinned, else plain npx', () => {
    const root = path.join(path.sep, 'w', 'app');
    assert.deepEqual(prismaCliArgv({ kind: 'local', bin: path.join(root, 'node_modules', '.bin', 'prisma') }, root), [
      `.${path.sep}${path.join('node_modules', '.bin', 'prisma')}`,
    ]);
    assert.deepEqual(prismaCliArgv({ kind: 'local', bin: path.join(path.sep, 'w', 'node_modules', '.bin', 'prisma') }, root), [
      path.join('..', 'node_modules', '.bin', 'prisma'),
    ]);
    assert.deepEqual(prismaCliArgv({ kind: 'npx', range: '^6.19.3' }, root), ['npx', '--yes', 'prisma@^6.19.3']);
    assert.deepEqual(prismaCliArgv({ kind: 'npx', range: 'workspace:*' }, root), ['npx', 'prisma']);
    assert.deepEqual(prismaCliArgv(undefined, root), ['npx', 'prisma']);
  });

  it('finds node_modules/.bin/prisma walking up from the app, never above the folder it was given', async () => {
    const tree = makeTree({
      'mono/node_modules/.bin/prisma': '#!/bin/sh\n',
      'mono/apps/web/package.json': '{}',
      'outside/app/package.json': '{}',
      'node_modules/.bin/prisma': '#!/bin/sh\n',
    });
    try {
      const web = path.join(tree, 'mono', 'apps', 'web');
      assert.equal(await findLocalPrismaBin(web, path.join(tree, 'mono')), path.join(tree, 'mono', 'node_modules', '.bin', 'prisma'));
      // Pointed at the app itself, the monorepo's binary above it is not taken.
      assert.equal(await findLocalPrismaBin(web, web), undefined);
      // The tree root has one, but `outside/app` was the folder given.
      assert.equal(await findLocalPrismaBin(path.join(tree, 'outside', 'app'), path.join(tree, 'outside', 'app')), undefined);
      // A root outside the stop folder finds nothing.
      assert.equal(await findLocalPrismaBin(path.join(tree, 'outside', 'app'), web), undefined);
      assert.equal(await findLocalPrismaBin(web, path.join(tree, 'mono'), 'win32'), undefined, 'Windows looks for prisma.cmd');
    } finally {
      removeTree(tree);
    }
  });

  it('a symlinked .bin/prisma (as npm installs it) counts; a dangling one does not', async () => {
    const tree = makeTree({ 'node_modules/prisma/build/index.js': '', 'prisma/schema.prisma': SCHEMA });
    try {
      mkdirSync(path.join(tree, 'node_modules', '.bin'));
      symlinkSync('../prisma/build/index.js', path.join(tree, 'node_modules', '.bin', 'prisma'));
      assert.equal(await findLocalPrismaBin(tree, tree), path.join(tree, 'node_modules', '.bin', 'prisma'));
      symlinkSync('../nowhere.js', path.join(tree, 'node_modules', '.bin', 'prisma.cmd'));
      assert.equal(await findLocalPrismaBin(tree, tree, 'win32'), undefined);
    } finally {
      removeTree(tree);
    }
  });

  it('every Prisma fix and palette command of a diagnosed app uses the same CLI', async () => {
    const tree = makeTree({ 'package.json': JSON.stringify({ devDependencies: { prisma: '^6.19.3' } }), 'prisma/schema.prisma': SCHEMA });
    try {
      writeFileSync(path.join(tree, 'prisma', 'dev.db'), '');
      let d = await diagnose(tree, { env: {} });
      const argv0 = (d2: typeof d) =>
        [...d2.apps[0].commands, ...d2.problems.flatMap((p) => p.fixes)].flatMap((f) =>
          f.kind === 'run-command' ? f.commands.map((c) => c.argv.slice(0, 3).join(' ')) : [],
        );
      assert.ok(argv0(d).length >= 4);
      assert.deepEqual(new Set(argv0(d)).size, 1, argv0(d).join('\n'));
      assert.ok(argv0(d)[0].startsWith('npx --yes prisma@^6.19.3'));
      mkdirSync(path.join(tree, 'node_modules', '.bin'), { recursive: true });
      writeFileSync(path.join(tree, 'node_modules', '.bin', 'prisma'), '#!/bin/sh\n');
      d = await diagnose(tree, { env: {} });
      for (const c of d.apps[0].commands)
        if (c.kind === 'run-command') assert.equal(c.commands[0].argv[0], `.${path.sep}${path.join('node_modules', '.bin', 'prisma')}`);
    } finally {
      removeTree(tree);
    }
  });
});
