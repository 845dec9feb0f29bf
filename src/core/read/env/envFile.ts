/**
 * A `.env` file as a document with positions, read with phpdotenv's rules (see envGrammar.ts),
 * and the one edit Session Doctor makes to it: set a key's value, byte-exact everywhere else.
 *
 * Positions follow src/core/model.ts: 0-based lines, UTF-16 columns, text without the BOM.
 * Lines break at `\r\n`, `\n` and `\r`, as in both phpdotenv and VS Code.
 */
import type { Position, Range } from '../../model';
import { groupLines, isValidEnvName, phpTrimBounds, resolveVars, scanName, scanValue, type EnvQuote } from './envGrammar';

interface EnvEntry {
  key: string;
  /** The value phpdotenv loads: quotes removed, escapes applied, `${VAR}` expanded from earlier entries. */
  value: string;
  /** The value as written (quotes included, inline comment excluded). */
  rawValue: string;
  exported: boolean;
  /** First line of the entry (a multi-line value continues below). */
  line: number;
  keyRange: Range;
  /** Raw value incl. quotes, excl. inline comment; empty range right after `=` for an empty value. */
  valueRange: Range;
  /** The entry's lines without their line break. */
  lineRange: Range;
  quote: EnvQuote;
}

export interface EnvDocument {
  /** BOM removed. */
  text: string;
  bom: boolean;
  eol: '\n' | '\r\n' | 'mixed';
  entries: EnvEntry[];
  /**
   * Problems by line; never contains values. `fatal`: phpdotenv rejects the line, and with it the
   * whole file (Laravel stops with "The environment file is invalid!"). Not fatal: phpdotenv
   * silently ignores the rest of the file.
   */
  errors: Array<{ line: number; message: string; fatal: boolean }>;
  /** Bare `NAME` lines (no `=`): phpdotenv unsets NAME there. */
  cleared: Array<{ key: string; line: number }>;
  /** A double-quoted value opened on this line is never closed: phpdotenv ignores it and every line after it. */
  ignoredFromLine?: number;
}

interface PhysicalLine {
  start: number;
  /** End of the content (start of the line break). */
  end: number;
  /** The line break itself: '', '\n', '\r\n' or '\r'. */
  br: string;
}

function splitPhysicalLines(text: string): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || ch === 13) {
      const br = ch === 13 && text.charCodeAt(i + 1) === 10 ? '\r\n' : text[i];
      lines.push({ start, end: i, br });
      i += br.length - 1;
      start = i + 1;
    }
  }
  lines.push({ start, end: text.length, br: '' });
  return lines;
}

function eolOf(lines: readonly PhysicalLine[]): EnvDocument['eol'] {
  const kinds = new Set(lines.filter((l) => l.br !== '').map((l) => l.br));
  if (kinds.size === 0) return '\n';
  if (kinds.size === 1) {
    const only = [...kinds][0];
    if (only === '\n' || only === '\r\n') return only;
  }
  return 'mixed';
}

/** Offset -> position over the physical lines. */
function positionAt(lines: readonly PhysicalLine[], offset: number): Position {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - lines[lo].start };
}

function offsetAt(text: string, pos: Position): number {
  const lines = splitPhysicalLines(text);
  const line = lines[Math.min(Math.max(pos.line, 0), lines.length - 1)];
  return Math.min(line.start + Math.max(pos.character, 0), line.end);
}

/**
 * The text phpdotenv sees for a group of lines (joined with `\n`) and a map from offsets in it
 * back to offsets in the file.
 */
function joinGroup(text: string, lines: readonly PhysicalLine[], first: number, last: number) {
  const parts: string[] = [];
  const joinedStarts: number[] = [];
  let length = 0;
  for (let i = first; i <= last; i++) {
    joinedStarts.push(length);
    const part = text.slice(lines[i].start, lines[i].end);
    parts.push(part);
    length += part.length + 1;
  }
  const toFile = (p: number): number => {
    let k = joinedStarts.length - 1;
    while (k > 0 && joinedStarts[k] > p) k--;
    return lines[first + k].start + (p - joinedStarts[k]);
  };
  return { joined: parts.join('\n'), toFile };
}

export function parseEnv(input: string): EnvDocument {
  const bom = input.charCodeAt(0) === 0xfeff;
  const text = bom ? input.slice(1) : input;
  const lines = splitPhysicalLines(text);
  const entries: EnvEntry[] = [];
  const errors: EnvDocument['errors'] = [];
  const cleared: EnvDocument['cleared'] = [];
  const loaded = new Map<string, string>();
  const range = (a: number, b: number): Range => ({ start: positionAt(lines, a), end: positionAt(lines, b) });

  const { groups, unterminatedFrom } = groupLines(lines.map((l) => text.slice(l.start, l.end)));
  for (const { first, last } of groups) {
    const { joined, toFile } = joinGroup(text, lines, first, last);
    const eq = joined.indexOf('=');
    // phpdotenv trims both sides only when there is an `=`; a bare name is taken as written.
    const [nameA, nameB] = eq < 0 ? [0, joined.length] : phpTrimBounds(joined, 0, eq);
    if (nameA === nameB) {
      errors.push({ line: first, message: 'Encountered an unexpected equals: the line has no name before "=".', fatal: true });
      continue;
    }
    const name = scanName(joined.slice(nameA, nameB));
    if (name.error) {
      errors.push({ line: first, message: `Encountered an invalid name: only letters, digits, "_" and "." are allowed.`, fatal: true });
      continue;
    }
    if (eq < 0) {
      cleared.push({ key: name.name, line: first });
      loaded.delete(name.name);
      continue;
    }
    const [valA, valB] = phpTrimBounds(joined, eq + 1);
    const scan = scanValue(joined.slice(valA, valB));
    const value = resolveVars(scan.chars, scan.vars, (n) => loaded.get(n));
    if (scan.error) {
      errors.push({ line: first, message: `Encountered ${scan.error} in the value of ${name.name}.`, fatal: true });
    }
    // An empty raw value is anchored right after `=`, so a new value lands before any comment;
    // but after a NUL that PHP's trim skips there (the value scanner does not count NUL as a blank,
    // so a value written before it would read back with the NUL in it).
    const anchor = joined.slice(eq + 1, valA).includes('\0') ? valA : eq + 1;
    const rawStart = scan.rawEnd === 0 ? anchor : valA;
    const rawEnd = scan.rawEnd === 0 ? anchor : valA + scan.rawEnd;
    const fileRawStart = toFile(rawStart);
    const fileRawEnd = toFile(rawEnd);
    entries.push({
      key: name.name,
      value,
      rawValue: text.slice(fileRawStart, fileRawEnd),
      exported: name.exported,
      line: first,
      keyRange: range(toFile(nameA + name.start), toFile(nameA + name.end)),
      valueRange: range(fileRawStart, fileRawEnd),
      lineRange: range(lines[first].start, lines[last].end),
      quote: scan.quote,
    });
    loaded.set(name.name, value);
    // phpdotenv joined the next lines to this one (a `="` with no closing quote on the line), but
    // the value ended on an earlier line: the rest is one comment, and those lines are never loaded.
    const valueEndLine = positionAt(lines, fileRawEnd).line;
    if (last > valueEndLine) {
      errors.push({
        line: first,
        message: `${last === valueEndLine + 1 ? `Line ${last + 1} is` : `Lines ${valueEndLine + 2}-${last + 1} are`} read as a comment after the value of ${name.name} (an unclosed \`="\` on line ${first + 1}): phpdotenv ignores them.`,
        fatal: false,
      });
    }
  }
  if (unterminatedFrom !== undefined) {
    errors.push({
      line: unterminatedFrom,
      message: 'A double-quoted value is never closed: phpdotenv silently ignores this line and every line after it.',
      fatal: false,
    });
  }
  errors.sort((a, b) => a.line - b.line);
  const doc: EnvDocument = { text, bom, eol: eolOf(lines), entries, errors, cleared };
  if (unterminatedFrom !== undefined) doc.ignoredFromLine = unterminatedFrom;
  return doc;
}

/**
 * The entry phpdotenv ends up with. Laravel loads `.env` into an immutable repository, but
 * phpdotenv's ImmutableWriter only protects variables that were set before loading (real
 * environment variables); a name it loaded itself may be written again. So within one file the
 * LAST definition wins, unless a later bare `NAME` line unsets it, and unless the process
 * environment already defines the name (which no file edit can change).
 */
export function envLookup(doc: EnvDocument, key: string): EnvEntry | undefined {
  let winner: EnvEntry | undefined;
  for (const e of doc.entries) if (e.key === key) winner = e;
  if (winner && doc.cleared.some((c) => c.key === key && c.line > winner.line)) return undefined;
  return winner;
}

/** Characters that never need quotes in an unquoted phpdotenv value. */
const SAFE_UNQUOTED = /^[A-Za-z0-9_.,:/@+\-=%!?*&^~|;<>()[\]{}]*$/;

/** Double-quoted form that phpdotenv reads back as exactly `value`, on one line. */
function doubleQuote(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (ch === '$' && value[i + 1] === '{') out += '\\$';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else out += ch;
  }
  return out + '"';
}

/** `value` as written in a `.env`: bare when phpdotenv reads it back unchanged, else double-quoted. */
export function quoteEnvValue(value: string): string {
  return SAFE_UNQUOTED.test(value) ? value : doubleQuote(value);
}

function quoteLike(value: string, style: EnvQuote): string {
  // A `"` inside single quotes could make phpdotenv read the line as the start of a multi-line value.
  if (style === "'" && !/['"\r\n]/.test(value)) return `'${value}'`;
  if (style === '"') return doubleQuote(value);
  return quoteEnvValue(value);
}

/**
 * The single edit that makes `key` load as `value`: replace the winning entry's raw value,
 * keeping its quote style when it can hold the value, or append `KEY=value` at the end with the
 * file's line break (and no trailing one when the file has none). When a never-closed `"` makes
 * phpdotenv ignore the end of the file, the new line goes just before that line instead, where
 * phpdotenv still reads it.
 * Throws only for a key phpdotenv would reject (a programming error, not bad input).
 * When `doc.errors` is not empty, callers should show those errors too: editing a value that
 * swallows the lines after it (an unclosed `="`) brings those lines back into force.
 */
export function setEnvValue(doc: EnvDocument, key: string, value: string): { range: Range; newText: string } {
  if (!isValidEnvName(key)) throw new RangeError(`Not a valid .env name: ${JSON.stringify(key)}`);
  const entry = envLookup(doc, key);
  if (entry) return { range: entry.valueRange, newText: quoteLike(value, entry.quote) };
  const lines = splitPhysicalLines(doc.text);
  const lastBreak = [...lines].reverse().find((l) => l.br !== '')?.br;
  const eol = doc.eol === 'mixed' ? (lastBreak ?? '\n') : doc.eol;
  const end = positionAt(lines, doc.text.length);
  const line = `${key}=${quoteEnvValue(value)}`;
  if (doc.text.length === 0) return { range: { start: end, end }, newText: line + eol };
  // Appended after a never-closed quote, the line would be ignored too: it goes just before it.
  if (doc.ignoredFromLine !== undefined) {
    const at = { line: doc.ignoredFromLine, character: 0 };
    return { range: { start: at, end: at }, newText: line + (lines[doc.ignoredFromLine].br || eol) };
  }
  const endsWithBreak = lines[lines.length - 1].start === doc.text.length;
  return { range: { start: end, end }, newText: endsWithBreak ? line + eol : eol + line };
}

/** Applies an edit whose range is in BOM-less coordinates; a BOM in `text` is kept. */
export function applyEdit(text: string, edit: { range: Range; newText: string }): string {
  const bom = text.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
  const body = bom ? text.slice(1) : text;
  const a = offsetAt(body, edit.range.start);
  const b = Math.max(a, offsetAt(body, edit.range.end));
  return bom + body.slice(0, a) + edit.newText + body.slice(b);
}
