/**
 * The streaming "missing table" detector: feed it chunks of a terminal, a log file or a debug
 * console, and it returns the findings each chunk completes.
 *
 * It works on UTF-8 bytes (strings are encoded first), because every byte that matters to it is
 * ASCII: CR, LF and the prefilter words. A UTF-8 multi-byte sequence never contains an ASCII
 * byte, so lines can be split and searched without decoding, and a sequence split across chunks
 * needs no special care. Only the lines that are examined get decoded.
 *
 * Speed comes from not looking at most lines: while no error is being tracked, the scanner
 * searches each chunk's bytes for a few literal words (`PREFILTER_ANCHORS`) with `Buffer.indexOf`
 * and only counts the line ends in between; nothing is decoded or split on that path. Only lines
 * holding one of those words, and the few lines after an error (see `Correlator`), are decoded,
 * cleaned and matched against the shapes.
 *
 * Memory is bounded per stream: a line keeps at most `maxLineBytes` bytes; a longer one is searched
 * in overlapping windows of that size (see `LongLine`), and the correlator keeps a fixed number of
 * small records.
 */
import { cleanLine } from './decoration';
import { Correlator } from './correlator';
import { Finding, sessionTableSet } from './finding';
import { countLineEnds } from './lineCount';
import { LongLine } from './longLine';
import { PREFILTER_ANCHORS, PrefilterAnchor, hasPrefilterWord, lineFacts } from './shapes';

export interface ScannerOptions {
  /** Extra table names that count as session stores (matched in any case). */
  sessionTables?: string[];
  /**
   * Longest line examined whole, in bytes; a longer one is searched in overlapping windows of this
   * size (twice it at most in memory), and counted in `longLines`. Default 64 KiB.
   */
  maxLineBytes?: number;
}

export const DEFAULT_MAX_LINE = 64 * 1024;
const LF = 10;
const CR = 13;

export class Scanner {
  private readonly encoder = new TextEncoder();
  /** Lines are decoded one at a time, whole, so no streaming state is needed; keep a BOM as text. */
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private readonly maxLine: number;
  private readonly correlator: Correlator;
  /** The head (at most `maxLine` bytes) of the current, unterminated line. */
  private partial: Uint8Array = new Uint8Array(256);
  private partialLen = 0;
  /** The current line outgrew `maxLine`: its bytes go to this window search instead. */
  private long: LongLine | undefined;
  private longCount = 0;
  private firstLongLine = 0;
  /** The last chunk ended with CR: an LF starting the next chunk belongs to that line end. */
  private skipLF = false;
  /** A string chunk ended inside a surrogate pair: its first half waits for the next string. */
  private highSurrogate = '';
  private lineNo = 0;
  private ended = false;

  constructor(opts: ScannerOptions = {}) {
    const max = opts.maxLineBytes ?? DEFAULT_MAX_LINE;
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxLineBytes must be a positive integer, got ${String(max)}`);
    this.maxLine = max;
    this.correlator = new Correlator(sessionTableSet(opts.sessionTables));
  }

  /** Scans a chunk; returns the findings it completes (some errors are only complete a few lines later). */
  write(chunk: string | Uint8Array): Finding[] {
    if (this.ended) throw new Error('Scanner.write() after end()');
    const out: Finding[] = [];
    if (typeof chunk === 'string') {
      let text = this.highSurrogate + chunk;
      this.highSurrogate = '';
      const last = text.charCodeAt(text.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        this.highSurrogate = text.slice(-1);
        text = text.slice(0, -1);
      }
      this.feed(this.encoder.encode(text), out);
    } else {
      this.flushSurrogate(out);
      this.feed(chunk, out);
    }
    return out;
  }

  /** Ends the stream: scans the last, unterminated line and releases held findings. */
  end(): Finding[] {
    if (this.ended) return [];
    const out: Finding[] = [];
    this.flushSurrogate(out);
    this.ended = true;
    if (this.lineOpen()) this.endLine(out);
    this.correlator.finish(out);
    return out;
  }

  /**
   * Lines longer than `maxLineBytes` so far (1-based number of the first), searched in windows:
   * an error is still found on them unless its own text is longer than the cap, so callers should
   * say that such lines were there.
   */
  get longLines(): { count: number; firstLine: number } {
    return { count: this.longCount, firstLine: this.firstLongLine };
  }

  private flushSurrogate(out: Finding[]): void {
    if (this.highSurrogate === '') return;
    const lone = this.highSurrogate;
    this.highSurrogate = '';
    this.feed(this.encoder.encode(lone), out);
  }

  private feed(bytes: Uint8Array, out: Finding[]): void {
    if (bytes.length === 0) return;
    // Every search runs on the bytes themselves (`Buffer.indexOf`, memchr-based in Node): a chunk is
    // never converted to a string, and positions are byte offsets.
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const lines = new LineEnds(buf);
    let pos = 0;
    if (this.skipLF) {
      this.skipLF = false;
      if (buf[0] === LF) pos = 1;
    }
    if (this.lineOpen()) {
      // Finish the line begun in earlier chunks: its head plus this chunk's start, as one line.
      const end = lines.next(pos);
      this.appendPartial(buf, pos, end === -1 ? buf.length : end);
      if (end === -1) return;
      this.endLine(out);
      pos = this.afterLineEnd(buf, end, lines);
    }
    const hits = new WordHits(buf);
    for (;;) {
      if (!this.correlator.isTracking()) {
        // Nothing is being tracked: count lines up to the next line holding a prefilter word, or
        // up to a line longer than the cap (decoration may split a word on it: see LongLine).
        const hit = hits.next(pos);
        const target = hit === -1 ? buf.length : lines.lineStartBefore(hit, pos);
        // Count the line ends up to the last one before the target in one go, unless a line there
        // may be long (then line by line below, to stop at it).
        const last = target > pos ? Math.max(buf.lastIndexOf(LF, target - 1), lines.hasCr ? buf.lastIndexOf(CR, target - 1) : -1) : -1;
        const span = last >= pos ? countLineEnds(buf, pos, last + 1, this.maxLine) : undefined;
        if (span && !span.mayHoldLongLine) {
          this.lineNo += span.count;
          pos = last + 1;
          // A CR in the chunk's last byte: an LF starting the next chunk belongs to it.
          if (last === buf.length - 1 && buf[last] === CR) this.skipLF = true;
        }
        if (lines.hasCr) {
          while (pos < target) {
            const end = lines.next(pos);
            if (end === -1 || end >= target || end - pos > this.maxLine) break;
            this.lineNo++;
            pos = this.afterLineEnd(buf, end, lines);
          }
        } else {
          for (;;) {
            const end = buf.indexOf(LF, pos);
            if (end === -1 || end >= target || end - pos > this.maxLine) break;
            this.lineNo++;
            pos = end + 1;
          }
        }
        if (hit === -1) {
          const end = lines.next(pos);
          if (end === -1 || end - pos <= this.maxLine) break;
        }
      }
      const end = lines.next(pos);
      if (end === -1) break;
      if (end - pos <= this.maxLine) {
        this.lineNo++;
        this.processLine(buf.subarray(pos, end), out);
      } else {
        this.appendPartial(buf, pos, end);
        this.endLine(out);
      }
      pos = this.afterLineEnd(buf, end, lines);
    }
    if (pos < buf.length) this.appendPartial(buf, pos, buf.length);
  }

  /** Position after the line end at `end` (CRLF counts once; a CR ending the chunk waits for an LF). */
  private afterLineEnd(buf: Buffer, end: number, lines: LineEnds): number {
    const next = end + lines.width(end);
    // Only a lone CR in the chunk's last byte waits; a whole CRLF there is already complete.
    if (end === buf.length - 1 && buf[end] === CR) this.skipLF = true;
    return next;
  }

  private lineOpen(): boolean {
    return this.partialLen > 0 || this.long !== undefined;
  }

  /** The current line has ended (or the stream has): examines it as a whole or through its windows. */
  private endLine(out: Finding[]): void {
    this.lineNo++;
    const long = this.long;
    if (long === undefined) {
      this.processLine(this.partial.subarray(0, this.partialLen), out);
    } else {
      this.long = undefined;
      this.longCount++;
      if (this.longCount === 1) this.firstLongLine = this.lineNo;
      const line = long.finish();
      if (line) this.correlator.onLine(this.lineNo, line.text, line.facts, line.entryStart, out);
    }
    this.partialLen = 0;
  }

  /** Keeps the line's bytes up to `maxLine`; past that, the line goes to a window search. */
  private appendPartial(buf: Buffer, from: number, to: number): void {
    if (this.long === undefined && to - from > this.maxLine - this.partialLen) {
      this.long = new LongLine(this.maxLine, this.correlator.isTracking(), this.decoder);
      this.long.push(this.partial.subarray(0, this.partialLen));
      this.partialLen = 0;
    }
    if (this.long !== undefined) {
      this.long.push(buf.subarray(from, to));
      return;
    }
    const n = to - from;
    if (n <= 0) return;
    const need = this.partialLen + n;
    if (need > this.partial.length) {
      const grown = new Uint8Array(Math.min(this.maxLine, Math.max(need, this.partial.length * 2)));
      grown.set(this.partial.subarray(0, this.partialLen));
      this.partial = grown;
    }
    this.partial.set(buf.subarray(from, from + n), this.partialLen);
    this.partialLen = need;
  }

  private processLine(bytes: Uint8Array, out: Finding[]): void {
    const raw = this.decoder.decode(bytes);
    // Near an error every line counts (a `modelName`, a closing `}`); elsewhere only prefilter hits.
    if (this.correlator.isTracking() || hasPrefilterWord(raw)) {
      const clean = cleanLine(raw);
      this.correlator.onLine(this.lineNo, clean.text, lineFacts(clean.text), clean.entryStart, out);
    }
  }
}

/** Scans a whole text at once: the same findings as streaming it in any chunks. */
export function scanText(text: string, opts?: ScannerOptions): Finding[] {
  const s = new Scanner(opts);
  return [...s.write(text), ...s.end()];
}

/** Line ends (CR, LF, CRLF) of one chunk, found with cached `indexOf`s rather than a byte loop. */
class LineEnds {
  private nextLf = -2;
  private nextCr = -2;
  readonly hasCr: boolean;

  constructor(private readonly buf: Buffer) {
    this.hasCr = buf.indexOf(CR) !== -1;
    if (!this.hasCr) this.nextCr = -1;
  }

  /** Index of the first CR or LF at or after `from`, or -1. */
  next(from: number): number {
    if (this.nextLf !== -1 && this.nextLf < from) this.nextLf = this.buf.indexOf(LF, from);
    if (!this.hasCr) return this.nextLf;
    if (this.nextCr !== -1 && this.nextCr < from) this.nextCr = this.buf.indexOf(CR, from);
    if (this.nextLf === -1) return this.nextCr;
    if (this.nextCr === -1) return this.nextLf;
    return Math.min(this.nextLf, this.nextCr);
  }

  /** 2 for a CRLF, 1 otherwise (a CR at the chunk end is settled by the next chunk). */
  width(end: number): number {
    return this.buf[end] === CR && this.buf[end + 1] === LF ? 2 : 1;
  }

  /** Start of the line holding `index`, not before `floor`. */
  lineStartBefore(index: number, floor: number): number {
    const lf = this.buf.lastIndexOf(LF, index);
    const cr = this.hasCr ? this.buf.lastIndexOf(CR, index) : -1;
    return Math.max(floor, Math.max(lf, cr) + 1);
  }
}

/**
 * Next position of any prefilter word in one chunk, each anchor's next position cached.
 *
 * The chunk is searched for anchors (`PREFILTER_ANCHORS`): a word, or a piece of it that starts with
 * a rarer byte (memchr skips to the first byte, so a digit-first `1146` stops at every `1` in a
 * log full of timings). A hit only says "look at this line": the line is then checked for the
 * whole words, so a looser anchor changes the speed, never the findings.
 */
class WordHits {
  private readonly at: number[] = PREFILTER_ANCHORS.map(() => -2);

  constructor(private readonly buf: Buffer) {}

  next(from: number): number {
    let best = -1;
    for (let i = 0; i < PREFILTER_ANCHORS.length; i++) {
      let p = this.at[i];
      if (p !== -1 && p < from) p = this.at[i] = this.find(PREFILTER_ANCHORS[i], from);
      if (p !== -1 && (best === -1 || p < best)) best = p;
    }
    return best;
  }

  /** Start of the next anchor, with the bytes before it, at or after `from` (a line start). */
  private find({ anchor, before }: PrefilterAnchor, from: number): number {
    const b = before.length;
    for (let q = this.buf.indexOf(anchor, from + b); q !== -1; q = this.buf.indexOf(anchor, q + 1)) {
      let k = 0;
      while (k < b && this.buf[q - b + k] === before[k]) k++;
      if (k === b) return q - b;
    }
    return -1;
  }
}
