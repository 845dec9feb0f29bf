/**
 * Whether a rollback journal beside the database holds a transaction. A journal that starts with the
 * journal magic is either being written by another program right now or "hot" (left by a crash, and
 * SQLite will roll it back on next open); either way the main file alone is not the committed state.
 * A zero-length journal (truncate mode) or one with a zeroed header (persist mode) is finished.
 */
import { constants, promises as fs } from 'node:fs';

const JOURNAL_MAGIC = Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);

type JournalState = 'absent' | 'finished' | 'hot';

export async function journalState(dbPath: string): Promise<JournalState> {
  let handle;
  try {
    // Never blocks on a FIFO; anything but a regular file is no journal SQLite could have finished.
    handle = await fs.open(`${dbPath}-journal`, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw err;
  }
  try {
    if (!(await handle.stat()).isFile()) return 'hot';
    const buf = Buffer.alloc(JOURNAL_MAGIC.length);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return bytesRead === buf.length && buf.equals(JOURNAL_MAGIC) ? 'hot' : 'finished';
  } finally {
    await handle.close();
  }
}
