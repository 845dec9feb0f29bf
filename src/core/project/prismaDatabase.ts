import * as path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { expand } from 'dotenv-expand';
import { readRegularText } from '../fs/regularFile';
import { parseDatabaseUrl } from './databaseUrl';
import { PrismaProjectFiles } from './prismaProject';

/** The datasource as the schema declares it (see prismaSchema.ts). */
export interface DatasourceDecl {
  provider: string;
  url?: { kind: 'literal'; value: string } | { kind: 'env'; name: string };
  /** The schema file that declares the datasource (relative SQLite paths are resolved from its folder on Prisma <= 6). */
  file?: string;
}

/** Where the database is, resolved the way the project's Prisma version resolves it. */
export interface PrismaDatabaseTarget {
  provider: string;
  /** The URL after env resolution. SECRET: may hold a password. Render only through maskUrl(). */
  url?: string;
  urlFrom?: 'schema' | 'prisma.config';
  envName?: string;
  /** The .env file the value came from (undefined when from the process environment or a literal). */
  envFile?: string;
  /** True when Prisma itself would not load that .env (a config that does not load dotenv): our best guess. */
  envAssumed?: boolean;
  /** Absolute path for SQLite. */
  sqlitePath?: string;
  /** Base folder used for a relative SQLite path, and why. */
  sqliteBase?: { dir: string; rule: 'schema-folder' | 'config-folder' };
  /** Set when the database cannot be located; a human reason without secrets. */
  unresolved?: string;
}

interface EnvSource {
  file: string;
  assumed: boolean;
}

/**
 * The `.env` files Prisma reads for this project, in priority order.
 * - No prisma.config: the CLI loads `<root>/.env` and the `.env` beside the schema (Prisma <= 6).
 * - With prisma.config (6.x and 7.x): Prisma prints "Prisma config detected, skipping environment
 *   variable loading"; only what the config loads itself (dotenv/config, loadEnvFile) counts. When it
 *   loads nothing we still read `<root>/.env`, flagged as assumed.
 */
export function prismaEnvFiles(project: PrismaProjectFiles): EnvSource[] {
  if (!project.configFile) {
    const schemaDir = project.schemaFiles.length === 1 && project.schemaPath === project.schemaFiles[0] ? path.dirname(project.schemaPath) : project.schemaPath;
    const files = [path.join(project.root, '.env'), path.join(schemaDir, '.env')];
    return [...new Set(files)].map((file) => ({ file, assumed: false }));
  }
  const configDir = path.dirname(project.configFile);
  if (project.config?.loadsDotenv) {
    return [{ file: path.resolve(configDir, project.config.dotenvPath ?? '.env'), assumed: false }];
  }
  return [{ file: path.join(configDir, '.env'), assumed: true }];
}

async function lookupEnv(name: string, sources: EnvSource[], processEnv: NodeJS.ProcessEnv): Promise<{ value: string; source?: EnvSource } | { error: string } | undefined> {
  const fromProcess = processEnv[name];
  if (fromProcess !== undefined && fromProcess !== '') return { value: fromProcess };
  for (const source of sources) {
    const read = await readRegularText(source.file);
    if (!read.ok) {
      // An absent .env is normal; one that is there but cannot be read (a FIFO, a folder, too large) may hold the url.
      if (read.failure === 'missing') continue;
      return { error: read.reason };
    }
    const parsed = parseDotenv(read.text);
    // Prisma expands ${VAR} with dotenv-expand; expand against the file itself, never mutating our process.
    const expanded = expand({ parsed: { ...parsed }, processEnv: {} }).parsed ?? parsed;
    if (expanded[name] !== undefined) return { value: expanded[name], source };
  }
  return undefined;
}

export async function resolvePrismaDatabase(project: PrismaProjectFiles, ds: DatasourceDecl | undefined, processEnv: NodeJS.ProcessEnv = {}): Promise<PrismaDatabaseTarget> {
  const provider = ds?.provider ?? 'unknown';
  const configUrl = project.config?.datasourceUrl;
  // Prisma 7 takes the URL from prisma.config only; Prisma 6 with a config url prefers it as well.
  const fromConfig = configUrl && configUrl.kind !== 'computed' ? configUrl : undefined;
  const decl = fromConfig ?? ds?.url;
  const target: PrismaDatabaseTarget = { provider, urlFrom: fromConfig ? 'prisma.config' : ds?.url ? 'schema' : undefined };
  if (!decl) {
    target.unresolved = configUrl?.kind === 'computed' ? 'prisma.config computes the datasource url in code; it is not run to find it' : 'the datasource has no url';
    return target;
  }
  if (decl.kind === 'literal') {
    target.url = decl.value;
  } else {
    target.envName = decl.name;
    const found = await lookupEnv(decl.name, prismaEnvFiles(project), processEnv);
    if (!found) {
      target.unresolved = `${decl.name} is not set in the environment or in the project's .env files`;
      return target;
    }
    if ('error' in found) {
      target.unresolved = found.error;
      return target;
    }
    target.url = found.value;
    target.envFile = found.source?.file;
    target.envAssumed = found.source?.assumed || undefined;
  }
  if (provider === 'sqlite' || /^file:/i.test(target.url)) {
    const parsed = parseDatabaseUrl(target.url);
    if (!parsed.ok || parsed.value.dialect !== 'sqlite' || !parsed.value.filePath) {
      target.unresolved = parsed.ok ? 'the SQLite url is not a file: url' : parsed.error;
      return target;
    }
    const file = parsed.value.filePath;
    // Prisma <= 6 resolves relative to the schema file that declares the datasource; Prisma 7 resolves
    // datasource paths relative to prisma.config (prisma/orm PR #28514).
    const useConfigDir = target.urlFrom === 'prisma.config' && project.configFile && (project.prismaMajor ?? 0) >= 7;
    const base = useConfigDir
      ? { dir: path.dirname(project.configFile!), rule: 'config-folder' as const }
      : { dir: path.dirname(ds?.file ?? project.schemaFiles[0]), rule: 'schema-folder' as const };
    target.sqliteBase = base;
    target.sqlitePath = path.resolve(base.dir, file);
  }
  return target;
}
