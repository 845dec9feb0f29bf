/**
 * A database outside the folder being fixed (a `file:../..` url, or a symlink out of it) is only
 * written when the user says so (`--allow-outside`); the refusal changes no byte.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { outsideWorkspace } from '../../../../src/core/fixes/apply/applySqlFix';
import { buildPrismaApp, runCli, SEED_USERS_SQL, sqlite3, sqliteSchemaHeader, USER_SESSION_MODELS, USER_TABLE_SQL } from '../../../support/prismaApp';

describe('fix: a database outside the workspace', () => {
  const cleanup: string[] = [];
  after(() => cleanup.forEach((d) => rmSync(d, { recursive: true, force: true })));

  function elsewhereDb(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sd-elsewhere-'));
    cleanup.push(dir);
    const db = path.join(dir, 'elsewhere.db');
    sqlite3(db, USER_TABLE_SQL + SEED_USERS_SQL);
    return db;
  }

  const cases: Array<{ name: string; make: (db: string) => { url: string; link?: (root: string) => void } }> = [
    { name: 'an absolute file: url', make: (db) => ({ url: `"file:${db}"` }) },
    {
      name: 'a symlink inside the app pointing out of it',
      make: (db) => ({ url: '"file:./dev.db"', link: (root) => symlinkSync(db, path.join(root, 'prisma', 'dev.db')) }),
    },
  ];

  for (const c of cases) {
    it(`${c.name}: refused without --allow-outside, nothing changed; applied with it`, async () => {
      const db = elsewhereDb();
      const { url, link } = c.make(db);
      const app = buildPrismaApp({ files: { 'prisma/schema.prisma': sqliteSchemaHeader(url) + USER_SESSION_MODELS } });
      cleanup.push(app.root);
      mkdirSync(path.join(app.root, 'prisma'), { recursive: true });
      link?.(app.root);
      const before = readFileSync(db);

      const refused = await runCli(['fix', app.root, '--create-table', '--yes']);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /outside .*--allow-outside/);
      assert.deepEqual(readFileSync(db), before);
      assert.equal(sqlite3(db, "select count(*) from sqlite_master where name = 'Session';").trim(), '0');

      const applied = await runCli(['fix', app.root, '--create-table', '--yes', '--allow-outside']);
      assert.equal(applied.code, 0, applied.stderr);
      assert.equal(sqlite3(db, "select count(*) from sqlite_master where name = 'Session';").trim(), '1');
      assert.equal(sqlite3(db, 'select count(*) from "User";').trim(), '3');
    });
  }

  it('with several workspace folders, a database inside any of them is inside; a link out of them is not', async () => {
    const a = mkdtempSync(path.join(os.tmpdir(), 'sd-root-a-'));
    const b = mkdtempSync(path.join(os.tmpdir(), 'sd-root-b-'));
    cleanup.push(a, b);
    const db = path.join(b, 'app.db');
    sqlite3(db, USER_TABLE_SQL);
    assert.equal(await outsideWorkspace(db, [a, b]), undefined);
    assert.match((await outsideWorkspace(db, [a])) ?? '', /is outside/);
    const outside = elsewhereDb();
    symlinkSync(outside, path.join(a, 'linked.db'));
    assert.match((await outsideWorkspace(path.join(a, 'linked.db'), [a, b])) ?? '', /a link to .*elsewhere\.db/);
  });
});
