#!/usr/bin/env node
// Compiles the integration tests (TypeScript, test/integration/**/*.test.ts) to
// out/test/integration/**/*.test.js for the extension host. Each test file becomes one CommonJS
// file: its own imports from src/ and test/ are bundled in, while `vscode` (provided by the
// extension host) and every npm package (resolved from node_modules at run time) stay external.
// Type checking is `npx tsc -p . --noEmit`'s job; esbuild only strips types, so this takes ~100 ms.
import { readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from './paths.mjs';
import console from 'node:console';
import process from 'node:process';

const SOURCE_DIR = join(REPO_ROOT, 'test', 'integration');
const OUT_DIR = join(REPO_ROOT, 'out', 'test', 'integration');

/** @param {string} dir @returns {string[]} */
function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return testFiles(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const entryPoints = testFiles(SOURCE_DIR);
if (entryPoints.length === 0) {
  console.error(`no *.test.ts under ${relative(REPO_ROOT, SOURCE_DIR)}`);
  process.exit(1);
}
// Start clean so a deleted or renamed test cannot keep running from a stale .js.
rmSync(OUT_DIR, { recursive: true, force: true });
const started = Date.now();
await esbuild.build({
  entryPoints,
  outbase: SOURCE_DIR,
  outdir: OUT_DIR,
  bundle: true,
  packages: 'external',
  external: ['vscode'],
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'inline',
  sourcesContent: false,
  logLevel: 'warning',
});
console.log(`[compile-tests] ${entryPoints.length} test file(s) -> ${relative(REPO_ROOT, OUT_DIR)} in ${Date.now() - started} ms`);
