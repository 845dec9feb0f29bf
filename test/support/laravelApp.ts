/**
 * Builds throwaway Laravel apps for tests: a copy of a fixture under test/fixtures/laravel/ (never
 * changed in place) with `.env` keys set or removed, files added or deleted, and a chosen
 * laravel/framework version in composer.lock.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const LARAVEL_FIXTURES = path.join(__dirname, '..', 'fixtures', 'laravel');

export type LaravelFixture =
  | 'laravel10-file'
  | 'laravel11-sqlite'
  | 'laravel12-api-mysql'
  | 'laravel12-cached-config'
  | 'laravel12-crlf-env'
  | 'laravel12-empty-app-key'
  | 'laravel12-missing-env'
  | 'laravel12-typo-driver';

export interface LaravelAppSpec {
  from: LaravelFixture;
  /** `.env` keys to set (the first `KEY=` line is rewritten, else a line is appended) or, with null, to delete. */
  env?: Record<string, string | null>;
  /** Replaces `.env` entirely (bytes as given). */
  envText?: string | Buffer;
  /** Deletes `.env`. */
  noEnv?: boolean;
  /** Extra files, relative to the app root. */
  files?: Record<string, string | Buffer>;
  /** Files to delete, relative to the app root. */
  remove?: string[];
  /** Writes a composer.lock pinning laravel/framework to this version (e.g. `v10.48.0`). */
  frameworkVersion?: string;
}

export interface BuiltLaravelApp {
  root: string;
  envPath: string;
  /** `.env` bytes as written by the builder. */
  readEnv(): string;
  cleanup(): void;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Sets or deletes keys in `.env` text (tests only: plain `KEY=value` lines, the file's own line break). */
export function editEnvText(text: string, changes: Record<string, string | null>): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let out = text;
  for (const [key, value] of Object.entries(changes)) {
    const line = new RegExp(`^${escapeRe(key)}=.*(?:\\r?\\n|$)`, 'm');
    if (value === null) {
      out = out.replace(new RegExp(`^${escapeRe(key)}=.*(?:\\r?\\n|$)`, 'gm'), '');
    } else if (line.test(out)) {
      out = out.replace(new RegExp(`^${escapeRe(key)}=.*$`, 'm'), () => `${key}=${value}`);
    } else {
      out += (out === '' || out.endsWith('\n') ? '' : eol) + `${key}=${value}${eol}`;
    }
  }
  return out;
}

export function buildLaravelApp(spec: LaravelAppSpec): BuiltLaravelApp {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-laravel-'));
  // The app folder keeps the fixture's name, so relative paths in messages read naturally.
  const root = path.join(parent, spec.from);
  fs.cpSync(path.join(LARAVEL_FIXTURES, spec.from), root, { recursive: true });
  const envPath = path.join(root, '.env');
  for (const rel of spec.remove ?? []) fs.rmSync(path.join(root, rel), { recursive: true, force: true });
  if (spec.noEnv) fs.rmSync(envPath, { force: true });
  else if (spec.envText !== undefined) fs.writeFileSync(envPath, spec.envText);
  if (spec.env && !spec.noEnv) {
    const text = fs.existsSync(envPath) ? fs.readFileSync(envPath, 'utf8') : '';
    fs.writeFileSync(envPath, editEnvText(text, spec.env));
  }
  for (const [rel, content] of Object.entries(spec.files ?? {})) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  if (spec.frameworkVersion) {
    const lock = { packages: [{ name: 'laravel/framework', version: spec.frameworkVersion }], 'packages-dev': [] };
    fs.writeFileSync(path.join(root, 'composer.lock'), JSON.stringify(lock, null, 4) + '\n');
  }
  return {
    root,
    envPath,
    readEnv: () => fs.readFileSync(envPath, 'utf8'),
    cleanup: () => fs.rmSync(parent, { recursive: true, force: true }),
  };
}

/** The 0-based line of the first `KEY=` (or `export KEY=`) line of a `.env` text. */
export function envLineOf(text: string, key: string): number {
  const body = text.replace(/^\uFEFF/, '');
  const lines = body.split(/\r\n|\r|\n/);
  const i = lines.findIndex((l) => new RegExp(`^\\s*(?:export\\s+)?${escapeRe(key)}\\s*=`).test(l));
  if (i < 0) throw new Error(`${key} is not in the .env text`);
  return i;
}

/** Laravel 11+'s migration that creates users, password_reset_tokens and sessions (as in the skeleton). */
export const USERS_MIGRATION_11 = '0001_01_01_000000_create_users_table';

export { runCli, type CliRun } from './runCli';

/** Laravel 12's own statements for the sessions table, per dialect, from the captured query log. */
export function laravelExecutedDdl(dialect: 'mysql' | 'sqlite' | 'pgsql'): string[] {
  const text = fs.readFileSync(path.join(LARAVEL_FIXTURES, 'ddl', 'laravel12-sessions-migration.sql'), 'utf8');
  const start = text.indexOf(`-- ===== ${dialect}: executed statements (query log) =====`);
  if (start < 0) throw new Error(`no ${dialect} section in the DDL capture`);
  const lines = text.slice(start).split('\n').slice(1);
  const out: string[] = [];
  for (const l of lines) {
    if (l.startsWith('--') || l.trim() === '') break;
    out.push(l.replace(/;\s*$/, ''));
  }
  return out;
}

const SESSION_PROBE = path.join(__dirname, '..', 'fixtures', 'laravel-apps', 'session-handler-probe.php');

export interface SessionProbe {
  id: string;
  read: string;
  rows: number;
  columns: string[];
}

/**
 * Runs Laravel's Store + DatabaseSessionHandler against `table` on a Laravel connection config;
 * with `request`, as in an app with a request and a logged-in user (user_id, ip_address, user_agent written).
 */
export function runSessionHandler(connection: Record<string, unknown>, table: string, opts: { request?: boolean } = {}): SessionProbe {
  const argv = [SESSION_PROBE, JSON.stringify(connection), table, ...(opts.request ? ['request'] : [])];
  const r = spawnSync('php', argv, { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`session handler probe failed (${r.status}): ${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout) as SessionProbe;
}
