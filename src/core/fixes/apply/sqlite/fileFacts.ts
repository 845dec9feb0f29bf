/**
 * The facts recorded before an apply and compared again right before the rename: if any of them
 * moved, someone else touched the database and the apply must abort.
 */
import { promises as fs } from 'node:fs';
import { journalState } from '../../../read/sqlite/journalState';

export interface FileFacts {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  /** The whole 100-byte header, which holds the change counter at offset 24. */
  header: Buffer;
  walSize: number;
  hotJournal: boolean;
  journalSize: number;
}

async function sizeIfExists(p: string): Promise<number> {
  try {
    return (await fs.stat(p)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

export async function recordFacts(dbPath: string): Promise<FileFacts> {
  const handle = await fs.open(dbPath, 'r');
  try {
    const st = await handle.stat();
    const header = Buffer.alloc(100);
    const { bytesRead } = await handle.read(header, 0, 100, 0);
    return {
      dev: st.dev,
      ino: st.ino,
      size: st.size,
      mtimeMs: st.mtimeMs,
      header: header.subarray(0, bytesRead),
      walSize: await sizeIfExists(`${dbPath}-wal`),
      hotJournal: (await journalState(dbPath)) === 'hot',
      journalSize: await sizeIfExists(`${dbPath}-journal`),
    };
  } finally {
    await handle.close();
  }
}

/** What moved between two recordings, or undefined when nothing did. */
export function describeChange(before: FileFacts, now: FileFacts): string | undefined {
  if (now.dev !== before.dev || now.ino !== before.ino) return 'the database file was replaced';
  if (now.size !== before.size) return `the database size changed (${before.size} -> ${now.size} bytes)`;
  if (now.mtimeMs !== before.mtimeMs) return 'the database modification time changed';
  if (!now.header.equals(before.header)) return 'the database header (change counter) changed';
  if (now.walSize !== before.walSize) return 'the -wal file changed';
  if (now.hotJournal !== before.hotJournal) return 'a rollback journal appeared';
  return undefined;
}
