/**
 * Counting line ends, the scanner's one per-byte job on its fast path (line numbers need every
 * line end, even where nothing else is looked at). A line ends at LF, CR or CRLF (once).
 *
 * `Buffer.indexOf` per line costs a call per line, about 0.3 ms per MB of log. A 16-byte SIMD
 * loop in a tiny WebAssembly module counts a whole span in one call, about 20 GB/s plus the copy
 * into its memory. The module is written out below, one instruction per line, rather than compiled
 * from elsewhere, so that what runs is what is read. Without WebAssembly (e.g. `node --jitless`,
 * or a CPU without SIMD) the same answers come from a plain loop.
 *
 * It also reports the longest run of 16-byte blocks without a CR or LF, so that the caller can
 * tell, without looking at each line, that no line in the span is longer than a cap.
 */

const LF = 10;
const CR = 13;
/** Bytes counted per call: the module's memory is 17 pages of 64 KiB, 1 MiB (+1 byte) of it used. */
const SPAN = 1024 * 1024;

const WASM_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/**
 * `ends(p, n)`: line ends in memory[p, p + (n & ~15)): each LF, and each CR not followed by an LF
 * (the byte after the span is read for that: the caller puts the next byte, or 0, there). Sets the
 * global `run` to the longest run of blocks holding neither.
 */
const ENDS_BODY = [
  // locals: p=0, n=1 (params); c=2, end=3 (i32); nl=4 (v128); m=5, run=6, maxrun=7 (i32); cr=8, v=9, lf=10 (v128)
  0x04,
  0x02,
  0x7f,
  0x01,
  0x7b,
  0x03,
  0x7f,
  0x03,
  0x7b,
  0x41,
  0x0a,
  0xfd,
  0x0f,
  0x21,
  0x04, //                nl = i8x16.splat(10)
  0x41,
  0x0d,
  0xfd,
  0x0f,
  0x21,
  0x08, //                cr = i8x16.splat(13)
  0x20,
  0x00,
  0x20,
  0x01,
  0x41,
  0x70,
  0x71,
  0x6a,
  0x21,
  0x03, // end = p + (n & -16)
  0x02,
  0x40, //                                        block
  0x03,
  0x40, //                                          loop
  0x20,
  0x00,
  0x20,
  0x03,
  0x4f,
  0x0d,
  0x01, //              br_if 1 (p >= end)
  0x20,
  0x00,
  0xfd,
  0x00,
  0x00,
  0x00,
  0x21,
  0x09, //        v = v128.load p
  0x20,
  0x09,
  0x20,
  0x04,
  0xfd,
  0x23,
  0x21,
  0x0a, //        lf = i8x16.eq(v, nl)
  0x20,
  0x02,
  0x20,
  0x0a,
  0xfd,
  0x64,
  0x69,
  0x6a,
  0x21,
  0x02, // c += popcnt(bitmask(lf))
  0x20,
  0x09,
  0x20,
  0x08,
  0xfd,
  0x23, //                    i8x16.eq(v, cr)
  0x20,
  0x00,
  0xfd,
  0x00,
  0x00,
  0x01,
  0x20,
  0x04,
  0xfd,
  0x23, // i8x16.eq(v128.load p+1, nl)
  0xfd,
  0x4f,
  0xfd,
  0x64,
  0x69, //                          popcnt(bitmask(CR and not followed by LF))
  0x20,
  0x02,
  0x6a,
  0x21,
  0x02, //                          c += that
  0x20,
  0x0a,
  0x20,
  0x09,
  0x20,
  0x08,
  0xfd,
  0x23,
  0xfd,
  0x50,
  0xfd,
  0x64,
  0x21,
  0x05, // m = bitmask(lf | eq(v, cr))
  0x41,
  0x00,
  0x20,
  0x06,
  0x41,
  0x01,
  0x6a,
  0x20,
  0x05,
  0x1b,
  0x21,
  0x06, // run = m ? 0 : run + 1
  0x20,
  0x06,
  0x20,
  0x07,
  0x20,
  0x06,
  0x20,
  0x07,
  0x4b,
  0x1b,
  0x21,
  0x07, // maxrun = max(run, maxrun)
  0x20,
  0x00,
  0x41,
  0x10,
  0x6a,
  0x21,
  0x00, //              p += 16
  0x0c,
  0x00, //                                            br 0
  0x0b,
  0x0b, //                                          end loop; end block
  0x20,
  0x07,
  0x24,
  0x00, //                            global run = maxrun
  0x20,
  0x02,
  0x0b, //                                  return c
];

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function section(id: number, bytes: number[]): number[] {
  return [id, ...leb(bytes.length), ...bytes];
}

function name(s: string): number[] {
  return [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
}

const WASM_MODULE = Uint8Array.from([
  ...WASM_HEADER,
  ...section(1, [0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f]), //  type: (i32, i32) -> i32
  ...section(3, [0x01, 0x00]), //                                 one function of that type
  ...section(5, [0x01, 0x00, 0x11]), //                           memory: 17 pages
  ...section(6, [0x01, 0x7f, 0x01, 0x41, 0x00, 0x0b]), //         global run: mutable i32 = 0
  ...section(7, [0x03, ...name('ends'), 0x00, 0x00, ...name('mem'), 0x02, 0x00, ...name('run'), 0x03, 0x00]),
  ...section(10, [0x01, ...leb(ENDS_BODY.length), ...ENDS_BODY]),
]);

interface Kernel {
  mem: Uint8Array;
  ends: (p: number, n: number) => number;
  run: { value: number };
}

/** The part of the WebAssembly API used here (the project's `lib` has no DOM types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: { mem: { buffer: ArrayBuffer }; ends: Kernel['ends']; run: Kernel['run'] } };
}

/** Built on first use and shared: it holds no state between calls but its scratch memory. */
let kernel: Kernel | null | undefined;

function loadKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm === undefined) throw new Error('no WebAssembly');
    const { exports } = new wasm.Instance(new wasm.Module(WASM_MODULE));
    kernel = { mem: new Uint8Array(exports.mem.buffer), ends: exports.ends, run: exports.run };
  } catch {
    kernel = null;
  }
  return kernel;
}

interface LineEndCount {
  count: number;
  /** Some line in the span may be longer than the `cap` asked about: count it line by line instead. */
  mayHoldLongLine: boolean;
}

/**
 * Line ends in `buf[from, to)` (LF, CR, CRLF once; a CR in the last byte counts, whatever follows),
 * and whether a line there may be longer than `cap` bytes.
 */
export function countLineEnds(buf: Uint8Array, from: number, to: number, cap: number): LineEndCount {
  const k = loadKernel();
  if (k === null) return countLineEndsSlowly(buf, from, to, cap);
  let count = 0;
  let mayHoldLongLine = false;
  for (let start = from; start < to; start += SPAN) {
    const n = Math.min(SPAN, to - start);
    k.mem.set(buf.subarray(start, start + n));
    // The byte after the piece, for a CR in its last byte: the next one in the span, or none.
    k.mem[n] = start + n < to ? buf[start + n] : 0;
    count += k.ends(0, n);
    // A line of L bytes holds at least floor(L / 16) - 2 whole blocks without CR or LF, half of
    // them on one side of a piece boundary at worst: so no run this long means no line over `cap`.
    if ((k.run.value + 4) * 32 > cap) mayHoldLongLine = true;
    for (let i = n & ~15; i < n; i++) {
      const b = k.mem[i];
      if (b === LF || (b === CR && k.mem[i + 1] !== LF)) count++;
    }
  }
  return { count, mayHoldLongLine };
}

/** The same answers without WebAssembly (also what the tests compare the module with). */
export function countLineEndsSlowly(buf: Uint8Array, from: number, to: number, cap: number): LineEndCount {
  let count = 0;
  let mayHoldLongLine = false;
  let lineStart = from;
  for (let i = from; i < to; i++) {
    const b = buf[i];
    if (b !== LF && b !== CR) continue;
    if (i - lineStart > cap) mayHoldLongLine = true;
    lineStart = i + 1;
    if (b === LF || i + 1 >= to || buf[i + 1] !== LF) count++;
  }
  if (to - lineStart > cap) mayHoldLongLine = true;
  return { count, mayHoldLongLine };
}
