/** sql-wasm.wasm: beside the bundle (dist/), else from the installed sql.js (tests run from source). */
export { defaultSqlWasmPath as sqlWasmPath } from '../core/sqljs/sqlJsModule';
