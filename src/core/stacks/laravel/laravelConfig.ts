/**
 * Resolving one Laravel config value the way the framework would, from text only:
 * cached config > `.env` (or `.env.example` when `.env` is missing) > the default written in the
 * app's config file > the framework's own default.
 */
import * as path from 'node:path';
import type { Location } from '../../model';
import { envLookup, type EnvDocument } from '../../read/env/envFile';
import { phpLiteral, type PhpNode } from './phpArrayText';

export type SettingSource = 'cached-config' | 'env' | 'env-example' | 'config-default' | 'framework-default';

export interface Setting {
  value: string | undefined;
  source: SettingSource;
  location?: Location;
}

/** What env() reads: the `.env` document (or `.env.example` standing in for a missing `.env`). */
export interface EnvSource {
  path: string;
  doc: EnvDocument;
  source: 'env' | 'env-example';
}

export interface ResolveContext {
  root: string;
  env?: EnvSource;
  /** File the config node comes from; undefined for the built-in framework defaults. */
  configFile?: string;
}

/**
 * Laravel's `Env::get` conversion of a loaded string: `true`/`(true)`, `false`/`(false)`,
 * `null`/`(null)` and `empty`/`(empty)` (any case) become PHP values, and one pair of matching
 * outer quotes is removed. So `SESSION_DRIVER=null` yields null, not the config default.
 */
export function laravelEnvValue(raw: string): string | boolean | null {
  switch (raw.toLowerCase()) {
    case 'true':
    case '(true)':
      return true;
    case 'false':
    case '(false)':
      return false;
    case 'empty':
    case '(empty)':
      return '';
    case 'null':
    case '(null)':
      return null;
  }
  // PHP's `.` (no /s flag) stops only at \n.
  const m = /^(['"])([^\n]*)\1$/.exec(raw);
  return m ? m[2] : raw;
}

/** A PHP scalar as the string a setting shows (PHP's string conversion), null/undefined as undefined. */
export function settingString(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'boolean') return v ? '1' : '';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return undefined;
}

const PATH_HELPERS: Record<string, string> = {
  base_path: '',
  database_path: 'database',
  storage_path: 'storage',
  config_path: 'config',
  resource_path: 'resources',
  app_path: 'app',
  public_path: 'public',
};

interface Resolved {
  value: unknown;
  source: SettingSource;
  location?: Location;
}

/** Resolves a config node with env() lookups; `value` is undefined when it cannot be known from text. */
export function resolveConfigNode(node: PhpNode | undefined, ctx: ResolveContext): Resolved {
  const defaultSource: SettingSource = ctx.configFile ? 'config-default' : 'framework-default';
  const here = (n: PhpNode): Location | undefined => (ctx.configFile ? { file: ctx.configFile, range: n.range } : undefined);
  if (!node) return { value: null, source: defaultSource };
  switch (node.kind) {
    case 'env': {
      const entry = ctx.env ? envLookup(ctx.env.doc, node.name) : undefined;
      if (ctx.env && entry) {
        const range = entry.rawValue.length > 0 ? entry.valueRange : entry.lineRange;
        return { value: laravelEnvValue(entry.value), source: ctx.env.source, location: { file: ctx.env.path, range } };
      }
      if (!node.default) return { value: null, source: defaultSource, location: here(node) };
      return resolveConfigNode(node.default, ctx);
    }
    case 'call': {
      const sub = PATH_HELPERS[node.name];
      if (sub === undefined) return { value: undefined, source: defaultSource, location: here(node) };
      const arg = node.args[0] ? resolveConfigNode(node.args[0], ctx).value : '';
      if (typeof arg !== 'string') return { value: undefined, source: defaultSource, location: here(node) };
      return { value: path.join(ctx.root, sub, arg), source: defaultSource, location: here(node) };
    }
    case 'concat': {
      const parts = node.parts.map((p) => resolveConfigNode(p, ctx));
      const values = parts.map((p) => p.value);
      const joined = values.every((v) => typeof v === 'string' || typeof v === 'number') ? values.join('') : undefined;
      const fromEnv = parts.find((p) => p.source === 'env' || p.source === 'env-example');
      return { value: joined, source: fromEnv?.source ?? defaultSource, location: fromEnv?.location ?? here(node) };
    }
    default:
      return { value: phpLiteral(node), source: defaultSource, location: here(node) };
  }
}

export function toSetting(r: Resolved): Setting {
  const s: Setting = { value: settingString(r.value), source: r.source };
  if (r.location) s.location = r.location;
  return s;
}
