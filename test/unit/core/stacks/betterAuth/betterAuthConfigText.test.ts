import { strict as assert } from 'node:assert';
import { readBetterAuthConfig } from '../../../../../src/core/stacks/betterAuth/betterAuthConfigText';

describe('Better Auth config read as text', () => {
  it('better-sqlite3 inline, the defaults', () => {
    const c = readBetterAuthConfig(
      'import { betterAuth } from "better-auth";\nimport Database from "better-sqlite3";\nexport const auth = betterAuth({ database: new Database("./sqlite.db"), emailAndPassword: { enabled: true } });\n',
    )!;
    assert.deepEqual(c.database, { kind: 'sqlite', driver: 'better-sqlite3', file: { kind: 'string', value: './sqlite.db' } });
    assert.equal(c.names.tables.session, 'session');
    assert.deepEqual(c.extras, []);
  });

  it('node:sqlite through a local constant, with a renamed session table and column', () => {
    const c = readBetterAuthConfig(
      'import { DatabaseSync } from "node:sqlite";\nimport { betterAuth } from "better-auth";\nconst db = new DatabaseSync(process.env.DB_FILE ?? "app.db")\nexport const auth = betterAuth({\n  database: db,\n  session: { modelName: "sessions", fields: { userId: "user_id" } },\n});\n',
    )!;
    assert.deepEqual(c.database, { kind: 'sqlite', driver: 'node:sqlite', file: { kind: 'env', name: 'DB_FILE', fallback: 'app.db' } });
    assert.equal(c.names.tables.session, 'sessions');
    assert.deepEqual(c.names.columns.session, { userId: 'user_id' });
  });

  it('pg Pool with the URL from the environment, with and without a non-null assertion', () => {
    for (const arg of ['process.env.DATABASE_URL', 'process.env.DATABASE_URL!', 'process.env.DATABASE_URL as string']) {
      const c = readBetterAuthConfig(
        `import { Pool } from "pg";\nimport { betterAuth } from "better-auth";\nexport const auth = betterAuth({ database: new Pool({ connectionString: ${arg} }) });\n`,
      )!;
      assert.deepEqual(c.database, { kind: 'postgres', url: { kind: 'env', name: 'DATABASE_URL' } }, arg);
    }
  });

  it('mysql2 createPool, CommonJS', () => {
    const c = readBetterAuthConfig(
      'const { createPool } = require("mysql2/promise");\nconst { betterAuth } = require("better-auth");\nmodule.exports = betterAuth({ database: createPool("mysql://u@h/db") });\n',
    )!;
    assert.deepEqual(c.database, { kind: 'mysql', url: { kind: 'string', value: 'mysql://u@h/db' } });
  });

  it('an ORM adapter, with its provider', () => {
    const c = readBetterAuthConfig(
      'import { prismaAdapter } from "better-auth/adapters/prisma";\nexport const auth = betterAuth({ database: prismaAdapter(prisma, { provider: "sqlite" }) });\n',
    )!;
    assert.deepEqual(c.database, { kind: 'adapter', adapter: 'prisma', provider: 'sqlite' });
  });

  it('plugins, additional fields and generated ids are extras the SQL does not model; an empty plugin list is not', () => {
    const c = readBetterAuthConfig(
      'export const auth = betterAuth({ database: x, plugins: [twoFactor()], user: { additionalFields: { role: { type: "string" } } }, advanced: { database: { generateId: "uuid" } } });',
    )!;
    assert.deepEqual(c.extras, ['user.additionalFields', 'plugins', 'advanced.database.generateId']);
    assert.deepEqual(readBetterAuthConfig('export const auth = betterAuth({ database: x, plugins: [] });')!.extras, []);
  });

  it('a name computed in code is said, a database it cannot read is unknown, and no call is undefined', () => {
    const c = readBetterAuthConfig('export const auth = betterAuth({ database: makeDb(), session: { modelName: prefix + "session" } });')!;
    assert.equal(c.namesComputed, 'session.modelName');
    assert.equal(c.database.kind, 'unknown');
    assert.equal(readBetterAuthConfig('export const auth = createAuth();'), undefined);
  });
});
