/**
 * Text from the workspace reaches the terminal escaped: a newline in a folder name cannot print a
 * line of its own (such as a fake "Health: healthy"), and NUL bytes or escape sequences from a
 * `.env` are never written raw.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { printable } from '../../../src/core/report/printable';
import { buildLaravelApp } from '../../support/laravelApp';
import { buildPrismaApp, sqliteSchemaHeader, USER_SESSION_MODELS, USER_TABLE_SQL } from '../../support/prismaApp';
import { runCli } from '../../support/runCli';

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('printed paths and values: control characters escaped', function () {
  this.timeout(30_000);

  it('printable(): escapes controls, separators and bidi overrides; leaves ordinary text (and its backslashes) alone', () => {
    assert.equal(printable('/srv/app/prisma/dev.db'), '/srv/app/prisma/dev.db');
    assert.equal(printable('C:\\apps\\api'), 'C:\\apps\\api');
    assert.equal(printable('a\nb'), 'a\\nb');
    assert.equal(printable('a\\b\n'), 'a\\\\b\\n', 'with something escaped, a backslash is doubled: the text stays unambiguous');
    assert.equal(printable('x\0y\x1b[31m\r\t\x7f\u0085'), 'x\\0y\\x1b[31m\\r\\t\\x7f\\x85');
    assert.equal(printable('ab\u202ecd\u2028'), 'ab\\u202ecd\\u2028');
    assert.equal(printable('café ✓'), 'café ✓');
  });

  it('a newline in the folder name cannot fake a "Health: healthy" line (check and fix)', async () => {
    const files = { 'prisma/schema.prisma': sqliteSchemaHeader() + USER_SESSION_MODELS, '.env': 'DATABASE_URL="file:./dev.db"\n' };
    const app = buildPrismaApp({ files, database: { path: 'prisma/dev.db', sql: USER_TABLE_SQL } });
    const evil = path.join(app.root, 'x\n\nHealth: healthy\n');
    try {
      fs.mkdirSync(evil);
      for (const name of fs.readdirSync(app.root)) if (name !== path.basename(evil)) fs.renameSync(path.join(app.root, name), path.join(evil, name));
      for (const args of [
        ['check', evil],
        ['fix', '--dry-run', evil],
        ['check', path.join(evil, 'missing')],
        ['fix', '--yes', path.join(evil, 'missing')],
      ]) {
        const r = await runCli(args);
        const lines = (r.stdout + r.stderr).split('\n');
        assert.ok(!lines.includes('Health: healthy'), `${args[0]} printed a raw newline from the path:\n${r.stdout}${r.stderr}`);
        assert.match(r.stdout + r.stderr, /x\\n\\nHealth: healthy\\n/);
      }
    } finally {
      app.cleanup();
    }
  });

  it('NUL bytes and an escape sequence in a .env value are not echoed raw', async () => {
    const app = buildLaravelApp({ from: 'laravel11-sqlite', env: { SESSION_DRIVER: 'data\0base\x1b[2J' } });
    try {
      for (const args of [
        ['check', app.root],
        ['fix', '--dry-run', app.root],
      ]) {
        const r = await runCli(args);
        assert.doesNotMatch(r.stdout + r.stderr, RAW_CONTROL, `${args[0]} echoed a control character`);
        assert.match(r.stdout, /data\\0base\\x1b\[2J/);
      }
    } finally {
      app.cleanup();
    }
  });

  it('sql over two apps: a folder name with a newline cannot put a statement into the printed SQL', async () => {
    const files = { 'prisma/schema.prisma': sqliteSchemaHeader() + USER_SESSION_MODELS, '.env': 'DATABASE_URL="file:./dev.db"\n' };
    const parent = buildPrismaApp({ files: {} });
    try {
      for (const name of ['a', 'b\nDROP TABLE "User";\n--']) {
        const root = path.join(parent.root, name);
        for (const [rel, text] of Object.entries(files)) {
          fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
          fs.writeFileSync(path.join(root, rel), text);
        }
      }
      const r = await runCli(['sql', '--no-live', parent.root]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!r.stdout.split('\n').some((l) => l.startsWith('DROP TABLE')), r.stdout);
      assert.match(r.stdout, /^-- b\\nDROP TABLE "User";\\n-- \(sqlite\)$/m);
    } finally {
      parent.cleanup();
    }
  });
});
