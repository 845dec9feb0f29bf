#!/usr/bin/env node
// `npm run screenshots`: takes the README's pictures from the real workbench (the UI test
// test/integration/ui/readme-screenshots.ui-test.ts writes cropped PNGs to test-artifacts/readme/),
// then copies the ones README.md shows into media/readme/, where the README and the package read them.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FROM = join(REPO_ROOT, 'test-artifacts', 'readme');
const TO = join(REPO_ROOT, 'media', 'readme');
/** What README.md shows, in its order. */
const README_PICTURES = ['status-bar.png', 'notification.png', 'lightbulb.png', 'codelens.png', 'report.png'];

if (!process.argv.includes('--copy-only')) {
  const mocha = join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const test = join('test', 'integration', 'ui', 'readme-screenshots.ui-test.ts');
  const r = spawnSync(process.execPath, [mocha, '--no-config', '-n', 'import=tsx', '--timeout', '180000', test], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
mkdirSync(TO, { recursive: true });
for (const name of README_PICTURES) {
  copyFileSync(join(FROM, name), join(TO, name));
  process.stdout.write(`media/readme/${name}: ${(statSync(join(TO, name)).size / 1024).toFixed(1)} KB\n`);
}
