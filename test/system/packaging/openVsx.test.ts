// The manifest fields Open VSX (`ovsx publish`, the registry Cursor, Windsurf and VSCodium install
// from) and the Marketplace need, and the README's pictures: each one a small PNG under media/ that
// goes into the package, so the extension page shows it.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, stagedPackage } from './stagedPackage';
import { zipEntryNames } from './zipEntries';

interface Manifest {
  name: string;
  publisher: string;
  version: string;
  displayName: string;
  description: string;
  license: string;
  icon: string;
  categories: string[];
  repository: { type: string; url: string };
  engines: { vscode: string };
}

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
/** The categories the Marketplace and Open VSX accept. */
const CATEGORIES = [
  'Azure',
  'Data Science',
  'Debuggers',
  'Education',
  'Extension Packs',
  'Formatters',
  'Keymaps',
  'Language Packs',
  'Linters',
  'Machine Learning',
  'Notebooks',
  'Other',
  'Programming Languages',
  'SCM Providers',
  'Snippets',
  'Testing',
  'Themes',
  'Visualization',
  'AI',
  'Chat',
];
/** A README picture is a crop, not a whole window. */
const MAX_PICTURE_BYTES = 120 * 1024;

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${file} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** `![alt](path)` and `<img src="path">` in README.md. */
function readmePictures(): string[] {
  const md = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  return [...md.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)|<img[^>]+src="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
}

describe('packaging: an Open VSX and Marketplace ready manifest', function () {
  this.timeout(180_000);

  it('names the extension as both registries require: publisher.name, a semver version, display name and description', () => {
    for (const id of [manifest.publisher, manifest.name]) assert.match(id, /^[a-z0-9][a-z0-9-]*$/);
    assert.match(manifest.version, /^\d+\.\d+\.\d+$/);
    assert.match(manifest.engines.vscode, /^\^\d+\.\d+\.\d+$/);
    for (const field of [manifest.displayName, manifest.description]) {
      const key = /^%(.+)%$/.exec(field)?.[1];
      const text = key ? nls[key] : field;
      assert.ok(text && text.trim().length > 0, `${field} resolves to nothing`);
    }
  });

  it('has a licence (an SPDX id and the LICENSE file, which ovsx packs), an https repository and known categories', () => {
    assert.equal(manifest.license, 'MIT');
    assert.match(readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8'), /^MIT License\n/);
    assert.equal(manifest.repository.type, 'git');
    assert.equal(new URL(manifest.repository.url).protocol, 'https:');
    assert.ok(manifest.categories.length > 0);
    for (const c of manifest.categories) assert.ok(CATEGORIES.includes(c), `unknown category ${c}`);
  });

  it('has a PNG icon of at least 128×128 pixels', () => {
    const icon = path.join(REPO_ROOT, manifest.icon);
    assert.ok(manifest.icon.startsWith('media/') && existsSync(icon), manifest.icon);
    const { width, height } = pngSize(icon);
    assert.ok(width >= 128 && height >= 128 && width === height, `${width}×${height}`);
  });

  it('the README shows tracked, small PNG pictures from media/readme/', () => {
    const pictures = readmePictures();
    assert.ok(pictures.length >= 4, `the README shows ${pictures.length} pictures`);
    const tracked = execFileSync('git', ['ls-files', 'media'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\n');
    for (const p of pictures) {
      assert.match(p, /^media\/readme\/[a-z-]+\.png$/, 'a relative path into media/readme/ (vsce accepts no SVG, and no http)');
      assert.ok(tracked.includes(p), `${p} is not tracked`);
      pngSize(path.join(REPO_ROOT, p));
      const size = statSync(path.join(REPO_ROOT, p)).size;
      assert.ok(size <= MAX_PICTURE_BYTES, `${p} is ${size} bytes`);
    }
  });

  it('the .vsix holds the icon, the licence and every README picture', () => {
    const entries = zipEntryNames(stagedPackage().vsix);
    for (const f of [manifest.icon, ...readmePictures()]) assert.ok(entries.includes(`extension/${f}`), `extension/${f} is not in the package`);
    assert.ok(entries.includes('extension/LICENSE.txt'));
  });
});
