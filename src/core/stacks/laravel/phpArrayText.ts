/**
 * A small, bounded reader for the PHP that Laravel config files are made of: `return [...]` /
 * `return array (...)` with string/number/bool/null literals, nested arrays, `env('NAME', default)`
 * calls, helper calls such as `database_path('database.sqlite')`, string concatenation and casts.
 * Anything else becomes an `other` node with its source text, so an unusual expression never
 * breaks the rest of the file. It reads `var_export` output (`bootstrap/cache/config.php`) and
 * hand-written config files alike. It never evaluates anything.
 *
 * Why not run PHP: discovery must never execute workspace code, and PHP may not be installed.
 */
import type { Position, Range } from '../../model';

export type PhpNode =
  | { kind: 'string'; value: string; range: Range }
  | { kind: 'number'; value: number; range: Range }
  | { kind: 'bool'; value: boolean; range: Range }
  | { kind: 'null'; range: Range }
  | { kind: 'array'; items: PhpArrayItem[]; range: Range }
  | { kind: 'env'; name: string; default?: PhpNode; range: Range }
  | { kind: 'call'; name: string; args: PhpNode[]; range: Range }
  | { kind: 'concat'; parts: PhpNode[]; range: Range }
  | { kind: 'other'; text: string; range: Range };

interface PhpArrayItem {
  key?: PhpNode;
  value: PhpNode;
}

/** Config files are a few KB; a cached config rarely exceeds a few hundred KB. */
const MAX_TEXT = 4 * 1024 * 1024;
const MAX_DEPTH = 64;

type TokKind = 'str' | 'num' | 'ident' | 'punct' | 'eof';
interface Tok {
  kind: TokKind;
  text: string;
  /** Decoded value for strings. */
  value?: string;
  start: number;
  end: number;
}

class PhpSyntaxError extends Error {}

const PUNCT = [
  '=>',
  '::',
  '??',
  '?->',
  '->',
  '...',
  '(',
  ')',
  '[',
  ']',
  ',',
  ';',
  '.',
  '?',
  ':',
  '!',
  '-',
  '+',
  '*',
  '/',
  '%',
  '=',
  '<',
  '>',
  '&',
  '|',
  '@',
  '{',
  '}',
  '^',
  '~',
];

function decodeSingle(body: string): string {
  return body.replace(/\\([\\'])/g, '$1');
}

const DOUBLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', e: '\x1b', f: '\f', '\\': '\\', $: '$', '"': '"', '0': '\0' };

function decodeDouble(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/gs, (m, e: string) => {
    if (e[0] === 'x' && e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
    return DOUBLE_ESCAPES[e] ?? m;
  });
}

function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = text.length;
  if (text.startsWith('<?php')) i = 5;
  while (i < n) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '#' || (ch === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new PhpSyntaxError('a comment is never closed');
      i = end + 2;
      continue;
    }
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < n && text[j] !== ch) j += text[j] === '\\' ? 2 : 1;
      if (j >= n) throw new PhpSyntaxError('a string is never closed');
      const body = text.slice(i + 1, j);
      toks.push({ kind: 'str', text: text.slice(i, j + 1), value: ch === "'" ? decodeSingle(body) : decodeDouble(body), start: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    const num = /^(?:0[xX][0-9a-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (num) {
      toks.push({ kind: 'num', text: num[0], start: i, end: i + num[0].length });
      i += num[0].length;
      continue;
    }
    const ident = /^\\?[A-Za-z_\x80-\uffff][\w\x80-\uffff]*(?:\\[A-Za-z_\x80-\uffff][\w\x80-\uffff]*)*/.exec(text.slice(i, i + 512));
    if (ident) {
      toks.push({ kind: 'ident', text: ident[0], start: i, end: i + ident[0].length });
      i += ident[0].length;
      continue;
    }
    if (ch === '$') {
      const v = /^\$[A-Za-z_]\w*/.exec(text.slice(i, i + 256));
      const len = v ? v[0].length : 1;
      toks.push({ kind: 'ident', text: text.slice(i, i + len), start: i, end: i + len });
      i += len;
      continue;
    }
    // Characters outside the subset (backticks, heredoc markers...) stay single tokens; the
    // expression that holds them becomes an `other` node.
    const p = PUNCT.find((q) => text.startsWith(q, i)) ?? ch;
    toks.push({ kind: 'punct', text: p, start: i, end: i + p.length });
    i += p.length;
  }
  toks.push({ kind: 'eof', text: '', start: n, end: n });
  return toks;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') starts.push(i + 1);
    else if (text[i] === '\r' && text[i + 1] !== '\n') starts.push(i + 1);
  }
  return starts;
}

class Parser {
  private pos = 0;
  private readonly starts: number[];

  constructor(
    private readonly text: string,
    private readonly toks: Tok[],
  ) {
    this.starts = lineStarts(text);
  }

  private position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  private range(a: number, b: number): Range {
    return { start: this.position(a), end: this.position(b) };
  }

  private peek(k = 0): Tok {
    return this.toks[Math.min(this.pos + k, this.toks.length - 1)];
  }

  private next(): Tok {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private is(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'punct' && t.text === text;
  }

  private expect(text: string): Tok {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== text) {
      const at = this.position(t.start);
      throw new PhpSyntaxError(`expected "${text}" at line ${at.line + 1}, found ${t.kind === 'eof' ? 'the end of the file' : JSON.stringify(t.text)}`);
    }
    return t;
  }

  /** The expression after the first top-level `return`. */
  parseReturn(): PhpNode {
    while (this.peek().kind !== 'eof' && !(this.peek().kind === 'ident' && this.peek().text.toLowerCase() === 'return')) this.next();
    if (this.peek().kind === 'eof') throw new PhpSyntaxError('no "return" statement');
    this.next();
    return this.expression(0);
  }

  private isTerminator(): boolean {
    const t = this.peek();
    return t.kind === 'eof' || (t.kind === 'punct' && [',', ']', ')', ';', '=>', '}'].includes(t.text));
  }

  /** Skips a balanced run up to the next terminator at this level; returns where it ended. */
  private skipRest(): number {
    let depth = 0;
    let end = this.peek().start;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return end;
      if (depth === 0 && this.isTerminator()) return end;
      if (t.kind === 'punct' && ['(', '[', '{'].includes(t.text)) depth++;
      if (t.kind === 'punct' && [')', ']', '}'].includes(t.text)) depth--;
      end = this.next().end;
    }
  }

  private expression(depth: number): PhpNode {
    if (depth > MAX_DEPTH) throw new PhpSyntaxError('nesting is too deep');
    const start = this.peek().start;
    const first = this.unary(depth);
    const parts = [first];
    while (this.is('.')) {
      this.next();
      parts.push(this.unary(depth));
    }
    if (this.isTerminator()) {
      return parts.length === 1 ? first : { kind: 'concat', parts, range: this.range(start, this.toks[this.pos - 1].end) };
    }
    const end = this.skipRest();
    return { kind: 'other', text: this.text.slice(start, end), range: this.range(start, end) };
  }

  private unary(depth: number): PhpNode {
    const t = this.peek();
    // Casts such as `(int) env('SESSION_LIFETIME', 120)` are transparent for our purposes.
    if (this.is('(') && this.peek(1).kind === 'ident' && this.is(')', 2) && /^(int|integer|bool|boolean|string|float|double|array)$/i.test(this.peek(1).text)) {
      this.pos += 3;
      return this.unary(depth);
    }
    if (this.is('-') && this.peek(1).kind === 'num') {
      this.next();
      const n = this.next();
      return { kind: 'number', value: -Number(n.text.replace(/_/g, '')), range: this.range(t.start, n.end) };
    }
    return this.primary(depth);
  }

  private primary(depth: number): PhpNode {
    const t = this.peek();
    if (t.kind === 'str') {
      this.next();
      return { kind: 'string', value: t.value ?? '', range: this.range(t.start, t.end) };
    }
    if (t.kind === 'num') {
      this.next();
      return { kind: 'number', value: Number(t.text.replace(/_/g, '')), range: this.range(t.start, t.end) };
    }
    if (this.is('[')) return this.array(depth, '[', ']');
    if (t.kind === 'ident') {
      const lower = t.text.toLowerCase();
      if (lower === 'array' && this.is('(', 1)) {
        this.next();
        return this.array(depth, '(', ')');
      }
      if (lower === 'true' || lower === 'false') {
        this.next();
        return { kind: 'bool', value: lower === 'true', range: this.range(t.start, t.end) };
      }
      if (lower === 'null') {
        this.next();
        return { kind: 'null', range: this.range(t.start, t.end) };
      }
      if (this.is('(', 1)) return this.call(depth);
    }
    const end = this.skipRest();
    if (end === t.start) {
      throw new PhpSyntaxError(`unexpected ${t.kind === 'eof' ? 'end of the file' : JSON.stringify(t.text)} at line ${this.position(t.start).line + 1}`);
    }
    return { kind: 'other', text: this.text.slice(t.start, end), range: this.range(t.start, end) };
  }

  private call(depth: number): PhpNode {
    const nameTok = this.next();
    this.expect('(');
    const args: PhpNode[] = [];
    while (!this.is(')')) {
      if (this.peek().kind === 'eof') throw new PhpSyntaxError(`the call to ${nameTok.text}() is never closed`);
      args.push(this.expression(depth + 1));
      if (!this.is(')')) this.expect(',');
    }
    const close = this.expect(')');
    const range = this.range(nameTok.start, close.end);
    const name = nameTok.text.replace(/^\\/, '');
    if ((name === 'env' || name === 'Env::get' || name.endsWith('\\env')) && args[0]?.kind === 'string') {
      return args.length > 1 ? { kind: 'env', name: args[0].value, default: args[1], range } : { kind: 'env', name: args[0].value, range };
    }
    return { kind: 'call', name, args, range };
  }

  private array(depth: number, open: string, close: string): PhpNode {
    const startTok = this.expect(open);
    const items: PhpArrayItem[] = [];
    while (!this.is(close)) {
      if (this.peek().kind === 'eof') throw new PhpSyntaxError(`an array opened at line ${this.position(startTok.start).line + 1} is never closed`);
      const first = this.expression(depth + 1);
      if (this.is('=>')) {
        this.next();
        items.push({ key: first, value: this.expression(depth + 1) });
      } else items.push({ value: first });
      if (!this.is(close)) this.expect(',');
    }
    const endTok = this.expect(close);
    return { kind: 'array', items, range: this.range(startTok.start, endTok.end) };
  }
}

/** Parses the value a PHP file returns. Never throws: malformed text gives `{ error }`. */
export function parsePhpReturn(text: string): { value: PhpNode } | { error: string } {
  if (text.length > MAX_TEXT) return { error: `the file is larger than ${MAX_TEXT} bytes` };
  try {
    const body = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
    return { value: new Parser(body, tokenize(body)).parseReturn() };
  } catch (e) {
    if (e instanceof PhpSyntaxError || e instanceof RangeError) return { error: `cannot read the PHP: ${e.message}` };
    return { error: `cannot read the PHP: ${String(e)}` };
  }
}

/** A key as PHP would use it: strings and integers. */
function keyOf(node: PhpNode | undefined, index: number): string | undefined {
  if (!node) return String(index);
  if (node.kind === 'string') return node.value;
  if (node.kind === 'number') return String(node.value);
  return undefined;
}

/** `node['a']['b']...`; the last of duplicate keys wins, as in PHP. */
export function phpArrayGet(node: PhpNode | undefined, ...path: string[]): PhpNode | undefined {
  let cur = node;
  for (const k of path) {
    if (!cur || cur.kind !== 'array') return undefined;
    let found: PhpNode | undefined;
    let auto = 0;
    for (const item of cur.items) {
      const key = keyOf(item.key, auto);
      if (!item.key) auto++;
      else if (item.key.kind === 'number') auto = Math.max(auto, item.key.value + 1);
      if (key === k) found = item.value;
    }
    cur = found;
  }
  return cur;
}

/**
 * The literal value of a node: strings, numbers, booleans, null, arrays of those (as records;
 * lists as arrays). Concatenations of literals are joined. Anything else is undefined.
 */
export function phpLiteral(node: PhpNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return node.value;
    case 'null':
      return null;
    case 'concat': {
      const parts = node.parts.map(phpLiteral);
      return parts.every((p) => typeof p === 'string' || typeof p === 'number') ? parts.join('') : undefined;
    }
    case 'array': {
      // A list, whether written `[a, b]` or, as var_export does, `array (0 => a, 1 => b)`.
      const isList = node.items.every((i, n) => !i.key || (i.key.kind === 'number' && i.key.value === n));
      if (isList) return node.items.map((i) => phpLiteral(i.value));
      const out: Record<string, unknown> = {};
      let auto = 0;
      for (const item of node.items) {
        const key = keyOf(item.key, auto);
        if (!item.key) auto++;
        if (key !== undefined) out[key] = phpLiteral(item.value);
      }
      return out;
    }
    default:
      return undefined;
  }
}
