/**
 * A Prisma app on a real PostgreSQL and MariaDB: the live check reads the session table's columns,
 * so a table that lacks columns of the model is reported there too (as on SQLite), with Prisma's
 * own way to write the migration as advice (no SQL of Session Doctor's own on a server).
 */
import * as assert from 'node:assert/strict';
import { startMariaDb, startPostgres, type TestDatabaseServer } from '../../../support/databases';
import { runCli } from '../../../support/runCli';
import { makeTree, removeTree } from '../../../support/tempTree';

interface Json {
  apps: Array<{ framework: string; tableState: string }>;
  problems: Array<{ code: string; message: string; fixes: Array<{ id: string; manual?: boolean }> }>;
}

for (const dialect of ['postgresql', 'mysql'] as const) {
  describe(`Prisma on ${dialect === 'mysql' ? 'MariaDB' : 'PostgreSQL'}: session table columns, live`, function () {
    this.timeout(120_000);
    let db: TestDatabaseServer;
    let url: string;
    const roots: string[] = [];
    const q = (name: string): string => (dialect === 'mysql' ? `\`${db.database}\`.\`${name}\`` : `"${name}"`);

    before(async () => {
      db = dialect === 'mysql' ? await startMariaDb() : await startPostgres();
      url = `${dialect}://${db.user}:${encodeURIComponent(db.password)}@${db.host}:${db.port}/${db.database}`;
    });
    after(async () => {
      for (const r of roots) removeTree(r);
      await db?.stop();
    });

    function app(): string {
      const root = makeTree({
        'package.json': '{"name":"p","private":true}\n',
        'prisma/schema.prisma': `datasource db {\n  provider = "${dialect}"\n  url      = env("DATABASE_URL")\n}\n\nmodel Session {\n  id        String   @id\n  data      String?\n  expiresAt DateTime\n}\n`,
        'prisma/migrations/20250101000000_init/migration.sql': '-- the migration that made the table\n',
      });
      roots.push(root);
      return root;
    }

    async function check(root: string): Promise<{ code: number; json: Json; raw: string }> {
      const r = await runCli(['check', root, '--json'], { env: { PATH: process.env.PATH, LANG: 'C', DATABASE_URL: url } });
      return { code: r.code, json: JSON.parse(r.stdout) as Json, raw: r.stdout + r.stderr };
    }

    it('a table without `data`: prisma.sessionColumnsMissing, with migrate dev --create-only as advice only', async () => {
      const timestamp = dialect === 'mysql' ? 'DATETIME(3)' : 'TIMESTAMP(3)';
      await db.exec(
        `CREATE TABLE ${q('Session')} (id VARCHAR(191) NOT NULL PRIMARY KEY, ${dialect === 'mysql' ? '`expiresAt`' : '"expiresAt"'} ${timestamp} NOT NULL)`,
      );
      const r = await check(app());
      assert.equal(r.code, 1, r.raw);
      assert.deepEqual(
        r.json.problems.map((p) => [p.code, p.fixes.map((f) => `${f.id}${f.manual ? ' (manual)' : ''}`)]),
        [['prisma.sessionColumnsMissing', ['prisma.migrateDevCreateOnly (manual)']]],
      );
      assert.match(r.json.problems[0].message, /lacks the column\(s\) data/);
      assert.ok(!r.raw.includes(db.password), 'the password is never printed');

      // The column added by hand: healthy.
      await db.exec(`ALTER TABLE ${q('Session')} ADD COLUMN ${dialect === 'mysql' ? '`data`' : '"data"'} TEXT`);
      const healthy = await check(app());
      assert.deepEqual([healthy.code, healthy.json.problems], [0, []], healthy.raw);
      await db.exec(`DROP TABLE ${q('Session')}`);
    });
  });
}
