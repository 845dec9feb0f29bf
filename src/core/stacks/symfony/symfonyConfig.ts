/**
 * The session handler a Symfony app configures, read from the text of config/packages/framework.yaml
 * (`framework.session.handler_id`, with a `when@<env>` block winning) and config/services.yaml (the
 * service it names: its class and arguments), and the `%env(…)%` / `%parameter%` placeholders in
 * those values, resolved as the container resolves them. Pure: the texts and the environment come
 * in; the `yaml` library (required on first use, a separate file in dist/) parses them.
 */
import type { Location } from '../../model';

export const PDO_HANDLER_CLASS = 'Symfony\\Component\\HttpFoundation\\Session\\Storage\\Handler\\PdoSessionHandler';

/** Schemes SessionHandlerFactory turns into a PdoSessionHandler when handler_id is a URL. */
const PDO_URL_SCHEMES = ['mssql', 'mysql', 'mysql2', 'pgsql', 'postgres', 'postgresql', 'sqlsrv', 'sqlite', 'sqlite3', 'pdo_oci'];

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;
function yaml(): YamlModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  yamlModule ??= require('yaml') as YamlModule;
  return yamlModule;
}

export interface YamlFile {
  path: string;
  text: string;
}

/** What `framework.session.handler_id` names, and the service it points at. */
export interface SymfonyHandlerConfig {
  /** handler_id as written (null: PHP's own handler), with its place in framework.yaml. */
  handlerId?: { value: string | null; location: Location; file: string };
  /**
   * `service`: a service whose class is PdoSessionHandler; `url`: handler_id is a URL (or a
   * placeholder for one) that SessionHandlerFactory reads; `other`: any other handler; `none`: no
   * handler_id at all.
   */
  kind: 'service' | 'url' | 'other' | 'none';
  /** `service`: the connection argument as written (`%env(DATABASE_URL)%`, a DSN, `@pdo`); `url`: handler_id. */
  connection?: unknown;
  /** `service`: the options argument (db_table, db_id_col, …) as written. */
  options: Record<string, unknown>;
  /** `service` with a PDO service as its connection: that service's arguments (dsn, user, password). */
  pdoService?: { id: string; arguments: unknown[] };
  /** The service's definition in services.yaml. */
  serviceLocation?: Location;
  /** services.yaml `parameters:`, for `%name%` placeholders. */
  parameters: Record<string, unknown>;
  /** YAML that could not be parsed: the file and why. */
  errors: string[];
}

function locationOf(file: YamlFile, lines: InstanceType<YamlModule['LineCounter']>, range: [number, number, number] | null | undefined): Location {
  const start = lines.linePos(range?.[0] ?? 0);
  const end = lines.linePos(range?.[1] ?? range?.[0] ?? 0);
  return { file: file.path, range: { start: { line: start.line - 1, character: start.col - 1 }, end: { line: end.line - 1, character: end.col - 1 } } };
}

function parse(file: YamlFile | undefined, errors: string[]) {
  if (!file) return undefined;
  const Y = yaml();
  const lines = new Y.LineCounter();
  const doc = Y.parseDocument(file.text.replace(/^\uFEFF/, ''), { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) {
    errors.push(`${file.path}: ${doc.errors[0].message.split('\n')[0]}`);
    return undefined;
  }
  return { doc, lines, file };
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The class of a service definition (the id itself when no `class:` is given, as Symfony does). */
function serviceClass(id: string, def: unknown): string {
  const c = asRecord(def).class;
  return (typeof c === 'string' ? c : id).replace(/^\\/, '');
}

/** Follows `alias:` and `'@id'` aliases to the defining id, a bounded number of times. */
function resolveAlias(services: Record<string, unknown>, id: string): string {
  let current = id;
  for (let i = 0; i < 10; i++) {
    const def = services[current];
    const target =
      typeof def === 'string' && def.startsWith('@') ? def.slice(1) : typeof asRecord(def).alias === 'string' ? (asRecord(def).alias as string) : undefined;
    if (!target || target === current) return current;
    current = target;
  }
  return current;
}

/** The connection and options arguments, positional or named (`$pdoOrDsn`, `$options`). */
function handlerArguments(def: unknown): { connection?: unknown; options: Record<string, unknown> } {
  const args = asRecord(def).arguments;
  if (Array.isArray(args)) return { connection: args[0], options: asRecord(args[1]) };
  const named = asRecord(args);
  return { connection: named.$pdoOrDsn ?? named['0'], options: asRecord(named.$options ?? named['1']) };
}

export function readHandlerConfig(framework: YamlFile | undefined, services: YamlFile | undefined, appEnv: string): SymfonyHandlerConfig {
  const errors: string[] = [];
  const fw = parse(framework, errors);
  const sv = parse(services, errors);
  const servicesJs = asRecord(sv?.doc.toJS());
  const parameters = asRecord(servicesJs.parameters);
  const config: SymfonyHandlerConfig = { kind: 'none', options: {}, parameters, errors };
  if (!fw) return config;

  // A `when@<env>` block (Symfony 5.3+) wins over the top level for that environment.
  const paths = [
    [`when@${appEnv}`, 'framework', 'session', 'handler_id'],
    ['framework', 'session', 'handler_id'],
  ];
  const found = paths.map((p) => ({ p, node: fw.doc.getIn(p, true) })).find((x) => x.node !== undefined);
  if (!found) return config;
  const Y = yaml();
  const node = found.node;
  const raw: unknown = Y.isScalar(node) ? node.value : undefined;
  const value = raw === null || raw === undefined ? null : String(raw);
  const range = Y.isNode(node) ? node.range : undefined;
  config.handlerId = { value, location: locationOf(fw.file, fw.lines, range), file: fw.file.path };
  if (value === null) {
    config.kind = 'other';
    return config;
  }
  if (value.includes('://') || /^%env\(/.test(value)) {
    // A URL, or a placeholder that may hold one: SessionHandlerFactory decides by its scheme.
    config.kind = 'url';
    config.connection = value;
    return config;
  }
  const svc = asRecord(servicesJs.services);
  const id = resolveAlias(svc, value.replace(/^@/, ''));
  const def = svc[id];
  if (serviceClass(id, def) !== PDO_HANDLER_CLASS) {
    config.kind = 'other';
    return config;
  }
  config.kind = 'service';
  const { connection, options } = handlerArguments(def);
  config.connection = connection;
  config.options = options;
  const defNode = sv?.doc.getIn(['services', id], true);
  const keyNode =
    sv && Y.isMap(sv.doc.get('services', true))
      ? (sv.doc.get('services', true) as import('yaml').YAMLMap).items.find((p) => Y.isScalar(p.key) && p.key.value === id)?.key
      : undefined;
  if (sv && (keyNode || defNode))
    config.serviceLocation = locationOf(sv.file, sv.lines, (Y.isNode(keyNode) ? keyNode.range : undefined) ?? (Y.isNode(defNode) ? defNode.range : undefined));
  if (typeof connection === 'string' && connection.startsWith('@') && !connection.startsWith('@@')) {
    const pdoId = resolveAlias(svc, connection.slice(1).replace(/^\?/, ''));
    const pdoDef = svc[pdoId];
    if (serviceClass(pdoId, pdoDef) === 'PDO') {
      const a = asRecord(pdoDef).arguments;
      config.pdoService = { id: pdoId, arguments: Array.isArray(a) ? a : [asRecord(a).$dsn, asRecord(a).$username, asRecord(a).$password] };
    }
  }
  return config;
}

/** Whether a handler_id URL is one SessionHandlerFactory gives to PdoSessionHandler. */
export function isPdoUrl(url: string): boolean {
  const scheme = /^([A-Za-z][A-Za-z0-9+._-]*):\/\//.exec(url)?.[1];
  return scheme !== undefined && PDO_URL_SCHEMES.includes(scheme);
}

export interface PlaceholderContext {
  /** The environment as the app sees it (real environment first, then the .env files). */
  env: (name: string) => string | undefined;
  parameters: Record<string, unknown>;
  projectDir: string;
  appEnv: string;
}

export type Resolved = { ok: true; value: string; envNames: string[] } | { ok: false; error: string };

/**
 * A string with `%env(NAME)%`, `%env(resolve:NAME)%` and `%parameter%` placeholders, resolved as
 * the container does: an env value is taken as it is, unless `resolve:` asks for its `%…%` to be
 * resolved too (DATABASE_URL="sqlite:///%kernel.project_dir%/var/data.db" needs it). `%%` is `%`.
 */
export function resolvePlaceholders(value: string, ctx: PlaceholderContext, depth = 0): Resolved {
  if (depth > 5) return { ok: false, error: `placeholders nest too deeply in "${value}"` };
  const envNames: string[] = [];
  let error: string | undefined;
  const out = value.replace(/%%|%env\(([^)%]*)\)%|%([^%\s]+)%/g, (whole, envExpr: string | undefined, param: string | undefined) => {
    if (error) return whole;
    if (whole === '%%') return '%';
    if (envExpr !== undefined) {
      const parts = envExpr.split(':');
      const name = parts.pop() ?? '';
      const processors = parts;
      if (processors.some((p) => p !== 'resolve' && p !== 'string')) {
        error = `the env processor "${processors.join(':')}" in %env(${envExpr})% is not read`;
        return whole;
      }
      envNames.push(name);
      const v = ctx.env(name);
      if (v === undefined) {
        error = `${name} is not set in the environment or in the .env files`;
        return whole;
      }
      if (!processors.includes('resolve')) return v;
      const r = resolvePlaceholders(v, ctx, depth + 1);
      if (!r.ok) {
        error = r.error;
        return whole;
      }
      return r.value;
    }
    const p = param ?? '';
    if (p === 'kernel.project_dir') return ctx.projectDir;
    if (p === 'kernel.environment') return ctx.appEnv;
    const pv = ctx.parameters[p];
    if (typeof pv === 'string' || typeof pv === 'number') {
      const r = resolvePlaceholders(String(pv), ctx, depth + 1);
      if (!r.ok) {
        error = r.error;
        return whole;
      }
      envNames.push(...r.envNames);
      return r.value;
    }
    error = `the parameter %${p}% is not defined in config/services.yaml`;
    return whole;
  });
  return error ? { ok: false, error } : { ok: true, value: out, envNames };
}
