/**
 * The check after the rename. Node cannot take SQLite's fcntl locks, so a program that opened the
 * old file just before the rename could still commit into it after the rename, and that write
 * would be lost with the replaced inode. We keep a handle on the old inode, wait until nobody else
 * holds it, and compare it with the facts recorded before the rename. If it moved, and the backup
 * is a hard link to that very inode, renaming the backup back restores the original together with
 * the other program's write; the apply is then reported as refused.
 */
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import type { FileFacts } from './fileFacts';
import { journalState } from '../../../read/sqlite/journalState';
import { processesHolding, type FileKey } from './openHandles';

const STRAGGLER_WAIT_MS = 10000;
const POLL_MS = 20;

interface ReplaceCheckInput {
  realPath: string;
  oldHandle: FileHandle;
  /** Facts of the old file right before the rename. */
  before: FileFacts;
  /** The written file: its inode, size, mtime and header as renamed into place. */
  written: { key: FileKey; size: number; mtimeMs: number; header: Buffer };
  backup: { path: string; isHardLink: boolean };
}

type ReplaceVerdict = { kind: 'clean' } | { kind: 'undone'; reason: string } | { kind: 'conflict'; reason: string };

async function walSize(realPath: string): Promise<number> {
  try {
    return (await fs.stat(`${realPath}-wal`)).size;
  } catch {
    return 0;
  }
}

async function oldFileMoved(input: ReplaceCheckInput): Promise<string | undefined> {
  const st = await input.oldHandle.stat();
  const header = Buffer.alloc(input.before.header.length);
  await input.oldHandle.read(header, 0, header.length, 0);
  if (st.size !== input.before.size || st.mtimeMs !== input.before.mtimeMs || !header.equals(input.before.header))
    return 'another program wrote to the old file during the replace';
  if ((await walSize(input.realPath)) > 0) return 'a -wal file appeared during the replace';
  if ((await journalState(input.realPath)) === 'hot') return 'a rollback journal appeared during the replace';
  return undefined;
}

export async function checkAfterReplace(input: ReplaceCheckInput): Promise<ReplaceVerdict> {
  const oldKey = { dev: input.before.dev, ino: input.before.ino };
  const deadline = Date.now() + STRAGGLER_WAIT_MS;
  let stillHeld = false;
  for (;;) {
    const holders = await processesHolding(oldKey);
    if (!holders || holders.length === 0) break;
    if (Date.now() > deadline) {
      stillHeld = true;
      break;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const moved = (await oldFileMoved(input)) ?? (stillHeld ? 'another program still holds the old file open' : undefined);
  if (!moved) return { kind: 'clean' };

  if (input.backup.isHardLink) {
    const now = await fs.stat(input.realPath).catch(() => undefined);
    const head = Buffer.alloc(input.written.header.length);
    if (now) {
      const h = await fs.open(input.realPath, 'r');
      try {
        await h.read(head, 0, head.length, 0);
      } finally {
        await h.close();
      }
    }
    const newHolders = await processesHolding(input.written.key);
    const newUntouched =
      now !== undefined &&
      now.ino === input.written.key.ino &&
      now.size === input.written.size &&
      now.mtimeMs === input.written.mtimeMs &&
      head.equals(input.written.header) &&
      (newHolders === undefined || newHolders.length === 0);
    if (newUntouched) {
      await fs.rename(input.backup.path, input.realPath);
      const dir = await fs.open(path.dirname(input.realPath), 'r').catch(() => undefined);
      if (dir) {
        await dir.sync().catch(() => undefined);
        await dir.close();
      }
      return {
        kind: 'undone',
        reason: `${moved}; the original file (with that write) was put back, so nothing changed. Close every program using the database and try again`,
      };
    }
  }
  return {
    kind: 'conflict',
    reason: `${moved}, and the new file is in use too. The database at ${input.realPath} has the fix; the original with the other program's last write is at ${input.backup.path}. Check both before using either`,
  };
}
