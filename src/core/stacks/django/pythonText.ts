/**
 * A small, bounded reader for the Python a Django settings module is made of: the module's
 * statements as a list of top-level assignments (`NAME = expr`, `NAME += expr`,
 * `NAME['k']['j'] = expr`), method calls on a name (`INSTALLED_APPS.append('x')`), star imports,
 * and the names assigned inside indented blocks (`if`, `try`), whose values depend on run time.
 * Expressions become a tree of literals, names, attribute accesses, calls, subscripts and the
 * binary operators settings use (`/` on paths, `+` on strings and lists); anything else becomes
 * an `other` node with its source text, so an unusual line never breaks the rest of the file.
 * It never evaluates anything (settingsEval.ts gives meaning to the few shapes that matter).
 *
 * Why not run Python: discovery must never execute workspace code.
 */

export type PyNode =
  | { kind: 'str'; value: string }
  | { kind: 'num'; value: number }
  | { kind: 'const'; value: boolean | null }
  | { kind: 'list' | 'tuple' | 'set'; items: PyNode[] }
  | { kind: 'dict'; entries: Array<{ key: PyNode; value: PyNode }> }
  | { kind: 'name'; name: string }
  | { kind: 'attr'; object: PyNode; name: string }
  | { kind: 'call'; func: PyNode; args: PyNode[]; kwargs: Record<string, PyNode> }
  | { kind: 'subscript'; object: PyNode; index: PyNode }
  | { kind: 'binop'; op: string; left: PyNode; right: PyNode }
  | { kind: 'other'; text: string };

export type PyStatement =
  /** `NAME = expr`, `NAME += expr`, or `NAME[k1][k2] = expr` (`keys` non-empty). */
  | { kind: 'assign'; name: string; keys: PyNode[]; op: '=' | '+='; value: PyNode; line: number }
  /** `NAME.method(args)` or `NAME[k].method(args)` as a statement. */
  | { kind: 'call'; name: string; keys: PyNode[]; method: string; args: PyNode[]; line: number }
  /** `from MODULE import *`; `level` counts the leading dots of a relative import. */
  | { kind: 'star-import'; module: string; level: number; line: number; conditional: boolean }
  /** A name bound inside an indented block, or by a statement this reader does not model. */
  | { kind: 'unknown-binding'; name: string; line: number; why: string };

/** Settings files are a few KB; anything far larger is not a settings file. */
export const MAX_PYTHON_TEXT = 1024 * 1024;
const MAX_DEPTH = 64;

type TokKind = 'str' | 'fstr' | 'num' | 'name' | 'op' | 'newline' | 'eof';
interface Tok {
  kind: TokKind;
  text: string;
  value?: string;
  start: number;
  /** 1-based line. */
  line: number;
  /** Column of the first token of its logical line, for indentation. */
  indent: number;
}

class PySyntaxError extends Error {}

const OPS = ['**=', '//=', '>>=', '<<=', '...', '**', '//', '==', '!=', '<=', '>=', '+=', '-=', '*=', '/=', '%=', '|=', '&=', '^=', '->', ':=', '<<', '>>'];
const STRING_START = /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])?(?:'''|"""|'|")/;

function decodeEscapes(body: string): string {
  return body.replace(/\\(?:\n|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|.)/gs, (esc) => {
    const c = esc[1];
    if (c === '\n') return '';
    if (c === 'x' || c === 'u' || c === 'U') return String.fromCodePoint(parseInt(esc.slice(2), 16));
    if (c >= '0' && c <= '7') return String.fromCodePoint(parseInt(esc.slice(1), 8));
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };
    return simple[c] ?? esc;
  });
}

function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let line = 1;
  let depth = 0;
  let lineStart = true;
  let indent = 0;
  const push = (t: Omit<Tok, 'line' | 'indent'>, startLine: number): void => {
    toks.push({ ...t, line: startLine, indent });
  };
  while (i < text.length) {
    const c = text[i];
    if (lineStart) {
      // Measure indentation; blank and comment-only lines do not start a logical line.
      let j = i;
      let col = 0;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\f')) {
        col = text[j] === '\t' ? col + 8 - (col % 8) : col + 1;
        j++;
      }
      if (j >= text.length || text[j] === '\n' || text[j] === '\r' || text[j] === '#') {
        while (j < text.length && text[j] !== '\n') j++;
        if (j < text.length) line++;
        i = j + 1;
        continue;
      }
      indent = col;
      lineStart = false;
      i = j;
      continue;
    }
    if (c === '\n') {
      line++;
      i++;
      if (depth === 0) {
        push({ kind: 'newline', text: '\n', start: i - 1 }, line - 1);
        lineStart = true;
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\n' ? 2 : 3;
      line++;
      continue;
    }
    const startLine = line;
    const sm = STRING_START.exec(text.slice(i, i + 6));
    if (sm) {
      const prefix = sm[0].replace(/['"]+$/, '').toLowerCase();
      const quote = sm[0].slice(prefix.length);
      let j = i + sm[0].length;
      const bodyStart = j;
      for (;;) {
        if (j >= text.length) throw new PySyntaxError(`unterminated string on line ${startLine}`);
        if (text[j] === '\\') {
          if (text[j + 1] === '\n') line++;
          j += 2;
          continue;
        }
        if (text[j] === '\n') {
          if (quote.length === 1) throw new PySyntaxError(`unterminated string on line ${startLine}`);
          line++;
        }
        if (text.startsWith(quote, j)) break;
        j++;
      }
      const body = text.slice(bodyStart, j);
      j += quote.length;
      const raw = prefix.includes('r');
      const kind: TokKind = prefix.includes('f') ? 'fstr' : 'str';
      push({ kind, text: text.slice(i, j), value: raw ? body : decodeEscapes(body), start: i }, startLine);
      i = j;
      continue;
    }
    const num = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?)[jJ]?/.exec(text.slice(i, i + 64));
    if (num && /[\d.]/.test(c) && !(c === '.' && !/\d/.test(text[i + 1] ?? ''))) {
      push({ kind: 'num', text: num[0], start: i }, startLine);
      i += num[0].length;
      continue;
    }
    const name = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}]*/u.exec(text.slice(i, i + 256));
    if (name) {
      push({ kind: 'name', text: name[0], start: i }, startLine);
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i)) ?? c;
    if (op === '(' || op === '[' || op === '{') depth++;
    if (op === ')' || op === ']' || op === '}') depth = Math.max(0, depth - 1);
    push({ kind: 'op', text: op, start: i }, startLine);
    i += op.length;
  }
  if (!lineStart) toks.push({ kind: 'newline', text: '', start: text.length, line, indent });
  toks.push({ kind: 'eof', text: '', start: text.length, line, indent: 0 });
  return toks;
}

class Parser {
  /** Index of the next token; read and reset by the statement loop to skip an unreadable line. */
  pos = 0;
  private depth = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly text: string,
  ) {}

  peek(offset = 0): Tok {
    return this.toks[Math.min(this.pos + offset, this.toks.length - 1)];
  }
  next(): Tok {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }
  isOp(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'op' && t.text === text;
  }
  expectOp(text: string): void {
    if (!this.isOp(text)) throw new PySyntaxError(`expected '${text}' on line ${this.peek().line}`);
    this.next();
  }
  /** Skips to just after the end of the current logical line. */
  skipLine(): void {
    while (this.peek().kind !== 'newline' && this.peek().kind !== 'eof') this.next();
    if (this.peek().kind === 'newline') this.next();
  }
  atLineEnd(): boolean {
    const k = this.peek().kind;
    return k === 'newline' || k === 'eof' || this.isOp(';');
  }
  /** Source text from token index `from` to the current position. */
  sourceFrom(from: number): string {
    const a = this.toks[from]?.start ?? this.text.length;
    const last = this.toks[Math.max(from, this.pos - 1)];
    const b = last ? last.start + last.text.length : this.text.length;
    return this.text.slice(a, Math.max(a, b)).trim();
  }

  expression(): PyNode {
    if (++this.depth > MAX_DEPTH) throw new PySyntaxError('expression nested too deeply');
    try {
      const start = this.pos;
      const node = this.binary(0);
      // A conditional expression, a lambda, a comparison...: keep its text, never guess.
      if (this.isOp(',') || this.atLineEnd() || this.isOp(')') || this.isOp(']') || this.isOp('}') || this.isOp(':') || this.isOp('=')) return node;
      this.skipExpressionRest();
      return { kind: 'other', text: this.sourceFrom(start) };
    } finally {
      this.depth--;
    }
  }

  /** Skips to the end of the expression: the next `,` `)` `]` `}` `:` at this nesting, or the line end. */
  private skipExpressionRest(): void {
    let nest = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof' || (t.kind === 'newline' && nest === 0)) return;
      if (t.kind === 'op') {
        if (nest === 0 && [',', ')', ']', '}', ':', ';'].includes(t.text)) return;
        if (['(', '[', '{'].includes(t.text)) nest++;
        if ([')', ']', '}'].includes(t.text)) nest--;
      }
      this.next();
    }
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [['|'], ['+', '-'], ['*', '/', '//', '%']];

  private binary(level: number): PyNode {
    if (level >= Parser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    while (this.peek().kind === 'op' && Parser.LEVELS[level].includes(this.peek().text)) {
      const op = this.next().text;
      const right = this.binary(level + 1);
      left = { kind: 'binop', op, left, right };
    }
    return left;
  }

  private unary(): PyNode {
    if (this.isOp('-') && this.peek(1).kind === 'num') {
      this.next();
      const n = this.postfix();
      return n.kind === 'num' ? { kind: 'num', value: -n.value } : { kind: 'other', text: `-${JSON.stringify(n)}` };
    }
    return this.postfix();
  }

  private postfix(): PyNode {
    let node = this.atom();
    for (;;) {
      if (this.isOp('.') && this.peek(1).kind === 'name') {
        this.next();
        node = { kind: 'attr', object: node, name: this.next().text };
      } else if (this.isOp('(')) {
        node = { kind: 'call', func: node, ...this.callArguments() };
      } else if (this.isOp('[')) {
        this.next();
        const index = this.expression();
        this.expectOp(']');
        node = { kind: 'subscript', object: node, index };
      } else return node;
    }
  }

  /** `( args )` of a call: positional and keyword arguments; `*x` / `**x` kept as `other`. */
  callArguments(): { args: PyNode[]; kwargs: Record<string, PyNode> } {
    this.expectOp('(');
    const args: PyNode[] = [];
    const kwargs: Record<string, PyNode> = {};
    while (!this.isOp(')')) {
      if (this.peek().kind === 'name' && this.isOp('=', 1)) {
        const k = this.next().text;
        this.next();
        kwargs[k] = this.expression();
      } else if (this.isOp('*') || this.isOp('**')) {
        const start = this.pos;
        this.next();
        this.expression();
        args.push({ kind: 'other', text: this.sourceFrom(start) });
      } else args.push(this.expression());
      if (!this.isOp(',')) break;
      this.next();
    }
    this.expectOp(')');
    return { args, kwargs };
  }

  private atom(): PyNode {
    const t = this.peek();
    if (t.kind === 'str' || t.kind === 'fstr') {
      // Adjacent literals concatenate; an f-string anywhere makes the value computed.
      let value = '';
      let computed = false;
      const start = this.pos;
      while (this.peek().kind === 'str' || this.peek().kind === 'fstr') {
        const s = this.next();
        if (s.kind === 'fstr') computed = true;
        value += s.value ?? '';
      }
      return computed ? { kind: 'other', text: this.sourceFrom(start) } : { kind: 'str', value };
    }
    if (t.kind === 'num') {
      this.next();
      const v = Number(t.text.replace(/_/g, ''));
      return Number.isFinite(v) && !/[jJ]$/.test(t.text) ? { kind: 'num', value: v } : { kind: 'other', text: t.text };
    }
    if (t.kind === 'name') {
      this.next();
      if (t.text === 'True' || t.text === 'False') return { kind: 'const', value: t.text === 'True' };
      if (t.text === 'None') return { kind: 'const', value: null };
      if (['lambda', 'not', 'await', 'yield'].includes(t.text)) {
        this.skipExpressionRest();
        return { kind: 'other', text: this.sourceFrom(this.pos - 1) };
      }
      return { kind: 'name', name: t.text };
    }
    if (t.kind === 'op' && (t.text === '(' || t.text === '[' || t.text === '{')) return this.display();
    throw new PySyntaxError(`unexpected '${t.text}' on line ${t.line}`);
  }

  /** `( … )`, `[ … ]`, `{ … }`: tuples, lists, dicts and sets; comprehensions become `other`. */
  private display(): PyNode {
    const start = this.pos;
    const open = this.next().text;
    const close = ({ '(': ')', '[': ']', '{': '}' } as Record<string, string>)[open];
    const items: PyNode[] = [];
    const entries: Array<{ key: PyNode; value: PyNode }> = [];
    let sawComma = false;
    let isDict = open === '{' && this.isOp('}');
    while (!this.isOp(close)) {
      if (this.peek().kind === 'eof') throw new PySyntaxError(`unclosed '${open}'`);
      if (this.isOp('**') || this.isOp('*') || (this.peek().kind === 'name' && this.peek().text === 'for')) {
        this.skipToClose(close);
        return { kind: 'other', text: this.sourceFrom(start) };
      }
      const item = this.expression();
      if (open === '{' && this.isOp(':')) {
        this.next();
        isDict = true;
        entries.push({ key: item, value: this.expression() });
      } else items.push(item);
      if (this.peek().kind === 'name' && this.peek().text === 'for') {
        this.skipToClose(close);
        return { kind: 'other', text: this.sourceFrom(start) };
      }
      if (!this.isOp(',')) break;
      sawComma = true;
      this.next();
    }
    this.expectOp(close);
    if (open === '(') return items.length === 1 && !sawComma ? items[0] : { kind: 'tuple', items };
    if (open === '[') return { kind: 'list', items };
    if (isDict) return items.length > 0 ? { kind: 'other', text: this.sourceFrom(start) } : { kind: 'dict', entries };
    return { kind: 'set', items };
  }

  private skipToClose(close: string): void {
    let nest = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') throw new PySyntaxError(`unclosed '${close}'`);
      if (t.kind === 'op' && ['(', '[', '{'].includes(t.text)) nest++;
      if (t.kind === 'op' && [')', ']', '}'].includes(t.text)) {
        if (nest === 0) {
          this.next();
          return;
        }
        nest--;
      }
      this.next();
    }
  }
}

const COMPOUND = new Set(['if', 'elif', 'else', 'try', 'except', 'finally', 'for', 'while', 'with', 'def', 'class', 'async', 'match']);

/** The module's statements, in order. Never throws: a line it cannot read becomes `unknown-binding`s or is skipped. */
export function readPythonModule(text: string): { statements: PyStatement[]; errors: string[] } {
  const statements: PyStatement[] = [];
  const errors: string[] = [];
  if (text.length > MAX_PYTHON_TEXT) return { statements, errors: [`file larger than ${MAX_PYTHON_TEXT} characters`] };
  let toks: Tok[];
  try {
    toks = tokenize(text);
  } catch (e) {
    return { statements, errors: [(e as Error).message] };
  }
  const p = new Parser(toks, text);
  while (p.peek().kind !== 'eof') {
    const first = p.peek();
    if (first.kind === 'newline') {
      p.next();
      continue;
    }
    const lineStart = p.pos;
    try {
      statementAt(p, first.indent > 0, statements);
      if (p.isOp(';')) {
        p.next();
        continue;
      }
      if (p.peek().kind !== 'newline' && p.peek().kind !== 'eof') throw new PySyntaxError(`unexpected '${p.peek().text}' on line ${p.peek().line}`);
      p.skipLine();
    } catch (e) {
      if (!(e instanceof PySyntaxError)) throw e;
      errors.push(e.message);
      // Whatever the unreadable line binds is unknown from here on.
      p.pos = lineStart;
      const bound = first.kind === 'name' && p.isOp('=', 1) ? first.text : undefined;
      p.skipLine();
      if (bound) statements.push({ kind: 'unknown-binding', name: bound, line: first.line, why: `line ${first.line} could not be read` });
    }
  }
  return { statements, errors };
}

function statementAt(p: Parser, indented: boolean, out: PyStatement[]): void {
  const t = p.peek();
  if (t.kind === 'name' && t.text === 'from') {
    p.next();
    let level = 0;
    while (p.isOp('.') || p.isOp('...')) level += p.next().text.length;
    const parts: string[] = [];
    while (p.peek().kind === 'name' && p.peek().text !== 'import') {
      parts.push(p.next().text);
      if (p.isOp('.')) p.next();
    }
    if (p.peek().text === 'import' && p.isOp('*', 1)) {
      p.next();
      p.next();
      out.push({ kind: 'star-import', module: parts.join('.'), level, line: t.line, conditional: indented });
      return;
    }
    // `from x import a, b as c`: those names come from code we do not read.
    if (p.peek().text === 'import') p.next();
    while (!p.atLineEnd()) {
      const n = p.next();
      if (n.kind === 'name' && n.text !== 'as' && !p.isOp('.') && !(p.peek().kind === 'name' && p.peek().text === 'as'))
        out.push({ kind: 'unknown-binding', name: n.text, line: n.line, why: `imported on line ${n.line}` });
    }
    return;
  }
  if (t.kind === 'name' && COMPOUND.has(t.text)) {
    // The header (`if DEBUG:`, `for x in …:`, `def f():`); its body comes as indented lines.
    if (t.text === 'for' || t.text === 'with') recordTargets(p, out, t.line);
    while (!p.atLineEnd()) p.next();
    return;
  }
  if (t.kind !== 'name' || ['import', 'global', 'del', 'assert', 'pass', 'return', 'raise', 'print'].includes(t.text)) {
    while (!p.atLineEnd()) p.next();
    return;
  }
  const name = p.next().text;
  const keys: PyNode[] = [];
  while (p.isOp('[')) {
    p.next();
    keys.push(p.expression());
    p.expectOp(']');
  }
  if (p.isOp('=') || p.isOp('+=')) {
    const op = p.next().text as '=' | '+=';
    let value = p.expression();
    // `A = B = value` binds both.
    const chained: string[] = [];
    while (p.isOp('=') && value.kind === 'name') {
      p.next();
      chained.push(value.name);
      value = p.expression();
    }
    for (const n of [name, ...chained]) {
      if (indented) out.push({ kind: 'unknown-binding', name: n, line: t.line, why: `set inside a block on line ${t.line}` });
      else out.push({ kind: 'assign', name: n, keys, op, value, line: t.line });
    }
    return;
  }
  if (p.isOp('.') && p.peek(1).kind === 'name' && p.isOp('(', 2)) {
    p.next();
    const method = p.next().text;
    const { args } = p.callArguments();
    if (indented) out.push({ kind: 'unknown-binding', name, line: t.line, why: `changed inside a block on line ${t.line}` });
    else out.push({ kind: 'call', name, keys, method, args, line: t.line });
    return;
  }
  if (p.peek().kind === 'op' && /^[-*/%|&^]=|^\/\/=|^\*\*=$/.test(p.peek().text)) {
    out.push({ kind: 'unknown-binding', name, line: t.line, why: `changed with ${p.peek().text} on line ${t.line}` });
  } else if (p.isOp(',') || p.isOp(':')) {
    // `a, b = …` or an annotated assignment: treat every name on the left as unknown.
    out.push({ kind: 'unknown-binding', name, line: t.line, why: `set on line ${t.line}` });
  }
  while (!p.atLineEnd()) p.next();
}

function recordTargets(p: Parser, out: PyStatement[], line: number): void {
  p.next();
  while (!p.atLineEnd() && !(p.peek().kind === 'name' && (p.peek().text === 'in' || p.peek().text === 'as'))) {
    const n = p.next();
    if (n.kind === 'name') out.push({ kind: 'unknown-binding', name: n.text, line, why: `set by a loop on line ${line}` });
  }
}

/** The string literals and operators of a module, in order (comments and layout dropped); [] when it cannot be read. */
export function pythonTokens(text: string): Array<{ kind: 'str' | 'op' | 'name' | 'other'; text: string; value?: string; line: number }> {
  if (text.length > MAX_PYTHON_TEXT) return [];
  try {
    return tokenize(text)
      .filter((t) => t.kind !== 'newline' && t.kind !== 'eof')
      .map((t) => ({ kind: t.kind === 'str' || t.kind === 'op' || t.kind === 'name' ? t.kind : 'other', text: t.text, value: t.value, line: t.line }));
  } catch {
    return [];
  }
}
