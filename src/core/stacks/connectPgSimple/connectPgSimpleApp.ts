/**
 * Discovery of Express apps that keep their sessions with connect-pg-simple: a package.json that
 * depends on both `express-session` and `connect-pg-simple` in `dependencies` (what the app runs
 * with; a package that only tests against them, as Session Doctor itself does, is not an app).
 * Read as JSON text; nothing of the app is run.
 */
import * as path from 'node:path';
import type { FolderListing } from '../../read/findFiles';
import { readRegularText } from '../../read/regularFile';

export interface ConnectPgSimpleApp {
  root: string;
  packageJson: string;
  /** The ranges package.json declares. */
  versions: { connectPgSimple: string; expressSession: string };
}

type Deps = Record<string, unknown>;

function dependencyRange(pkg: { dependencies?: Deps }, name: string): string | undefined {
  const v = pkg.dependencies?.[name];
  return typeof v === 'string' ? v : undefined;
}

/** The app a package.json's text declares, or undefined when it does not use both packages. */
export function appFromPackageJson(file: string, text: string): ConnectPgSimpleApp | undefined {
  let pkg: { dependencies?: Deps };
  try {
    pkg = JSON.parse(text.replace(/^\uFEFF/, '')) as typeof pkg;
  } catch {
    return undefined;
  }
  if (typeof pkg !== 'object' || pkg === null) return undefined;
  const connectPgSimple = dependencyRange(pkg, 'connect-pg-simple');
  const expressSession = dependencyRange(pkg, 'express-session');
  if (connectPgSimple === undefined || expressSession === undefined) return undefined;
  return { root: path.dirname(file), packageJson: file, versions: { connectPgSimple, expressSession } };
}

/** Every folder of the shared walk whose package.json declares the two packages. */
export async function discoverConnectPgSimpleApps(folders: readonly FolderListing[], maxDepth = 4): Promise<ConnectPgSimpleApp[]> {
  const apps: ConnectPgSimpleApp[] = [];
  for (const f of folders) {
    if (f.depth > maxDepth || !f.names.has('package.json')) continue;
    const file = path.join(f.dir, 'package.json');
    const read = await readRegularText(file);
    if (!read.ok) continue;
    const app = appFromPackageJson(file, read.text);
    if (app) apps.push(app);
  }
  return apps;
}
