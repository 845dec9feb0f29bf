/**
 * Copies a Shopify app fixture (test/fixtures/stacks/shopify) into <repo>/.test-tmp/ ready for the
 * real Prisma 6 CLI and Client offline (see realPrisma.ts): a prisma.config.ts with the js engine
 * and an adapter (better-sqlite3 on `prisma/dev.sqlite`, or pg on DATABASE_URL), and the generator
 * switched to `engineType = "client"`, its output in the app's own `node_modules/.prisma/client`.
 *
 * The app gets a private node_modules whose entries link the repository's packages, so that the
 * generated client lands in the app and not in the repository; code that loads `@prisma/client`
 * (Shopify's session storage does) must run with `node --preserve-symlinks` to find it there.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './prismaApp';

export const SHOPIFY_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'stacks', 'shopify');

export { PRISMA_ENV } from './prismaApp';

const SQLITE_CONFIG = `import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    return new PrismaBetterSQLite3({ url: "file:./prisma/dev.sqlite" });
  },
});
`;

const PG_CONFIG = `import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL });
  },
});
`;

export interface ShopifyApp {
  root: string;
  file(rel: string): string;
  cleanup(): void;
}

export function copyShopifyApp(fixture: 'app-sqlite' | 'app-postgres'): ShopifyApp {
  mkdirSync(path.join(REPO_ROOT, '.test-tmp'), { recursive: true });
  const root = mkdtempSync(path.join(REPO_ROOT, '.test-tmp', `sd-shopify-${fixture}-`));
  cpSync(path.join(SHOPIFY_FIXTURES, fixture), root, { recursive: true });
  mkdirSync(path.join(root, 'node_modules'));
  for (const name of readdirSync(path.join(REPO_ROOT, 'node_modules'))) {
    if (name !== '.prisma') symlinkSync(path.join(REPO_ROOT, 'node_modules', name), path.join(root, 'node_modules', name));
  }
  const schema = path.join(root, 'prisma', 'schema.prisma');
  writeFileSync(
    schema,
    readFileSync(schema, 'utf8').replace(
      'provider = "prisma-client-js"\n}',
      'provider   = "prisma-client-js"\n  engineType = "client"\n  output     = "../node_modules/.prisma/client"\n}',
    ),
  );
  writeFileSync(path.join(root, 'prisma.config.ts'), fixture === 'app-sqlite' ? SQLITE_CONFIG : PG_CONFIG);
  return { root, file: (rel) => path.join(root, rel), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * Runs the real `PrismaSessionStorage` of `@shopify/shopify-app-session-storage-prisma` in the app:
 * `storeSession` then `loadSession` of an offline session, its table poll cut to one try. Prints the
 * error as Node does (console.error), or `{"loaded": <shop>}`.
 */
export const STORE_SCRIPT = `const { PrismaClient } = require('@prisma/client');
const { PrismaBetterSQLite3 } = require('@prisma/adapter-better-sqlite3');
const { PrismaSessionStorage } = require('@shopify/shopify-app-session-storage-prisma');
const { Session } = require('@shopify/shopify-api');
const prisma = new PrismaClient({ errorFormat: 'minimal', adapter: new PrismaBetterSQLite3({ url: 'file:./prisma/dev.sqlite' }) });
const storage = new PrismaSessionStorage(prisma, { connectionRetries: 1, connectionRetryIntervalMs: 10 });
(async () => {
  try {
    const session = new Session({ id: 'offline_shop.myshopify.com', shop: 'shop.myshopify.com', state: 'state', isOnline: false, accessToken: 'token', scope: 'read_products' });
    await storage.storeSession(session);
    const back = await storage.loadSession(session.id);
    console.log(JSON.stringify({ loaded: back && back.shop, scope: back && back.scope }));
  } catch (e) {
    console.error(e);
  } finally {
    await prisma.$disconnect();
  }
})();
`;
