/**
 * Which other processes have a file open. SQLite's own locks are POSIX fcntl locks, which Node cannot
 * take or test, so before replacing a database file we look for open handles instead: on Linux
 * through /proc/<pid>/fd. Elsewhere the answer is "unknown" and the caller relies on its other checks.
 */
import { readdirSync, readlinkSync, statSync } from 'node:fs';

export interface FileKey {
  dev: number;
  ino: number;
}

/**
 * PIDs (other than ours) holding `key` open; undefined where /proc is not available.
 * Synchronous calls on purpose: the scan is a few thousand tiny syscalls, and done synchronously it
 * takes milliseconds instead of hundreds of them, which keeps the unguarded window short.
 */
export async function processesHolding(key: FileKey): Promise<number[] | undefined> {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return undefined;
  }
  const holders: number[] = [];
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // the process exited, or we may not look (then we cannot see it either way)
    }
    for (const fd of fds) {
      try {
        // readlink is cheap and rules out sockets, pipes and anonymous inodes before the stat.
        if (!readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('/')) continue;
        const st = statSync(`/proc/${pid}/fd/${fd}`);
        if (st.ino === key.ino && st.dev === key.dev) {
          holders.push(Number(pid));
          break;
        }
      } catch {
        // fd closed meanwhile
      }
    }
  }
  return holders;
}
