import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { discoverPrismaProjects } from '../../../../../src/core/stacks/prisma/prismaProject';
import { readPrismaConfigText } from '../../../../../src/core/stacks/prisma/prismaConfigText';
import { resolvePrismaDatabase } from '../../../../../src/core/stacks/prisma/prismaDatabase';
import { makeTree, removeTree } from '../../../../support/tempTree';

const SCHEMA = 'datasource db {\n  provider = "sqlite"\n  url = env("DATABASE_URL")\n}\nmodel Session {\n  id String @id\n}\n';

describe('Prisma project discovery', () => {
  const cases: Array<{
    name: string;
    files: Record<string, string>;
    expect: Array<{ root: string; schema: string; from: string; migrations: string; files?: number }>;
  }> = [
    {
      name: 'default prisma/schema.prisma',
      files: { 'package.json': '{}', 'prisma/schema.prisma': SCHEMA },
      expect: [{ root: '.', schema: 'prisma/schema.prisma', from: 'default', migrations: 'prisma/migrations' }],
    },
    {
      name: 'schema.prisma at the root',
      files: { 'schema.prisma': SCHEMA },
      expect: [{ root: '.', schema: 'schema.prisma', from: 'default', migrations: 'migrations' }],
    },
    {
      name: 'multi-file schema folder',
      files: {
        'prisma/schema/base.prisma': SCHEMA,
        'prisma/schema/user.prisma': 'model User {\n id Int @id\n}\n',
        'prisma/schema/migrations/1_x/migration.sql': '',
      },
      expect: [{ root: '.', schema: 'prisma/schema', from: 'default', migrations: 'prisma/schema/migrations', files: 2 }],
    },
    {
      name: 'package.json "prisma.schema"',
      files: { 'package.json': '{"prisma":{"schema":"db/app.prisma"}}', 'db/app.prisma': SCHEMA },
      expect: [{ root: '.', schema: 'db/app.prisma', from: 'package.json', migrations: 'db/migrations' }],
    },
    {
      name: 'prisma.config.ts with path.join and a migrations path',
      files: {
        'prisma.config.ts':
          "import path from 'node:path';\nexport default defineConfig({ schema: path.join('database', 'main.prisma'), migrations: { path: 'database/history' } });\n",
        'database/main.prisma': SCHEMA,
      },
      expect: [{ root: '.', schema: 'database/main.prisma', from: 'prisma.config', migrations: 'database/history' }],
    },
    {
      name: 'a monorepo with two apps, node_modules skipped',
      files: {
        'apps/web/package.json': '{}',
        'apps/web/prisma/schema.prisma': SCHEMA,
        'apps/admin/schema.prisma': SCHEMA,
        'node_modules/some-lib/prisma/schema.prisma': SCHEMA,
        'apps/web/node_modules/.prisma/client/schema.prisma': SCHEMA,
      },
      expect: [
        { root: 'apps/admin', schema: 'apps/admin/schema.prisma', from: 'default', migrations: 'apps/admin/migrations' },
        { root: 'apps/web', schema: 'apps/web/prisma/schema.prisma', from: 'default', migrations: 'apps/web/prisma/migrations' },
      ],
    },
    { name: 'nothing to find', files: { 'README.md': 'hello' }, expect: [] },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const root = makeTree(c.files);
      try {
        const found = await discoverPrismaProjects(root);
        const got = found
          .map((p) => ({
            root: path.relative(root, p.root) || '.',
            schema: path.relative(root, p.schemaPath),
            from: p.schemaFrom,
            migrations: path.relative(root, p.migrationsDir),
            ...(c.expect.some((e) => e.files !== undefined) ? { files: p.schemaFiles.length } : {}),
          }))
          .sort((a, b) => a.root.localeCompare(b.root));
        assert.deepEqual(got, c.expect);
      } finally {
        removeTree(root);
      }
    });
  }

  it('reads the installed Prisma version from node_modules over the declared range', async () => {
    const root = makeTree({
      'package.json': '{"devDependencies":{"prisma":"^6.1.0"}}',
      'node_modules/prisma/package.json': '{"version":"7.2.0"}',
      'prisma/schema.prisma': SCHEMA,
    });
    try {
      const [p] = await discoverPrismaProjects(root);
      assert.equal(p.prismaVersion, '7.2.0');
      assert.equal(p.prismaMajor, 7);
    } finally {
      removeTree(root);
    }
  });
});

describe('prisma.config text reader', () => {
  const table: Array<[string, string, Partial<ReturnType<typeof readPrismaConfigText>>]> = [
    [
      'literal schema + env() url + dotenv/config',
      "import 'dotenv/config'\nexport default defineConfig({ schema: 'prisma/schema.prisma', datasource: { url: env('DATABASE_URL') } })",
      { schema: 'prisma/schema.prisma', datasourceUrl: { kind: 'env', name: 'DATABASE_URL' }, loadsDotenv: true },
    ],
    [
      'process.env url, no dotenv',
      'export default { schema: "s.prisma", datasource: { url: process.env.DB_URL } }',
      { schema: 's.prisma', datasourceUrl: { kind: 'env', name: 'DB_URL' }, loadsDotenv: false },
    ],
    ['literal url', "export default defineConfig({ datasource: { url: 'file:./dev.db' } })", { datasourceUrl: { kind: 'literal', value: 'file:./dev.db' } }],
    [
      'computed url is not guessed',
      'export default defineConfig({ datasource: { url: makeUrl() } })',
      { datasourceUrl: { kind: 'computed', text: 'makeUrl()' } },
    ],
    [
      'dotenv.config with a path',
      "import dotenv from 'dotenv'\ndotenv.config({ path: '.env.local' })\nexport default {}",
      { loadsDotenv: true, dotenvPath: '.env.local' },
    ],
    ['commented-out schema is ignored', "// schema: 'old.prisma'\nexport default { schema: 'new.prisma' }", { schema: 'new.prisma' }],
    ['adapter config', "export default defineConfig({ experimental: { adapter: true }, engine: 'js', async adapter() { return x } })", { usesAdapter: true }],
  ];
  for (const [name, text, expected] of table) {
    it(name, () => {
      const facts = readPrismaConfigText(text);
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(facts[k as keyof typeof facts], v, k);
    });
  }
});

describe('Prisma database location', () => {
  it('resolves file: urls with a query, an absolute path and percent escapes', async () => {
    const root = makeTree({ 'prisma/schema.prisma': SCHEMA });
    try {
      const [p] = await discoverPrismaProjects(root);
      const at = async (url: string) =>
        (await resolvePrismaDatabase(p, { provider: 'sqlite', url: { kind: 'literal', value: url }, file: p.schemaFiles[0] })).sqlitePath;
      assert.equal(await at('file:dev.db?connection_limit=1'), path.join(root, 'prisma', 'dev.db'));
      assert.equal(await at('file:/abs/my%20db.sqlite'), '/abs/my db.sqlite');
      const notFile = await resolvePrismaDatabase(p, { provider: 'sqlite', url: { kind: 'literal', value: 'postgresql://u:p@h/db' }, file: p.schemaFiles[0] });
      assert.equal(notFile.sqlitePath, undefined);
      assert.ok(notFile.unresolved);
    } finally {
      removeTree(root);
    }
  });

  const ds = (file: string) => ({ provider: 'sqlite', url: { kind: 'env' as const, name: 'DATABASE_URL' }, file });

  it('Prisma 6, no config: root .env, path relative to the schema folder', async () => {
    const root = makeTree({ '.env': 'DATABASE_URL="file:./dev.db"\n', 'prisma/schema.prisma': SCHEMA });
    try {
      const [p] = await discoverPrismaProjects(root);
      const t = await resolvePrismaDatabase(p, ds(p.schemaFiles[0]));
      assert.equal(t.sqlitePath, path.join(root, 'prisma', 'dev.db'));
      assert.equal(t.envFile, path.join(root, '.env'));
      assert.equal(t.sqliteBase?.rule, 'schema-folder');
    } finally {
      removeTree(root);
    }
  });

  it('Prisma 6, no config: prisma/.env is read when the root .env lacks the variable', async () => {
    const root = makeTree({ '.env': 'OTHER=1\n', 'prisma/.env': 'DATABASE_URL=file:../data/app.db\n', 'prisma/schema.prisma': SCHEMA });
    try {
      const [p] = await discoverPrismaProjects(root);
      const t = await resolvePrismaDatabase(p, ds(p.schemaFiles[0]));
      assert.equal(t.sqlitePath, path.join(root, 'data', 'app.db'));
      assert.equal(t.envFile, path.join(root, 'prisma', '.env'));
    } finally {
      removeTree(root);
    }
  });

  it('the process environment wins over .env files, as with dotenv', async () => {
    const root = makeTree({ '.env': 'DATABASE_URL=file:./a.db\n', 'prisma/schema.prisma': SCHEMA });
    try {
      const [p] = await discoverPrismaProjects(root);
      const t = await resolvePrismaDatabase(p, ds(p.schemaFiles[0]), { DATABASE_URL: 'file:/tmp/b.db' });
      assert.equal(t.sqlitePath, '/tmp/b.db');
      assert.equal(t.envFile, undefined);
    } finally {
      removeTree(root);
    }
  });

  it('expands ${VAR} references like dotenv-expand', async () => {
    const root = makeTree({ '.env': 'DB_FILE=data.db\nDATABASE_URL="file:./${DB_FILE}"\n', 'prisma/schema.prisma': SCHEMA });
    try {
      const [p] = await discoverPrismaProjects(root);
      const t = await resolvePrismaDatabase(p, ds(p.schemaFiles[0]));
      assert.equal(t.sqlitePath, path.join(root, 'prisma', 'data.db'));
    } finally {
      removeTree(root);
    }
  });

  it('Prisma 7: a config url is resolved relative to prisma.config.ts', async () => {
    const root = makeTree({
      'node_modules/prisma/package.json': '{"version":"7.1.0"}',
      'prisma.config.ts': "import 'dotenv/config'\nexport default defineConfig({ schema: 'prisma/schema.prisma', datasource: { url: env('DATABASE_URL') } })",
      '.env': 'DATABASE_URL=file:./dev.db\n',
      'prisma/schema.prisma': 'datasource db {\n  provider = "sqlite"\n}\n',
    });
    try {
      const [p] = await discoverPrismaProjects(root);
      const t = await resolvePrismaDatabase(p, { provider: 'sqlite', file: p.schemaFiles[0] });
      assert.equal(t.sqlitePath, path.join(root, 'dev.db'));
      assert.equal(t.urlFrom, 'prisma.config');
      assert.equal(t.sqliteBase?.rule, 'config-folder');
      assert.equal(t.envAssumed, undefined);
    } finally {
      removeTree(root);
    }
  });

  it('a config that loads no .env: the root .env is read but flagged as assumed', async () => {
    const root = makeTree({
      'prisma.config.ts': "export default defineConfig({ schema: 'prisma/schema.prisma' })",
      '.env': 'DATABASE_URL=file:./dev.db\n',
      'prisma/schema.prisma': SCHEMA,
    });
    try {
      const [p] = await discoverPrismaProjects(root);
      const t = await resolvePrismaDatabase(p, ds(p.schemaFiles[0]));
      assert.equal(t.envAssumed, true);
      assert.equal(t.sqlitePath, path.join(root, 'prisma', 'dev.db'));
    } finally {
      removeTree(root);
    }
  });

  it('an unset variable is unresolved with a reason, not a guess', async () => {
    const root = makeTree({ 'prisma/schema.prisma': SCHEMA });
    try {
      const [p] = await discoverPrismaProjects(root);
      const t = await resolvePrismaDatabase(p, ds(p.schemaFiles[0]));
      assert.equal(t.sqlitePath, undefined);
      assert.match(t.unresolved ?? '', /DATABASE_URL is not set/);
    } finally {
      removeTree(root);
    }
  });
});
