/**
 * Turns per-line facts into findings, one per printed error, with small fixed windows.
 *
 * A printed error often names the same table on several lines: Prisma's message line and the
 * error object's `originalMessage`, mysql2's `Error: Table … doesn't exist` and its `sqlMessage`,
 * a Laravel log entry and its `[previous exception]`. And some facts arrive after the message:
 * mysql2's `code: 'ER_NO_SUCH_TABLE'`, Prisma's `meta: { modelName: 'Session' }`. The windows:
 *
 * - **Block.** Every finding opens or joins a block. A later *field* mention (a message repeated in
 *   an object field) or *weak* mention of a table already in the block is the same error and is
 *   dropped. A block ends at a top-level `}`, at the start of a new Laravel log entry, at a new
 *   strong non-field message (a new occurrence), or DEDUPE_WINDOW lines after its last finding.
 * - **P2021 `(not available)`.** Held for at most MODEL_WINDOW lines (or until the block ends),
 *   waiting for `modelName`; then reported with the model name, or with `(not available)`.
 * - **Weak MySQL message.** Confirmed by a 1146 / 42S02 / ER_NO_SUCH_TABLE seen at most
 *   WEAK_WINDOW lines before or after it in the same block; otherwise dropped.
 *
 * State is a handful of scalars plus at most MAX_BLOCK_TABLES names and MAX_PENDING_WEAK held
 * mentions, so memory does not grow with the input.
 */
import { MASK, maskSecretsInText, maskUrlsInText } from '../redact';
import { Finding, splitQualifiedName } from './finding';
import { LineFacts, Mention } from './shapes';

export const DEDUPE_WINDOW = 200;
export const MODEL_WINDOW = 40;
export const WEAK_WINDOW = 24;
/** Lines after Better Auth's `Database schema mismatch` header within which its lists are read. */
export const MISMATCH_WINDOW = 40;
const MAX_BLOCK_TABLES = 8;
const MAX_PENDING_WEAK = 4;
/** Longest `text` kept in a finding; a 64 KiB JSON log line is not useful in a report. */
export const MAX_TEXT = 2000;

const NOT_AVAILABLE = '(not available)';

interface Held {
  line: number;
  text: string;
  mention: Mention;
}

interface Block {
  /** Lower-case unqualified names (`table.column` for a missing column) already reported in this block. */
  tables: string[];
  /** A Python "direct cause" line was seen: the next mention of a table in the block repeats it. */
  chained: boolean;
  /** A P2021 without a table name is in this block: its object's fields repeat it. */
  unnamedPrisma: boolean;
  lastLine: number;
}

export class Correlator {
  private block: Block | undefined;
  private heldPrisma: Held | undefined;
  private heldWeak: Held[] = [];
  private mysqlCodeLine = -1;
  /** Inside Better Auth's schema mismatch message: its header, and the list being read. */
  private mismatch: { line: number; header: string; section?: 'tables' | 'columns' } | undefined;

  constructor(private readonly sessionTables: ReadonlySet<string>) {}

  /** Whether a line with no prefilter word can still change anything (else the scanner skips it). */
  isTracking(): boolean {
    return this.block !== undefined || this.heldPrisma !== undefined || this.heldWeak.length > 0 || this.mysqlCodeLine >= 0 || this.mismatch !== undefined;
  }

  onLine(line: number, text: string, facts: LineFacts, entryStart: boolean, out: Finding[]): void {
    this.expire(line, out);
    if (entryStart) this.endBlock(out);
    if (facts.schemaMismatch) {
      this.endBlock(out);
      this.mismatch = { line, header: text.trim() };
      return;
    }
    if (this.mismatch) this.onMismatchLine(line, text, out);

    if (facts.mysqlCode) {
      this.mysqlCodeLine = line;
      const held = this.heldWeak;
      this.heldWeak = [];
      for (const h of held) this.report(h.line, h.text, h.mention, out);
    }
    if (facts.modelName !== undefined && this.heldPrisma) {
      const h = this.heldPrisma;
      this.heldPrisma = undefined;
      this.report(h.line, h.text, { ...h.mention, name: facts.modelName }, out);
    }

    if (facts.chained && this.block) this.block.chained = true;
    const m = facts.mention;
    if (m) this.onMention(line, text, m, facts, out);
    if (facts.blockEnd) this.endBlock(out);
  }

  /**
   * A line of Better Auth's schema mismatch message. It lists the missing tables on one line under
   * `Missing tables` (`session, account`), and each missing column on a line of its own under
   * `Missing columns` (`session.token`); `help:` and `note:` end the lists.
   */
  private onMismatchLine(line: number, text: string, out: Finding[]): void {
    const m = this.mismatch!;
    const t = text.trim();
    if (line - m.line > MISMATCH_WINDOW) {
      this.mismatch = undefined;
      return;
    }
    if (t === '') return;
    if (t === 'Missing tables' || t === 'Missing columns') {
      m.section = t === 'Missing tables' ? 'tables' : 'columns';
      return;
    }
    const what = `${m.header} ${m.section === 'tables' ? 'Missing tables' : 'Missing columns'}: ${t}`;
    if (m.section === 'tables' && /^[\w$-]+(?:, [\w$-]+)*$/.test(t)) {
      for (const name of t.split(', ')) this.report(line, what, { kind: 'better-auth-schema-mismatch', name, strong: true, field: false }, out);
      return;
    }
    const column = m.section === 'columns' ? /^([\w$-]+)\.([\w$-]+)$/.exec(t) : null;
    if (column) {
      this.report(line, what, { kind: 'missing-column', name: column[1], column: column[2], strong: true, field: false }, out);
      return;
    }
    // `help:`, `note:`, the error object's fields: the lists are over.
    this.mismatch = undefined;
  }

  /** End of stream: nothing more can arrive for held mentions. */
  finish(out: Finding[]): void {
    this.endBlock(out);
  }

  private onMention(line: number, text: string, m: Mention, facts: LineFacts, out: Finding[]): void {
    const key = blockKey(m);
    const inBlock = this.block !== undefined && (this.block.tables.includes(key) || this.block.unnamedPrisma);
    if ((m.field || !m.strong) && inBlock) return;
    // Python's chained traceback: Django re-raises the driver's error with the same message.
    if (this.block?.chained) {
      this.block.chained = false;
      if (this.block.tables.includes(key)) {
        this.block.lastLine = line;
        return;
      }
    }

    if (m.kind === 'prisma-p2021' && m.name === NOT_AVAILABLE) {
      if (facts.modelName !== undefined) {
        this.newOccurrence(m, out);
        this.report(line, text, { ...m, name: facts.modelName }, out);
        return;
      }
      this.newOccurrence(m, out);
      this.heldPrisma = { line, text: clip(text), mention: m };
      this.joinBlock(line, undefined);
      return;
    }
    if (!m.strong) {
      const confirmed = this.mysqlCodeLine >= 0 && line - this.mysqlCodeLine <= WEAK_WINDOW;
      if (confirmed) this.report(line, text, m, out);
      else if (this.heldWeak.length < MAX_PENDING_WEAK) this.heldWeak.push({ line, text: clip(text), mention: m });
      return;
    }
    this.newOccurrence(m, out);
    this.report(line, text, m, out);
  }

  /** A strong message that is not an object field starts a new printed error. */
  private newOccurrence(m: Mention, out: Finding[]): void {
    if (!m.field) this.endBlock(out);
  }

  private report(line: number, text: string, m: Mention, out: Finding[]): void {
    const { table: name, qualifier: schema } = splitQualifiedName(m.name);
    const key = blockKey(m);
    // A name is printed too: one that is really `token=…` (a garbled line) is masked like the text.
    const table = maskSecretsInText(name);
    const qualifier = schema === undefined ? undefined : maskSecretsInText(schema);
    if (this.block?.tables.includes(key) && (m.field || !m.strong)) return;
    const session = this.sessionTables.has(name.toLowerCase());
    // Keys in the documented order, `column` only for a missing column, `qualifier` only when the error printed one.
    const column = m.column === undefined ? {} : { column: maskSecretsInText(m.column) };
    out.push(
      qualifier === undefined
        ? { kind: m.kind, table, ...column, session, line, text: clip(text) }
        : { kind: m.kind, table, ...column, qualifier, session, line, text: clip(text) },
    );
    this.joinBlock(line, table === NOT_AVAILABLE && m.column === undefined ? undefined : key);
  }

  private joinBlock(line: number, key: string | undefined): void {
    const b = (this.block ??= { tables: [], chained: false, unnamedPrisma: false, lastLine: line });
    b.lastLine = line;
    if (key === undefined) b.unnamedPrisma = true;
    else if (!b.tables.includes(key) && b.tables.length < MAX_BLOCK_TABLES) b.tables.push(key);
  }

  private expire(line: number, out: Finding[]): void {
    if (this.heldPrisma && line - this.heldPrisma.line > MODEL_WINDOW) {
      const h = this.heldPrisma;
      this.heldPrisma = undefined;
      this.report(h.line, h.text, h.mention, out);
    }
    if (this.heldWeak.length > 0) this.heldWeak = this.heldWeak.filter((h) => line - h.line <= WEAK_WINDOW);
    if (this.mysqlCodeLine >= 0 && line - this.mysqlCodeLine > WEAK_WINDOW) this.mysqlCodeLine = -1;
    if (this.block && !this.heldPrisma && line - this.block.lastLine > DEDUPE_WINDOW) this.block = undefined;
  }

  private endBlock(out: Finding[]): void {
    if (this.heldPrisma) {
      const h = this.heldPrisma;
      this.heldPrisma = undefined;
      this.report(h.line, h.text, h.mention, out);
    }
    this.heldWeak = [];
    this.mysqlCodeLine = -1;
    this.block = undefined;
  }
}

/** What a block remembers a mention by: the table, or `table.column` for a missing column. */
function blockKey(m: Mention): string {
  const table = splitQualifiedName(m.name).table.toLowerCase();
  return m.column === undefined ? table : `${table}.${m.column.toLowerCase()}`;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A session id or token compared in the SQL that Laravel (and loggers) print with the error, e.g.
 * ``where `id` = 9kN2xQv7…``: a live login credential, so it is masked like a password. Short
 * values (`id = 42`) are left alone: they identify nothing secret and help reading the query.
 */
const CREDENTIAL_IN_SQL = /([`"']?\b(?:id|token|session_?token|session_?id)[`"']?\s*=\s*)('[^']{16,}'|"[^"]{16,}"|[\w+/=-]{16,})/gi;

/**
 * Trims and caps a finding's text, masks passwords in any connection URL it quotes, the value of
 * every secret-bearing key (`DB_PASSWORD=`, `APP_KEY=`, `token=`, `Authorization:`, cookies) and
 * session ids in its SQL (findings are printed and logged), and copies it: a substring of a scanned
 * chunk would otherwise keep the whole chunk alive for as long as the finding lives.
 */
function clip(text: string): string {
  const t = maskSecretsInText(maskUrlsInText(text.trim())).replace(CREDENTIAL_IN_SQL, `$1${MASK}`);
  return decoder.decode(encoder.encode(t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT)}…` : t));
}
