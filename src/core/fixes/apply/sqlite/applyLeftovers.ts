/**
 * Names of the files an apply writes beside the database, and the clean-up of temp files left by an
 * apply that was killed. A temp file carries the writer's pid, so a live apply's temp is never removed.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const TAG = '.session-doctor-';

export function tempPathFor(dbPath: string, stamp: string): string {
  return path.join(path.dirname(dbPath), `.${path.basename(dbPath)}${TAG}${stamp}-${process.pid}.tmp`);
}

export function backupPathFor(dbPath: string, backupDir: string, stamp: string, attempt: number): string {
  return path.join(backupDir, `${path.basename(dbPath)}${TAG}${stamp}${attempt > 0 ? `-${attempt}` : ''}.bak`);
}

/** Filesystem-safe ISO timestamp, e.g. 2026-11-22T05-31-05-123Z. */
export function timestamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

function parseTemp(dbPath: string, name: string): { pid: number } | undefined {
  const prefix = `.${path.basename(dbPath)}${TAG}`;
  if (!name.startsWith(prefix) || !name.endsWith('.tmp')) return undefined;
  const m = /-(\d+)\.tmp$/.exec(name);
  return m ? { pid: Number(m[1]) } : undefined;
}

/** Temp files left beside `dbPath` by an interrupted apply (of any process). */
export async function findLeftovers(dbPath: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(path.dirname(dbPath));
  } catch {
    return [];
  }
  return names
    .filter((n) => parseTemp(dbPath, n) !== undefined)
    .map((n) => path.join(path.dirname(dbPath), n))
    .sort();
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes leftovers whose writer is gone; returns what was removed and what had to stay. */
export async function removeStaleLeftovers(dbPath: string): Promise<{ removed: string[]; kept: string[] }> {
  const removed: string[] = [];
  const kept: string[] = [];
  for (const file of await findLeftovers(dbPath)) {
    const info = parseTemp(dbPath, path.basename(file));
    if (info && !isAlive(info.pid)) {
      try {
        await fs.unlink(file);
        removed.push(file);
        continue;
      } catch {
        // fall through: report it
      }
    }
    kept.push(file);
  }
  return { removed, kept };
}
