/**
 * Text from the workspace (a folder name, a `.env` value) made safe to print on one line: control
 * characters are written as escapes, so a newline in a folder name cannot fake a "Health: healthy"
 * line, and NUL bytes or terminal escape sequences from a `.env` never reach the terminal raw.
 * Bidirectional overrides and the Unicode line separators are escaped for the same reason.
 */

import type { Message } from '../model';

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' };

// C0 controls, DEL, C1 controls, line/paragraph separators, bidi embeddings/overrides/isolates, BOM.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

function escape(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `s` with every unsafe character escaped. A backslash is doubled only when `s` holds something
 * to escape, so that ordinary Windows paths print as they are and an escaped text stays unambiguous.
 */
export function printable(s: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(s)) return s;
  return s.replace(/\\/g, '\\\\').replace(UNSAFE, escape);
}

/** A message whose text arguments (paths, `.env` values) are made printable; its template is ours. */
export function printableMessage(m: Message): Message {
  return m.args ? { ...m, args: m.args.map((a) => (typeof a === 'string' ? printable(a) : a)) } : m;
}
