/**
 * Apply benchmark: wall time and peak memory (max RSS of a fresh process) of applySqlSafely against
 * database size. Each apply runs in its own child process on a fresh copy of a cached database, so
 * the peak is the apply's alone. Run: node --import tsx scripts/bench/apply.ts
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applySqlSafely } from '../../src/core/sqlite/safeApply';
import { BENCH_DIR, benchDatabase } from './healthCheck';

const MB = 1024 * 1024;
const SESSION_SQL = `CREATE TABLE "Session" ("id" TEXT NOT NULL PRIMARY KEY, "userId" INTEGER NOT NULL, "expiresAt" DATETIME NOT NULL,
  CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE);
CREATE INDEX "Session_userId_idx" ON "Session"("userId");`;

export interface ApplyRow {
  label: string;
  bytes: number;
  ms: number;
  maxRssMB: number;
  status: string;
}

/** One apply in this process; prints a JSON line. Used by the child processes of benchApply. */
async function runOne(db: string): Promise<void> {
  const t0 = performance.now();
  const r = await applySqlSafely(db, SESSION_SQL, {
    wasmPath: resolve(__dirname, '../../node_modules/sql.js/dist/sql-wasm.wasm'),
    expect: { tables: ['Session'], indexes: ['Session_userId_idx'] },
    sizeCapBytes: 2048 * MB,
  });
  const ms = performance.now() - t0;
  process.stdout.write(`${JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024, status: r.status === 'applied' ? 'applied' : `refused: ${r.code} ${r.reason}` })}\n`);
}

export async function benchApply(sizes = [{ label: '1MB', bytes: 1 * MB }, { label: '10MB', bytes: 10 * MB }, { label: '100MB', bytes: 100 * MB }]): Promise<{ rows: ApplyRow[]; ratios: Record<string, number> }> {
  const rows: ApplyRow[] = [];
  for (const s of sizes) {
    const src = benchDatabase(s.label, s.bytes);
    const work = join(BENCH_DIR, `apply-${s.label}.db`);
    const runs: { ms: number; maxRssMB: number; status: string }[] = [];
    for (let i = 0; i < 3; i++) {
      copyFileSync(src.path, work);
      const out = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--one', work], { encoding: 'utf8' });
      runs.push(JSON.parse(out.trim().split('\n').pop() as string));
      for (const f of readdirSync(BENCH_DIR)) if (f.startsWith(`apply-${s.label}.db.session-doctor-`)) rmSync(join(BENCH_DIR, f));
    }
    rmSync(work, { force: true });
    runs.sort((a, b) => a.ms - b.ms);
    const mid = runs[1];
    rows.push({ label: s.label, bytes: src.bytes, ms: mid.ms, maxRssMB: Math.max(...runs.map((r) => r.maxRssMB)), status: mid.status });
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    rows,
    ratios: {
      [`time ${last.label} / ${first.label}`]: last.ms / first.ms,
      [`peak RSS ${last.label} / ${first.label}`]: last.maxRssMB / first.maxRssMB,
      [`peak RSS / DB size @${last.label}`]: (last.maxRssMB * MB) / last.bytes,
    },
  };
}

if (require.main === module) {
  const oneIdx = process.argv.indexOf('--one');
  if (oneIdx > 0) {
    void runOne(process.argv[oneIdx + 1]);
  } else {
    void benchApply().then(({ rows, ratios }) => {
      console.log('size   bytes        apply(ms)  peak RSS(MB)  status');
      for (const r of rows) console.log(`${r.label.padEnd(6)} ${String(r.bytes).padEnd(12)} ${r.ms.toFixed(1).padStart(9)}  ${r.maxRssMB.toFixed(1).padStart(12)}  ${r.status}`);
      for (const [k, v] of Object.entries(ratios)) console.log(`${k}: ${v.toFixed(2)}x`);
    });
  }
}
