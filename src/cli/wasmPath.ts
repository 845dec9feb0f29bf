import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** sql-wasm.wasm: beside the bundle (dist/), else from the installed sql.js (tests run from source). */
export function sqlWasmPath(): string {
  const beside = path.join(__dirname, 'sql-wasm.wasm');
  if (existsSync(beside)) return beside;
  return require.resolve('sql.js/dist/sql-wasm.wasm');
}
