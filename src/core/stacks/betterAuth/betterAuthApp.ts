/**
 * Discovery of Better Auth apps: a package.json that depends on `better-auth` (dependencies or
 * devDependencies: frameworks bundle either way), and a config file where Better Auth's CLI looks
 * for one (`auth.ts`, `lib/auth.ts`, `src/lib/auth.ts`, …) that calls `betterAuth(`. Read as text;
 * nothing of the app is run.
 */
import * as path from 'node:path';
import type { FolderListing } from '../../read/findFiles';
import { readRegularText } from '../../read/regularFile';

export interface BetterAuthApp {
  root: string;
  packageJson: string;
  /** The config file (absolute) and its text without a BOM. */
  configFile: string;
  configText: string;
  /** The range package.json declares. */
  version: string;
}

/** Where Better Auth's CLI looks for the config, relative to the app's root, in its order. */
const CONFIG_DIRS = ['', 'lib', 'utils', 'src', 'src/lib', 'src/utils', 'server', 'src/server', 'app/lib', 'lib/server', 'src/lib/server', 'app'];
const CONFIG_NAMES = ['auth.ts', 'auth.js', 'auth.mts', 'auth.mjs', 'auth.cts', 'auth.cjs', 'auth.tsx', 'auth.jsx'];
export const CONFIG_CANDIDATES: readonly string[] = CONFIG_DIRS.flatMap((d) => CONFIG_NAMES.map((n) => (d ? `${d}/${n}` : n)));

/** The `better-auth` range a package.json's text declares, or undefined. */
export function betterAuthRange(text: string): string | undefined {
  let pkg: { dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> };
  try {
    pkg = JSON.parse(text.replace(/^\uFEFF/, '')) as typeof pkg;
  } catch {
    return undefined;
  }
  if (typeof pkg !== 'object' || pkg === null) return undefined;
  const v = pkg.dependencies?.['better-auth'] ?? pkg.devDependencies?.['better-auth'];
  return typeof v === 'string' ? v : undefined;
}

export async function discoverBetterAuthApps(folders: readonly FolderListing[], maxDepth = 4): Promise<BetterAuthApp[]> {
  const apps: BetterAuthApp[] = [];
  for (const f of folders) {
    if (f.depth > maxDepth || !f.names.has('package.json')) continue;
    const packageJson = path.join(f.dir, 'package.json');
    const pkg = await readRegularText(packageJson);
    if (!pkg.ok) continue;
    const version = betterAuthRange(pkg.text);
    if (version === undefined) continue;
    for (const rel of CONFIG_CANDIDATES) {
      const file = path.join(f.dir, ...rel.split('/'));
      const read = await readRegularText(file);
      if (!read.ok || !read.text.includes('betterAuth(')) continue;
      apps.push({ root: f.dir, packageJson, configFile: file, configText: read.text.replace(/^\uFEFF/, ''), version });
      break;
    }
  }
  return apps;
}
