import * as assert from 'node:assert/strict';
import { applyEdit, envLookup, parseEnv, quoteEnvValue, setEnvValue, type EnvDocument } from '../../../../src/core/read/env/envFile';
import type { Range } from '../../../../src/core/model';
import { phpdotenvLoad } from './phpdotenvOracle';
import { requireTools } from '../../../support/requiredTools';

/** The text a range covers, in BOM-less coordinates. */
function textOf(doc: EnvDocument, r: Range): string {
  const lines = doc.text.split(/\r\n|\n|\r/);
  const offsets: number[] = [0];
  const re = /\r\n|\n|\r/g;
  for (let m = re.exec(doc.text); m; m = re.exec(doc.text)) offsets.push(m.index + m[0].length);
  assert.ok(r.start.character <= lines[r.start.line].length && r.end.character <= lines[r.end.line].length);
  return doc.text.slice(offsets[r.start.line] + r.start.character, offsets[r.end.line] + r.end.character);
}

/** Values phpdotenv 5 loads, from its documented rules (and checked against the real one below). */
const VALUE_CASES: Array<{ name: string; text: string; key: string; value: string | undefined; raw?: string; quote?: string }> = [
  { name: 'unquoted', text: 'SESSION_DRIVER=database\n', key: 'SESSION_DRIVER', value: 'database', raw: 'database', quote: '' },
  { name: 'inline comment after blank', text: 'A=file # was database\n', key: 'A', value: 'file', raw: 'file' },
  { name: '# without blank starts a comment too', text: 'A=a#b\n', key: 'A', value: 'a', raw: 'a' },
  { name: 'single quotes are literal', text: "A='x ${B} \\n #'\n", key: 'A', value: 'x ${B} \\n #', raw: "'x ${B} \\n #'", quote: "'" },
  { name: 'double quotes with escapes', text: 'A="a\\"b\\\\c\\nd\\$e"\n', key: 'A', value: 'a"b\\c\nd$e', quote: '"' },
  { name: 'double quotes keep #', text: 'A="a # b" # c\n', key: 'A', value: 'a # b', raw: '"a # b"' },
  { name: 'interpolation unquoted', text: 'B=bee\nA=x${B}y\n', key: 'A', value: 'xbeey' },
  { name: 'interpolation double-quoted', text: 'B=bee\nA="${B} ${NOPE}"\n', key: 'A', value: 'bee ${NOPE}' },
  { name: 'interpolation uses earlier lines only', text: 'A=${B}\nB=bee\n', key: 'A', value: '${B}' },
  { name: 'duplicate: the last one wins', text: 'A=first\nA=second\n', key: 'A', value: 'second', raw: 'second' },
  { name: 'bare name unsets', text: 'A=first\nA\n', key: 'A', value: undefined },
  { name: 'export prefix', text: 'export SESSION_DRIVER=file\n', key: 'SESSION_DRIVER', value: 'file' },
  { name: 'quoted name', text: '"A.B"=1\n', key: 'A.B', value: '1' },
  { name: 'empty value', text: 'A=\n', key: 'A', value: '', raw: '' },
  { name: 'empty value with comment', text: 'A= # nothing\n', key: 'A', value: '', raw: '' },
  { name: 'blanks around =', text: '  A  =  b  \n', key: 'A', value: 'b', raw: 'b' },
  { name: 'multi-line double-quoted', text: 'A="one\r\ntwo"\r\nB=2\r\n', key: 'A', value: 'one\ntwo', raw: '"one\r\ntwo"' },
  { name: 'CR line breaks', text: 'A=1\rB=2\r', key: 'B', value: '2' },
  { name: 'BOM', text: '\uFEFFA=1\n', key: 'A', value: '1' },
  { name: 'quotes inside unquoted', text: 'A=it"s\n', key: 'A', value: 'it"s' },
  { name: 'commented-out line', text: '# A=1\nA=2\n', key: 'A', value: '2' },
];

const ERROR_CASES: Array<{ name: string; text: string; line: number }> = [
  { name: 'blank inside unquoted value', text: 'A=1\nAPP_NAME=My App\n', line: 1 },
  { name: 'unknown escape', text: 'A="\\q"\n', line: 0 },
  { name: 'missing closing single quote', text: "A='x\n", line: 0 },
  { name: 'invalid name', text: 'A-B=1\n', line: 0 },
  { name: 'export with a one-letter name (phpdotenv needs > 8 characters)', text: 'export A=1\n', line: 0 },
  { name: 'no name', text: '=1\n', line: 0 },
  { name: 'text after closing quote', text: 'A="x"y\n', line: 0 },
];

describe('parseEnv: phpdotenv values', () => {
  for (const c of VALUE_CASES) {
    it(c.name, () => {
      const doc = parseEnv(c.text);
      assert.deepEqual(doc.errors, []);
      const e = envLookup(doc, c.key);
      assert.equal(e?.value, c.value);
      if (e) {
        assert.equal(textOf(doc, e.valueRange), e.rawValue);
        assert.equal(textOf(doc, e.keyRange), c.key);
        if (c.raw !== undefined) assert.equal(e.rawValue, c.raw);
        if (c.quote !== undefined) assert.equal(e.quote, c.quote);
      }
    });
  }
  for (const c of ERROR_CASES) {
    it(`error: ${c.name}`, () => {
      const doc = parseEnv(c.text);
      assert.equal(doc.errors.length, 1, JSON.stringify(doc.errors));
      assert.equal(doc.errors[0].line, c.line);
    });
  }
  it('error messages never contain the value', () => {
    const doc = parseEnv('APP_KEY=base64:secret value\n');
    assert.equal(doc.errors.length, 1);
    assert.ok(!doc.errors[0].message.includes('secret'));
  });
  it('reports a never-closed double quote (phpdotenv drops the rest of the file silently)', () => {
    const doc = parseEnv('A=1\nB="open\nC=3\n');
    assert.deepEqual(
      doc.entries.map((e) => e.key),
      ['A'],
    );
    assert.equal(doc.errors[0].line, 1);
  });
  it('reports lines swallowed into a comment by an unclosed `="` (found by the edit property), as phpdotenv reads them', function () {
    const text = 'A==" # c\nB=1\nC="2"\nD=4\n';
    const doc = parseEnv(text);
    assert.deepEqual(
      doc.entries.map((e) => [e.key, e.value]),
      [
        ['A', '="'],
        ['D', '4'],
      ],
    );
    assert.deepEqual(doc.errors, [
      { line: 0, message: 'Lines 2-3 are read as a comment after the value of A (an unclosed `="` on line 1): phpdotenv ignores them.', fatal: false },
    ]);
    assert.match(parseEnv('x_1=="#\nA="$"').errors[0]?.message ?? '', /^Line 2 is read as a comment after the value of x_1/);
    assert.deepEqual(parseEnv('K="a\nb"\nZ=1\n').errors, [], 'a real multi-line value swallows nothing');
    requireTools(this, 'phpdotenv');
    assert.deepEqual(phpdotenvLoad([text])[0], { ok: true, vars: { A: '="', D: '4' } });
  });
  it('records export, line and ranges', () => {
    const doc = parseEnv('# c\r\n\r\nexport  SESSION_DRIVER = "file" # x\r\n');
    const e = envLookup(doc, 'SESSION_DRIVER');
    assert.ok(e);
    assert.equal(e.exported, true);
    assert.equal(e.line, 2);
    assert.deepEqual(e.keyRange, { start: { line: 2, character: 8 }, end: { line: 2, character: 22 } });
    assert.deepEqual(e.valueRange, { start: { line: 2, character: 25 }, end: { line: 2, character: 31 } });
    assert.deepEqual(e.lineRange, { start: { line: 2, character: 0 }, end: { line: 2, character: 35 } });
    assert.equal(doc.eol, '\r\n');
  });
  it('detects line break styles', () => {
    assert.equal(parseEnv('A=1\nB=2').eol, '\n');
    assert.equal(parseEnv('A=1\r\nB=2\r\n').eol, '\r\n');
    assert.equal(parseEnv('A=1\r\nB=2\n').eol, 'mixed');
  });

  it('agrees with the real phpdotenv on every table case', function () {
    requireTools(this, 'phpdotenv');
    const texts = [...VALUE_CASES.map((c) => c.text), ...ERROR_CASES.map((c) => c.text)];
    const results = phpdotenvLoad(texts);
    VALUE_CASES.forEach((c, i) => {
      const r = results[i];
      assert.ok(r.ok, c.name);
      assert.equal(r.vars[c.key] ?? undefined, c.value, c.name);
    });
    ERROR_CASES.forEach((c, i) => assert.equal(results[VALUE_CASES.length + i].ok, false, c.name));
  });
});

/** Byte-exact edit cases: the whole expected file after setting the key. */
const EDIT_CASES: Array<{ name: string; text: string; key: string; value: string; expected: string }> = [
  {
    name: 'CRLF kept',
    text: 'APP_NAME=x\r\nSESSION_DRIVER=database\r\nB=1\r\n',
    key: 'SESSION_DRIVER',
    value: 'cookie',
    expected: 'APP_NAME=x\r\nSESSION_DRIVER=cookie\r\nB=1\r\n',
  },
  { name: 'BOM kept', text: '\uFEFFSESSION_DRIVER=database\n', key: 'SESSION_DRIVER', value: 'file', expected: '\uFEFFSESSION_DRIVER=file\n' },
  { name: 'double quotes kept', text: 'SESSION_DRIVER="database"\n', key: 'SESSION_DRIVER', value: 'file', expected: 'SESSION_DRIVER="file"\n' },
  { name: 'single quotes kept', text: "SESSION_DRIVER='database' # c\n", key: 'SESSION_DRIVER', value: 'file', expected: "SESSION_DRIVER='file' # c\n" },
  {
    name: 'inline comment kept',
    text: 'SESSION_DRIVER=databse   # typo\n',
    key: 'SESSION_DRIVER',
    value: 'database',
    expected: 'SESSION_DRIVER=database   # typo\n',
  },
  { name: 'export kept', text: 'export SESSION_DRIVER=database\n', key: 'SESSION_DRIVER', value: 'file', expected: 'export SESSION_DRIVER=file\n' },
  { name: 'the winning duplicate is edited', text: 'A=1\nA=2\n', key: 'A', value: '3', expected: 'A=1\nA=3\n' },
  { name: 'empty value filled before its comment', text: 'A= # none\n', key: 'A', value: 'x', expected: 'A=x # none\n' },
  { name: 'quoting added when needed', text: 'A=x\n', key: 'A', value: 'two words', expected: 'A="two words"\n' },
  { name: 'single quote style falls back to double', text: "A='x'\n", key: 'A', value: "it's", expected: 'A="it\'s"\n' },
  {
    name: 'LF/CRLF mix kept, the edited line keeps its own break',
    text: 'A=1\nSESSION_DRIVER=database\r\nB=2\n',
    key: 'SESSION_DRIVER',
    value: 'file',
    expected: 'A=1\nSESSION_DRIVER=file\r\nB=2\n',
  },
  { name: 'append to a mixed file uses the last line break', text: 'A=1\r\nB=2\n', key: 'C', value: 'x', expected: 'A=1\r\nB=2\nC=x\n' },
  { name: 'append with trailing newline', text: 'A=1\r\n', key: 'B', value: 'x', expected: 'A=1\r\nB=x\r\n' },
  { name: 'append without trailing newline', text: 'A=1\r\nC=2', key: 'B', value: 'x', expected: 'A=1\r\nC=2\r\nB=x' },
  { name: 'append to empty file', text: '', key: 'B', value: 'x', expected: 'B=x\n' },
  { name: 'append after unset', text: 'A=1\nA\n', key: 'A', value: 'x', expected: 'A=1\nA\nA=x\n' },
  { name: 'multi-line value replaced', text: 'K="a\nb"\nZ=1\n', key: 'K', value: 'c', expected: 'K="c"\nZ=1\n' },
  {
    name: 'a never-closed quote hides the end: the new line goes just before it',
    text: 'A=1\r\nAPP_NAME="My App\r\nSESSION_DRIVER=database\r\n',
    key: 'SESSION_DRIVER',
    value: 'cookie',
    expected: 'A=1\r\nSESSION_DRIVER=cookie\r\nAPP_NAME="My App\r\nSESSION_DRIVER=database\r\n',
  },
];

describe('setEnvValue + applyEdit: byte-exact', () => {
  for (const c of EDIT_CASES) {
    it(c.name, () => {
      const doc = parseEnv(c.text);
      const out = applyEdit(c.text, setEnvValue(doc, c.key, c.value));
      assert.equal(out, c.expected);
      assert.equal(envLookup(parseEnv(out), c.key)?.value, c.value);
    });
  }
  it('the line inserted before a never-closed quote is the one phpdotenv loads (real phpdotenv)', function () {
    requireTools(this, 'phpdotenv');
    const text = 'A=1\nAPP_NAME="My App\nSESSION_DRIVER=database\n';
    const out = applyEdit(text, setEnvValue(parseEnv(text), 'SESSION_DRIVER', 'cookie'));
    const [before, after] = phpdotenvLoad([text, out]);
    assert.deepEqual(before, { ok: true, vars: { A: '1' } });
    assert.deepEqual(after, { ok: true, vars: { A: '1', SESSION_DRIVER: 'cookie' } });
  });
  it('rejects a name phpdotenv would reject', () => {
    assert.throws(() => setEnvValue(parseEnv(''), 'A-B', 'x'), RangeError);
  });
  it('quoteEnvValue leaves plain values bare and quotes the rest', () => {
    assert.equal(quoteEnvValue('cookie'), 'cookie');
    assert.equal(quoteEnvValue('base64:abc+/='), 'base64:abc+/=');
    assert.equal(quoteEnvValue(''), '');
    assert.equal(quoteEnvValue('a b'), '"a b"');
    assert.equal(quoteEnvValue('${X}'), '"\\${X}"');
    assert.equal(quoteEnvValue('a"b\\'), '"a\\"b\\\\"');
    assert.equal(quoteEnvValue('l1\nl2'), '"l1\\nl2"');
  });
});
