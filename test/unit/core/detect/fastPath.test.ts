/**
 * The scanner's fast path, where its speed comes from: on lines that hold no prefilter word,
 * nothing is decoded or converted to a string, and there is no call per line; chunks are searched
 * as a whole. Counted by wrapping the real methods while a real Scanner reads 8 MB of dev-server
 * noise, then checked against the error placed after it (so the count of lines is still exact).
 */
import * as assert from 'node:assert/strict';
import { Scanner } from '../../../../src/core/detect/scanner';

const ESC = '\x1b';
const MB = 1024 * 1024;

function noise(bytes: number): { text: string; lines: number } {
  const shapes = [
    (i: number) => `${ESC}[2m[next]${ESC}[22m ${ESC}[32m ✓${ESC}[39m Compiled /dashboard in ${i % 900}ms (${i % 3000} modules)`,
    (i: number) => `${ESC}[2m[next]${ESC}[22m  GET /api/users/${i % 97} ${ESC}[32m200${ESC}[39m in ${i % 50}ms`,
    (i: number) => `${ESC}[2m[vite]${ESC}[22m ${ESC}[36mhmr update${ESC}[39m /src/components/Widget${i % 50}.vue`,
    (i: number) => `[php] 2026-11-21 10:${String(i % 60).padStart(2, '0')}:00 /login ${'.'.repeat(20 + (i % 30))} ~ 0.${i % 9}s`,
  ];
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = shapes[i % shapes.length](i);
    out.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return { text: out.join('\n') + '\n', lines: out.length };
}

describe('detect: the fast path decodes nothing and makes no call per line', () => {
  it('8 MB of noise in 1 MiB chunks, then an error on the right line', () => {
    const { text, lines } = noise(8 * MB);
    const bytes = Buffer.from(`${text}Error: no such table: sessions\n`);
    const calls = { decoded: 0, stringified: 0, indexOf: 0 };
    // The global TextDecoder, as the scanner uses it (the project's `lib` has no DOM types for it).
    const decoderProto = TextDecoder.prototype as unknown as { decode: (this: unknown, input?: ArrayBufferView, options?: unknown) => string };
    const decode = decoderProto.decode;
    const toString = Buffer.prototype.toString;
    const bufIndexOf = Buffer.prototype.indexOf;
    const strIndexOf = String.prototype.indexOf;
    decoderProto.decode = function (this: unknown, input?: ArrayBufferView, options?: unknown) {
      calls.decoded++;
      return decode.call(this, input, options);
    };
    Buffer.prototype.toString = function (this: Buffer, ...args: Parameters<Buffer['toString']>) {
      calls.stringified++;
      return toString.apply(this, args);
    } as Buffer['toString'];
    Buffer.prototype.indexOf = function (this: Buffer, ...args: Parameters<Buffer['indexOf']>) {
      calls.indexOf++;
      return bufIndexOf.apply(this, args);
    };
    String.prototype.indexOf = function (this: string, ...args: Parameters<string['indexOf']>) {
      calls.indexOf++;
      return strIndexOf.apply(this, args);
    };
    let found;
    try {
      const s = new Scanner();
      found = [];
      for (let i = 0; i < bytes.length; i += MB) found.push(...s.write(bytes.subarray(i, i + MB)));
      found.push(...s.end());
    } finally {
      decoderProto.decode = decode;
      Buffer.prototype.toString = toString;
      Buffer.prototype.indexOf = bufIndexOf;
      String.prototype.indexOf = strIndexOf;
    }
    assert.deepEqual(
      found.map((f) => [f.table, f.line]),
      [['sessions', lines + 1]],
    );
    // Decoded: the line each chunk boundary cuts (it is finished from two chunks), the error line
    // and its finding's text; no chunk becomes a string.
    const chunks = Math.ceil(bytes.length / MB);
    assert.ok(calls.decoded <= chunks + 2, `${calls.decoded} lines decoded for ${chunks} chunks`);
    assert.equal(calls.stringified, 0);
    // A few searches per chunk, plus one per look-alike of an anchor (`46` of `in 46ms`), not one
    // per line (there are about 120,000 lines).
    assert.ok(calls.indexOf < lines / 20, `${calls.indexOf} indexOf calls for ${lines} lines`);
  });
});
