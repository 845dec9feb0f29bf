/** Loading sql.js from an explicit wasm path: the extension, the CLI and the tests each pass their own. */
import { promises as fs } from 'node:fs';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

export async function loadSqlJs(wasmPath: string): Promise<SqlJsStatic> {
  const wasmBinary = await fs.readFile(wasmPath);
  // sql.js types wasmBinary as ArrayBuffer; a Buffer view of the file bytes is what Emscripten accepts.
  return initSqlJs({ wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer });
}
