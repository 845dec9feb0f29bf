/**
 * Runs inside VS Code's extension host as the `--extensionTestsPath` module of one activation
 * benchmark run (scripts/bench/activation.ts compiles it to out/bench/activationProbe.js). It
 * reads the extension's own timing from the API `activate()` returned, times a full diagnosis,
 * and times a fresh load of the bundle (what the host pays before activate() is even called),
 * then writes the figures as JSON to $SESSION_DOCTOR_BENCH_OUT.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

interface Api {
  readonly activationMs: number;
  refresh(): Promise<unknown>;
  settled(): Promise<unknown>;
}

export interface ProbeResult {
  activationMs: number;
  /** true when the workspace's activation events had already activated it before the probe ran */
  activatedAtStartup: boolean;
  /** one full diagnosis of the workspace through the API, after the first one settled */
  diagnoseMs: number;
  /** require() of the bundle into a fresh module record: parse + top-level evaluation */
  bundleLoadMs: number;
  bundleBytes: number;
}

export async function run(): Promise<void> {
  const out = process.env.SESSION_DOCTOR_BENCH_OUT;
  if (!out) throw new Error('SESSION_DOCTOR_BENCH_OUT is not set');
  const ext = vscode.extensions.getExtension<Api>('session-doctor.session-doctor');
  if (!ext) throw new Error('session-doctor.session-doctor is not installed in this extension host');
  const activatedAtStartup = ext.isActive;
  const api = await ext.activate();
  await api.settled();
  const t0 = performance.now();
  await api.refresh();
  const diagnoseMs = performance.now() - t0;

  // The host already loaded the bundle once; load it again under a throw-away cache entry to time
  // parse + evaluation (the disk read is warm, as it usually is when a window reloads).
  const bundle = path.join(ext.extensionPath, 'dist', 'extension.js');
  const cached = require.cache[bundle];
  delete require.cache[bundle];
  const t1 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(bundle);
  const bundleLoadMs = performance.now() - t1;
  if (cached) require.cache[bundle] = cached;
  const { size: bundleBytes } = await vscode.workspace.fs.stat(vscode.Uri.file(bundle));

  const result: ProbeResult = { activationMs: api.activationMs, activatedAtStartup, diagnoseMs, bundleLoadMs, bundleBytes };
  writeFileSync(out, JSON.stringify(result));
}
