/**
 * Bad input for the scanner: binary junk, 10 MB lines, escape-sequence storms, error storms, in
 * random chunks. Zero crashes, bounded time per input, memory that does not follow the input.
 * Each test prints how many inputs it tried.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Finding } from '../../../../src/core/detect/finding';
import { Scanner } from '../../../../src/core/detect/scanner';
import { fuzzRuns, fuzzTimeout } from '../../../support/fuzzRuns';

const ESC = '\x1b';
const MB = 1024 * 1024;

/** Feeds chunks, checks every finding is well-formed, and returns the findings. */
function run(chunks: Iterable<string | Uint8Array>): { findings: Finding[] } {
  const s = new Scanner();
  const findings: Finding[] = [];
  for (const c of chunks) findings.push(...s.write(c));
  findings.push(...s.end());
  for (const f of findings) {
    assert.ok(Number.isInteger(f.line) && f.line >= 1, `line ${f.line}`);
    assert.ok(f.table.length > 0 && f.table.length <= 256, 'table name bounded');
    assert.ok(f.text.length <= 2001, 'text bounded');
  }
  return { findings };
}

function* splitBytes(bytes: Uint8Array, sizes: number[]): Generator<Uint8Array> {
  let i = 0;
  let k = 0;
  while (i < bytes.length) {
    // A size s means a chunk of s bytes, folded into 1..64 KiB.
    const n = sizes.length ? Math.max(1, sizes[k++ % sizes.length] % (64 * 1024 + 1)) : bytes.length;
    yield bytes.subarray(i, i + n);
    i += n;
  }
}

function report(what: string, n: number): void {
  console.log(`      fuzz: ${n} ${what}`);
}

// No assertion here is on time: a timed test fails on a busy machine, and the speed targets are
// checked by the benchmarks (`npm run bench`). Each test's timeout is only a guard against a hang.
describe('detect: fuzzing (fast-check)', function () {
  this.timeout(fuzzTimeout(120000));

  it('binary junk in random byte chunks: no crash, well-formed findings', () => {
    let tried = 0;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20000 }), fc.array(fc.nat(), { maxLength: 20 }), (bytes, sizes) => {
        tried++;
        run(splitBytes(bytes, sizes));
      }),
      { numRuns: fuzzRuns(500) },
    );
    report('binary junk inputs', tried);
  });

  it('junk mixed with error words, escapes and line ends: no crash, bounded time', () => {
    const token = fc.oneof(
      fc.constantFrom(
        'no such table: ',
        "Table '",
        "' doesn't exist",
        'relation "',
        '" does not exist',
        'The table `',
        '` does not exist in the current database.',
        'P2021',
        'P2010',
        '1146',
        '42S02',
        'ER_NO_SUCH_TABLE',
        'modelName: ',
        'sqlMessage: "',
        '[previous exception]',
        '}',
        '\\u0060',
        '\\"',
        '\\',
        `${ESC}[`,
        `${ESC}]`,
        '\x07',
        ESC,
        '\r',
        '\n',
        '\r\n',
        '[0] ',
        '[2026-11-21 10:00:00] local.ERROR: ',
      ),
      fc.string({ unit: 'binary', maxLength: 12 }),
    );
    let tried = 0;
    fc.assert(
      fc.property(fc.array(token, { maxLength: 400 }), fc.array(fc.nat(), { maxLength: 20 }), (tokens, sizes) => {
        tried++;
        const bytes = new TextEncoder().encode(tokens.join(''));
        run(splitBytes(bytes, sizes));
      }),
      { numRuns: fuzzRuns(1000) },
    );
    report('token-soup inputs', tried);
  });

  it('escape-sequence storms (random and 8 MB deterministic): no crash, no hang', () => {
    const seq = fc.constantFrom(`${ESC}[`, `${ESC}]`, `${ESC}P`, `${ESC}\\`, '\x07', '\u009b', '0;31', ';', 'm', '633;E;', 'no such table: s', 'xist', '\n');
    let tried = 0;
    fc.assert(
      fc.property(fc.array(seq, { maxLength: 5000 }), (parts) => {
        tried++;
        run([parts.join('')]);
      }),
      { numRuns: fuzzRuns(200) },
    );
    // Big storms on prefiltered lines, so the escape regex really runs over 64 KiB lines.
    const storms = [
      `no such table: s ${`${ESC}]`.repeat(4 * MB)}`,
      `no such table: s ${`${ESC}[`.repeat(4 * MB)}`,
      `no such table: s ${`${ESC}]8;;${'a'.repeat(1000)}`.repeat(8000)}`,
      `${`${ESC}[31mno such table: s${ESC}[39m\n`.repeat(50000)}`,
    ];
    for (const storm of storms) {
      tried++;
      const bytes = new TextEncoder().encode(storm);
      run(splitBytes(bytes, [65536]));
    }
    report('escape storms', tried);
  });

  it('10 MB lines, with and without error words, in 64 KiB and odd-sized chunks', () => {
    let tried = 0;
    const lines = [
      'x'.repeat(10 * MB),
      `no such table: sessions ${'x'.repeat(10 * MB)}`,
      `${'no such table: sessions '.repeat((10 * MB) / 24)}`,
      `${'é'.repeat(5 * MB)}\nno such table: after`,
    ];
    for (const line of lines) {
      for (const sizes of [[65536], [65535, 3, 77777]]) {
        tried++;
        const bytes = new TextEncoder().encode(`${line}\n`);
        const heapBefore = process.memoryUsage().heapUsed;
        const { findings } = run(splitBytes(bytes, sizes));
        // A line gives at most one finding, however long (it is searched in bounded windows).
        assert.ok(findings.length <= 2);
        assert.ok(process.memoryUsage().heapUsed - heapBefore < 64 * MB, 'no per-line growth');
      }
    }
    report('10 MB-line inputs', tried);
  });

  it('an error storm (every line an error): every line found', () => {
    const text = "ERROR 1146 (42S02): Table 'db.sessions' doesn't exist\n".repeat(100000);
    const { findings } = run(splitBytes(new TextEncoder().encode(text), [65536]));
    assert.equal(findings.length, 100000);
    report('error-storm input (100000 lines)', 1);
  });
});
