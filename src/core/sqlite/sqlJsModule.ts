/** Loading sql.js from an explicit wasm path: the extension, the CLI and the tests each pass their own. */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

export async function loadSqlJs(wasmPath: string): Promise<SqlJsStatic> {
  const wasmBinary = await fs.readFile(wasmPath);
  // sql.js types wasmBinary as ArrayBuffer; a Buffer view of the file bytes is what Emscripten accepts.
  return initSqlJs({ wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer });
}

/** sql-wasm.wasm beside the bundle (dist/, for the CLI and the extension alike), else from the installed sql.js (tests run from source). */
export function defaultSqlWasmPath(): string {
  const beside = path.join(__dirname, 'sql-wasm.wasm');
  if (existsSync(beside)) return beside;
  return require.resolve('sql.js/dist/sql-wasm.wasm');
}
