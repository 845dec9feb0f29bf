import * as path from 'node:path';
import type { Diagnosis } from './diagnosis';

/**
 * The files a change to which can change a diagnosis: the union of every app's `watchFiles`
 * (schemas, env files, the SQLite file with its -wal and -journal, the config cache, migration
 * folders). A listed folder covers everything below it. Pure: the extension asks it about each
 * file event, so what is watched comes from the diagnosis and nowhere else.
 */
export class WatchSet {
  private readonly keys: ReadonlySet<string>;

  constructor(
    paths: Iterable<string>,
    /** Paths differ only in case on macOS and Windows file systems (the default there). */
    private readonly caseInsensitive = process.platform === 'win32' || process.platform === 'darwin',
  ) {
    this.keys = new Set([...paths].map((p) => this.key(p)));
  }

  static of(diagnoses: readonly Pick<Diagnosis, 'apps'>[], caseInsensitive?: boolean): WatchSet {
    return new WatchSet(
      diagnoses.flatMap((d) => d.apps.flatMap((a) => a.watchFiles)),
      caseInsensitive,
    );
  }

  /** Every listed path (normalised), sorted. */
  get paths(): string[] {
    return [...this.keys].sort();
  }

  /** Whether `file` (absolute) is listed, or lies below a listed folder. */
  covers(file: string): boolean {
    let p = this.key(file);
    for (;;) {
      if (this.keys.has(p)) return true;
      const up = path.dirname(p);
      if (up === p) return false;
      p = up;
    }
  }

  /** Same paths: watchers need no rebuilding. */
  equals(other: WatchSet): boolean {
    return this.keys.size === other.keys.size && [...this.keys].every((k) => other.keys.has(k));
  }

  private key(p: string): string {
    const n = path.resolve(p);
    return this.caseInsensitive ? n.toLowerCase() : n;
  }
}
