/**
 * Runs one locked apply in its own process, for the kill tests: prints `start`, then the result.
 * Usage: node --import tsx lockedApplyChild.ts <db> <engine>
 */
import { resolve } from 'node:path';
import { applySql } from '../../../../../../src/core/fixes/apply/sqlite/apply';
import type { EngineName } from '../../../../../../src/core/fixes/apply/sqlite/engine';
import { REQUEST } from '../lockedEngines';

const [db, engine] = process.argv.slice(2);

async function main(): Promise<void> {
  process.stdout.write('start\n');
  const r = await applySql(db, REQUEST, {
    wasmPath: resolve(__dirname, '../../../../../../node_modules/sql.js/dist/sql-wasm.wasm'),
    engine: engine as EngineName,
    backupDir: `${db}.backups`,
  });
  process.stdout.write(`result ${JSON.stringify(r)}\n`);
}

void main();
