/**
 * The line-end counter behind the scanner's fast path (a WebAssembly SIMD loop): the same count as
 * a plain loop (LF, CR, CRLF once) on any span, and never a false "no line longer than the cap".
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { countLineEnds, countLineEndsSlowly } from '../../../../src/core/detect/lineCount';
import { fuzzRuns } from '../../../support/fuzzRuns';

/** Whether a line (between two CR/LF bytes, or the span's edges) inside [from, to) is longer than cap. */
function hasLongLine(buf: Uint8Array, from: number, to: number, cap: number): boolean {
  let start = from;
  for (let i = from; i < to; i++) {
    if (buf[i] === 10 || buf[i] === 13) {
      if (i - start > cap) return true;
      start = i + 1;
    }
  }
  return to - start > cap;
}

/** Line ends as scanner.ts's LineEnds sees them: LF, CR, and CRLF once (a CR at `to - 1` counts). */
function lineEnds(buf: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (buf[i] === 10 || (buf[i] === 13 && (i + 1 >= to || buf[i + 1] !== 10))) n++;
  return n;
}

const bufArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 255 }), fc.constantFrom('', '\n', '\r', '\r\n', '\n\r', '\r\r\n')), {
    maxLength: 40,
  })
  .map((runs) => {
    const parts: number[] = [];
    for (const [len, byte, end] of runs) {
      for (let i = 0; i < len; i++) parts.push(byte === 10 || byte === 13 ? 11 : byte);
      for (const c of end) parts.push(c.charCodeAt(0));
    }
    return Uint8Array.from(parts);
  });

describe('detect: line-feed counter', () => {
  it('counts like a plain loop, and flags every span that holds a line longer than the cap (property)', () => {
    fc.assert(
      fc.property(bufArb, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 4000 }), (buf, a, b, cap) => {
        const from = buf.length === 0 ? 0 : a % (buf.length + 1);
        const to = from + (buf.length === 0 ? 0 : b % (buf.length - from + 1));
        const fast = countLineEnds(buf, from, to, cap);
        const slow = countLineEndsSlowly(buf, from, to, cap);
        assert.equal(fast.count, lineEnds(buf, from, to));
        assert.equal(slow.count, fast.count);
        if (hasLongLine(buf, from, to, cap)) assert.ok(fast.mayHoldLongLine && slow.mayHoldLongLine, 'a long line went unflagged');
      }),
      { numRuns: fuzzRuns(1000) },
    );
  });

  it('spans of several MiB, with a long line across the 1 MiB boundary', () => {
    const MB = 1024 * 1024;
    const buf = new Uint8Array(3 * MB + 5).fill(0x61);
    // CRLF line ends, one of them cut by the 1 MiB boundary (CR its last byte, LF the next piece's first).
    for (let i = 99; i < buf.length - 1; i += 100) buf.set([13, 10], i);
    buf.set([13, 10], MB - 1);
    const all = lineEnds(buf, 0, buf.length);
    assert.deepEqual(countLineEnds(buf, 0, buf.length, 64 * 1024), { count: all, mayHoldLongLine: false });
    // A 70 KiB line whose middle is the boundary between the first and second MiB.
    buf.fill(0x62, MB - 35 * 1024, MB + 35 * 1024);
    const r = countLineEnds(buf, 0, buf.length, 64 * 1024);
    assert.equal(r.count, lineEnds(buf, 0, buf.length));
    assert.equal(r.mayHoldLongLine, true);
  });
});
