/**
 * JavaScript and TypeScript source read as text: tokens, and the object literals and simple values
 * an app passes to a library's constructor or config call (`new Store({ … })`, `betterAuth({ … })`).
 * Nothing is evaluated: a value that is not a literal, `process.env.NAME`, or
 * `process.env.NAME || 'literal'` is kept as `expression`, with its text.
 *
 * Pure: text in, offsets out (UTF-16 code units, as JavaScript strings index).
 */

export type TokenKind = 'ident' | 'string' | 'template' | 'number' | 'punct' | 'regex';

export interface Token {
  kind: TokenKind;
  /** The source text of the token. */
  text: string;
  /** Strings and templates without `${`: the value. */
  value?: string;
  start: number;
  end: number;
}

const PUNCT3 = ['===', '!==', '...', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??='];
const PUNCT2 = ['=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<', '>>', '**'];

function isIdentStart(c: string): boolean {
  return /[A-Za-z_$\u00c0-\uffff]/.test(c);
}

function isIdentPart(c: string): boolean {
  return /[\w$\u00c0-\uffff]/.test(c);
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** The value of a quoted string's body (common escapes; an unknown escape is the character itself). */
function unescape(body: string): string {
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])/g, (_m, e: string) => {
    if (e.startsWith('u{')) return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
    if (e[0] === 'u' || e[0] === 'x') return e.length > 1 ? String.fromCharCode(parseInt(e.slice(1), 16)) : e;
    if (e === '\n' || e === '\r\n' || e === '\r' || e === '\u2028' || e === '\u2029') return '';
    return SIMPLE_ESCAPES[e] ?? e;
  });
}

/** Whether a `/` after this token starts a regular expression rather than a division. */
function regexAllowedAfter(prev: Token | undefined): boolean {
  if (!prev) return true;
  if (prev.kind === 'ident')
    return ['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await'].includes(prev.text);
  if (prev.kind === 'punct') return ![')', ']', '}'].includes(prev.text);
  return false;
}

/** Tokens of a JS/TS source, comments skipped. Template literals are one token each (nested `${}` included). */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (
      c === ' ' ||
      c === '\t' ||
      c === '\n' ||
      c === '\r' ||
      c === '\f' ||
      c === '\v' ||
      c === '\ufeff' ||
      c === '\u00a0' ||
      c === '\u2028' ||
      c === '\u2029'
    ) {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n' && src[i] !== '\r') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const e = src.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    const start = i;
    if (c === '"' || c === "'") {
      i++;
      while (i < n && src[i] !== c && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
      i = Math.min(i + 1, n);
      out.push({ kind: 'string', text: src.slice(start, i), value: unescape(src.slice(start + 1, i - 1)), start, end: i });
      continue;
    }
    if (c === '`') {
      i = skipTemplate(src, i);
      const text = src.slice(start, i);
      out.push({ kind: 'template', text, value: text.includes('${') ? undefined : unescape(text.slice(1, -1)), start, end: i });
      continue;
    }
    if (c === '/' && regexAllowedAfter(out[out.length - 1])) {
      i++;
      let inClass = false;
      while (i < n && src[i] !== '\n') {
        if (src[i] === '\\') i++;
        else if (src[i] === '[') inClass = true;
        else if (src[i] === ']') inClass = false;
        else if (src[i] === '/' && !inClass) break;
        i++;
      }
      i++;
      while (i < n && isIdentPart(src[i])) i++;
      out.push({ kind: 'regex', text: src.slice(start, i), start, end: i });
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(src[i])) i++;
      out.push({ kind: 'ident', text: src.slice(start, i), start, end: i });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      while (i < n && /[\w.]/.test(src[i])) i++;
      out.push({ kind: 'number', text: src.slice(start, i), start, end: i });
      continue;
    }
    const three = src.slice(i, i + 3);
    const two = src.slice(i, i + 2);
    const p = PUNCT3.includes(three) ? three : PUNCT2.includes(two) ? two : c;
    i += p.length;
    out.push({ kind: 'punct', text: p, start, end: i });
  }
  return out;
}

/** The offset just after the template literal that opens at `i`. */
function skipTemplate(src: string, i: number): number {
  const n = src.length;
  i++;
  while (i < n) {
    const c = src[i];
    if (c === '\\') i += 2;
    else if (c === '`') return i + 1;
    else if (c === '$' && src[i + 1] === '{') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        const d = src[i];
        if (d === '`') {
          i = skipTemplate(src, i);
          continue;
        }
        if (d === '"' || d === "'") {
          i++;
          while (i < n && src[i] !== d && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
        } else if (d === '{') depth++;
        else if (d === '}') depth--;
        i++;
      }
    } else i++;
  }
  return n;
}

export type OptionValue =
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  /** `process.env.NAME`, or `process.env.NAME || 'fallback'` (also `??`). */
  | { kind: 'env'; name: string; fallback?: string }
  | { kind: 'object'; object: ObjectLiteral }
  /** Anything else: computed in code, never run. */
  | { kind: 'expression'; text: string };

export interface OptionProp {
  key: string;
  value: OptionValue;
  /** Offsets of the key and of the value's text. */
  keyStart: number;
  valueStart: number;
  valueEnd: number;
}

export interface ObjectLiteral {
  /** Offsets of `{` and of the `}` that closes it. */
  open: number;
  close: number;
  props: OptionProp[];
  /** `...spread` or a computed key: a key not listed may still be set. */
  opaque: boolean;
}

/** The offset index (in `tokens`) of the bracket that closes the one at `open`, or -1. */
export function matching(tokens: Token[], open: number): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const stack: string[] = [];
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'punct') continue;
    if (pairs[t.text]) stack.push(pairs[t.text]);
    else if (t.text === ')' || t.text === ']' || t.text === '}') {
      if (stack.pop() !== t.text) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

export const is = (t: Token | undefined, text: string): boolean => t !== undefined && t.kind === 'punct' && t.text === text;
export const isIdent = (t: Token | undefined, text?: string): boolean => t !== undefined && t.kind === 'ident' && (text === undefined || t.text === text);

function envName(tokens: Token[], i: number): { name: string; end: number } | undefined {
  if (!isIdent(tokens[i], 'process') || !is(tokens[i + 1], '.') || !isIdent(tokens[i + 2], 'env')) return undefined;
  if (is(tokens[i + 3], '.') && isIdent(tokens[i + 4])) return { name: tokens[i + 4].text, end: i + 5 };
  if (
    is(tokens[i + 3], '[') &&
    (tokens[i + 4]?.kind === 'string' || tokens[i + 4]?.kind === 'template') &&
    tokens[i + 4].value !== undefined &&
    is(tokens[i + 5], ']')
  )
    return { name: tokens[i + 4].value!, end: i + 6 };
  return undefined;
}

/** The value made of tokens [from, to). */
export function valueOf(src: string, tokens: Token[], from: number, to: number): OptionValue {
  const text = src.slice(tokens[from].start, tokens[to - 1].end);
  const one = to - from === 1 ? tokens[from] : undefined;
  if (one && (one.kind === 'string' || one.kind === 'template') && one.value !== undefined) return { kind: 'string', value: one.value };
  if (one && isIdent(one) && (one.text === 'true' || one.text === 'false')) return { kind: 'boolean', value: one.text === 'true' };
  if (is(tokens[from], '{') && matching(tokens, from) === to - 1) return { kind: 'object', object: objectAt(src, tokens, from) };
  const env = envName(tokens, from);
  // TypeScript's non-null assertion (`process.env.URL!`) and `as string` change nothing at run time.
  const bare = is(tokens[to - 1], '!') ? to - 1 : isIdent(tokens[to - 2], 'as') && isIdent(tokens[to - 1], 'string') ? to - 2 : to;
  if (env && env.end === bare) return { kind: 'env', name: env.name };
  if (env && env.end === to - 2 && (is(tokens[env.end], '||') || is(tokens[env.end], '??'))) {
    const fb = tokens[env.end + 1];
    if ((fb.kind === 'string' || fb.kind === 'template') && fb.value !== undefined) return { kind: 'env', name: env.name, fallback: fb.value };
  }
  return { kind: 'expression', text };
}

/** The object literal whose `{` is token `open`. */
export function objectAt(src: string, tokens: Token[], open: number): ObjectLiteral {
  const close = matching(tokens, open);
  const obj: ObjectLiteral = { open: tokens[open].start, close: tokens[close].start, props: [], opaque: false };
  let i = open + 1;
  while (i < close) {
    // One property: up to the next top-level comma.
    let end = i;
    while (end < close && !is(tokens[end], ',')) {
      const t = tokens[end];
      end = t.kind === 'punct' && (t.text === '(' || t.text === '[' || t.text === '{') ? matching(tokens, end) + 1 : end + 1;
      if (end <= 0) return { ...obj, opaque: true };
    }
    const k = tokens[i];
    if (end === i) {
      i++;
      continue;
    }
    if (is(k, '...') || is(k, '[')) obj.opaque = true;
    else if (k.kind === 'ident' || k.kind === 'string' || k.kind === 'number') {
      const key = k.kind === 'string' ? (k.value ?? '') : k.text;
      if (is(tokens[i + 1], ':') && i + 2 < end)
        obj.props.push({ key, value: valueOf(src, tokens, i + 2, end), keyStart: k.start, valueStart: tokens[i + 2].start, valueEnd: tokens[end - 1].end });
      else if (end === i + 1 && k.kind === 'ident')
        obj.props.push({ key, value: { kind: 'expression', text: k.text }, keyStart: k.start, valueStart: k.start, valueEnd: k.end });
      else
        obj.props.push({
          key,
          value: { kind: 'expression', text: src.slice(k.start, tokens[end - 1].end) },
          keyStart: k.start,
          valueStart: k.start,
          valueEnd: tokens[end - 1].end,
        });
    } else obj.opaque = true;
    i = end + 1;
  }
  return obj;
}

/** A property of an options object by name (the last one wins, as in JavaScript). */
export function optionOf(obj: ObjectLiteral, key: string): OptionProp | undefined {
  return [...obj.props].reverse().find((p) => p.key === key);
}

/** The 0-based line and UTF-16 column of an offset (CR, LF and CRLF end lines, as in VS Code). */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}
