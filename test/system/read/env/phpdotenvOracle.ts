/**
 * Runs the real phpdotenv (Debian's php-vlucas-phpdotenv, the library Laravel loads `.env` with)
 * on texts, for cross-checking our parser. Unavailable (undefined) without php and that package.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export type OracleResult = { ok: true; vars: Record<string, string | null> } | { ok: false; error: string };

const SCRIPT = path.join(__dirname, 'phpdotenv-oracle.php');

export function phpdotenvAvailable(): boolean {
  if (!existsSync('/usr/share/php/Dotenv/autoload.php')) return false;
  return spawnSync('php', ['-v'], { encoding: 'utf8' }).status === 0;
}

export function phpdotenvLoad(texts: readonly string[]): OracleResult[] {
  const input = JSON.stringify(texts.map((t) => Buffer.from(t, 'utf8').toString('base64')));
  const run = spawnSync('php', [SCRIPT], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`php oracle failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as OracleResult[];
}
