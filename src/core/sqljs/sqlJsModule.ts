/** Loading sql.js from an explicit wasm path: the extension, the CLI and the tests each pass their own. */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { SqlJsStatic } from 'sql.js';

export async function loadSqlJs(wasmPath: string): Promise<SqlJsStatic> {
  // Required here, not imported at the top: in the bundles sql.js is a separate file (esbuild.js),
  // loaded on the first apply or history proof, never at activation.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const initSqlJs = require('sql.js') as (config?: { wasmBinary?: ArrayBuffer }) => Promise<SqlJsStatic>;
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
