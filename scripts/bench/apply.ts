/**
 * Apply benchmark: wall time and peak memory of the locked apply against database size (1 MB,
 * 100 MB, 1 GB), for each engine. Each apply runs in a fresh process on a fresh copy of a cached
 * database; the peak is the largest resident set of that process tree (the Node process and, for
 * the CLI engine, its sqlite3 child), taken from getrusage(RUSAGE_CHILDREN) by a tiny Python
 * launcher. The baseline is the same process loading the same modules without applying.
 *
 * node:sqlite runs under a Node that has it: the one set up in .tools/node22 (scripts/setup.sh), or
 * this Node if it has it. Run: node --import tsx scripts/bench/apply.ts
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applySql } from '../../src/core/fixes/apply/sqlite/apply';
import type { EngineName } from '../../src/core/fixes/apply/sqlite/engine';
import { loadNodeSqlite } from '../../src/core/fixes/apply/sqlite/nodeSqlite';
import { BENCH_DIR, benchDatabase } from './healthCheck';

const MB = 1024 * 1024;
const ROOT = resolve(__dirname, '../..');
const SESSION_SQL = `CREATE TABLE "Session" ("id" TEXT NOT NULL PRIMARY KEY, "userId" INTEGER NOT NULL, "expiresAt" DATETIME NOT NULL,
  CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE);
CREATE INDEX "Session_userId_idx" ON "Session"("userId");`;
const MAX_RSS_OF_TREE =
  'import resource, subprocess, sys\nr = subprocess.run(sys.argv[1:], capture_output=True, text=True)\nsys.stdout.write(r.stdout)\nsys.stderr.write(r.stderr)\nprint("treeMaxRssKB %d" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\nsys.exit(r.returncode)';

export interface ApplyRow {
  engine: string;
  label: string;
  bytes: number;
  ms: number;
  peakRssMB: number;
  overBaselineMB: number;
  status: string;
}

/** One apply (or, with db `--baseline`, none) in this process; prints a JSON line. */
async function runOne(db: string, engine: EngineName): Promise<void> {
  if (db === '--baseline') {
    process.stdout.write(`${JSON.stringify({ ms: 0, status: 'baseline' })}\n`);
    return;
  }
  const t0 = performance.now();
  const r = await applySql(
    db,
    { statements: SESSION_SQL, expect: { tables: ['Session'], indexes: ['Session_userId_idx'] } },
    { wasmPath: join(ROOT, 'node_modules/sql.js/dist/sql-wasm.wasm'), engine, backupDir: join(BENCH_DIR, 'backups') },
  );
  const ms = performance.now() - t0;
  process.stdout.write(`${JSON.stringify({ ms, status: r.status === 'refused' ? `refused: ${r.code} ${r.reason}` : r.status })}\n`);
}

/** The Node binary that has node:sqlite, if any. */
export function nodeWithSqlite(): string | undefined {
  if (loadNodeSqlite()) return process.execPath;
  const tool = join(ROOT, '.tools/node22/node_modules/node/bin/node');
  return existsSync(tool) ? tool : undefined;
}

function measure(node: string, db: string, engine: EngineName): { ms: number; peakRssMB: number; status: string } {
  const out = execFileSync('python3', ['-c', MAX_RSS_OF_TREE, node, '--import', 'tsx', __filename, '--one', db, engine], { encoding: 'utf8', cwd: ROOT });
  const lines = out.trim().split('\n');
  const json = JSON.parse(lines.find((l) => l.startsWith('{')) as string) as { ms: number; status: string };
  const kb = Number((lines.find((l) => l.startsWith('treeMaxRssKB')) as string).split(' ')[1]);
  return { ...json, peakRssMB: kb / 1024 };
}

export async function benchApply(
  sizes = [
    { label: '1MB', bytes: 1 * MB },
    { label: '100MB', bytes: 100 * MB },
    { label: '1GB', bytes: 1024 * MB },
  ],
): Promise<{ rows: ApplyRow[]; ratios: Record<string, number | string>[] }> {
  const rows: ApplyRow[] = [];
  const engines: Array<{ engine: EngineName; node: string | undefined }> = [
    { engine: 'node:sqlite', node: nodeWithSqlite() },
    { engine: 'sqlite3', node: process.execPath },
  ];
  const ratios: Record<string, number | string>[] = [];
  for (const { engine, node } of engines) {
    if (!node) {
      ratios.push({ engine, 'time 1GB / 1MB': 'no Node with node:sqlite here', 'max over baseline (MB)': '-' });
      continue;
    }
    const baseline = Math.max(...[0, 1, 2].map(() => measure(node, '--baseline', engine).peakRssMB));
    for (const s of sizes) {
      const src = benchDatabase(s.label, s.bytes);
      const work = join(BENCH_DIR, `apply-${s.label}.db`);
      const runs: { ms: number; peakRssMB: number; status: string }[] = [];
      for (let i = 0; i < 3; i++) {
        copyFileSync(src.path, work);
        runs.push(measure(node, work, engine));
      }
      rmSync(work, { force: true });
      runs.sort((a, b) => a.ms - b.ms);
      const peak = Math.max(...runs.map((r) => r.peakRssMB));
      rows.push({ engine, label: s.label, bytes: src.bytes, ms: runs[1].ms, peakRssMB: peak, overBaselineMB: peak - baseline, status: runs[1].status });
    }
    const mine = rows.filter((r) => r.engine === engine);
    ratios.push({
      engine,
      'time 1GB / 1MB': mine[mine.length - 1].ms / mine[0].ms,
      'max over baseline (MB)': Math.max(...mine.map((r) => r.overBaselineMB)),
    });
  }
  return { rows, ratios };
}

if (require.main === module) {
  const oneIdx = process.argv.indexOf('--one');
  if (oneIdx > 0) {
    void runOne(process.argv[oneIdx + 1], process.argv[oneIdx + 2] as EngineName);
  } else {
    void benchApply().then(({ rows, ratios }) => {
      console.table(rows);
      console.table(ratios);
    });
  }
}
