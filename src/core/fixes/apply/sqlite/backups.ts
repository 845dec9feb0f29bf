/**
 * Where copies of user data may go: never into the user's tree, where `git add -A` would commit
 * them. The locked write needs no copy at all (SQLite's atomic commit, and an exact undo). Only the
 * replace fallback keeps one, in a per-user state folder:
 * - the CLI: `$XDG_STATE_HOME/session-doctor/backups` (default `~/.local/state/…`), or
 *   `%LOCALAPPDATA%\session-doctor\backups` on Windows;
 * - the extension: its global storage folder, `…/backups`.
 *
 * Versions up to 0.1 left `<db>.session-doctor-<time>.bak` beside the database. Those that are hard
 * links to the live database (a kill between the link and the rename) are not copies at all and are
 * removed; real copies are moved to the backups folder, and the move is reported.
 */
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function defaultBackupDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(os.homedir(), 'AppData', 'Local'), 'session-doctor', 'backups');
  const state = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(os.homedir(), '.local', 'state');
  return path.join(state, 'session-doctor', 'backups');
}

const OLD_BACKUP = /\.session-doctor-[0-9TZ-]+(-\d+)?\.bak$/;

/** Old in-tree backups of `realPath`, as left by earlier versions. */
async function findInTreeBackups(realPath: string): Promise<string[]> {
  const dir = path.dirname(realPath);
  const prefix = `${path.basename(realPath)}.session-doctor-`;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(prefix) && OLD_BACKUP.test(n))
    .map((n) => path.join(dir, n))
    .sort();
}

async function moveFile(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
  }
  await fs.copyFile(from, to, fsConstants.COPYFILE_EXCL);
  const h = await fs.open(to, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
  await fs.unlink(from);
}

/**
 * Takes the old backups out of the user's tree. Returns one plain sentence per file handled; a file
 * that cannot be handled is left where it is and said so.
 */
export async function clearInTreeBackups(realPath: string, backupDir: string): Promise<string[]> {
  const notes: string[] = [];
  const backups = await findInTreeBackups(realPath);
  if (backups.length === 0) return notes;
  const live = await fs.stat(realPath);
  for (const file of backups) {
    try {
      const st = await fs.lstat(file);
      if (!st.isFile()) continue;
      if (st.ino === live.ino && st.dev === live.dev) {
        await fs.unlink(file); // the live database under a second name: removing the name loses nothing
        notes.push(`removed ${file}: it was a second name (hard link) of the live database, left by an interrupted earlier version, not a copy`);
        continue;
      }
      await fs.mkdir(backupDir, { recursive: true, mode: 0o700 });
      const target = path.join(backupDir, path.basename(file));
      await fs.access(target).then(
        () => Promise.reject(new Error(`${target} exists`)),
        () => undefined,
      );
      await moveFile(file, target);
      notes.push(`moved the old backup ${file} out of your project (git add -A would have committed it) to ${target}`);
    } catch (err) {
      notes.push(`left the old backup ${file} in place: ${err instanceof Error ? err.message : String(err)}; delete it or add it to .gitignore`);
    }
  }
  return notes;
}
