/**
 * `.env` edits on bytes: random files of any bytes (Latin-1, broken UTF-8, NUL, lone CR, BOM), one
 * key set the way the diagnosis builds the edit (parseEnv of the UTF-8 decoding, then envEdit), and
 * the result checked against the original bytes with an oracle that knows nothing of the editor:
 * the output is `before + newText + after`, where `before`/`after` are the original bytes and what
 * they enclose decodes to the old value.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { envEdit } from '../../../../../src/core/stacks/laravel/laravelFixes';
import { applyExactEdits, editBytes, editRefusal } from '../../../../../src/core/fixes/apply/exactEdits';
import { applyFileEdits } from '../../../../../src/core/fixes/apply/textEdits';
import { envLookup, parseEnv } from '../../../../../src/core/read/env/envFile';
import { makeTree, removeTree } from '../../../../support/tempTree';
import { fuzzRuns, fuzzTimeout } from '../../../../support/fuzzRuns';

const KEYS = ['APP_NAME', 'SESSION_DRIVER', 'DB_HOST', 'A'];
/** Bytes that matter: ASCII of the grammar, Latin-1 letters, UTF-8 lead/continuation bytes, NUL, DEL. */
const byte = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...Buffer.from('abcXYZ09_ .=#"\'\\${}')) },
  { weight: 3, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
  { weight: 1, arbitrary: fc.constantFrom(0x00, 0x7f, 0x09, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f) },
);
const bytes = (max: number) => fc.array(byte, { maxLength: max }).map((a) => Buffer.from(a));
const key = fc.constantFrom(...KEYS);
const line = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(key, fc.constantFrom('=', ' = '), bytes(12)).map(([k, eq, v]) => Buffer.concat([Buffer.from(k + eq), v])) },
  { weight: 2, arbitrary: fc.tuple(key, bytes(8)).map(([k, v]) => Buffer.concat([Buffer.from(`${k}="`), v, Buffer.from('"')])) },
  { weight: 1, arbitrary: bytes(16) },
  { weight: 1, arbitrary: fc.constantFrom(Buffer.from('# comment \xe9', 'latin1'), Buffer.from(''), Buffer.from('APP_NAME="Caf\xe9"', 'latin1')) },
);
const eol = fc.constantFrom('\n', '\r\n', '\r').map((s) => Buffer.from(s));
const envBytes = fc
  .record({ bom: fc.boolean(), lines: fc.array(fc.tuple(line, eol), { maxLength: 10 }), trailing: fc.boolean() })
  .map(({ bom, lines, trailing }) => {
    const parts: Buffer[] = bom ? [Buffer.from([0xef, 0xbb, 0xbf])] : [];
    lines.forEach(([l, e], i) => parts.push(l, i < lines.length - 1 || trailing ? e : Buffer.alloc(0)));
    return Buffer.concat(parts);
  });
const newValue = fc.constantFrom('cookie', 'file', 'a b', 'x"y', '', 'café');

/** Whether `out` is `src[0:a] + inserted + src[b:]` for some a <= b with src[a:b] decoding to `old`. */
function isOneReplacement(src: Buffer, out: Buffer, inserted: Buffer, old: string): boolean {
  let prefix = 0;
  while (prefix < src.length && prefix < out.length && src[prefix] === out[prefix]) prefix++;
  let suffix = 0;
  while (suffix < src.length && suffix < out.length && src[src.length - 1 - suffix] === out[out.length - 1 - suffix]) suffix++;
  for (let a = 0; a <= prefix; a++) {
    const tail = out.length - a - inserted.length;
    if (tail < 0 || tail > suffix || a + tail > src.length) continue;
    if (!out.subarray(a, a + inserted.length).equals(inserted)) continue;
    if (src.subarray(a, src.length - tail).toString('utf8') === old) return true;
  }
  return false;
}

/** The line (0-based) of the BOM-less UTF-8 text, as bytes. */
function lineBytes(src: Buffer, n: number): Buffer {
  const body = src.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? src.subarray(3) : src;
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === 0x0a || body[i] === 0x0d) {
      lines.push(body.subarray(start, i));
      if (body[i] === 0x0d && body[i + 1] === 0x0a) i++;
      start = i + 1;
    }
  }
  lines.push(body.subarray(start));
  return lines[n];
}

const RUNS = 2000;

describe('.env edits: an empty value after a NUL', () => {
  // Found by the property below in CI (seed -1807997998): `KEY=\0#` read as an empty value, but a
  // new value written right after `=` read back with the NUL in it.
  it('a value written into `SESSION_DRIVER=\\0#` reads back exactly, and only the value bytes are added', () => {
    const src = Buffer.from('SESSION_DRIVER=\0#', 'latin1');
    const doc = parseEnv(src.toString('utf8'));
    assert.equal(envLookup(doc, 'SESSION_DRIVER')?.value, '');
    const r = editBytes(src, [envEdit({ path: '.env', doc }, 'SESSION_DRIVER', 'cookie')], '.env');
    assert.ok(r.ok);
    assert.equal(r.bytes.toString('latin1'), 'SESSION_DRIVER=\0cookie#');
    assert.equal(envLookup(parseEnv(r.bytes.toString('utf8')), 'SESSION_DRIVER')?.value, 'cookie');
  });
});

describe('.env edits: a quoted value that ends on a line with bytes that are not UTF-8', () => {
  // Found by the property below in CI (seed 286811553): the value of `APP_NAME="` closes on the next
  // line, after a lone 0xE2. Its end cannot be placed byte-exactly: the edit is refused, nothing changes.
  it('is refused with the line named, and the bytes are left as they were', () => {
    const src = Buffer.from([65, 80, 80, 95, 78, 65, 77, 69, 61, 34, 10, 65, 80, 80, 95, 78, 65, 77, 69, 61, 226, 34, 32]);
    const doc = parseEnv(src.toString('utf8'));
    const edit = envEdit({ path: '.env', doc }, 'APP_NAME', 'cookie');
    assert.deepEqual([edit.range!.start.line, edit.range!.end.line], [0, 1]);
    const r = editBytes(src, [edit], '.env');
    assert.ok(!r.ok);
    assert.match(r.reason, /^line 2 of \.env is not UTF-8 text before the value/);
  });
});

describe('.env edits on bytes: any encoding round-trips exactly', function () {
  this.timeout(fuzzTimeout(120_000));

  it(`random .env bytes (not only UTF-8): an edit of one key changes only that value's bytes (${RUNS} files)`, () => {
    let applied = 0;
    let refused = 0;
    fc.assert(
      fc.property(envBytes, key, newValue, (src, k, v) => {
        const doc = parseEnv(src.toString('utf8'));
        const old = envLookup(doc, k)?.rawValue ?? '';
        const edit = envEdit({ path: '.env', doc }, k, v);
        const r = editBytes(src, [edit], '.env');
        if (!r.ok) {
          // Refused only when the value starts or ends after bytes that are not UTF-8 on its line (a
          // quoted value may end on a later line).
          assert.match(r.reason, /is not UTF-8 text before the value/);
          const lines = [edit.range!.start.line, edit.range!.end.line].map((n) => lineBytes(src, n));
          assert.ok(
            lines.some((l) => !Buffer.from(l.toString('utf8'), 'utf8').equals(l)),
            'a refusal where the lines of the value are valid UTF-8',
          );
          refused++;
          return;
        }
        applied++;
        assert.ok(isOneReplacement(src, r.bytes, Buffer.from(edit.newText, 'utf8'), envLookup(doc, k) ? old : ''), 'bytes outside the value changed');
        // And the key now reads as the new value (parsed the way the diagnosis will parse it next time).
        const after = parseEnv(r.bytes.toString('utf8'));
        if (!doc.errors.some((e) => e.fatal) && !after.errors.some((e) => e.fatal) && doc.ignoredFromLine === undefined)
          assert.equal(envLookup(after, k)?.value, v);
      }),
      { numRuns: fuzzRuns(RUNS) },
    );
    // The property is about edits that happen: most random files must be edited, not refused.
    assert.ok(applied > refused * 4, `applied ${applied}, refused ${refused}`);
  });

  it('a Latin-1 .env: the UTF-8 text route turned every é into EF BF BD; the byte route keeps it', async () => {
    const src = Buffer.from('APP_NAME="Caf\xe9"\r\n# d\xe9j\xe0 vu\nSESSION_DRIVER=database\n', 'latin1');
    const want = Buffer.from('APP_NAME="Caf\xe9"\r\n# d\xe9j\xe0 vu\nSESSION_DRIVER=cookie\n', 'latin1');
    const tree = makeTree({ '.env': src, 'text/.env': src });
    try {
      const viaBytes = path.join(tree, '.env');
      const viaText = path.join(tree, 'text', '.env');
      const edit = (file: string) => envEdit({ path: file, doc: parseEnv(src.toString('utf8')) }, 'SESSION_DRIVER', 'cookie');
      assert.deepEqual(await applyExactEdits([edit(viaBytes)]), { ok: true, files: [viaBytes] });
      assert.ok(fs.readFileSync(viaBytes).equals(want), fs.readFileSync(viaBytes).toString('latin1'));
      // The old route, kept only to show what this prevents.
      await applyFileEdits([edit(viaText)]);
      assert.ok(!fs.readFileSync(viaText).equals(want));
      assert.ok(fs.readFileSync(viaText).includes(Buffer.from([0xef, 0xbf, 0xbd])));
    } finally {
      removeTree(tree);
    }
  });

  it('an edit placed after non-UTF-8 bytes on its own line is refused and nothing is written', async () => {
    const src = Buffer.from('SESSION_DRIVER=datab\xe9se # caf\xe9\n', 'latin1');
    const tree = makeTree({ '.env': src });
    try {
      const file = path.join(tree, '.env');
      const doc = parseEnv(src.toString('utf8'));
      // The value ends after the \xe9 byte: its end column cannot be mapped to bytes.
      const r = await applyExactEdits([envEdit({ path: file, doc }, 'SESSION_DRIVER', 'cookie')]);
      assert.equal(r.ok, false);
      assert.match((r as { reason: string }).reason, /line 1 of .*\.env is not UTF-8 text before the value/);
      assert.ok(fs.readFileSync(file).equals(src));
    } finally {
      removeTree(tree);
    }
  });

  it('a read-only (0444) .env or folder is refused, like a read-only database, and stays byte-identical', async () => {
    const src = Buffer.from('SESSION_DRIVER=database\n');
    const tree = makeTree({ '.env': src, 'ro/.env': src });
    const file = path.join(tree, '.env');
    const inRo = path.join(tree, 'ro', '.env');
    try {
      fs.chmodSync(file, 0o444);
      const edit = (f: string) => envEdit({ path: f, doc: parseEnv(src.toString()) }, 'SESSION_DRIVER', 'cookie');
      const r = await applyExactEdits([edit(file)]);
      assert.deepEqual(r, { ok: false, reason: `${file} is read-only (mode 444); make it writable to apply the fix` });
      assert.ok(fs.readFileSync(file).equals(src));
      assert.equal(fs.statSync(file).mode & 0o777, 0o444);
      fs.chmodSync(path.dirname(inRo), 0o555);
      const r2 = await applyExactEdits([edit(inRo)]);
      assert.equal(r2.ok, false);
      assert.match((r2 as { reason: string }).reason, /folder .*ro is read-only \(mode 555\)/);
      assert.ok(fs.readFileSync(inRo).equals(src));
      assert.deepEqual(fs.readdirSync(path.dirname(inRo)), ['.env']);
    } finally {
      fs.chmodSync(path.join(tree, 'ro'), 0o755);
      removeTree(tree);
    }
  });

  it('a .env changed since it was checked is refused, nothing written', async () => {
    const tree = makeTree({ '.env': 'SESSION_DRIVER=database\n' });
    try {
      const file = path.join(tree, '.env');
      const edit = envEdit({ path: file, doc: parseEnv('SESSION_DRIVER=database\n') }, 'SESSION_DRIVER', 'cookie');
      fs.writeFileSync(file, 'SESSION_DRIVER=redis\n');
      assert.equal((await applyExactEdits([edit])).ok, false);
      assert.equal(fs.readFileSync(file, 'utf8'), 'SESSION_DRIVER=redis\n');
    } finally {
      removeTree(tree);
    }
  });

  it("editRefusal (the extension's check before its WorkspaceEdit): read-only and, for an editor, non-UTF-8 files are refused; nothing is written", async () => {
    const latin1 = Buffer.from('APP_NAME="Caf\xe9"\nSESSION_DRIVER=database\n', 'latin1');
    const tree = makeTree({ 'latin1/.env': latin1, 'ro/.env': 'SESSION_DRIVER=database\n', 'ok/.env': 'APP_NAME="Café"\nSESSION_DRIVER=database\n' });
    try {
      const edit = (dir: string) => {
        const file = path.join(tree, dir, '.env');
        return [envEdit({ path: file, doc: parseEnv(fs.readFileSync(file).toString('utf8')) }, 'SESSION_DRIVER', 'cookie')];
      };
      assert.match(
        (await editRefusal(edit('latin1'), { wholeFileUtf8: true })) ?? '',
        /latin1\/\.env is not UTF-8 text: an editor that reads it as UTF-8 would change its other bytes/,
      );
      assert.equal(await editRefusal(edit('latin1')), undefined, 'the byte route can edit it');
      fs.chmodSync(path.join(tree, 'ro', '.env'), 0o444);
      assert.match((await editRefusal(edit('ro'), { wholeFileUtf8: true })) ?? '', /is read-only \(mode 444\)/);
      assert.equal(await editRefusal(edit('ok'), { wholeFileUtf8: true }), undefined);
      assert.ok(fs.readFileSync(path.join(tree, 'latin1', '.env')).equals(latin1));
      assert.equal(fs.readFileSync(path.join(tree, 'ok', '.env'), 'utf8'), 'APP_NAME="Café"\nSESSION_DRIVER=database\n');
    } finally {
      removeTree(tree);
    }
  });
});
