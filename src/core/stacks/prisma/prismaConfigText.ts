/**
 * Reads what we need from a `prisma.config.ts` WITHOUT executing it (workspace code is never run).
 * Only literal forms are understood; anything computed is reported as unknown, never guessed.
 */

type ConfigUrl = { kind: 'literal'; value: string } | { kind: 'env'; name: string } | { kind: 'computed'; text: string };

export interface PrismaConfigFacts {
  /** `schema:` as a path relative to the config file, when it is a literal or a `path.join` of literals. */
  schema?: string;
  /** `migrations: { path: ... }`. */
  migrationsPath?: string;
  /** `datasource: { url: ... }` (Prisma 6.x config and 7.x). */
  datasourceUrl?: ConfigUrl;
  /** Loads `.env` itself (`import 'dotenv/config'`, `dotenv.config()`, `process.loadEnvFile()`). */
  loadsDotenv: boolean;
  /** An explicit env file path passed to dotenv/loadEnvFile, when literal. */
  dotenvPath?: string;
  /** Uses a driver adapter (`adapter:` or `engine: 'js'`): the database is whatever the adapter opens. */
  usesAdapter: boolean;
  /** Every environment variable the config reads (`process.env.X`, `process.env['X']`, `env('X')`), in order of first use. */
  envNames: string[];
}

const STRING = String.raw`(?:'([^'\\\n]*)'|"([^"\\\n]*)"|\x60([^\x60\\$\n]*)\x60)`;

function firstString(m: RegExpMatchArray | null, from = 1): string | undefined {
  if (!m) return undefined;
  for (let i = from; i < from + 3; i++) if (m[i] !== undefined) return m[i];
  return undefined;
}

/** `'a/b'` or `path.join('a', 'b')` / `join("a","b")` / `path.resolve(__dirname, 'a')` of literals. */
function pathExpression(text: string, key: string): string | undefined {
  const literal = text.match(new RegExp(String.raw`\b${key}\s*:\s*` + STRING));
  if (literal) return firstString(literal);
  const call = text.match(new RegExp(String.raw`\b${key}\s*:\s*(?:path\.)?(?:join|resolve)\(([^)]*)\)`));
  if (!call) return undefined;
  const parts: string[] = [];
  for (const arg of call[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (arg === '__dirname' || arg === 'import.meta.dirname' || arg === 'process.cwd()') continue;
    const s = arg.match(new RegExp('^' + STRING + '$'));
    const v = firstString(s);
    if (v === undefined) return undefined;
    parts.push(v);
  }
  return parts.length ? parts.join('/') : undefined;
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function envNamesRead(text: string): string[] {
  const re = /\bprocess\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\])|\benv\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]/g;
  return [...new Set([...text.matchAll(re)].map((m) => m[1] ?? m[2] ?? m[3]))];
}

export function readPrismaConfigText(source: string): PrismaConfigFacts {
  const text = stripComments(source);
  const facts: PrismaConfigFacts = { loadsDotenv: false, usesAdapter: false, envNames: envNamesRead(text) };
  facts.schema = pathExpression(text, 'schema');
  const migrationsBlock = text.match(/\bmigrations\s*:\s*\{([^}]*)\}/);
  if (migrationsBlock) facts.migrationsPath = pathExpression(migrationsBlock[1], 'path');

  const ds = text.match(/\bdatasource\s*:\s*\{([^}]*)\}/);
  if (ds) {
    const body = ds[1];
    const envCall = body.match(new RegExp(String.raw`\burl\s*:\s*env\(\s*` + STRING + String.raw`\s*\)`));
    const procEnv = body.match(/\burl\s*:\s*process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\])/);
    const literal = body.match(new RegExp(String.raw`\burl\s*:\s*` + STRING));
    const any = body.match(/\burl\s*:\s*([^,\n}]+)/);
    if (envCall) facts.datasourceUrl = { kind: 'env', name: firstString(envCall)! };
    else if (procEnv) facts.datasourceUrl = { kind: 'env', name: procEnv[1] ?? procEnv[2] };
    else if (literal) facts.datasourceUrl = { kind: 'literal', value: firstString(literal)! };
    else if (any) facts.datasourceUrl = { kind: 'computed', text: any[1].trim() };
  }

  if (/import\s+['"]dotenv\/config['"]|require\(\s*['"]dotenv\/config['"]\s*\)/.test(text)) facts.loadsDotenv = true;
  const dotenvCall = text.match(/\b(?:dotenv\.)?config\(\s*\{[^}]*\bpath\s*:\s*(?:'([^']*)'|"([^"]*)")/);
  const loadEnvFile = text.match(/process\.loadEnvFile\(\s*(?:'([^']*)'|"([^"]*)")?\s*\)/);
  if (dotenvCall) {
    facts.loadsDotenv = true;
    facts.dotenvPath = dotenvCall[1] ?? dotenvCall[2];
  } else if (/\bdotenv\.config\(|\bconfig\(\)\s*;?/.test(text) && /from\s+['"]dotenv['"]|require\(\s*['"]dotenv['"]\s*\)/.test(text)) {
    facts.loadsDotenv = true;
  }
  if (loadEnvFile) {
    facts.loadsDotenv = true;
    facts.dotenvPath = loadEnvFile[1] ?? loadEnvFile[2];
  }
  facts.usesAdapter = /\badapter\s*[:(]|\bengine\s*:\s*['"]js['"]/.test(text);
  return facts;
}
