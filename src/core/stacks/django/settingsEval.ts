/**
 * Gives meaning to the statements of a Django settings module (pythonText.ts): runs its top-level
 * assignments over a tiny value model (strings, numbers, paths, lists, dicts), following
 * `from .base import *` into the modules it is given, and says "unknown, because …" for anything
 * computed at run time (environment variables, dj-database-url, calls it does not know). It reads
 * only what the settings' own text says: it never runs Python and never reads the environment.
 *
 * The path rules are pathlib's and os.path's for POSIX paths (`BASE_DIR / 'db.sqlite3'`,
 * `os.path.join(BASE_DIR, 'db.sqlite3')`, `Path(__file__).resolve().parent.parent`).
 */
import * as path from 'node:path';
import { readPythonModule, type PyNode, type PyStatement } from './pythonText';

export type PyValue =
  | { kind: 'str'; value: string }
  | { kind: 'num'; value: number }
  | { kind: 'const'; value: boolean | null }
  /** A pathlib.Path. */
  | { kind: 'path'; value: string }
  /** A list or a tuple. */
  | { kind: 'list'; items: PyValue[] }
  /** A dict with string keys (anything else is unknown). */
  | { kind: 'dict'; entries: Map<string, PyValue> }
  /** `why` is for people: "read from the environment variable DATABASE_URL". */
  | { kind: 'unknown'; why: string; envVars?: string[] };

export interface PythonModuleSource {
  /** Dotted name: `mysite.settings`, `mysite.settings.base`. */
  module: string;
  /** Absolute path of the file. */
  path: string;
  /** `__init__.py` of a package. */
  isPackage: boolean;
  text: string;
}

export interface Binding {
  value: PyValue;
  /** Where the value was last set. */
  file: string;
  line: number;
}

export interface SettingsEnv {
  bindings: Map<string, Binding>;
  /** Star imports of modules that were not given (unreadable or outside the project). */
  opaqueImports: Array<{ module: string; file: string; line: number }>;
  /** Star-imported modules that were read, in import order. */
  modulesRead: string[];
  /** Lines that could not be read, per file. */
  errors: string[];
}

const unknown = (why: string, envVars?: string[]): PyValue => (envVars ? { kind: 'unknown', why, envVars } : { kind: 'unknown', why });

/** Module-name resolution of `from <dots><name> import *` inside `current`. */
export function resolveStarImport(current: { module: string; isPackage: boolean }, target: string, level: number): string | undefined {
  if (level === 0) return target;
  const parts = current.module.split('.');
  const pkg = current.isPackage ? parts : parts.slice(0, -1);
  if (level - 1 > pkg.length) return undefined;
  const base = pkg.slice(0, pkg.length - (level - 1));
  const full = [...base, ...(target ? target.split('.') : [])];
  return full.length > 0 ? full.join('.') : undefined;
}

const MAX_IMPORT_DEPTH = 8;

/** The modules `src` star-imports (resolved), for the reader that fetches them before evaluating. */
export function starImportedModules(src: { module: string; isPackage: boolean; text: string }): string[] {
  const out: string[] = [];
  for (const st of readPythonModule(src.text).statements) {
    if (st.kind !== 'star-import') continue;
    const m = resolveStarImport(src, st.module, st.level);
    if (m !== undefined && !out.includes(m)) out.push(m);
  }
  return out;
}

/** Runs `entry` (and the star imports it reaches among `modules`) and returns the module's names. */
export function evaluateSettings(entry: string, modules: ReadonlyMap<string, PythonModuleSource>): SettingsEnv {
  const env: SettingsEnv = { bindings: new Map(), opaqueImports: [], modulesRead: [], errors: [] };
  const active = new Set<string>();

  const runModule = (name: string, depth: number): Map<string, Binding> | undefined => {
    const src = modules.get(name);
    if (!src || active.has(name) || depth > MAX_IMPORT_DEPTH) return undefined;
    active.add(name);
    const scope = new Map<string, Binding>();
    const { statements, errors } = readPythonModule(src.text);
    for (const e of errors) env.errors.push(`${src.path}: ${e}`);
    for (const st of statements) runStatement(st, src, scope, depth);
    active.delete(name);
    return scope;
  };

  const runStatement = (st: PyStatement, src: PythonModuleSource, scope: Map<string, Binding>, depth: number): void => {
    const set = (name: string, value: PyValue, line: number): void => void scope.set(name, { value, file: src.path, line });
    switch (st.kind) {
      case 'star-import': {
        const target = resolveStarImport(src, st.module, st.level);
        const imported = target === undefined ? undefined : runModule(target, depth + 1);
        if (!imported) {
          // A conditional import of a missing module (`try: from .local import *`) is the usual
          // optional override: Python skips it. An unconditional one we cannot read is opaque.
          if (!st.conditional || (target !== undefined && modules.has(target)))
            env.opaqueImports.push({ module: target ?? st.module, file: src.path, line: st.line });
          return;
        }
        if (target) env.modulesRead.push(target);
        for (const [k, b] of imported) if (!k.startsWith('_')) scope.set(k, b);
        return;
      }
      case 'unknown-binding':
        set(st.name, unknown(`${path.basename(src.path)}: ${st.why}`), st.line);
        return;
      case 'assign': {
        const value = evalNode(st.value, src, scope);
        if (st.keys.length === 0) {
          const prev = scope.get(st.name)?.value;
          set(st.name, st.op === '=' ? value : add(prev ?? unknown(`${st.name} is not set before +=`), value), st.line);
          return;
        }
        const root = scope.get(st.name);
        if (!root) return;
        set(
          st.name,
          setIn(
            root.value,
            st.keys.map((k) => evalNode(k, src, scope)),
            st.op,
            value,
            st.line,
          ),
          st.line,
        );
        return;
      }
      case 'call': {
        const root = scope.get(st.name);
        if (!root) return;
        const args = st.args.map((a) => evalNode(a, src, scope));
        const keys = st.keys.map((k) => evalNode(k, src, scope));
        set(st.name, callIn(root.value, keys, st.method, args, st.line), st.line);
        return;
      }
    }
  };

  const result = runModule(entry, 0);
  if (result) env.bindings = result;
  return env;
}

function add(a: PyValue, b: PyValue): PyValue {
  if (a.kind === 'str' && b.kind === 'str') return { kind: 'str', value: a.value + b.value };
  if (a.kind === 'list' && b.kind === 'list') return { kind: 'list', items: [...a.items, ...b.items] };
  if (a.kind === 'num' && b.kind === 'num') return { kind: 'num', value: a.value + b.value };
  if (a.kind === 'unknown') return a;
  if (b.kind === 'unknown') return b;
  return unknown('a sum this reader does not compute');
}

function cloneDict(d: Extract<PyValue, { kind: 'dict' }>): Extract<PyValue, { kind: 'dict' }> {
  return { kind: 'dict', entries: new Map(d.entries) };
}

/** `X[k1][k2] = v` / `+=` on a copy of X. */
function setIn(root: PyValue, keys: PyValue[], op: '=' | '+=', value: PyValue, line: number): PyValue {
  if (root.kind !== 'dict') return root.kind === 'unknown' ? root : unknown(`set by subscript on line ${line}`);
  const [k, ...rest] = keys;
  if (k.kind !== 'str') return unknown(`set with a computed key on line ${line}`);
  const copy = cloneDict(root);
  const current = copy.entries.get(k.value);
  if (rest.length === 0) copy.entries.set(k.value, op === '=' ? value : add(current ?? unknown('not set before +='), value));
  else copy.entries.set(k.value, current ? setIn(current, rest, op, value, line) : unknown(`set by subscript on line ${line}`));
  return copy;
}

/** `X.append(v)`, `X[k].update({...})`, … on a copy of X; what it does not know makes X unknown. */
function callIn(root: PyValue, keys: PyValue[], method: string, args: PyValue[], line: number): PyValue {
  if (keys.length > 0) {
    const [k, ...rest] = keys;
    if (root.kind !== 'dict' || k.kind !== 'str') return root.kind === 'unknown' ? root : unknown(`changed by .${method}() on line ${line}`);
    const inner = root.entries.get(k.value);
    if (!inner) return root;
    const copy = cloneDict(root);
    copy.entries.set(k.value, callIn(inner, rest, method, args, line));
    return copy;
  }
  if (root.kind === 'list') {
    if (method === 'append' && args.length === 1) return { kind: 'list', items: [...root.items, args[0]] };
    if (method === 'extend' && args.length === 1 && args[0].kind === 'list') return { kind: 'list', items: [...root.items, ...args[0].items] };
    if (method === 'insert' && args.length === 2 && args[0].kind === 'num') {
      const items = [...root.items];
      items.splice(args[0].value < 0 ? Math.max(0, items.length + args[0].value) : args[0].value, 0, args[1]);
      return { kind: 'list', items };
    }
    if (method === 'remove' && args.length === 1 && args[0].kind === 'str') {
      const at = root.items.findIndex((i) => i.kind === 'str' && i.value === (args[0] as { value: string }).value);
      return at < 0 ? root : { kind: 'list', items: root.items.filter((_, i) => i !== at) };
    }
  }
  if (root.kind === 'dict' && method === 'update' && args.length === 1 && args[0].kind === 'dict') {
    const copy = cloneDict(root);
    for (const [k, v] of args[0].entries) copy.entries.set(k, v);
    return copy;
  }
  if (root.kind === 'unknown') return root;
  return unknown(`changed by .${method}() on line ${line}`);
}

/** Dotted name of an attribute chain (`os.path.join`), or undefined. */
function dotted(node: PyNode): string | undefined {
  if (node.kind === 'name') return node.name;
  if (node.kind === 'attr') {
    const base = dotted(node.object);
    return base === undefined ? undefined : `${base}.${node.name}`;
  }
  return undefined;
}

/** pathlib/os.path join of POSIX paths: an absolute part starts over; no trailing slash. */
function pjoin(base: string, part: string): string {
  const joined = part.startsWith('/') || base === '' ? part : path.posix.join(base, part);
  const norm = path.posix.normalize(joined);
  return norm.length > 1 ? norm.replace(/\/+$/, '') : norm;
}

function asPathString(v: PyValue): string | undefined {
  return v.kind === 'str' || v.kind === 'path' ? v.value : undefined;
}

const ENV_READERS = new Set(['os.environ.get', 'os.getenv', 'os.environ.setdefault', 'env', 'config', 'getenv', 'environ.get']);

function evalNode(node: PyNode, src: PythonModuleSource, scope: Map<string, Binding>): PyValue {
  const ev = (n: PyNode): PyValue => evalNode(n, src, scope);
  switch (node.kind) {
    case 'str':
      return { kind: 'str', value: node.value };
    case 'num':
      return { kind: 'num', value: node.value };
    case 'const':
      return { kind: 'const', value: node.value };
    case 'list':
    case 'tuple':
      return { kind: 'list', items: node.items.map(ev) };
    case 'set':
      return unknown('a set');
    case 'dict': {
      const entries = new Map<string, PyValue>();
      for (const e of node.entries) {
        const k = ev(e.key);
        if (k.kind !== 'str') return unknown('a dict with a computed key');
        entries.set(k.value, ev(e.value));
      }
      return { kind: 'dict', entries };
    }
    case 'name': {
      if (node.name === '__file__') return { kind: 'str', value: src.path };
      const b = scope.get(node.name);
      return b ? b.value : unknown(`${node.name} is not set in the settings`);
    }
    case 'attr': {
      const name = dotted(node);
      const obj = name?.startsWith('os.') ? undefined : ev(node.object);
      if (obj?.kind === 'path') {
        if (node.name === 'parent') return { kind: 'path', value: path.posix.dirname(obj.value) };
        if (node.name === 'name') return { kind: 'str', value: path.posix.basename(obj.value) };
      }
      if (obj?.kind === 'unknown') return obj;
      return unknown(`${name ?? 'an attribute'} is computed at run time`);
    }
    case 'subscript': {
      const name = dotted(node.object);
      const index = ev(node.index);
      if (name === 'os.environ' || name === 'environ') {
        const v = index.kind === 'str' ? index.value : '?';
        return unknown(`read from the environment variable ${v}`, index.kind === 'str' ? [v] : undefined);
      }
      const obj = ev(node.object);
      if (obj.kind === 'dict' && index.kind === 'str') return obj.entries.get(index.value) ?? unknown(`no key ${index.value}`);
      if (obj.kind === 'list' && index.kind === 'num') return obj.items.at(index.value) ?? unknown('no such item');
      return obj.kind === 'unknown' ? obj : unknown('a computed subscript');
    }
    case 'binop': {
      const l = ev(node.left);
      const r = ev(node.right);
      if (node.op === '/' && l.kind === 'path') {
        const rs = asPathString(r);
        if (rs === undefined) return r.kind === 'unknown' ? r : unknown('a path joined with a non-string');
        return { kind: 'path', value: pjoin(l.value, rs) };
      }
      if (node.op === '+') return add(l, r);
      if (l.kind === 'unknown') return l;
      if (r.kind === 'unknown') return r;
      return unknown(`an expression with ${node.op}`);
    }
    case 'call':
      return evalCall(node, src, scope);
    case 'other':
      return unknown(`computed: ${node.text.length > 60 ? `${node.text.slice(0, 60)}…` : node.text}`);
  }
}

function evalCall(node: Extract<PyNode, { kind: 'call' }>, src: PythonModuleSource, scope: Map<string, Binding>): PyValue {
  const ev = (n: PyNode): PyValue => evalNode(n, src, scope);
  const fn = dotted(node.func);
  const args = node.args.map(ev);
  const a0 = args[0];
  // Method calls on a path: Path(...).resolve(), .absolute(), .parent handled as attributes.
  if (node.func.kind === 'attr' && (fn === undefined || !fn.startsWith('os.'))) {
    const obj = ev(node.func.object);
    if (obj.kind === 'path' && ['resolve', 'absolute', 'expanduser'].includes(node.func.name)) return obj;
    if (obj.kind === 'path' && node.func.name === 'joinpath')
      return args.reduce<PyValue>(
        (acc, a) =>
          acc.kind === 'path' && asPathString(a) !== undefined
            ? { kind: 'path', value: pjoin(acc.value, asPathString(a) ?? '') }
            : unknown('joinpath of a computed part'),
        obj,
      );
    if (fn === 'dj_database_url.config' || fn === 'dj_database_url.parse' || /^env\.(db|db_url|dict|json)$/.test(fn ?? '')) {
      const envName = node.kwargs['env'] ? ev(node.kwargs['env']) : undefined;
      const varName = envName?.kind === 'str' ? envName.value : 'DATABASE_URL';
      return unknown(`read from the environment variable ${varName} (${fn})`, [varName]);
    }
    if (obj.kind === 'unknown') return obj;
  }
  switch (fn) {
    case 'Path':
    case 'pathlib.Path':
    case 'PurePath':
    case 'PosixPath': {
      if (args.length === 0) return unknown('Path() is the working directory at run time');
      let out = '';
      for (const a of args) {
        const s = asPathString(a);
        if (s === undefined) return a.kind === 'unknown' ? a : unknown('Path() of a non-string');
        out = pjoin(out, s);
      }
      return { kind: 'path', value: out };
    }
    case 'os.path.join': {
      let out: string | undefined;
      for (const a of args) {
        const s = asPathString(a);
        if (s === undefined) return a.kind === 'unknown' ? a : unknown('os.path.join of a non-string');
        out = out === undefined ? s : pjoin(out, s);
      }
      return out === undefined ? unknown('os.path.join()') : { kind: 'str', value: out };
    }
    case 'os.path.dirname':
      return asPathString(a0) !== undefined ? { kind: 'str', value: path.posix.dirname(asPathString(a0) ?? '') } : (a0 ?? unknown('dirname()'));
    case 'os.path.abspath':
    case 'os.path.realpath':
    case 'os.path.normpath':
    case 'os.fspath':
    case 'str':
      return asPathString(a0) !== undefined ? { kind: 'str', value: asPathString(a0) ?? '' } : (a0 ?? unknown(`${fn}()`));
    case 'bool':
      return a0?.kind === 'const' ? a0 : unknown('bool() of a computed value');
    case 'int':
      return a0?.kind === 'num'
        ? a0
        : a0?.kind === 'str' && /^-?\d+$/.test(a0.value)
          ? { kind: 'num', value: Number(a0.value) }
          : unknown('int() of a computed value');
  }
  if (fn !== undefined && (ENV_READERS.has(fn) || /^env\.(str|int|bool|path)$/.test(fn))) {
    const v = a0?.kind === 'str' ? a0.value : '?';
    return unknown(`read from the environment variable ${v}`, a0?.kind === 'str' ? [v] : undefined);
  }
  return unknown(`computed by ${fn ?? 'a call'}() at run time`);
}
