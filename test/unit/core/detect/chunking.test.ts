/**
 * Property: feeding a stream in any chunks, split at any byte, gives exactly the findings of
 * feeding it whole (same findings, same order, same line numbers and text).
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Finding } from '../../../../src/core/detect/finding';
import { Scanner, ScannerOptions, scanText } from '../../../../src/core/detect/scanner';
import { FALSE_POSITIVES, SHAPE_CASES } from '../../../support/shapeCases';
import { fuzzRuns, fuzzTimeout } from '../../../support/fuzzRuns';

const ESC = '\x1b';
const NOISE = [
  `${ESC}[32m ✓${ESC}[39m Compiled /api/auth in 1146ms (532 modules)`,
  `${ESC}[2m[0]${ESC}[22m GET /api/session 200 in 35ms`,
  `${ESC}]633;E;npm run dev${ESC}\\ ${ESC}[1mready${ESC}[22m`,
  '    at async main (/app/index.ts:7:3) {',
  '}',
  "  code: 'ER_NO_SUCH_TABLE',",
  "  meta: { modelName: 'Session' }",
  '[2026-11-21 10:00:01] local.INFO: request done',
  'Ünïcödé ✓ 日本語 🎉 line',
];

const pieceArb = fc.oneof(
  fc.constantFrom(...SHAPE_CASES.map((c) => c.text)),
  fc.constantFrom(...FALSE_POSITIVES.map((c) => c.text)),
  fc.constantFrom(...NOISE),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const eolArb = fc.constantFrom('\n', '\r\n', '\r', '');
const streamArb = fc.array(fc.tuple(pieceArb, eolArb), { maxLength: 30 }).map((parts) => parts.map(([p, e]) => p + e).join(''));

/** Cut points: sorted distinct positions in (0, length). */
function cuts(length: number, seeds: number[]): number[] {
  return [...new Set(seeds.map((s) => 1 + (s % Math.max(1, length - 1))))].filter((p) => p < length).sort((a, b) => a - b);
}

function feed(chunks: Array<string | Uint8Array>, opts?: ScannerOptions): Finding[] {
  const s = new Scanner(opts);
  const out: Finding[] = [];
  for (const c of chunks) out.push(...s.write(c));
  out.push(...s.end());
  return out;
}

function split<T extends string | Uint8Array>(whole: T, at: number[]): T[] {
  const parts: T[] = [];
  let prev = 0;
  for (const p of [...at, whole.length]) {
    parts.push((typeof whole === 'string' ? whole.slice(prev, p) : whole.subarray(prev, p)) as T);
    prev = p;
  }
  return parts;
}

describe('detect: chunking changes nothing (property)', function () {
  this.timeout(fuzzTimeout(20_000));
  const runs = 300;

  it(`bytes split at random points (${runs} streams)`, () => {
    fc.assert(
      fc.property(streamArb, fc.array(fc.nat(), { maxLength: 40 }), (text, seeds) => {
        const bytes = new TextEncoder().encode(text);
        assert.deepEqual(feed(split(bytes, cuts(bytes.length, seeds))), scanText(text));
      }),
      { numRuns: fuzzRuns(runs) },
    );
  });

  it(`one byte at a time, and strings split at random points (${runs} streams)`, () => {
    fc.assert(
      fc.property(streamArb, fc.array(fc.nat(), { maxLength: 40 }), (text, seeds) => {
        const whole = scanText(text);
        const bytes = new TextEncoder().encode(text);
        assert.deepEqual(feed(Array.from(bytes, (b) => Uint8Array.of(b))), whole);
        assert.deepEqual(feed(split(text, cuts(text.length, seeds))), whole);
      }),
      { numRuns: fuzzRuns(runs) },
    );
  });

  it(`with a tiny line cap, cut lines are cut the same way in any chunking (${runs} streams)`, () => {
    fc.assert(
      fc.property(streamArb, fc.array(fc.nat(), { maxLength: 40 }), fc.integer({ min: 1, max: 120 }), (text, seeds, cap) => {
        const bytes = new TextEncoder().encode(text);
        const opts = { maxLineBytes: cap };
        assert.deepEqual(feed(split(bytes, cuts(bytes.length, seeds)), opts), scanText(text, opts));
      }),
      { numRuns: fuzzRuns(runs) },
    );
  });

  it('a CR ending one chunk and an LF starting the next is one line end', () => {
    const text = "a\r\nb\r\nERROR 1146 (42S02): Table 'db.sessions' doesn't exist\r\n";
    const chunks = ['a\r', '\nb\r', "\nERROR 1146 (42S02): Table 'db.sessions' doesn't exist\r", '\n'];
    const got = feed(chunks);
    assert.equal(got.length, 1);
    assert.equal(got[0].line, 3);
    assert.deepEqual(got, scanText(text));
  });

  it('a chunk ending with a whole CRLF does not swallow the LF of an empty line that starts the next', () => {
    // Found by the property above (seed -708375167): the blank line was lost, so later lines were one short.
    const text = 'x\r\n\nno such table: sessions\n';
    for (const chunks of [
      ['x\r\n', '\nno such table: sessions\n'],
      ['x\r', '\n', '\nno such table: sessions\n'],
    ]) {
      const got = feed(chunks);
      assert.deepEqual(
        got.map((f) => f.line),
        [3],
        JSON.stringify(chunks),
      );
      assert.deepEqual(got, scanText(text));
      const bytes = chunks.map((c) => new TextEncoder().encode(c));
      assert.deepEqual(feed(bytes), got);
    }
  });

  it('a UTF-8 sequence split across chunks is decoded whole', () => {
    const bytes = new TextEncoder().encode('ünï 🎉\nno such table: séssions\n');
    const cut = bytes.indexOf(0xf0) + 2; // inside the 4-byte emoji
    const got = feed([bytes.subarray(0, cut), bytes.subarray(cut)]);
    assert.deepEqual(
      got.map((f) => [f.table, f.line]),
      [['séssions', 2]],
    );
  });
});
