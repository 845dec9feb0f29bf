/**
 * Extension activation time in a real VS Code, from the extension's own timing.
 *
 * Starts code-server 4.100.3's real extension host N times (scripts/vscode-test/
 * code-server-as-vscode.mjs, the same launcher the integration tests use) on a fresh copy of the
 * demo workspace (examples/, whose Prisma and Laravel markers activate the extension at start-up),
 * with the production bundle built into a staged copy of the extension (the shared dist/ is left
 * alone). In each run, scripts/bench/activationProbe.ts reads `activationMs` from the API
 * `activate()` returned, times one full diagnosis, and times a fresh load of the bundle.
 *
 *   npx tsx scripts/bench/activation.ts [runs] [--dev]
 *
 * Needs code-server and Chromium (bash scripts/vscode-test/install.sh) and the sqlite3 CLI.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { ProbeResult } from './activationProbe';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const LAUNCHER = path.join(REPO_ROOT, 'scripts', 'vscode-test', 'code-server-as-vscode.mjs');
export const ACTIVATION_GOAL_MS = 30;

export interface ActivationRow {
  run: number;
  /** the extension's own figure: activate() entry to the API's return */
  activationMs: number;
  /** one full diagnosis of the demo workspace (two apps), after the first one settled */
  diagnoseMs?: number;
  /** parse + evaluation of dist/extension.js, paid by the host before activate() is called */
  bundleLoadMs?: number;
}

export interface ActivationBench {
  rows: ActivationRow[];
  medianMs: number;
  medianBundleLoadMs: number;
  bundleBytes: number;
  build: 'production' | 'dev';
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A copy of the extension with its own dist/ (built here) and the probe compiled beside it. */
async function stageExtension(root: string, build: 'production' | 'dev'): Promise<{ extension: string; probe: string }> {
  const extension = path.join(root, 'extension');
  mkdirSync(extension);
  for (const name of ['src', 'node_modules']) symlinkSync(path.join(REPO_ROOT, name), path.join(extension, name));
  for (const name of ['package.json', 'package.nls.json', 'package.nls.fr.json', 'l10n', 'media']) {
    cpSync(path.join(REPO_ROOT, name), path.join(extension, name), { recursive: true });
  }
  // esbuild.js works relative to the current directory: src/ in, dist/ out.
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'esbuild.js'), ...(build === 'production' ? ['--production'] : [])], {
    cwd: extension,
    stdio: 'ignore',
  });
  const probe = path.join(root, 'probe', 'activationProbe.js');
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'activationProbe.ts')],
    outfile: probe,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return { extension, probe };
}

/** A fresh broken copy of the bundled demo, as scripts/demo.sh builds it. */
function demoWorkspace(root: string, run: number): string {
  const ws = path.join(root, `workspace-${run}`);
  cpSync(path.join(REPO_ROOT, 'examples'), ws, { recursive: true });
  for (const [db, seed] of [
    ['prisma-sqlite-app/prisma/dev.db', 'prisma-sqlite-app/seed.sql'],
    ['laravel-api-app/database/database.sqlite', 'laravel-api-app/database/seed.sql'],
  ]) {
    execFileSync('sqlite3', [path.join(ws, db)], { input: readFileSync(path.join(ws, seed)) });
  }
  return ws;
}

function launch(extension: string, probe: string, workspace: string, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [LAUNCHER, `--extensionDevelopmentPath=${extension}`, `--extensionTestsPath=${probe}`, workspace, '--timeout=180000'],
      {
        env: { ...process.env, SESSION_DOCTOR_BENCH_OUT: out },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let log = '';
    child.stdout.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr.on('data', (c: Buffer) => (log += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`activation probe run failed (${code}):\n${log.slice(-4000)}`))));
  });
}

export async function benchActivation(runs = 5, build: 'production' | 'dev' = 'production'): Promise<ActivationBench> {
  const root = mkdtempSync(path.join(tmpdir(), 'sd-bench-activation-'));
  try {
    const { extension, probe } = await stageExtension(root, build);
    const rows: ActivationRow[] = [];
    let bundleBytes = 0;
    for (let run = 1; run <= runs; run++) {
      const out = path.join(root, `run-${run}.json`);
      await launch(extension, probe, demoWorkspace(root, run), out);
      const r = JSON.parse(readFileSync(out, 'utf8')) as ProbeResult;
      if (!r.activatedAtStartup) throw new Error('the demo workspace did not activate the extension at start-up');
      bundleBytes = r.bundleBytes;
      rows.push({ run, activationMs: r.activationMs, diagnoseMs: Math.round(r.diagnoseMs), bundleLoadMs: Math.round(r.bundleLoadMs) });
    }
    return {
      rows,
      medianMs: median(rows.map((r) => r.activationMs)),
      medianBundleLoadMs: median(rows.map((r) => r.bundleLoadMs ?? 0)),
      bundleBytes,
      build,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 5);
  const build = process.argv.includes('--dev') ? 'dev' : 'production';
  benchActivation(runs, build).then(
    (b) => {
      console.table(b.rows);
      console.log(
        `${b.build} bundle ${(b.bundleBytes / 1024).toFixed(1)} KB; median activationMs ${b.medianMs} (goal <= ${ACTIVATION_GOAL_MS}); median bundle load ${b.medianBundleLoadMs} ms`,
      );
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
