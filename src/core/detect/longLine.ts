/**
 * A line longer than the scanner's line cap (a JSON log entry holding a whole request, a line full of
 * colour codes, minified output), searched in overlapping windows so that memory stays bounded and
 * an error anywhere on it is still found, not only in its first 64 KiB.
 *
 * The window holds at most twice the cap. When it is full:
 * 1. complete CSI sequences (colours, cursor moves) are removed from it, so 100,000 colour codes
 *    take no room and a message they split is joined again;
 * 2. if that made room, filling goes on; otherwise the window is examined like a line, and all but
 *    its last `cap` bytes are dropped. The kept bytes are examined again with the next bytes, so a
 *    message shorter than the cap is always whole in some window.
 *
 * A line holds at most one message (see `lineFacts`): the first window with a complete mention wins,
 * and the rest of the line is skipped. A mention in a window that is not the last must stay the
 * same when the window's last `margin` bytes are added: otherwise the window cut it
 * (`no such table: sess|ions`) and the next window, which still holds it, decides.
 *
 * Every step depends only on the line's bytes, never on how they arrived, so chunking changes
 * nothing.
 */
import { cleanLine } from './decoration';
import { LineFacts, hasPrefilterWord, lineFacts } from './shapes';

const ESC = 0x1b;
const CSI_OPEN = 0x5b; // [
/** Characters kept before the table name in a finding's text: the message's own words. */
const MESSAGE_LEAD = 48;
/** Longest cut a window end may make in a message and still be noticed (bytes). */
const MAX_MARGIN = 4096;

/** What an overlong line gives the correlator, as `processLine` would for a short one. */
interface LongLineResult {
  text: string;
  facts: LineFacts;
  entryStart: boolean;
}

interface Examined {
  text: string;
  facts: LineFacts;
  entryStart: boolean;
}

export class LongLine {
  private readonly window: Uint8Array;
  private readonly margin: number;
  private len = 0;
  /** Bytes have left the window: it no longer starts at the line start. */
  private slid = false;
  /** Some window passed the prefilter (or every line counts): the correlator hears of this line. */
  private seen = false;
  private found: Examined | undefined;
  private entryStart = false;
  private mysqlCode = false;
  private modelName: string | undefined;
  private lastText = '';
  private lastBlockEnd = false;

  /**
   * @param cap the scanner's line cap in bytes
   * @param tracking the correlator was tracking an error when the line began (every line counts)
   */
  constructor(
    private readonly cap: number,
    private readonly tracking: boolean,
    private readonly decoder: { decode(bytes: Uint8Array): string },
  ) {
    this.window = new Uint8Array(2 * cap);
    this.margin = Math.min(MAX_MARGIN, Math.floor(cap / 4));
  }

  push(bytes: Uint8Array): void {
    let i = 0;
    while (i < bytes.length && this.found === undefined) {
      const n = Math.min(bytes.length - i, this.window.length - this.len);
      this.window.set(bytes.subarray(i, i + n), this.len);
      this.len += n;
      i += n;
      if (this.len === this.window.length) this.fold();
    }
  }

  /** The line has ended: examines what is left; undefined when the correlator need not see it. */
  finish(): LongLineResult | undefined {
    if (this.found === undefined) {
      this.len = stripCsi(this.window, this.len);
      const last = this.examine(this.len);
      if (last?.facts.mention) this.found = last;
    }
    if (!this.seen) return undefined;
    const found = this.found;
    // A closing `}` counts only when the whole line fitted in one window (after colour codes went).
    const facts: LineFacts = { mysqlCode: this.mysqlCode, blockEnd: !this.slid && this.lastBlockEnd, chained: false };
    const modelName = found?.facts.modelName ?? this.modelName;
    if (modelName !== undefined) facts.modelName = modelName;
    if (found?.facts.mention) {
      const m = found.facts.mention;
      // A code printed earlier on the line confirms a bare MySQL message, as on a short line.
      facts.mention = m.kind === 'mysql-1146' && !m.strong && this.mysqlCode ? { ...m, strong: true } : m;
    }
    const text = found?.facts.mention ? this.aroundMention(found.text, found.facts.mention.name) : this.lastText;
    return { text, facts, entryStart: this.entryStart };
  }

  /**
   * A finding's text from just before its message. The rest of a window is not about the error
   * (and a finding shows only its first 2,000 characters), and a window that does not start the
   * line may begin inside a value whose key was left behind: it starts at a word boundary instead,
   * so no piece of such a value is shown without its key.
   */
  private aroundMention(text: string, name: string): string {
    const at = text.indexOf(name);
    if (!this.slid && at !== -1 && at <= MESSAGE_LEAD) return text;
    const from = at === -1 ? 0 : at - MESSAGE_LEAD;
    const space = text.slice(Math.max(0, from), at === -1 ? undefined : at).search(/\s/);
    if (space === -1) return at === -1 ? '…' : `…${text.slice(at)}`;
    return `…${text.slice(Math.max(0, from) + space).trimStart()}`;
  }

  private fold(): void {
    this.len = stripCsi(this.window, this.len);
    if (this.len <= this.cap) return; // the colour codes made room
    const cand = this.examine(this.len - this.margin);
    if (cand?.facts.mention) {
      const whole = this.margin === 0 ? cand : this.examine(this.len);
      const a = cand.facts.mention;
      const b = whole?.facts.mention;
      if (b && a.kind === b.kind && a.name === b.name) {
        this.found = cand;
        return;
      }
    }
    this.window.copyWithin(0, this.len - this.cap, this.len);
    this.len = this.cap;
    this.slid = true;
  }

  /** The first `n` bytes of the window as a line, or undefined when they cannot matter. */
  private examine(n: number): Examined | undefined {
    const raw = this.decoder.decode(this.window.subarray(0, n));
    if (!this.tracking && !hasPrefilterWord(raw)) return undefined;
    const clean = cleanLine(raw);
    const facts = lineFacts(clean.text);
    if (!this.slid && !this.seen) this.entryStart = clean.entryStart;
    this.seen = true;
    this.mysqlCode ||= facts.mysqlCode;
    this.modelName ??= facts.modelName;
    this.lastText = clean.text;
    this.lastBlockEnd = facts.blockEnd;
    return { text: clean.text, facts, entryStart: clean.entryStart };
  }
}

/**
 * Removes complete CSI sequences (`ESC [ params intermediates final`) from `buf[0, len)` in place
 * and returns the new length. An incomplete one at the end is kept: more bytes may complete it.
 */
function stripCsi(buf: Uint8Array, len: number): number {
  let r = buf.indexOf(ESC);
  if (r === -1 || r >= len) return len;
  let w = r;
  while (r < len) {
    const b = buf[r];
    if (b === ESC && r + 1 < len && buf[r + 1] === CSI_OPEN) {
      let j = r + 2;
      while (j < len && buf[j] >= 0x30 && buf[j] <= 0x3f) j++;
      while (j < len && buf[j] >= 0x20 && buf[j] <= 0x2f) j++;
      if (j < len && buf[j] >= 0x40 && buf[j] <= 0x7e) {
        r = j + 1;
        continue;
      }
    }
    buf[w++] = b;
    r++;
  }
  return w;
}
