/**
 * The line-feed counter behind the scanner's fast path (a WebAssembly SIMD loop): the same count as
 * a plain search, on any span, and never a false "no line longer than the cap".
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { countLineFeeds, countWithIndexOf } from '../../../src/core/detect/lineCount';
import { fuzzRuns } from '../support/fuzzRuns';

/** Whether a whole line (between two LFs, or the span's edges) inside [from, to) is longer than cap. */
function hasLongLine(buf: Uint8Array, from: number, to: number, cap: number): boolean {
  let start = from;
  for (let i = from; i < to; i++) {
    if (buf[i] === 10) {
      if (i - start > cap) return true;
      start = i + 1;
    }
  }
  return to - start > cap;
}

const bufArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 255 }), fc.boolean()), { maxLength: 40 })
  .map((runs) => {
    const parts: number[] = [];
    for (const [len, byte, lf] of runs) {
      for (let i = 0; i < len; i++) parts.push(byte === 10 ? 11 : byte);
      if (lf) parts.push(10);
    }
    return Uint8Array.from(parts);
  });

describe('detect: line-feed counter', () => {
  it('counts like indexOf, and flags every span that holds a line longer than the cap (property)', () => {
    fc.assert(
      fc.property(bufArb, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 4000 }), (buf, a, b, cap) => {
        const from = buf.length === 0 ? 0 : a % (buf.length + 1);
        const to = from + (buf.length === 0 ? 0 : b % (buf.length - from + 1));
        const fast = countLineFeeds(buf, from, to, cap);
        const plain = countWithIndexOf(buf, from, to, cap);
        assert.equal(fast.count, plain.count);
        if (hasLongLine(buf, from, to, cap)) assert.ok(fast.mayHoldLongLine, 'a long line went unflagged');
      }),
      { numRuns: fuzzRuns(1000) },
    );
  });

  it('spans of several MiB, with a long line across the 1 MiB boundary', () => {
    const MB = 1024 * 1024;
    const buf = new Uint8Array(3 * MB + 5).fill(0x61);
    for (let i = 100; i < buf.length; i += 100) buf[i] = 10;
    assert.deepEqual(countLineFeeds(buf, 0, buf.length, 64 * 1024), { count: Math.floor((buf.length - 1) / 100), mayHoldLongLine: false });
    // A 70 KiB line whose middle is the boundary between the first and second MiB.
    buf.fill(0x62, MB - 35 * 1024, MB + 35 * 1024);
    const r = countLineFeeds(buf, 0, buf.length, 64 * 1024);
    assert.equal(r.count, countWithIndexOf(buf, 0, buf.length, 64 * 1024).count);
    assert.equal(r.mayHoldLongLine, true);
  });
});
