/**
 * Reads a Better Auth config (`betterAuth({ … })` in auth.ts) as text: which database it opens, the
 * names it gives the core tables, and whatever it sets that changes the schema beyond the core
 * (plugins, additional fields, generated ids). Nothing is evaluated or imported.
 *
 * Recognised database options (any variable names; the value inline or in a `const` of the same
 * file): `new Database(file)` from better-sqlite3, `new DatabaseSync(file)` from node:sqlite,
 * `new Database(file)` from bun:sqlite, `new Pool({ connectionString })` from pg, `createPool(url)`
 * from mysql2, and the ORM adapters (`prismaAdapter(…)`, `drizzleAdapter(…)`, `mongodbAdapter(…)`).
 *
 * Pure: text in, facts out.
 */
import { is, isIdent, matching, objectAt, optionOf, tokenize, valueOf, type ObjectLiteral, type OptionValue, type Token } from '../jsSourceText';
import { CORE_MODELS, DEFAULT_NAMES, type BetterAuthNames } from './betterAuthSchema';

export type DatabaseOption =
  | { kind: 'sqlite'; driver: 'better-sqlite3' | 'node:sqlite' | 'bun:sqlite'; file?: OptionValue }
  | { kind: 'postgres'; url?: OptionValue }
  | { kind: 'mysql'; url?: OptionValue }
  | { kind: 'adapter'; adapter: 'prisma' | 'drizzle' | 'mongodb'; provider?: string }
  /** Computed in code, or a driver not recognised: its text. */
  | { kind: 'unknown'; text: string }
  | { kind: 'none' };

export interface BetterAuthConfig {
  /** Offset of `betterAuth` in the text, for the problem's anchor. */
  start: number;
  end: number;
  database: DatabaseOption;
  names: BetterAuthNames;
  /** A table or column name computed in code: the option's text. */
  namesComputed?: string;
  /** Options that add to the core schema, which the DDL here does not model: `plugins`, `user.additionalFields`, … */
  extras: string[];
}

/** The module each imported or required local name comes from. */
function importedNames(tokens: Token[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (isIdent(t, 'import')) {
      // import X from 'm' / import * as X from 'm' / import { A, B as C } from 'm' / import X, { … } from 'm'
      const names: string[] = [];
      let j = i + 1;
      if (isIdent(tokens[j], 'type')) continue;
      for (; j < tokens.length && j < i + 60 && !isIdent(tokens[j], 'from'); j++) {
        const k = tokens[j];
        if (!isIdent(k) || isIdent(k, 'as') || isIdent(k, 'type')) continue;
        if (is(tokens[j + 1], 'as')) continue;
        names.push(k.text);
      }
      const from = tokens[j + 1];
      if (from && (from.kind === 'string' || from.kind === 'template') && from.value !== undefined) for (const n of names) out.set(n, from.value);
      continue;
    }
    // const X = require('m') / const { A } = require('m')
    if (isIdent(t, 'require') && is(tokens[i + 1], '(') && tokens[i + 2]?.kind === 'string' && is(tokens[i + 3], ')') && is(tokens[i - 1], '=')) {
      const mod = tokens[i + 2].value ?? '';
      const before = tokens[i - 2];
      if (isIdent(before)) out.set(before.text, mod);
      else if (is(before, '}')) {
        let k = i - 3;
        while (k >= 0 && !is(tokens[k], '{')) {
          if (isIdent(tokens[k]) && !is(tokens[k + 1], ':')) out.set(tokens[k].text, mod);
          k--;
        }
      }
    }
  }
  return out;
}

/** The token range [from, to) of `const name = <expression>` in the file, if any. */
function constInitializer(tokens: Token[], name: string): [number, number] | undefined {
  for (let i = 0; i + 3 < tokens.length; i++) {
    if (!(isIdent(tokens[i], 'const') || isIdent(tokens[i], 'let') || isIdent(tokens[i], 'var'))) continue;
    if (!isIdent(tokens[i + 1], name) || !is(tokens[i + 2], '=')) continue;
    const from = i + 3;
    let j = from;
    while (j < tokens.length && !is(tokens[j], ';')) {
      const t = tokens[j];
      if (t.kind === 'punct' && (t.text === '(' || t.text === '[' || t.text === '{')) {
        const close = matching(tokens, j);
        if (close < 0) return undefined;
        j = close + 1;
        continue;
      }
      // A new statement on the next line without a semicolon.
      if (j > from && (isIdent(t, 'const') || isIdent(t, 'let') || isIdent(t, 'var') || isIdent(t, 'export') || isIdent(t, 'import') || isIdent(t, 'function')))
        break;
      j++;
    }
    return j > from ? [from, j] : undefined;
  }
  return undefined;
}

const ADAPTERS: Record<string, 'prisma' | 'drizzle' | 'mongodb'> = { prismaAdapter: 'prisma', drizzleAdapter: 'drizzle', mongodbAdapter: 'mongodb' };

/** What the database option's expression (tokens [from, to)) opens. */
function databaseOf(src: string, tokens: Token[], from: number, to: number, imports: Map<string, string>, depth = 0): DatabaseOption {
  const text = src.slice(tokens[from].start, tokens[to - 1].end);
  // A local constant: `database: db` with `const db = new Database(…)`.
  if (to - from === 1 && isIdent(tokens[from]) && depth === 0) {
    const init = constInitializer(tokens, tokens[from].text);
    if (init) return databaseOf(src, tokens, init[0], init[1], imports, 1);
    return { kind: 'unknown', text };
  }
  let i = from;
  const isNew = isIdent(tokens[i], 'new');
  if (isNew) i++;
  // The callee: `X` or `ns.X`.
  let callee = tokens[i];
  let ns: Token | undefined;
  if (isIdent(callee) && is(tokens[i + 1], '.') && isIdent(tokens[i + 2])) {
    ns = callee;
    callee = tokens[i + 2];
    i += 2;
  }
  if (!isIdent(callee) || !is(tokens[i + 1], '(')) return { kind: 'unknown', text };
  const open = i + 1;
  const close = matching(tokens, open);
  if (close < 0 || close !== to - 1) return { kind: 'unknown', text };
  const firstArg = (): OptionValue | undefined => {
    if (close === open + 1) return undefined;
    let end = open + 1;
    while (end < close && !is(tokens[end], ',')) {
      const t = tokens[end];
      end = t.kind === 'punct' && (t.text === '(' || t.text === '[' || t.text === '{') ? matching(tokens, end) + 1 : end + 1;
      if (end <= 0) return { kind: 'expression', text };
    }
    return valueOf(src, tokens, open + 1, end);
  };
  const mod = imports.get(ns ? ns.text : callee.text) ?? '';
  const adapter = ADAPTERS[callee.text];
  if (!isNew && adapter) {
    // prismaAdapter(prisma, { provider: "sqlite" }): the provider is the second argument.
    const obj = tokens.slice(open + 1, close).findIndex((t) => is(t, '{'));
    const options = obj >= 0 ? objectAt(src, tokens, open + 1 + obj) : undefined;
    const provider = options ? optionOf(options, 'provider')?.value : undefined;
    return { kind: 'adapter', adapter, ...(provider?.kind === 'string' ? { provider: provider.value } : {}) };
  }
  if (isNew && (mod === 'better-sqlite3' || mod === 'node:sqlite' || mod === 'bun:sqlite'))
    return { kind: 'sqlite', driver: mod, ...optional('file', firstArg()) } as DatabaseOption;
  if (isNew && mod === 'pg' && callee.text === 'Pool') {
    const arg = firstArg();
    if (arg?.kind === 'object') {
      const cs = optionOf(arg.object, 'connectionString')?.value;
      return cs ? { kind: 'postgres', url: cs } : { kind: 'unknown', text };
    }
    return arg ? { kind: 'unknown', text } : { kind: 'postgres' };
  }
  if (!isNew && (mod === 'mysql2' || mod === 'mysql2/promise') && callee.text === 'createPool') {
    const arg = firstArg();
    if (arg?.kind === 'object') {
      const uri = optionOf(arg.object, 'uri')?.value;
      return uri ? { kind: 'mysql', url: uri } : { kind: 'unknown', text };
    }
    return arg ? { kind: 'mysql', url: arg } : { kind: 'unknown', text };
  }
  return { kind: 'unknown', text };
}

function optional<K extends string, V>(key: K, v: V | undefined): Partial<Record<K, V>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, V>);
}

function stringValue(v: OptionValue | undefined): string | undefined | null {
  if (v === undefined) return undefined;
  return v.kind === 'string' ? v.value : null;
}

/** The names the config gives the core tables and columns, and what it adds beyond the core. */
function namesOf(obj: ObjectLiteral): Pick<BetterAuthConfig, 'names' | 'namesComputed' | 'extras'> {
  const names: BetterAuthNames = { tables: { ...DEFAULT_NAMES.tables }, columns: { user: {}, session: {}, account: {}, verification: {} } };
  const extras: string[] = [];
  let namesComputed: string | undefined;
  for (const model of CORE_MODELS) {
    const opt = optionOf(obj, model)?.value;
    if (!opt) continue;
    if (opt.kind !== 'object') {
      namesComputed ??= model;
      continue;
    }
    const o = opt.object;
    if (o.opaque) namesComputed ??= `${model}: { …spread }`;
    const modelName = stringValue(optionOf(o, 'modelName')?.value);
    if (modelName === null) namesComputed ??= `${model}.modelName`;
    else if (modelName) names.tables[model] = modelName;
    const fields = optionOf(o, 'fields')?.value;
    if (fields?.kind === 'object') {
      if (fields.object.opaque) namesComputed ??= `${model}.fields`;
      for (const p of fields.object.props) {
        const col = stringValue(p.value);
        if (col === null || col === undefined) namesComputed ??= `${model}.fields.${p.key}`;
        else names.columns[model][p.key] = col;
      }
    } else if (fields) namesComputed ??= `${model}.fields`;
    if (optionOf(o, 'additionalFields')) extras.push(`${model}.additionalFields`);
  }
  const plugins = optionOf(obj, 'plugins')?.value;
  if (plugins && !(plugins.kind === 'expression' && /^\[\s*\]$/.test(plugins.text))) extras.push('plugins');
  const advanced = optionOf(obj, 'advanced')?.value;
  if (advanced?.kind === 'object') {
    const db = optionOf(advanced.object, 'database')?.value;
    if (db?.kind === 'object') {
      const gen = optionOf(db.object, 'generateId')?.value;
      if (gen && !(gen.kind === 'boolean' && gen.value === false)) extras.push('advanced.database.generateId');
    } else if (db) extras.push('advanced.database');
  } else if (advanced) extras.push('advanced');
  if (obj.opaque) extras.push('{ …spread }');
  return { names, ...(namesComputed ? { namesComputed } : {}), extras };
}

/** The first `betterAuth({ … })` call of a source file, read; undefined when there is none. */
export function readBetterAuthConfig(src: string): BetterAuthConfig | undefined {
  if (!src.includes('betterAuth')) return undefined;
  const tokens = tokenize(src);
  const imports = importedNames(tokens);
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (!isIdent(tokens[i], 'betterAuth') || !is(tokens[i + 1], '(') || is(tokens[i - 1], '.')) continue;
    const close = matching(tokens, i + 1);
    if (close < 0) continue;
    const base = { start: tokens[i].start, end: tokens[close].end };
    if (!is(tokens[i + 2], '{'))
      return { ...base, database: { kind: 'unknown', text: src.slice(tokens[i + 2].start, tokens[close - 1].end) }, names: DEFAULT_NAMES, extras: [] };
    const obj = objectAt(src, tokens, i + 2);
    const dbProp = optionOf(obj, 'database');
    let database: DatabaseOption = { kind: 'none' };
    if (dbProp) {
      const from = tokens.findIndex((t) => t.start === dbProp.valueStart);
      const to = tokens.findIndex((t) => t.end === dbProp.valueEnd) + 1;
      database = from >= 0 && to > from ? databaseOf(src, tokens, from, to, imports) : { kind: 'unknown', text: src.slice(dbProp.valueStart, dbProp.valueEnd) };
    } else if (obj.opaque) database = { kind: 'unknown', text: '{ …spread }' };
    return { ...base, database, ...namesOf(obj) };
  }
  return undefined;
}
