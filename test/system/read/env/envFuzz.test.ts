import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { applyEdit, envLookup, parseEnv, quoteEnvValue, setEnvValue, type EnvDocument } from '../../../../src/core/read/env/envFile';
import type { Position } from '../../../../src/core/model';
import { phpdotenvLoad } from './phpdotenvOracle';
import { fuzzRuns, fuzzTimeout } from '../../../support/fuzzRuns';
import { requireTools } from '../../../support/requiredTools';

const KEYS = ['A', 'B', 'APP_KEY', 'SESSION_DRIVER', 'DB.HOST', 'x_1'];
const key = fc.constantFrom(...KEYS);
/** Characters that matter to the grammar, plus non-ASCII and an astral character. */
const unit = fc.constantFrom('a', 'b', 'n', ' ', '\t', '#', '"', "'", '\\', '$', '{', '}', '=', 'é', '😀', 'A');
const junk = fc.string({ unit, maxLength: 12 });
const plain = fc.stringMatching(/^[A-Za-z0-9_.:/+=-]{0,8}$/);
const value = fc.oneof(
  plain,
  plain.map((v) => `${v} # note`),
  plain.map((v) => `${v}#tight`),
  junk.filter((v) => !v.includes("'")).map((v) => `'${v}'`),
  junk.map((v) => quoteEnvValue(v)),
  junk.map((v) => `"${v}"`),
  fc.constantFrom('${A}x', '"${B}-${NOPE}"', '"one\ntwo"', '"\n"', '', ' ', 'a b', '"x" y'),
  junk,
);
const line = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(fc.boolean(), key, fc.constantFrom('=', ' = ', '=  '), value).map(([exp, k, eq, v]) => `${exp ? 'export ' : ''}${k}${eq}${v}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '# comment', '  # x="y', '#A=1', 'export ', '=x') },
  { weight: 1, arbitrary: key },
  { weight: 1, arbitrary: junk },
);
const eol = fc.constantFrom('\n', '\r\n', '\r');
const envText = fc
  .record({ bom: fc.boolean(), lines: fc.array(fc.tuple(line, eol), { maxLength: 10 }), trailing: fc.boolean() })
  .map(({ bom, lines, trailing }) => {
    let s = bom ? '\uFEFF' : '';
    lines.forEach(([l, e], i) => {
      s += l + (i < lines.length - 1 || trailing ? e : '');
    });
    return s;
  });
const newValue = fc.oneof(plain, fc.string({ unit, maxLength: 10 }), fc.string({ maxLength: 8 }), fc.constantFrom('a\nb', 'x\r\ny', '\\', '"', '${A}'));

function offset(text: string, p: Position): number {
  const starts = [0];
  const re = /\r\n|\n|\r/g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + m[0].length);
  return starts[p.line] + p.character;
}

const fatal = (doc: EnvDocument) => doc.errors.some((e) => e.fatal);
const RUNS = 2000;

describe('.env parser and editor: properties on random files', function () {
  this.timeout(fuzzTimeout(120_000));

  it(`parse never throws, keeps the text byte-exact and locates every raw value (${RUNS} files)`, () => {
    fc.assert(
      fc.property(envText, (text) => {
        const t0 = performance.now();
        const doc = parseEnv(text);
        assert.ok(performance.now() - t0 < 1000); // generous: the machine is shared; a hang or blow-up is what this catches
        assert.equal((doc.bom ? '\uFEFF' : '') + doc.text, text);
        for (const e of doc.entries) {
          assert.equal(doc.text.slice(offset(doc.text, e.valueRange.start), offset(doc.text, e.valueRange.end)), e.rawValue);
          assert.equal(doc.text.slice(offset(doc.text, e.keyRange.start), offset(doc.text, e.keyRange.end)), e.key);
        }
      }),
      { numRuns: fuzzRuns(RUNS) },
    );
  });

  it(`setting a key changes only that value's bytes and reads back exactly (${RUNS} edits)`, () => {
    fc.assert(
      fc.property(envText, key, newValue, (text, k, v) => {
        const doc = parseEnv(text);
        const before = envLookup(doc, k);
        const edit = setEnvValue(doc, k, v);
        const out = applyEdit(text, edit);
        const bom = doc.bom ? '\uFEFF' : '';
        assert.ok(out.startsWith(bom));
        const body = out.slice(bom.length);
        const a = offset(doc.text, edit.range.start);
        const b = offset(doc.text, edit.range.end);
        assert.equal(body.slice(0, a), doc.text.slice(0, a));
        assert.equal(body.slice(a + edit.newText.length), doc.text.slice(b));
        assert.equal(doc.text.slice(a, b), before ? before.rawValue : '');
        // A new key is appended, or inserted just before a never-closed quote that hides the end.
        if (!before) assert.equal(a, doc.ignoredFromLine === undefined ? doc.text.length : offset(doc.text, { line: doc.ignoredFromLine, character: 0 }));
        if (fatal(doc) || doc.errors.length > 0) return;
        const after = parseEnv(out);
        assert.deepEqual(after.errors, []);
        assert.equal(envLookup(after, k)?.value, v);
        for (const other of KEYS) {
          if (other === k) continue;
          const was = envLookup(doc, other);
          if (was?.rawValue.includes('$')) continue; // may interpolate the edited key
          assert.equal(envLookup(after, other)?.value, was?.value);
        }
      }),
      { numRuns: fuzzRuns(RUNS) },
    );
  });

  it(`truncated, byte-flipped and binary files: no throw, edits stay local (${RUNS} files)`, () => {
    const corrupted = fc.oneof(
      fc.tuple(envText, fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1))),
      fc.tuple(envText, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 0xffff })), { maxLength: 4 })).map(([t, flips]) => {
        const chars = [...t];
        for (const [at, code] of flips) if (chars.length > 0) chars[at % chars.length] = String.fromCharCode(code);
        return chars.join('');
      }),
      fc.string({ unit: 'binary', maxLength: 80 }),
    );
    fc.assert(
      fc.property(corrupted, key, newValue, (text, k, v) => {
        const doc = parseEnv(text);
        const edit = setEnvValue(doc, k, v);
        const out = applyEdit(text, edit);
        const a = offset(doc.text, edit.range.start);
        const b = offset(doc.text, edit.range.end);
        const bom = doc.bom ? '\uFEFF' : '';
        assert.equal(out, bom + doc.text.slice(0, a) + edit.newText + doc.text.slice(b));
      }),
      { numRuns: fuzzRuns(RUNS) },
    );
  });

  // Absolute, generous bounds: on a shared 2-core machine timing ratios are noise, but a quadratic
  // step would take minutes on these sizes (measured here: about 0.5 s for 100k lines when quiet).
  it('2.5 MB of lines (100k entries) and a 1 MB line parse in bounded time', () => {
    const timeOf = (text: string) => {
      const t0 = performance.now();
      parseEnv(text);
      return performance.now() - t0;
    };
    const many = timeOf('SESSION_DRIVER="a\\"b" # c\r\n'.repeat(100_000));
    assert.ok(many < 15_000, `100k lines took ${many.toFixed(0)} ms`);
    const long = timeOf('A=' + 'x'.repeat(1_000_000) + '\n' + 'B="' + 'y'.repeat(1_000_000));
    assert.ok(long < 5_000, `1 MB line took ${long.toFixed(0)} ms`);
  });

  it('agrees with the real phpdotenv on random files, before and after an edit', function () {
    requireTools(this, 'phpdotenv');
    const samples = fc.sample(fc.tuple(envText, key, newValue), { numRuns: fuzzRuns(400), seed: 20261122 });
    const texts: string[] = [];
    for (const [text, k, v] of samples) {
      texts.push(text, applyEdit(text, setEnvValue(parseEnv(text), k, v)));
    }
    const results = phpdotenvLoad(texts);
    let compared = 0;
    texts.forEach((text, i) => {
      const doc = parseEnv(text);
      const r = results[i];
      assert.equal(r.ok, !fatal(doc), `ok mismatch for ${JSON.stringify(text)}: ${JSON.stringify(r)} vs ${JSON.stringify(doc.errors)}`);
      if (!r.ok) return;
      compared++;
      const ours = new Set([...doc.entries.map((e) => e.key), ...doc.cleared.map((c) => c.key)]);
      assert.deepEqual([...ours].sort(), Object.keys(r.vars).sort(), JSON.stringify(text));
      for (const [name, val] of Object.entries(r.vars)) {
        assert.equal(envLookup(doc, name)?.value, val ?? undefined, `${name} in ${JSON.stringify(text)}`);
      }
    });
    assert.ok(compared > 100, `only ${compared} files were loadable`);
  });
});
