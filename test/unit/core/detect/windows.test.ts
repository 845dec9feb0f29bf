/**
 * The scanner's documented limits: cleaned `text`, the line cap, and each correlation window,
 * tested at its edge (inside gives the documented result, one line past gives the other).
 */
import * as assert from 'node:assert/strict';
import { DEDUPE_WINDOW, MAX_TEXT, MODEL_WINDOW, WEAK_WINDOW } from '../../../../src/core/detect/correlator';
import { Scanner, scanText } from '../../../../src/core/detect/scanner';

const ESC = '\x1b';
const filler = (n: number): string[] => Array.from({ length: n }, (_, i) => `    at frame${i} (/app/server.js:${i}:1)`);
const MYSQL = "SQLSTATE[42S02]: Base table or view not found: 1146 Table 'app.sessions' doesn't exist";

describe('detect: text is the line without decoration', () => {
  const cases: Array<[string, string, string]> = [
    ['concurrently prefix and colours', `${ESC}[2m[0]${ESC}[22m ${ESC}[31mno such table: sessions${ESC}[39m`, 'no such table: sessions'],
    ['two runner prefixes', '[1] [web] no such table: sessions', 'no such table: sessions'],
    ['Laravel log prefix', `[2026-11-21 10:00:00] production.ERROR: ${MYSQL}`, MYSQL],
    ['OSC 633 with BEL', `${ESC}]633;C${'\x07'}no such table: sessions${ESC}]633;D;1${'\x07'}`, 'no such table: sessions'],
    ['JSON escapes', '{"m":"relation \\"sessions\\" does not exist"}', '{"m":"relation "sessions" does not exist"}'],
    ['cursor moves and erase', `${ESC}[2K${ESC}[1G${ESC}[?25lno such table: sessions`, 'no such table: sessions'],
  ];
  for (const [name, input, text] of cases) {
    it(name, () =>
      assert.deepEqual(
        scanText(input).map((f) => f.text),
        [text],
      ),
    );
  }

  it('masks the password of a connection URL quoted in the text', () => {
    const [f] = scanText("Error querying mysql://app:S3cr3t-pw@db.local:3306/shop: Table 'shop.sessions' doesn't exist (errno 1146)");
    assert.equal(f.table, 'sessions');
    assert.ok(!f.text.includes('S3cr3t-pw'), f.text);
    assert.ok(f.text.includes('db.local'), f.text);
  });

  it('masks a session id compared in the printed SQL, not short ids', () => {
    const id = '9kN2xQv7TzYd4LbM3sRf8HwPjE1uAcVo';
    const [laravel10] = scanText(`${MYSQL} (Connection: mysql, SQL: select * from \`sessions\` where \`id\` = ${id} limit 1)`);
    const [laravel11] = scanText(
      `SQLSTATE[HY000]: General error: 1 no such table: sessions (Connection: sqlite, SQL: select * from "sessions" where "id" = '${id}' limit 1)`,
    );
    const [short] = scanText(`${MYSQL} (SQL: select * from \`sessions\` where \`user_id\` = 42 and \`id\` = 7)`);
    assert.ok(!laravel10.text.includes(id) && laravel10.text.includes('`id` = ****'), laravel10.text);
    assert.ok(!laravel11.text.includes(id) && laravel11.text.includes('"id" = ****'), laravel11.text);
    assert.ok(short.text.endsWith('`user_id` = 42 and `id` = 7)'), short.text);
  });

  it(`caps text at ${MAX_TEXT} characters`, () => {
    const [f] = scanText(`no such table: sessions ${'x'.repeat(5000)}`);
    assert.equal(f.text.length, MAX_TEXT + 1);
    assert.ok(f.text.endsWith('…'));
  });
});

describe('detect: line cap', () => {
  const KB = 1024;
  const lines = (text: string, opts?: { maxLineBytes: number }): Array<[string, number]> => scanText(text, opts).map((f) => [f.table, f.line]);

  it('searches an overlong line past its first 64 KiB, without shifting line numbers', () => {
    const long = `${'a'.repeat(70 * KB)} no such table: second`;
    const text = `no such table: first ${'b'.repeat(70 * KB)}\n${long}\nno such table: third\n`;
    assert.deepEqual(lines(text), [
      ['first', 1],
      ['second', 2],
      ['third', 3],
    ]);
  });

  it('finds an error after 100 KB of text on one line, and one in the middle of a 10 MB line', () => {
    assert.deepEqual(lines(`${'x'.repeat(100 * KB)} no such table: sessions\nok\n`), [['sessions', 1]]);
    const mid = `${'q'.repeat(5 * KB * KB)}The table \`main.Session\` does not exist in the current database.${'q'.repeat(5 * KB * KB)}`;
    assert.deepEqual(lines(`ok\n${mid}\n`), [['Session', 2]]);
  });

  it('finds an error pushed past the cap, or split, by 100,000 colour codes', () => {
    const sgr = `${ESC}[31m${ESC}[0m`.repeat(50_000);
    assert.deepEqual(lines(`${sgr}no such table: sessions\n`), [['sessions', 1]]);
    assert.deepEqual(lines(`no such ${sgr}table: ${sgr}sessions${sgr}\n`), [['sessions', 1]]);
    // The codes cut the prefilter word itself (`ble: `): the line is long, so it is still examined.
    assert.deepEqual(lines(`ok\nno such tab${sgr}le: ses${sgr}sions\n`), [['sessions', 2]]);
    assert.deepEqual(lines(`${ESC}[2m[next]${ESC}[22m Error: ${sgr}Table 'app.sessions' doesn't exist${sgr} (errno 1146)\n`), [['sessions', 1]]);
  });

  it('a window boundary never cuts a name: every offset gives the whole name', () => {
    // A 64-byte cap makes windows of 64-128 bytes, so the message crosses every boundary position.
    for (let k = 0; k < 300; k++) {
      const text = `${'a'.repeat(k)} no such table: sessions_archive ${'b'.repeat(300 - k)}\n`;
      assert.deepEqual(lines(text, { maxLineBytes: 64 }), [['sessions_archive', 1]], `offset ${k}`);
    }
  });

  it('one message per line, the first in the line, as for a short line', () => {
    const text = `no such table: one ${'c'.repeat(200 * KB)} no such table: two\n`;
    assert.deepEqual(lines(text), [['one', 1]]);
  });

  it('counts the lines longer than maxLineBytes, with the first one', () => {
    const s = new Scanner({ maxLineBytes: 20 });
    const found = [...s.write('short\n0123456789 no such table: sessions\nok\n'), ...s.write(`${'z'.repeat(30)}\n`), ...s.end()];
    assert.deepEqual(
      found.map((f) => [f.table, f.line]),
      [['sessions', 2]],
    );
    assert.deepEqual(s.longLines, { count: 2, firstLine: 2 });
    const roomy = new Scanner({ maxLineBytes: 40 });
    assert.equal([...roomy.write('0123456789 no such table: sessions\n'), ...roomy.end()].length, 1);
    assert.deepEqual(roomy.longLines, { count: 0, firstLine: 0 });
    assert.throws(() => new Scanner({ maxLineBytes: 0 }), RangeError);
  });
});

describe('detect: correlation windows', () => {
  const weak = "Error: Table 'app.sessions' doesn't exist";

  it(`a bare MySQL message counts when ER_NO_SUCH_TABLE follows within ${WEAK_WINDOW} lines`, () => {
    const at = (gap: number): string => [weak, ...filler(gap - 1), "  code: 'ER_NO_SUCH_TABLE',"].join('\n');
    assert.deepEqual(
      scanText(at(WEAK_WINDOW)).map((f) => f.line),
      [1],
    );
    assert.deepEqual(scanText(at(WEAK_WINDOW + 1)), []);
  });

  it(`a bare MySQL message counts when 1146 came within ${WEAK_WINDOW} lines before`, () => {
    const at = (gap: number): string => ['  errno: 1146,', ...filler(gap - 1), weak].join('\n');
    assert.deepEqual(
      scanText(at(WEAK_WINDOW)).map((f) => f.line),
      [WEAK_WINDOW + 1],
    );
    assert.deepEqual(scanText(at(WEAK_WINDOW + 1)), []);
  });

  it('a closing } ends the printed error: a code after it confirms nothing', () => {
    assert.deepEqual(scanText([weak, '}', "  code: 'ER_NO_SUCH_TABLE',"].join('\n')), []);
  });

  it(`P2021 (not available) takes modelName up to ${MODEL_WINDOW} lines later`, () => {
    const at = (gap: number): string =>
      ['The table `(not available)` does not exist in the current database.', ...filler(gap - 1), "  meta: { modelName: 'Session' }"].join('\n');
    assert.deepEqual(
      scanText(at(MODEL_WINDOW)).map((f) => [f.table, f.session, f.line]),
      [['Session', true, 1]],
    );
    assert.deepEqual(
      scanText(at(MODEL_WINDOW + 1)).map((f) => [f.table, f.session, f.line]),
      [['(not available)', false, 1]],
    );
  });

  it('P2021 (not available) is released by the end of its object, before later errors', () => {
    const text = ['The table `(not available)` does not exist in the current database.', '}', 'no such table: users'].join('\n');
    assert.deepEqual(
      scanText(text).map((f) => [f.kind, f.table]),
      [
        ['prisma-p2021', '(not available)'],
        ['sqlite-no-such-table', 'users'],
      ],
    );
  });

  it(`a repeated message in an object field is the same error within ${DEDUPE_WINDOW} lines`, () => {
    const at = (gap: number): string => [MYSQL, ...filler(gap - 1), `  sqlMessage: "Table 'app.sessions' doesn't exist", errno: 1146`].join('\n');
    assert.equal(scanText(at(DEDUPE_WINDOW)).length, 1);
    assert.equal(scanText(at(DEDUPE_WINDOW + 1)).length, 2);
  });

  it('a field after the object closed is a new error; a field naming another table is too', () => {
    assert.equal(scanText([MYSQL, '}', "  originalMessage: 'no such table: sessions'"].join('\n')).length, 2);
    assert.equal(scanText([MYSQL, "  originalMessage: 'no such table: users'"].join('\n')).length, 2);
  });

  it('a strong message repeated on its own line is a new occurrence', () => {
    assert.equal(scanText([MYSQL, MYSQL].join('\n')).length, 2);
  });
});

describe('detect: streaming behaviour', () => {
  it('returns a finding from the write that completes its line', () => {
    const s = new Scanner();
    assert.deepEqual(s.write('no such table: ses'), []);
    assert.deepEqual(
      s.write('sions\nnext').map((f) => f.table),
      ['sessions'],
    );
    assert.deepEqual(s.end(), []);
  });

  it('scans an unterminated last line at end()', () => {
    const s = new Scanner();
    assert.deepEqual(s.write('ok\nno such table: sessions'), []);
    assert.deepEqual(
      s.end().map((f) => f.line),
      [2],
    );
  });

  it('refuses writes after end()', () => {
    const s = new Scanner();
    s.end();
    assert.throws(() => s.write('x'), /after end/);
  });
});
