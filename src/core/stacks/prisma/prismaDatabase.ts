import * as path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { lookupEnv, type EnvSource } from '../../read/env/dotenvLookup';
import { readTextIfExists } from '../../read/findFiles';
import { msg } from '../../messages';
import { Message } from '../../model';
import { maskUrl } from '../../redact';
import { parseDatabaseUrl } from '../../read/databaseUrl';
import { PrismaProjectFiles } from './prismaProject';

/** The datasource as the schema declares it (see prismaSchema.ts). */
interface DatasourceDecl {
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
  /** The same reason as a translatable message, when there is one (shown instead of `unresolved`). */
  unresolvedMessage?: Message;
  /** Where the url came from, when that is worth saying (environment, flag, setting, computed config). */
  source?: Message;
}

/** The database the user names: `--database` (CLI) or `sessionDoctor.databaseUrl` (extension). */
export interface DatabaseOverride {
  /** A SQLite file path, or a database url. SECRET: may hold a password. */
  value: string;
  from: 'flag' | 'setting';
  /** The folder a relative path is resolved from: the CLI's current folder, the workspace folder. */
  baseDir: string;
}

/** `C:\x` and `/x`, `./x`, `x.db` are paths; `file:`, `postgresql://` are urls. */
function isUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(value) && !/^[a-z]:[\\/]/i.test(value);
}

/** The variable a computed config is taken to return: Prisma's own convention, when the config reads it. */
const COMPUTED_URL_VARIABLE = 'DATABASE_URL';

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

/**
 * What the first `.env.example` beside a `.env` Prisma reads says about a variable, without secrets:
 * the value masked like any url (a password, or a token in the query string, never shows).
 */
async function exampleOf(name: string, sources: EnvSource[], root: string): Promise<{ file: string; value?: string } | undefined> {
  for (const source of sources) {
    const example = path.join(path.dirname(source.file), '.env.example');
    const text = await readTextIfExists(example);
    if (text === undefined) continue;
    const value = parseDotenv(text)[name];
    return { file: path.relative(root, example) || example, value: value ? maskUrl(value) : undefined };
  }
  return undefined;
}

/** Why an unset variable leaves the database unknown, with what `.env.example` offers. */
function unsetMessage(name: string, example: { file: string; value?: string } | undefined, computedBy: string | undefined): Message {
  if (computedBy)
    return example?.value
      ? msg('prisma.urlComputedUnsetExample', computedBy, name, example.file, example.value)
      : msg('prisma.urlComputedUnset', computedBy, name);
  if (!example) return msg('prisma.envUnset', name);
  return example.value ? msg('prisma.envUnsetExample', name, example.file, example.value) : msg('prisma.envUnsetExampleWithout', name, example.file);
}

export async function resolvePrismaDatabase(
  project: PrismaProjectFiles,
  ds: DatasourceDecl | undefined,
  processEnv: NodeJS.ProcessEnv = {},
  override?: DatabaseOverride,
): Promise<PrismaDatabaseTarget> {
  const provider = ds?.provider ?? 'unknown';
  const configUrl = project.config?.datasourceUrl;
  const configName = project.configFile ? path.relative(project.root, project.configFile) || path.basename(project.configFile) : 'prisma.config.ts';
  // Prisma 7 takes the URL from prisma.config only; Prisma 6 with a config url prefers it as well.
  const fromConfig = configUrl && configUrl.kind !== 'computed' ? configUrl : undefined;
  // A computed url (kentcdodds.com: `url: getDatabaseUrl()`) is never run. When the config reads
  // DATABASE_URL, that value is used, found as Prisma finds it (the environment first, then the
  // .env the config loads): an assumption, said as such.
  const computedReads = configUrl?.kind === 'computed' && project.config?.envNames.includes(COMPUTED_URL_VARIABLE);
  const decl = fromConfig ?? (computedReads ? { kind: 'env' as const, name: COMPUTED_URL_VARIABLE } : configUrl?.kind === 'computed' ? undefined : ds?.url);
  const target: PrismaDatabaseTarget = { provider, urlFrom: fromConfig || computedReads ? 'prisma.config' : ds?.url ? 'schema' : undefined };
  if (override) {
    // The user's own answer wins over everything the project says.
    target.envName = undefined;
    target.source = msg(override.from === 'flag' ? 'prisma.databaseFrom.flag' : 'prisma.databaseFrom.setting');
    if (isUrl(override.value)) {
      target.url = override.value;
      if (!target.urlFrom) target.urlFrom = project.configFile && (project.prismaMajor ?? 0) >= 7 ? 'prisma.config' : 'schema';
    } else {
      target.url = `file:${path.resolve(override.baseDir, override.value)}`;
    }
  } else if (!decl) {
    if (configUrl?.kind === 'computed') {
      target.unresolved = 'prisma.config computes the datasource url in code; it is not run to find it';
      target.unresolvedMessage = msg('prisma.urlComputed', configName);
    } else target.unresolved = 'the datasource has no url';
    return target;
  } else if (decl.kind === 'literal') {
    target.url = decl.value;
  } else {
    target.envName = decl.name;
    const sources = prismaEnvFiles(project);
    const found = await lookupEnv(decl.name, sources, processEnv);
    if (!found) {
      target.unresolved = `${decl.name} is not set in the environment or in the project's .env files`;
      target.unresolvedMessage = unsetMessage(decl.name, await exampleOf(decl.name, sources, project.root), computedReads ? configName : undefined);
      return target;
    }
    if ('error' in found) {
      target.unresolved = found.error;
      return target;
    }
    target.url = found.value;
    target.envFile = found.source?.file;
    target.envAssumed = found.source?.assumed || undefined;
    const envFile = found.source && (path.relative(project.root, found.source.file) || found.source.file);
    if (computedReads)
      target.source = envFile
        ? msg('prisma.databaseFrom.computedFile', configName, decl.name, envFile)
        : msg('prisma.databaseFrom.computedEnv', configName, decl.name);
    else if (!found.source) target.source = msg('prisma.databaseFrom.env', decl.name);
  }
  if (override && provider !== 'sqlite' && provider !== 'unknown' && /^file:/i.test(target.url)) {
    target.unresolved = `a SQLite file was named, but the schema's provider is ${provider}`;
    target.unresolvedMessage = msg('prisma.databaseOverrideProvider', provider);
    return target;
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
