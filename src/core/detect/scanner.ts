/**
 * The streaming "missing table" detector: feed it chunks of a terminal, a log file or a debug
 * console, and it returns the findings each chunk completes.
 *
 * Speed comes from not looking at most lines: while no error is being tracked, the scanner
 * searches each buffered chunk for a few literal words (`PREFILTER_WORDS`) with `indexOf` and
 * only counts the line ends in between. Only lines holding one of those words, and the few lines
 * after an error (see `Correlator`), are cleaned and matched against the shapes.
 *
 * Memory is bounded per stream: a line keeps at most `maxLineBytes` characters (the excess is
 * dropped, not buffered), and the correlator keeps a fixed number of small records.
 */
import { cleanLine } from './decoration';
import { Correlator } from './correlator';
import { Finding, sessionTableSet } from './finding';
import { PREFILTER_WORDS, hasPrefilterWord, lineFacts } from './shapes';

export interface ScannerOptions {
  /** Extra table names that count as session stores (matched in any case). */
  sessionTables?: string[];
  /**
   * Longest line kept, in characters (UTF-16 code units, so at most twice that in memory);
   * longer lines are cut and the rest dropped. Default 64 KiB.
   */
  maxLineBytes?: number;
}

const DEFAULT_MAX_LINE = 64 * 1024;
const LF = 10;
const CR = 13;

export class Scanner {
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private readonly maxLine: number;
  private readonly correlator: Correlator;
  /** The current, unterminated line: its first `maxLine` characters at most. */
  private partial = '';
  /** The last chunk ended with CR: an LF starting the next chunk belongs to that line end. */
  private skipLF = false;
  /** Bytes were given and the decoder may hold part of a UTF-8 sequence. */
  private decoding = false;
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
      // Bytes of an unfinished UTF-8 sequence cannot be continued by a string: flush them first.
      if (this.decoding) this.feed(this.decoder.decode(), out);
      this.decoding = false;
      this.feed(chunk, out);
    } else {
      this.decoding = true;
      this.feed(this.decoder.decode(chunk, { stream: true }), out);
    }
    return out;
  }

  /** Ends the stream: scans the last, unterminated line and releases held findings. */
  end(): Finding[] {
    if (this.ended) return [];
    const out: Finding[] = [];
    if (this.decoding) this.feed(this.decoder.decode(), out);
    this.ended = true;
    if (this.partial.length > 0) {
      this.lineNo++;
      this.processLine(this.partial, out);
      this.partial = '';
    }
    this.correlator.finish(out);
    return out;
  }

  private feed(text: string, out: Finding[]): void {
    if (text.length === 0) return;
    let start = 0;
    if (this.skipLF) {
      this.skipLF = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    // The unterminated line so far plus the new text: a word split across chunks is found whole.
    const buf = this.partial.length > 0 ? this.partial + text.slice(start) : start > 0 ? text.slice(start) : text;
    const lines = new LineEnds(buf);
    const hits = new WordHits(buf);
    let pos = 0;
    for (;;) {
      if (!this.correlator.isTracking()) {
        // Nothing is being tracked: jump to the next line that holds a prefilter word.
        const hit = hits.next(pos);
        const target = hit === -1 ? buf.length : lines.lineStartBefore(hit, pos);
        while (pos < target) {
          const end = lines.next(pos);
          if (end === -1 || end >= target) break;
          this.lineNo++;
          pos = end + lines.width(end);
        }
        if (hit === -1) break;
      }
      const end = lines.next(pos);
      if (end === -1) break;
      this.lineNo++;
      this.processLine(buf.slice(pos, Math.min(end, pos + this.maxLine)), out);
      pos = end + lines.width(end);
    }
    if (pos > 0 && buf.charCodeAt(pos - 1) === CR) this.skipLF = pos === buf.length;
    // Keep only the head of the unterminated line; the excess of an overlong line is dropped.
    this.partial = pos === 0 && buf.length <= this.maxLine ? buf : buf.slice(pos, pos + this.maxLine);
  }

  private processLine(raw: string, out: Finding[]): void {
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

/** Line ends (CR, LF, CRLF) of one buffer, found with cached `indexOf`s rather than a char loop. */
class LineEnds {
  private nextLf = -2;
  private nextCr = -2;
  private readonly hasCr: boolean;

  constructor(private readonly buf: string) {
    this.hasCr = buf.indexOf('\r') !== -1;
    if (!this.hasCr) this.nextCr = -1;
  }

  /** Index of the first CR or LF at or after `from`, or -1. */
  next(from: number): number {
    if (this.nextLf !== -1 && this.nextLf < from) this.nextLf = this.buf.indexOf('\n', from);
    if (!this.hasCr) return this.nextLf;
    if (this.nextCr !== -1 && this.nextCr < from) this.nextCr = this.buf.indexOf('\r', from);
    if (this.nextLf === -1) return this.nextCr;
    if (this.nextCr === -1) return this.nextLf;
    return Math.min(this.nextLf, this.nextCr);
  }

  /** 2 for a CRLF, 1 otherwise (a CR at the buffer end is settled by the next chunk). */
  width(end: number): number {
    return this.buf.charCodeAt(end) === CR && this.buf.charCodeAt(end + 1) === LF ? 2 : 1;
  }

  /** Start of the line holding `index`, not before `floor`. */
  lineStartBefore(index: number, floor: number): number {
    const lf = this.buf.lastIndexOf('\n', index);
    const cr = this.hasCr ? this.buf.lastIndexOf('\r', index) : -1;
    return Math.max(floor, Math.max(lf, cr) + 1);
  }
}

/** Next position of any prefilter word, each word's next position cached. */
class WordHits {
  private readonly at: number[] = PREFILTER_WORDS.map(() => -2);

  constructor(private readonly buf: string) {}

  next(from: number): number {
    let best = -1;
    for (let i = 0; i < PREFILTER_WORDS.length; i++) {
      let p = this.at[i];
      if (p !== -1 && p < from) p = this.at[i] = this.buf.indexOf(PREFILTER_WORDS[i], from);
      if (p !== -1 && (best === -1 || p < best)) best = p;
    }
    return best;
  }
}
