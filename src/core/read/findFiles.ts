import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readRegularText } from './regularFile';

/** Folders never worth descending into when looking for apps: dependencies, build output, VCS, caches. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'vendor',
  'storage',
  'dist',
  'build',
  'out',
  '.next',
  '.nuxt',
  '.output',
  '.svelte-kit',
  'coverage',
  '.turbo',
  '.cache',
  '.vscode-test',
  '.idea',
  'bower_components',
]);

/**
 * Whether discovery never looks at `relativePath` (a path below the folder it walks, `/` or `\\`
 * separated) because one of its folders is skipped (SKIPPED_DIRS, dot-folders): a marker file
 * there makes no app. An app's own `.config/` is read (`.config/prisma.ts`), not walked.
 */
export function inSkippedFolder(relativePath: string): boolean {
  const folders = relativePath.split(/[\\/]/).slice(0, -1);
  return folders.some((f, i) => SKIPPED_DIRS.has(f) || (f.startsWith('.') && !(f === '.config' && i === folders.length - 1)));
}

export interface FindOptions {
  maxDepth?: number;
  /** Stop after this many directories, so a huge tree cannot stall discovery. */
  maxDirs?: number;
  /**
   * A listing made earlier with listFolders (at least as deep as maxDepth): several discoveries over
   * the same tree then share one walk instead of each reading every folder again.
   */
  folders?: readonly FolderListing[];
}

export interface FolderListing {
  dir: string;
  /** 0 for the root. */
  depth: number;
  names: ReadonlySet<string>;
}

/**
 * Breadth-first listing of every folder (absolute path) with the names it contains, skipping
 * dependencies, build output and dot-folders. Unreadable folders are skipped silently: discovery
 * reports what it can see.
 */
export async function listFolders(root: string, opts: Omit<FindOptions, 'folders'> = {}): Promise<FolderListing[]> {
  const maxDepth = opts.maxDepth ?? 6;
  const maxDirs = opts.maxDirs ?? 5000;
  const out: FolderListing[] = [];
  let queue: string[] = [path.resolve(root)];
  let seen = 0;
  for (let depth = 0; depth <= maxDepth && queue.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of queue) {
      if (++seen > maxDirs) return out;
      let entries: import('node:fs').Dirent[];
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      out.push({ dir, depth, names: new Set(entries.map((e) => e.name)) });
      for (const e of entries) {
        if (e.isDirectory() && !SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) next.push(path.join(dir, e.name));
      }
    }
    queue = next;
  }
  return out;
}

/** Visits every folder of listFolders (or of `opts.folders`) down to maxDepth, in breadth-first order. */
export async function walkFolders(
  root: string,
  visit: (dir: string, names: ReadonlySet<string>) => void | Promise<void>,
  opts: FindOptions = {},
): Promise<void> {
  const maxDepth = opts.maxDepth ?? 6;
  const folders = opts.folders ?? (await listFolders(root, opts));
  for (const f of folders) if (f.depth <= maxDepth) await visit(f.dir, f.names);
}

/** Whether anything (a file, a folder, a dangling link) exists at `p`. */
export async function pathExists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** A regular file's text (bounded, never blocking on a FIFO), or undefined when it cannot be read. */
export async function readTextIfExists(file: string): Promise<string | undefined> {
  const r = await readRegularText(file);
  return r.ok ? r.text : undefined;
}

export async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

export async function isDirectory(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isDirectory();
  } catch {
    return false;
  }
}
