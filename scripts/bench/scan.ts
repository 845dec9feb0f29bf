/**
 * Scan throughput and memory against input size, in two parts.
 *
 * In process: realistic ANSI-coloured dev-server output (Next.js + Prisma, Vite, a `concurrently`
 * Laravel server) with a rare Prisma P2021 block in it, streamed through one Scanner in 64 KiB
 * byte chunks cut at arbitrary points. The text is generated on the fly from a pool of pre-built
 * chunks, so the benchmark itself never holds more than a few MB.
 *
 * Whole process: the same text written to .bench-tmp/scan (git-ignored) at 64 and 512 MB, then
 * `node dist/cli.js scan FILE` (production build) timed from spawn to exit, against
 * `grep -cE` with the error phrases on the same file, alternating, in the same run.
 *
 *   node --expose-gc --import tsx scripts/bench/scan.ts
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { Scanner } from '../../src/core/detect/scanner';

export interface ScanBenchRow {
  sizeMB: number;
  /** Wall-clock throughput. */
  mbPerSec: number;
  /** Throughput per CPU second of this process: steadier than wall time on a shared machine. */
  mbPerCpuSec: number;
  /** Resident memory just before the run (Node, tsx and the chunk pool): the flat baseline. */
  rssBeforeMB: number;
  peakRssMB: number;
  heapUsedMB: number;
  findings: number;
}

const CHUNK = 64 * 1024;
const MB = 1024 * 1024;
/** One error block per this many bytes: rare, as in a real session. */
const ERROR_EVERY = 4 * MB;
const SIZES_MB = [20, 200];
const RUNS = 3;

const ESC = '\x1b';
const c = (code: number, s: string): string => `${ESC}[${code}m${s}${ESC}[39m`;
const dim = (s: string): string => `${ESC}[2m${s}${ESC}[22m`;
const bold = (s: string): string => `${ESC}[1m${s}${ESC}[22m`;

/** Deterministic pseudo-random numbers, so every run scans the same text. */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

const ROUTES = ['/', '/login', '/dashboard', '/api/auth/session', '/api/users/42', '/_next/static/chunks/app.js', '/favicon.ico', '/settings/profile'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];

function noiseLine(r: () => number): string {
  const route = ROUTES[Math.floor(r() * ROUTES.length)];
  const ms = Math.floor(r() * 2000);
  const status = r() < 0.9 ? 200 : r() < 0.5 ? 304 : 404;
  const t = `${10 + Math.floor(r() * 10)}:${String(Math.floor(r() * 60)).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}`;
  switch (Math.floor(r() * 8)) {
    case 0:
      return `${dim('[next]')} ${c(32, ' ✓')} Compiled ${route} in ${ms}ms (${Math.floor(r() * 3000)} modules)`;
    case 1:
      return `${dim('[next]')}  ${METHODS[Math.floor(r() * METHODS.length)]} ${route} ${c(status === 200 ? 32 : 33, String(status))} in ${ms}ms`;
    case 2:
      return `${dim('[next]')} ${c(34, 'prisma:query')} SELECT \`main\`.\`User\`.\`id\`, \`main\`.\`User\`.\`email\` FROM \`main\`.\`User\` WHERE \`main\`.\`User\`.\`id\` = ? LIMIT ? OFFSET ?`;
    case 3:
      return `${dim('[vite]')} ${dim(t)} ${c(36, bold('[vite]'))} ${c(32, 'hmr update')} ${dim(`/src/components/Widget${Math.floor(r() * 50)}.vue`)}`;
    case 4:
      return `${dim('[php]')} ${dim(`2026-11-21 ${t}`)} ${route} ${dim('.'.repeat(20 + Math.floor(r() * 40)))} ~ ${(r() * 2).toFixed(2)}s`;
    case 5:
      return `${dim('[next]')} ${c(33, ' ⚠')} ${bold('Fast Refresh')} had to perform a full reload when ./app/page.tsx changed.`;
    case 6:
      return `${ESC}]633;E;npm run dev${ESC}\\${dim('[next]')} ${c(90, `[${t}]`)} info  - event compiled client and server successfully in ${ms} ms (${Math.floor(r() * 900)} modules)`;
    default:
      return `${dim('[next]')} ${c(90, 'wait')}  - compiling ${route} (client and server)...`;
  }
}

/** A Prisma P2021 as a dev server prints it, coloured and prefixed: one finding. */
const ERROR_BLOCK = [
  `${dim('[next]')} ${c(31, bold('⨯'))} PrismaClientKnownRequestError: `,
  `${dim('[next]')} Invalid ${c(34, '`prisma.session.findUnique()`')} invocation:`,
  `${dim('[next]')} `,
  `${dim('[next]')} ${c(31, 'The table `main.Session` does not exist in the current database.')}`,
  `${dim('[next]')}     at async getSession (webpack-internal:///(rsc)/./lib/auth.ts:12:10) {`,
  `${dim('[next]')}   code: 'P2021',`,
  `${dim('[next]')}   clientVersion: '6.19.3',`,
  `${dim('[next]')}   meta: { modelName: 'Session', table: 'main.Session' }`,
  `${dim('[next]')} }`,
].join('\n');

/** Pre-built 64 KiB byte chunks (cut mid-line), and the same with an error block in the middle. */
function buildPool(): { plain: Uint8Array[]; withError: Uint8Array } {
  const r = rng(2026);
  const enc = new TextEncoder();
  const lines: string[] = [];
  let size = 0;
  while (size < 64 * CHUNK + CHUNK) {
    const l = noiseLine(r);
    lines.push(l);
    size += Buffer.byteLength(l) + 1;
  }
  const bytes = enc.encode(lines.join('\n') + '\n');
  const plain: Uint8Array[] = [];
  for (let i = 0; i + CHUNK <= bytes.length && plain.length < 64; i += CHUNK) plain.push(bytes.slice(i, i + CHUNK));
  // An error chunk: noise, then the block on its own lines, then noise, cut to exactly 64 KiB.
  const noise = lines.slice(0, 400).join('\n');
  const withError = enc.encode(`\n${noise}\n${ERROR_BLOCK}\n${noise}\n`).slice(0, CHUNK);
  return { plain, withError };
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function runOnce(sizeMB: number, pool: ReturnType<typeof buildPool>): Promise<ScanBenchRow> {
  gc();
  // Let background sweeping after the collection finish, so it is not timed as scanning.
  await new Promise((res) => setTimeout(res, 200));
  const total = sizeMB * MB;
  const chunks = total / CHUNK;
  const errorEvery = ERROR_EVERY / CHUNK;
  const scanner = new Scanner();
  let findings = 0;
  const rssBefore = process.memoryUsage.rss();
  let peakRss = rssBefore;
  let peakHeap = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < chunks; i++) {
    const chunk = i % errorEvery === errorEvery / 2 ? pool.withError : pool.plain[i % pool.plain.length];
    findings += scanner.write(chunk).length;
    if ((i & 63) === 0) {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      // Let the event loop breathe, as a real stream would.
      if ((i & 1023) === 0) await new Promise((res) => setImmediate(res));
    }
  }
  findings += scanner.end().length;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  const expected = Math.floor((chunks - errorEvery / 2 - 1) / errorEvery) + 1;
  if (findings !== expected) throw new Error(`scan bench: expected ${expected} findings, got ${findings}`);
  return {
    sizeMB,
    mbPerSec: round(sizeMB / seconds),
    mbPerCpuSec: round(sizeMB / cpuSeconds),
    rssBeforeMB: round(rssBefore / MB),
    peakRssMB: round(peakRss / MB),
    heapUsedMB: round(peakHeap / MB),
    findings,
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

const ROOT = path.join(__dirname, '../..');
const FILE_DIR = path.join(ROOT, '.bench-tmp', 'scan');
const FILE_SIZES_MB = [64, 512];
const PROCESS_RUNS = 5;
/** What `grep -cE` looks for: the phrases of the missing-table messages. */
const GREP_PATTERN = "does not exist|doesn't exist|no such table";
/** Loaded before the CLI (`node -r`): reports its CPU time and peak RSS when it exits. */
const STATS_PRELOAD = path.join(__dirname, 'processStats.cjs');

export interface ScanProcessRow {
  sizeMB: number;
  /** `node dist/cli.js scan FILE`, spawn to exit (median of the runs). */
  cliSeconds: number;
  cliMBps: number;
  /** User + system CPU of the CLI process, and MB per CPU-second: steadier on a shared machine. */
  cliCpuSeconds: number;
  cliMBperCpuSecond: number;
  /** Peak RSS of the CLI process (the largest of the runs). */
  cliPeakRssMB: number;
  grepSeconds: number;
  grepMBps: number;
  /** CLI wall time / grep wall time, medians of runs taken alternately. */
  ratioToGrep: number;
  findings: number;
}

/** Writes the bench text to a file of `sizeMB` (kept between runs: generation is deterministic). */
function benchFile(sizeMB: number, pool: ReturnType<typeof buildPool>): string {
  const file = path.join(FILE_DIR, `dev-server-${sizeMB}MB.log`);
  if (existsSync(file) && statSync(file).size === sizeMB * MB) return file;
  mkdirSync(FILE_DIR, { recursive: true });
  const fd = openSync(file, 'w');
  try {
    const errorEvery = ERROR_EVERY / CHUNK;
    for (let i = 0; i < (sizeMB * MB) / CHUNK; i++) writeSync(fd, i % errorEvery === errorEvery / 2 ? pool.withError : pool.plain[i % pool.plain.length]);
  } finally {
    closeSync(fd);
  }
  return file;
}

interface Timed {
  seconds: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its exit with stdout on a pipe (grep -c takes a shortcut when it is /dev/null). */
function timed(cmd: string, args: string[]): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', () => resolve({ seconds: (performance.now() - t0) / 1000, stdout, stderr }));
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function benchProcess(sizeMB: number, file: string): Promise<ScanProcessRow> {
  const cli: Timed[] = [];
  const grep: Timed[] = [];
  for (let i = 0; i < PROCESS_RUNS; i++) {
    cli.push(await timed(process.execPath, ['-r', STATS_PRELOAD, 'dist/cli.js', 'scan', file]));
    grep.push(await timed('grep', ['-cE', GREP_PATTERN, file]));
  }
  const stats = cli.map((r) => {
    const m = /session-doctor-stats cpu=([\d.]+) rss=(\d+)/.exec(r.stderr);
    if (!m) throw new Error(`scan bench: no stats from the CLI: ${r.stderr}`);
    return { cpu: Number(m[1]), rssMB: Number(m[2]) / MB };
  });
  const found = /^(\d+) missing-table errors? found/m.exec(cli[0].stdout);
  const findings = found ? Number(found[1]) : 0;
  const expected = Math.floor((sizeMB * MB) / ERROR_EVERY);
  if (findings !== expected) throw new Error(`scan bench: expected ${expected} findings in ${file}, the CLI printed ${cli[0].stdout.slice(-200)}`);
  const cliSeconds = median(cli.map((r) => r.seconds));
  const grepSeconds = median(grep.map((r) => r.seconds));
  const cpu = median(stats.map((s) => s.cpu));
  return {
    sizeMB,
    cliSeconds: round3(cliSeconds),
    cliMBps: Math.round(sizeMB / cliSeconds),
    cliCpuSeconds: round3(cpu),
    cliMBperCpuSecond: Math.round(sizeMB / cpu),
    cliPeakRssMB: round(Math.max(...stats.map((s) => s.rssMB))),
    grepSeconds: round3(grepSeconds),
    grepMBps: Math.round(sizeMB / grepSeconds),
    ratioToGrep: Math.round((cliSeconds / grepSeconds) * 100) / 100,
    findings,
  };
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** The whole-process rows: builds the production CLI, writes the files, times CLI and grep. */
export async function benchScanProcess(): Promise<{ rows: ScanProcessRow[] }> {
  execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT, stdio: 'ignore' });
  const pool = buildPool();
  const rows: ScanProcessRow[] = [];
  for (const size of FILE_SIZES_MB) {
    const file = benchFile(size, pool);
    // One untimed pass of each, so both read the file from the page cache.
    await timed('grep', ['-cE', GREP_PATTERN, file]);
    rows.push(await benchProcess(size, file));
  }
  return { rows };
}

export async function benchScan(): Promise<{ rows: ScanBenchRow[] }> {
  const pool = buildPool();
  // Warm up the JIT on a small run so the first size is not penalised.
  await runOnce(16, pool);
  const rows: ScanBenchRow[] = [];
  for (const size of SIZES_MB) {
    // The median of three runs for throughput (the machine may be shared); the worst for memory.
    const runs: ScanBenchRow[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await runOnce(size, pool));
    const median = [...runs].sort((a, b) => a.mbPerSec - b.mbPerSec)[Math.floor(RUNS / 2)];
    rows.push({
      ...median,
      mbPerCpuSec: [...runs].sort((a, b) => a.mbPerCpuSec - b.mbPerCpuSec)[Math.floor(RUNS / 2)].mbPerCpuSec,
      peakRssMB: Math.max(...runs.map((r) => r.peakRssMB)),
      heapUsedMB: Math.max(...runs.map((r) => r.heapUsedMB)),
    });
  }
  return { rows };
}

if (require.main === module) {
  void (async () => {
    const { rows } = await benchScan();
    console.log('scan: ANSI-coloured dev-server output, 64 KiB byte chunks, one P2021 per 4 MB (median of 3 runs)');
    console.table(rows);
    const whole = await benchScanProcess();
    console.log(`scan, whole process: node dist/cli.js scan FILE against grep -cE (median of ${PROCESS_RUNS} runs each)`);
    console.table(whole.rows);
  })();
}
