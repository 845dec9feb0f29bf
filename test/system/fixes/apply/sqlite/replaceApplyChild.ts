/**
 * Runs one apply in its own process, for the kill tests. Prints a line at each test hook and pauses
 * there for the given number of milliseconds, so the parent can SIGKILL it at a known point.
 * Usage: node --import tsx applyChild.ts <db> <pauseMs>
 */
import { resolve } from 'node:path';
import { applyByReplace } from '../../../../../src/core/fixes/apply/sqlite/replaceApply';

const [db, pauseArg] = process.argv.slice(2);
const pause = Number(pauseArg ?? '0');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SQL = `CREATE TABLE "Session" ("id" TEXT NOT NULL PRIMARY KEY, "userId" TEXT NOT NULL, "expiresAt" DATETIME NOT NULL);
CREATE INDEX "Session_userId_idx" ON "Session"("userId");`;

async function main(): Promise<void> {
  process.stdout.write('start\n');
  const r = await applyByReplace(db, SQL, {
    backupDir: `${db}.backups`,
    wasmPath: resolve(__dirname, '../../../../../node_modules/sql.js/dist/sql-wasm.wasm'),
    expect: { tables: ['Session'], indexes: ['Session_userId_idx'] },
    testHooks: {
      afterTempWrite: async () => {
        process.stdout.write('afterTempWrite\n');
        await sleep(pause);
      },
      beforeRename: async () => {
        process.stdout.write('beforeRename\n');
        await sleep(pause);
      },
    },
  });
  process.stdout.write(`result ${JSON.stringify(r)}\n`);
}

void main();
