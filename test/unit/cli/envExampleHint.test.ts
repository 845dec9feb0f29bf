/**
 * A Prisma project without .env (Epic Stack right after clone): the reason names .env.example and
 * what it sets the variable to, a password or token masked. Before, it said only "DATABASE_URL is
 * not set".
 * The Epic Stack lines are the first and fifth of epicweb-dev/epic-stack's .env.example at commit
 * 05190dcb3f434bd8c4b6e8ed334afd68753dad0a (placeholder values, no real secret).
 */
import '../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import { buildPrismaApp, runCli, sqliteSchemaHeader, USER_SESSION_MODELS } from '../../support/prismaApp';

const ENV = { PATH: process.env.PATH, LANG: 'C' };

describe('Prisma without .env: .env.example is named, without secrets', () => {
  const cases: Array<{ name: string; example?: string; schema?: string; want: RegExp; secret?: string }> = [
    {
      name: 'Epic Stack shape: a SQLite url',
      example:
        'LITEFS_DIR="/litefs/data"\nDATABASE_PATH="./prisma/data.db"\nDATABASE_URL="file:./data.db?connection_limit=1"\nSESSION_SECRET="super-duper-s3cret"\n',
      want: /The database is not known: DATABASE_URL is not set in the environment or in the project's \.env files\. \.env\.example has DATABASE_URL=file:\.\/data\.db\?connection_limit=1: copy \.env\.example to \.env beside it and review the values\./,
      secret: 'super-duper-s3cret',
    },
    {
      name: 'a server url with a password: masked',
      example: 'DATABASE_URL="postgresql://app:Example-Pass-5@localhost:5432/app?schema=public"\n',
      schema: sqliteSchemaHeader().replace('"sqlite"', '"postgresql"'),
      want: /\.env\.example has DATABASE_URL=postgresql:\/\/app:\*\*\*\*@localhost:5432\/app\?schema=public/,
      secret: 'Example-Pass-5',
    },
    {
      name: '.env.example without the variable: said too',
      example: 'PORT=3000\n',
      want: /DATABASE_URL is not set in the environment, in the project's \.env files, or in \.env\.example\./,
    },
    {
      name: 'no .env.example: the plain reason',
      want: /^ {6}The database is not known: DATABASE_URL is not set in the environment or in the project's \.env files\.$/m,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const app = buildPrismaApp({
        files: { 'prisma/schema.prisma': (c.schema ?? sqliteSchemaHeader()) + USER_SESSION_MODELS, ...(c.example ? { '.env.example': c.example } : {}) },
      });
      try {
        const r = await runCli(['check', app.root, '--no-live'], { env: ENV });
        assert.equal(r.code, 2, r.stdout);
        assert.match(r.stdout, c.want);
        if (c.secret) assert.ok(!(r.stdout + r.stderr).includes(c.secret));
        const json = await runCli(['check', app.root, '--json'], { env: ENV });
        if (c.secret) assert.ok(!json.stdout.includes(c.secret));
      } finally {
        app.cleanup();
      }
    });
  }

  it('French', async () => {
    const app = buildPrismaApp({
      files: { 'prisma/schema.prisma': sqliteSchemaHeader() + USER_SESSION_MODELS, '.env.example': 'DATABASE_URL="file:./data.db"\n' },
    });
    try {
      const r = await runCli(['check', app.root], { env: { ...ENV, SESSION_DOCTOR_LANG: 'fr' } });
      assert.match(r.stdout, /\.env\.example contient DATABASE_URL=file:\.\/data\.db : copiez \.env\.example en \.env/);
    } finally {
      app.cleanup();
    }
  });
});
