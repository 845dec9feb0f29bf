/**
 * The `.env` grammar of vlucas/phpdotenv 5.x, the loader Laravel uses.
 *
 * Why not the `dotenv` npm package: its rules are Node's (e.g. `#` needs a space before it, no
 * `${VAR}` expansion, backticks as quotes, last-or-first duplicate semantics of its own), and it
 * gives no positions. Laravel reads `.env` with phpdotenv, so a diagnosis must see the values
 * phpdotenv sees. This file re-states phpdotenv's documented behaviour in our own code, checked
 * against the real phpdotenv (Debian's php-vlucas-phpdotenv) in test/unit/env.
 *
 * The rules, as phpdotenv 5.x applies them:
 * - The file is split into lines at `\r\n`, `\n` or `\r`.
 * - A line that contains `="` and has at most one unescaped `"` starts a multi-line value; lines
 *   are then collected until one that has an unescaped `"`. The collected lines are joined with
 *   `\n`. A value still open at the end of the file is dropped silently.
 * - Lines that are blank or whose first non-blank character is `#` are ignored.
 * - An entry is split at the first `=`; both sides are trimmed (PHP `trim`). `export ` (only when
 *   the whole name part is longer than 8 characters) and one pair of surrounding quotes are
 *   stripped from the name, which must match `[a-zA-Z0-9_.]+`. A line without `=` unsets the name.
 * - The value is read by a small state machine: single quotes are literal; double quotes accept
 *   the escapes `\"`, `\\`, `\$`, `\f`, `\n`, `\r`, `\t`, `\v` (anything else is an error);
 *   unquoted values end at whitespace; `#` starts a comment anywhere outside quotes; after a
 *   value only whitespace or a comment may follow.
 * - `${NAME}` in unquoted and double-quoted values is replaced by an already loaded value;
 *   an unknown name is left as written.
 */

/** PHP's `ctype_space`: space, \t, \n, \v, \f, \r. */
function isPhpSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f';
}

/** PHP's default `trim` set: space, \t, \n, \r, \0, \v (not \f). */
function isPhpTrim(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\0' || ch === '\v';
}

/** [start, end) of `s` after PHP `trim`. */
export function phpTrimBounds(s: string, start = 0, end = s.length): [number, number] {
  let a = start;
  let b = end;
  while (a < b && isPhpTrim(s[a])) a++;
  while (b > a && isPhpTrim(s[b - 1])) b--;
  return [a, b];
}

/** Number of positions where a character other than `\` is followed by `"`, after removing `\\` pairs. */
function unescapedQuoteCount(line: string): number {
  const s = line.split('\\\\').join('');
  let count = 0;
  for (let i = 0; i + 1 < s.length; i++) {
    if (s[i + 1] === '"' && s[i] !== '\\') count++;
  }
  return count;
}

function looksLikeMultilineStop(line: string, started: boolean): boolean {
  if (line === '"') return true;
  const count = unescapedQuoteCount(line);
  return started ? count > 1 : count >= 1;
}

function looksLikeMultilineStart(line: string): boolean {
  return line.includes('="') && !looksLikeMultilineStop(line, true);
}

function isCommentOrWhitespace(line: string): boolean {
  const [a, b] = phpTrimBounds(line);
  return a === b || line[a] === '#';
}

/** A group of physical lines that phpdotenv treats as one raw entry. */
interface LineGroup {
  first: number;
  last: number;
}

/**
 * Groups physical lines the way phpdotenv's `Lines::process` does. Returns the entry groups
 * (comments and blank lines dropped) and the first line of a multi-line value left open at the
 * end of the file, if any.
 */
export function groupLines(lines: readonly string[]): { groups: LineGroup[]; unterminatedFrom?: number } {
  const groups: LineGroup[] = [];
  let multiline = false;
  let bufferStart = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const started = looksLikeMultilineStart(line);
    if (started) multiline = true;
    let joined: string | undefined = line;
    let first = i;
    if (multiline) {
      if (bufferStart < 0) bufferStart = i;
      joined = undefined;
      if (looksLikeMultilineStop(line, started)) {
        multiline = false;
        first = bufferStart;
        joined = lines.slice(bufferStart, i + 1).join('\n');
        bufferStart = -1;
      }
    }
    if (!multiline && joined !== undefined && !isCommentOrWhitespace(joined)) {
      groups.push({ first, last: i });
    }
  }
  return multiline && bufferStart >= 0 ? { groups, unterminatedFrom: bufferStart } : { groups };
}

export type EnvQuote = '"' | "'" | '';

/** The value part of one entry, scanned. Offsets are relative to the trimmed value text. */
interface ValueScan {
  /** Characters after quote removal and escapes, before `${VAR}` expansion. */
  chars: string;
  /** Offsets in `chars` where a `$` that may start `${NAME}` sits. */
  vars: number[];
  quote: EnvQuote;
  /** End (exclusive) of the raw value: quotes included, comment and trailing blanks excluded. */
  rawEnd: number;
  error?: string;
}

const enum State {
  Initial,
  Unquoted,
  SingleQuoted,
  DoubleQuoted,
  Escape,
  Whitespace,
  Comment,
}

const ESCAPES: Record<string, string> = { f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\', $: '$' };

/** Where a broken value most likely ends: before the first blank followed by `#`, trailing blanks removed. */
function recoverRawEnd(value: string, from: number): number {
  let end = value.length;
  for (let i = from; i < value.length; i++) {
    if (value[i] === '#' && i > 0 && isPhpSpace(value[i - 1])) {
      end = i;
      break;
    }
  }
  while (end > from && isPhpSpace(value[end - 1])) end--;
  return end;
}

/**
 * Runs phpdotenv's value automaton over `value` (already trimmed). Character by character rather
 * than by phpdotenv's tokens: the two agree because only the first character after `\` decides
 * an escape and every other token class is handled one character at a time.
 */
export function scanValue(value: string): ValueScan {
  let chars = '';
  const vars: number[] = [];
  let state: State = State.Initial;
  let quote: EnvQuote = '';
  let rawEnd = 0;
  let error: string | undefined;
  if (phpTrimBounds(value)[1] === 0) return { chars, vars, quote, rawEnd };
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    switch (state) {
      case State.Initial:
        if (ch === "'") {
          state = State.SingleQuoted;
          quote = "'";
        } else if (ch === '"') {
          state = State.DoubleQuoted;
          quote = '"';
        } else if (ch === '#') {
          state = State.Comment;
        } else {
          if (ch === '$') vars.push(chars.length);
          chars += ch;
          rawEnd = i + 1;
          state = State.Unquoted;
        }
        break;
      case State.Unquoted:
        if (ch === '#') state = State.Comment;
        else if (isPhpSpace(ch)) state = State.Whitespace;
        else {
          if (ch === '$') vars.push(chars.length);
          chars += ch;
          rawEnd = i + 1;
        }
        break;
      case State.SingleQuoted:
        if (ch === "'") {
          state = State.Whitespace;
          rawEnd = i + 1;
        } else chars += ch;
        break;
      case State.DoubleQuoted:
        if (ch === '"') {
          state = State.Whitespace;
          rawEnd = i + 1;
        } else if (ch === '\\') state = State.Escape;
        else {
          if (ch === '$') vars.push(chars.length);
          chars += ch;
        }
        break;
      case State.Escape: {
        const mapped = ESCAPES[ch];
        if (mapped === undefined) {
          error ??= 'an unexpected escape sequence';
          chars += '\\' + ch;
        } else chars += mapped;
        state = State.DoubleQuoted;
        break;
      }
      case State.Whitespace:
        if (ch === '#') state = State.Comment;
        else if (!isPhpSpace(ch)) {
          // phpdotenv names this "unexpected whitespace": text after a blank that is not a comment.
          return { chars, vars, quote, rawEnd: recoverRawEnd(value, 0), error: error ?? 'unexpected whitespace' };
        }
        break;
      case State.Comment:
        return { chars, vars, quote, rawEnd, ...(error ? { error } : {}) };
    }
  }
  if (state === State.SingleQuoted || state === State.DoubleQuoted || state === State.Escape) {
    return { chars, vars, quote, rawEnd: value.length, error: 'a missing closing quote' };
  }
  return error ? { chars, vars, quote, rawEnd, error } : { chars, vars, quote, rawEnd };
}

const NAME = /^[a-zA-Z0-9_.]+$/;

export function isValidEnvName(name: string): boolean {
  return NAME.test(name);
}

/** The name part of an entry: offsets relative to the trimmed name text. */
interface NameScan {
  name: string;
  start: number;
  end: number;
  exported: boolean;
  error?: string;
}

export function scanName(raw: string): NameScan {
  let start = 0;
  let end = raw.length;
  let exported = false;
  // phpdotenv counts characters (mb_strlen) and requires more than 8 of them, so `export A=1` is an invalid name.
  if ([...raw].length > 8 && raw.startsWith('export') && isPhpSpace(raw[6])) {
    exported = true;
    start = 6;
    while (start < end && isPhpTrim(raw[start])) start++;
  }
  const inner = raw.slice(start, end);
  if ([...inner].length >= 3 && (inner[0] === '"' || inner[0] === "'") && inner[inner.length - 1] === inner[0]) {
    start++;
    end--;
  }
  const name = raw.slice(start, end);
  return isValidEnvName(name) ? { name, start, end, exported } : { name, start, end, exported, error: 'an invalid name' };
}

/**
 * phpdotenv's `Resolver`: each recorded `$`, last first, is replaced when `${NAME}` follows it and
 * NAME is already loaded.
 */
export function resolveVars(chars: string, vars: readonly number[], lookup: (name: string) => string | undefined): string {
  let s = chars;
  const ordered = [...vars].sort((a, b) => b - a);
  for (const i of ordered) {
    const m = /^\$\{([a-zA-Z0-9_.]+)\}/.exec(s.slice(i));
    if (!m) continue;
    const v = lookup(m[1]);
    if (v !== undefined) s = s.slice(0, i) + v + s.slice(i + m[0].length);
  }
  return s;
}
