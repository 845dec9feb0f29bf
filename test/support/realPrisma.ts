/**
 * Runs the real Prisma 6 CLI (node_modules/.bin/prisma) offline, for tests that compare our DDL
 * with what Prisma itself emits.
 *
 * What it takes to run offline here (Prisma 6.19.3, no network, no native binaries):
 * - a `prisma.config.ts` with `experimental: { adapter: true }`, `engine: "js"` and an adapter
 *   (`@prisma/adapter-better-sqlite3`); without an adapter the CLI fails with
 *   "getAdapterFactory is not a function", without the config it downloads the schema engine;
 * - `PRISMA_QUERY_ENGINE_LIBRARY` naming any existing file: otherwise the CLI tries to download the
 *   native query engine at start (unless the schema's generator says `engineType = "client"`),
 *   and `migrate diff` never loads it;
 * - `migrate diff --from-empty --to-schema-datamodel` needs no database connection, so the SQLite
 *   adapter also serves postgresql schemas. MySQL is refused by the wasm schema engine
 *   ("`mysql` is not a supported connector").
 *
 * One run takes about 1.4 s, so outputs are cached under `.test-tmp/prisma-diff/` by the SHA-256 of
 * the schema text and the Prisma version; a cache miss always runs the real tool.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

const repoRoot = path.resolve(__dirname, '..', '..');
const prismaBin = path.join(repoRoot, 'node_modules', '.bin', 'prisma');
const workDir = path.join(repoRoot, '.test-tmp', 'prisma-diff');

const CONFIG = `import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return new PrismaBetterSQLite3({ url: "file:./unused.db" });
  },
});
`;

function prismaVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', 'prisma', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export interface MigrateDiffRun {
  sql: string;
  /** True when the output came from the cache of an earlier real run of the same schema text. */
  cached: boolean;
}

/**
 * `prisma migrate diff --from-empty --to-schema-datamodel <schema> --script` for one schema text, or
 * for a multi-file schema given as files relative to the schema folder.
 * Throws with Prisma's own message when Prisma rejects the schema.
 */
export function realMigrateDiff(schema: string | Array<{ name: string; text: string }>, options: { useCache?: boolean } = {}): MigrateDiffRun {
  const useCache = options.useCache ?? true;
  fs.mkdirSync(workDir, { recursive: true });
  const hasher = createHash('sha256').update(prismaVersion());
  for (const part of typeof schema === 'string' ? [{ name: '', text: schema }] : schema) hasher.update('\0').update(part.name).update('\0').update(part.text);
  const hash = hasher.digest('hex').slice(0, 32);
  const cacheFile = path.join(workDir, `${hash}.sql`);
  if (useCache && fs.existsSync(cacheFile)) return { sql: fs.readFileSync(cacheFile, 'utf8'), cached: true };

  const configFile = path.join(workDir, 'prisma.config.ts');
  if (!fs.existsSync(configFile) || fs.readFileSync(configFile, 'utf8') !== CONFIG) fs.writeFileSync(configFile, CONFIG);
  // One file, or a folder of files (a multi-file schema, as `prisma/schema/`).
  const schemaFile = path.join(workDir, typeof schema === 'string' ? `${hash}.prisma` : `${hash}-schema`);
  if (typeof schema === 'string') fs.writeFileSync(schemaFile, schema);
  else {
    for (const part of schema) {
      fs.mkdirSync(path.dirname(path.join(schemaFile, part.name)), { recursive: true });
      fs.writeFileSync(path.join(schemaFile, part.name), part.text);
    }
  }
  try {
    const sql = execFileSync(prismaBin, ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', schemaFile, '--script'], {
      cwd: workDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PRISMA_QUERY_ENGINE_LIBRARY: process.execPath,
        CHECKPOINT_DISABLE: '1',
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
      },
    });
    fs.writeFileSync(cacheFile, sql);
    return { sql, cached: false };
  } catch (error) {
    const failed = error as { stderr?: string; stdout?: string; message?: string };
    throw new Error(`prisma migrate diff failed: ${failed.stderr || failed.stdout || failed.message}`, { cause: error });
  } finally {
    fs.rmSync(schemaFile, { force: true, recursive: true });
  }
}

/** Splits migrate-diff output into its statements, each with its `-- Comment` line. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/\n\n(?=-- )/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * The prisma.config.ts that runs real Prisma 6 offline on a project's prisma/dev.db (js engine and
 * the better-sqlite3 adapter, see the top of this file); `loadDotenv` adds `import "dotenv/config"`.
 */
export function offlinePrismaConfig(opts: { loadDotenv?: boolean } = {}): string {
  return `${opts.loadDotenv ? 'import "dotenv/config";\n' : ''}import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    return new PrismaBetterSQLite3({ url: "file:./prisma/dev.db" });
  },
});
`;
}
