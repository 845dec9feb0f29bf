/**
 * Databases for the SQLite benchmarks, generated once with better-sqlite3 and cached under
 * .bench-tmp/sqlite (git-ignored). Each has a User table padded to the target size, a Session-less
 * schema like the seed's, and a few indexes.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';

export const BENCH_DIR = resolve(__dirname, '../../.bench-tmp/sqlite');

export interface BenchDb {
  label: string;
  path: string;
  bytes: number;
}

const MB = 1024 * 1024;

export function benchDatabase(label: string, targetBytes: number): BenchDb {
  mkdirSync(BENCH_DIR, { recursive: true });
  const path = join(BENCH_DIR, `bench-${label}.db`);
  if (!existsSync(path)) {
    const tmp = `${path}.building`;
    rmSync(tmp, { force: true });
    const db = new Database(tmp);
    db.pragma('journal_mode=OFF');
    db.pragma('synchronous=OFF');
    db.exec(`CREATE TABLE "User" (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, pad BLOB);
      CREATE UNIQUE INDEX "User_email_key" ON "User"(email);
      CREATE TABLE "Post" (id INTEGER PRIMARY KEY, "authorId" INTEGER REFERENCES "User"(id), title TEXT);
      CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");`);
    const rowBytes = 1100;
    const rows = Math.max(1, Math.round(targetBytes / rowBytes));
    const batch = 100000;
    for (let done = 0; done < rows; done += batch) {
      const n = Math.min(batch, rows - done);
      db.exec(`WITH RECURSIVE c(i) AS (SELECT ${done + 1} UNION ALL SELECT i+1 FROM c WHERE i < ${done + n})
        INSERT INTO "User" SELECT i, 'user'||i||'@example.com', 'User '||i, randomblob(1000) FROM c;`);
    }
    db.close();
    renameSync(tmp, path);
  }
  return { label, path, bytes: statSync(path).size };
}

export function standardSizes(): { label: string; bytes: number }[] {
  return [
    { label: '1MB', bytes: 1 * MB },
    { label: '100MB', bytes: 100 * MB },
    { label: '1GB', bytes: 1024 * MB },
  ];
}
