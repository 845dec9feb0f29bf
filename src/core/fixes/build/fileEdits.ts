import type { Range } from '../../model';

export type EditOutcome = { ok: true; files: string[] } | { ok: false; reason: string };

/** UTF-16 offset of a 0-based line/character position in `text` (any of CR, LF, CRLF ends a line). */
export function offsetAt(text: string, pos: Range['start']): number | undefined {
  let line = 0;
  let i = 0;
  while (line < pos.line) {
    const nl = text.slice(i).search(/\r\n|\r|\n/);
    if (nl < 0) return undefined;
    i += nl + (text.startsWith('\r\n', i + nl) ? 2 : 1);
    line++;
  }
  const lineEnd = text.slice(i).search(/\r\n|\r|\n/);
  const len = lineEnd < 0 ? text.length - i : lineEnd;
  return pos.character <= len ? i + pos.character : undefined;
}
