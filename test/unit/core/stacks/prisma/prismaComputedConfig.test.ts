/**
 * A prisma.config.ts that computes its datasource url (the shape of kentcdodds.com's, see
 * test/fixtures/prisma-apps/kentcdodds-computed-config/PROVENANCE.md). Nothing is run: the url is
 * taken from DATABASE_URL when the config reads it, as Prisma would find it (the environment first,
 * then the .env the config loads), or from the database the user names (--database, setting).
 */
import '../../../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diagnose } from '../../../../../src/core/pipeline';
import { renderMessage } from '../../../../../src/core/messages';
import { readPrismaConfigText } from '../../../../../src/core/stacks/prisma/prismaConfigText';
import { DatabaseOverride, resolvePrismaDatabase } from '../../../../../src/core/stacks/prisma/prismaDatabase';
import { discoverPrismaProjects } from '../../../../../src/core/stacks/prisma/prismaProject';
import { COMPUTED_FIXTURE, copyComputedFixture } from '../../../../support/computedConfigApp';
import { removeTree } from '../../../../support/tempTree';

const DS = { provider: 'sqlite' } as const;

describe('a prisma.config.ts that computes the url', () => {
  it('reads the fixture: computed url, the variables it reads, dotenv loaded', () => {
    const facts = readPrismaConfigText(readFileSync(path.join(COMPUTED_FIXTURE, 'prisma.config.ts'), 'utf8'));
    assert.deepEqual(facts.datasourceUrl, { kind: 'computed', text: 'databaseUrl()' });
    assert.deepEqual(facts.envNames, ['DATABASE_URL', 'DATABASE_PATH', 'DATABASE_FILENAME']);
    assert.equal(facts.loadsDotenv, true);
    assert.equal(facts.schema, 'prisma/schema.prisma');
  });

  it('lists env names in every form, once each', () => {
    assert.deepEqual(readPrismaConfigText("const a = process.env.A; const b = process.env['B']; env('C'); process.env.A").envNames, ['A', 'B', 'C']);
  });

  const cases: Array<{
    name: string;
    env?: NodeJS.ProcessEnv;
    files?: Record<string, string>;
    override?: (root: string) => DatabaseOverride;
    sqlite?: (root: string) => string;
    reason?: RegExp;
    source?: RegExp;
  }> = [
    {
      name: 'nothing set: unknown, says the config computes it and what .env.example holds',
      reason: /computes the datasource url in code from DATABASE_URL.*\.env\.example has DATABASE_URL=file:\.\/prisma\/sqlite\.db: copy/,
    },
    {
      name: 'DATABASE_URL exported: used, from the environment, relative to the config folder (Prisma 7)',
      env: { DATABASE_URL: 'file:./data/live.db' },
      sqlite: (r) => path.join(r, 'data', 'live.db'),
      source: /it reads DATABASE_URL, so DATABASE_URL from the environment is used \(an assumption/,
    },
    {
      name: 'DATABASE_URL in .env (the config loads dotenv/config): used, from .env',
      files: { '.env': 'DATABASE_URL="file:./prisma/from-env-file.db"\n' },
      sqlite: (r) => path.join(r, 'prisma', 'from-env-file.db'),
      source: /DATABASE_URL from \.env is used/,
    },
    {
      name: 'the environment wins over .env, as with dotenv/config and env()',
      env: { DATABASE_URL: 'file:./exported.db' },
      files: { '.env': 'DATABASE_URL="file:./dotenv.db"\n' },
      sqlite: (r) => path.join(r, 'exported.db'),
      source: /from the environment/,
    },
    { name: 'an empty exported DATABASE_URL does not count', env: { DATABASE_URL: '' }, reason: /computes the datasource url in code from DATABASE_URL/ },
    {
      name: '--database as a path: relative to the folder given, wins over the environment',
      env: { DATABASE_URL: 'file:./exported.db' },
      override: (r) => ({ value: 'named.db', from: 'flag', baseDir: path.join(r, 'sub') }),
      sqlite: (r) => path.join(r, 'sub', 'named.db'),
      source: /^Database named by `--database`\.$/,
    },
    {
      name: 'the setting as a file: url: resolved as Prisma 7 resolves the config url',
      override: () => ({ value: 'file:./prisma/other.db', from: 'setting', baseDir: '/nowhere' }),
      sqlite: (r) => path.join(r, 'prisma', 'other.db'),
      source: /`sessionDoctor\.databaseUrl` setting/,
    },
    {
      name: 'a path for a PostgreSQL schema is refused with the reason',
      files: { 'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n}\n' },
      override: (r) => ({ value: 'x.db', from: 'flag', baseDir: r }),
      reason: /is a SQLite file, but the schema's provider is postgresql/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const root = copyComputedFixture(c.files);
      try {
        const [p] = await discoverPrismaProjects(root);
        const provider = c.files?.['prisma/schema.prisma']?.includes('postgresql') ? 'postgresql' : DS.provider;
        const t = await resolvePrismaDatabase(p, { provider, file: p.schemaFiles[0] }, c.env ?? {}, c.override?.(root));
        if (c.sqlite) {
          assert.equal(t.unresolved, undefined, t.unresolved);
          assert.equal(t.sqlitePath, c.sqlite(root));
        } else assert.equal(t.sqlitePath, undefined);
        if (c.reason) assert.match(renderMessage(t.unresolvedMessage!), c.reason);
        if (c.source) assert.match(renderMessage(t.source!), c.source);
      } finally {
        removeTree(root);
      }
    });
  }

  it('a computed url that never reads DATABASE_URL is not guessed from it', async () => {
    const root = copyComputedFixture({
      'prisma.config.ts':
        "import { defineConfig } from 'prisma/config'\nimport { url } from './db'\nexport default defineConfig({ datasource: { url: url() } })\n",
    });
    try {
      const [p] = await discoverPrismaProjects(root);
      const t = await resolvePrismaDatabase(p, { provider: 'sqlite', file: p.schemaFiles[0] }, { DATABASE_URL: 'file:./x.db' });
      assert.equal(t.sqlitePath, undefined);
      assert.match(
        renderMessage(t.unresolvedMessage!),
        /computes the datasource url in code, which Session Doctor does not run\. Name the database with `--database`/,
      );
    } finally {
      removeTree(root);
    }
  });

  it('with two Prisma apps, a named database is not applied to either, and both say so', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'sd-computed-two-'));
    try {
      cpSync(COMPUTED_FIXTURE, path.join(root, 'a'), { recursive: true });
      cpSync(COMPUTED_FIXTURE, path.join(root, 'b'), { recursive: true });
      const d = await diagnose(root, { env: {}, database: { value: 'x.db', from: 'flag', baseDir: root } });
      assert.equal(d.apps.length, 2);
      for (const a of d.apps) {
        assert.equal(a.tableState, 'unknown');
        assert.match(renderMessage(a.databaseSource!), /is not used: 2 Prisma apps were found/);
      }
    } finally {
      removeTree(root);
    }
  });
});
