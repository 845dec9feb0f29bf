import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isDirectory, isFile, pathExists, readTextIfExists, walkFolders, type FindOptions } from '../../read/findFiles';
import { findLocalPrismaBin, PrismaCli } from './prismaCli';
import { PrismaConfigFacts, readPrismaConfigText } from './prismaConfigText';

/** Where a Prisma project's files are, found by reading files only. */
export interface PrismaProjectFiles {
  /** The app root: the folder of `prisma.config.*` or `package.json`, else the parent of `prisma/`. */
  root: string;
  /** The schema file, or the folder of a multi-file schema. */
  schemaPath: string;
  /** Every `.prisma` file of the schema (absolute, sorted). */
  schemaFiles: string[];
  schemaFrom: 'default' | 'package.json' | 'prisma.config';
  configFile?: string;
  config?: PrismaConfigFacts;
  /** Installed Prisma version (node_modules), else the range in package.json. */
  prismaVersion?: string;
  prismaMajor?: number;
  /** The Prisma CLI its commands run: its own node_modules/.bin/prisma, else npx pinned to the declared range. */
  prismaCli?: PrismaCli;
  migrationsDir: string;
  /** package.json depends on Shopify's Prisma session storage (a Shopify app template). */
  shopifySessionStorage?: boolean;
}

/** The package Shopify's app templates keep their sessions with, in a Prisma `Session` model. */
export const SHOPIFY_PRISMA_STORAGE = '@shopify/shopify-app-session-storage-prisma';

const CONFIG_NAMES = ['prisma.config.ts', 'prisma.config.mts', 'prisma.config.cts', 'prisma.config.js', 'prisma.config.mjs', 'prisma.config.cjs'];

/**
 * The schema file itself, or every `.prisma` file under a schema folder, nested ones included (as
 * Prisma reads them). A `*.prisma` path that is there but is no schema file (a FIFO, a socket, a
 * folder holding no `.prisma` file) is returned as it is: it marks an app, and reading it then
 * says what is wrong, where leaving it out would report "no app" and health as fine.
 */
export async function listPrismaFiles(schemaPath: string): Promise<string[]> {
  if (await isFile(schemaPath)) return [schemaPath];
  const marker = schemaPath.endsWith('.prisma') && (await pathExists(schemaPath));
  if (!(await isDirectory(schemaPath))) return marker ? [schemaPath] : [];
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 4) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isFile() && e.name.endsWith('.prisma')) out.push(p);
      else if (e.isDirectory() && e.name !== 'migrations' && e.name !== 'node_modules') await walk(p, depth + 1);
    }
  };
  await walk(schemaPath, 0);
  return out.length === 0 && marker ? [schemaPath] : out.sort();
}

async function prismaVersionAt(root: string, pkg: PackageJson | undefined): Promise<{ version?: string; major?: number; declared?: string }> {
  const declared = declaredPrismaRange(pkg);
  for (const pkg of ['prisma', '@prisma/client']) {
    const installed = await readTextIfExists(path.join(root, 'node_modules', pkg, 'package.json'));
    if (installed) {
      try {
        const v = (JSON.parse(installed) as { version?: unknown }).version;
        if (typeof v === 'string') return { version: v, major: Number.parseInt(v, 10) || undefined, declared };
      } catch {
        /* a broken package.json in node_modules: fall through to the declared range */
      }
    }
  }
  if (declared) {
    const m = declared.match(/(\d+)(?:\.\d+){0,2}/);
    return { version: declared, major: m ? Number(m[1]) : undefined, declared };
  }
  return {};
}

type PackageJson = { dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> };

/** The app's package.json, parsed; undefined when there is none or it does not parse. */
async function packageJsonAt(root: string): Promise<PackageJson | undefined> {
  const own = await readTextIfExists(path.join(root, 'package.json'));
  if (!own) return undefined;
  try {
    const json = JSON.parse(own) as unknown;
    return json && typeof json === 'object' ? (json as PackageJson) : undefined;
  } catch {
    return undefined; /* unreadable package.json: nothing known from it */
  }
}

/** The Prisma range package.json declares: the `prisma` CLI package, else `@prisma/client` (they ship in lockstep). */
function declaredPrismaRange(json: PackageJson | undefined): string | undefined {
  if (!json) return undefined;
  const range = json.devDependencies?.prisma ?? json.dependencies?.prisma ?? json.devDependencies?.['@prisma/client'] ?? json.dependencies?.['@prisma/client'];
  return typeof range === 'string' ? range : undefined;
}

function packageJsonSchema(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const s = (JSON.parse(text) as { prisma?: { schema?: unknown } }).prisma?.schema;
    return typeof s === 'string' ? s : undefined;
  } catch {
    return undefined;
  }
}

async function buildProject(
  root: string,
  schemaPath: string,
  schemaFrom: PrismaProjectFiles['schemaFrom'],
  configFile?: string,
  config?: PrismaConfigFacts,
): Promise<PrismaProjectFiles | undefined> {
  const schemaFiles = await listPrismaFiles(schemaPath);
  if (schemaFiles.length === 0) return undefined;
  const pkg = await packageJsonAt(root);
  const { version, major, declared } = await prismaVersionAt(root, pkg);
  const shopify = [pkg?.dependencies, pkg?.devDependencies].some((deps) => deps && typeof deps === 'object' && SHOPIFY_PRISMA_STORAGE in deps);
  const schemaIsFolder = await isDirectory(schemaPath);
  let migrationsDir: string;
  if (config?.migrationsPath && configFile) migrationsDir = path.resolve(path.dirname(configFile), config.migrationsPath);
  else if (schemaIsFolder) migrationsDir = path.join(schemaPath, 'migrations');
  else migrationsDir = path.join(path.dirname(schemaPath), 'migrations');
  return {
    root,
    schemaPath,
    schemaFiles,
    schemaFrom,
    configFile,
    config,
    prismaVersion: version,
    prismaMajor: major,
    prismaCli: { kind: 'npx', range: declared },
    migrationsDir,
    ...(shopify ? { shopifySessionStorage: true } : {}),
  };
}

/** The project rooted at `dir`, if `dir` holds a Prisma config, a package.json pointing at a schema, or the default layout. */
async function projectAt(dir: string, names: ReadonlySet<string>): Promise<PrismaProjectFiles | undefined> {
  const configName = CONFIG_NAMES.find((n) => names.has(n));
  const configFile = configName
    ? path.join(dir, configName)
    : (await isFile(path.join(dir, '.config', 'prisma.ts')))
      ? path.join(dir, '.config', 'prisma.ts')
      : undefined;
  if (configFile) {
    const config = readPrismaConfigText((await readTextIfExists(configFile)) ?? '');
    if (config.schema) {
      const p = await buildProject(dir, path.resolve(path.dirname(configFile), config.schema), 'prisma.config', configFile, config);
      if (p) return p;
    }
    return (await defaultLayout(dir, names, configFile, config)) ?? undefined;
  }
  if (names.has('package.json')) {
    const fromPkg = packageJsonSchema(await readTextIfExists(path.join(dir, 'package.json')));
    if (fromPkg) {
      const p = await buildProject(dir, path.resolve(dir, fromPkg), 'package.json');
      if (p) return p;
    }
  }
  return defaultLayout(dir, names);
}

/** Prisma's default locations: ./schema.prisma, ./prisma/schema.prisma, ./prisma/schema/ (multi-file). */
async function defaultLayout(
  dir: string,
  names: ReadonlySet<string>,
  configFile?: string,
  config?: PrismaConfigFacts,
): Promise<PrismaProjectFiles | undefined> {
  const candidates = [path.join(dir, 'prisma', 'schema.prisma'), path.join(dir, 'prisma', 'schema')];
  if (names.has('schema.prisma')) candidates.unshift(path.join(dir, 'schema.prisma'));
  for (const c of candidates) {
    const p = await buildProject(dir, c, configFile ? 'prisma.config' : 'default', configFile, config);
    if (p) return p;
  }
  return undefined;
}

/**
 * A generated Prisma Client (prisma-client-js with a custom `output`, e.g. `src/generated/client`)
 * holds a copy of schema.prisma next to a package.json named `prisma-client-<hash>`. It is build
 * output, not a project: reading it as one would report its relative SQLite url as a second,
 * missing database.
 */
async function isGeneratedClient(dir: string, names: ReadonlySet<string>): Promise<boolean> {
  if (!names.has('schema.prisma') || !names.has('package.json')) return false;
  try {
    const name = (JSON.parse((await readTextIfExists(path.join(dir, 'package.json'))) ?? '{}') as { name?: unknown }).name;
    return typeof name === 'string' && name.startsWith('prisma-client-');
  } catch {
    return false;
  }
}

/**
 * The stack's `markers`: workspace globs of the files whose appearance can make a new Prisma
 * project, a schema file (the default `schema.prisma`, the files of a `prisma/schema/` folder, nested
 * ones included, or one a config or package.json names) and a Prisma config. The extension watches
 * these; projects already found are watched through their own `AppReport.watchFiles`.
 */
export const PRISMA_DISCOVERY_GLOBS: readonly string[] = ['**/*.prisma', `**/{${CONFIG_NAMES.join(',')}}`, '**/.config/prisma.ts'];

/** Every Prisma project under `root`, skipping dependencies and build output. Never runs workspace code. */
export async function discoverPrismaProjects(root: string, opts: Pick<FindOptions, 'maxDepth' | 'folders'> = {}): Promise<PrismaProjectFiles[]> {
  const found = new Map<string, PrismaProjectFiles>();
  const claimedSchemas = new Set<string>();
  await walkFolders(
    root,
    async (dir, names) => {
      // A `prisma/` folder is reached as its own folder too: it belongs to the app above it.
      if (path.basename(dir) === 'prisma' && found.has(path.dirname(dir))) return;
      if (await isGeneratedClient(dir, names)) return;
      const p = await projectAt(dir, names);
      if (p && !claimedSchemas.has(p.schemaPath)) {
        const bin = await findLocalPrismaBin(p.root, root);
        if (bin) p.prismaCli = { kind: 'local', bin };
        found.set(dir, p);
        claimedSchemas.add(p.schemaPath);
      }
    },
    { maxDepth: opts.maxDepth ?? 6, folders: opts.folders },
  );
  return [...found.values()];
}
