// The packaged extension: what `vsce` puts in the .vsix (an allow-list .vscodeignore, so no source,
// tests, node_modules, scripts, code-server or sourcemaps), and the 250 KB bundle budget.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import process from 'node:process';
import { REPO_ROOT, stagedPackage } from './stagedPackage';
import { zipEntryNames } from './zipEntries';

const VSCE = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
const BUNDLE_BUDGET_BYTES = 250 * 1024;

/** Files the extension needs at run time; media/ and l10n/ go in whole (their tracked files). */
function allowedFiles(): string[] {
  const tracked = execFileSync('git', ['ls-files', '-z', 'media', 'l10n'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  return [
    'package.json',
    'package.nls.json',
    'package.nls.fr.json',
    'README.md',
    'LICENSE',
    'CHANGELOG.md',
    'dist/extension.js',
    'dist/sql-wasm.wasm',
    // Required on first use only (esbuild.js): not part of what activation loads.
    'dist/pipeline.js',
    'dist/prisma-ast.js',
    'dist/sql-js.js',
    'dist/live-mysql.js',
    'dist/live-pg.js',
    'dist/yaml.js',
    'dist/django-settings.js',
    ...tracked,
  ].sort();
}

const FORBIDDEN = [
  /^src\//,
  /^test\//,
  /^node_modules\//,
  /^scripts\//,
  /^\.vscode-test\//,
  /^examples\//,
  /^out\//,
  /\.map$/,
  /^dist\/cli\.js$/,
  /^dist\/meta\.json$/,
  /\.vsix$/,
];

function vsceLs(cwd: string): string[] {
  const result = spawnSync(process.execPath, [VSCE, 'ls', '--no-dependencies'], { cwd, encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, `vsce ls failed:\n${result.stdout}${result.stderr}`);
  return result.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .sort();
}

/** The largest inputs of a bundle, from esbuild's metafile, grouped by npm package (or src/). */
function bundleBreakdown(metaFile: string): string {
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
  const output = Object.entries(meta.outputs).find(([name]) => name.endsWith('extension.js'));
  if (!output) return '(no extension.js in the metafile)';
  const bySource = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output[1].inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? 'src';
    bySource.set(pkg, (bySource.get(pkg) ?? 0) + bytesInOutput);
  }
  return [...bySource]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} KB`)
    .join(', ');
}

describe('packaging: the .vsix', function () {
  this.timeout(180_000);

  it('vsce ls in the repository lists exactly the allow-listed files', function () {
    // The repository really holds what must stay out, so the check below means something.
    for (const dir of ['src', 'test', 'node_modules', 'scripts', 'examples']) assert.ok(existsSync(path.join(REPO_ROOT, dir)), dir);
    if (!existsSync(path.join(REPO_ROOT, 'dist', 'extension.js')) || !existsSync(path.join(REPO_ROOT, 'dist', 'sql-wasm.wasm'))) {
      execFileSync(process.execPath, ['esbuild.js'], { cwd: REPO_ROOT, stdio: 'ignore' });
    }
    const listed = vsceLs(REPO_ROOT);
    const stray = listed.filter((f) => FORBIDDEN.some((re) => re.test(f)));
    assert.deepEqual(stray, [], 'files that must never ship');
    assert.deepEqual(listed, allowedFiles());
  });

  it('npm run package writes a .vsix holding exactly those files, with the production bundle', function () {
    const { root, vsix } = stagedPackage();
    const entries = zipEntryNames(vsix).sort();
    // vsce renames README/CHANGELOG/LICENSE inside the package and adds its two manifest files.
    const renamed: Record<string, string> = { 'README.md': 'readme.md', 'CHANGELOG.md': 'changelog.md', LICENSE: 'LICENSE.txt' };
    const expected = ['[Content_Types].xml', 'extension.vsixmanifest', ...allowedFiles().map((f) => `extension/${renamed[f] ?? f}`)].sort();
    assert.deepEqual(entries, expected);
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    assert.equal(path.normalize(manifest.main), path.normalize('./dist/extension.js'));
    // Production: minified, no sourcemap reference (the dev build has both).
    const bundle = readFileSync(path.join(root, 'dist', 'extension.js'), 'utf8');
    assert.doesNotMatch(bundle, /sourceMappingURL/);
    // Minified code has long lines (the dev build averages ~40 characters a line); the multi-line
    // string literals that survive minification keep the average far above that.
    const averageLine = bundle.length / bundle.split('\n').length;
    assert.ok(averageLine > 200, `not minified: ${averageLine.toFixed(0)} characters a line on average`);
  });

  it('the production dist/extension.js is within the 250 KB budget (sql-wasm.wasm not counted)', function () {
    const { root } = stagedPackage();
    const size = statSync(path.join(root, 'dist', 'extension.js')).size;
    assert.ok(
      size <= BUNDLE_BUDGET_BYTES,
      `dist/extension.js is ${(size / 1024).toFixed(1)} KB, over the ${BUNDLE_BUDGET_BYTES / 1024} KB budget. Largest parts: ${bundleBreakdown(path.join(root, 'dist', 'meta.json'))}`,
    );
  });
});
