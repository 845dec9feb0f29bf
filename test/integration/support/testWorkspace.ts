// The workspace a label opened: a throw-away copy of test/fixtures/workspaces/apps made by
// .vscode-test.mjs before launch (see scripts/vscode-test/test-workspaces.mjs). Tests may change it;
// they put back what they changed so that later tests in the same label start from the fixture state.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

function requiredEnv(name: string): string {
  const v = process.env[name];
  assert.ok(v, `${name} is not set: run the tests through .vscode-test.mjs (npx vscode-test)`);
  return v;
}

/** Absolute path of the workspace copy this label opened. */
export const WORKSPACE = requiredEnv('SESSION_DOCTOR_TEST_WORKSPACE');
/** The committed fixture it was copied from (read only). */
export const FIXTURE = requiredEnv('SESSION_DOCTOR_TEST_FIXTURE');

export const LARAVEL = path.join(WORKSPACE, 'laravel-api');
export const PRISMA = path.join(WORKSPACE, 'prisma-app');
export const LARAVEL_ENV = path.join(LARAVEL, '.env');
export const LARAVEL_DB = path.join(LARAVEL, 'database', 'database.sqlite');
export const PRISMA_SCHEMA = path.join(PRISMA, 'prisma', 'schema.prisma');
export const PRISMA_DB = path.join(PRISMA, 'prisma', 'dev.db');

export function inWorkspace(...parts: string[]): string {
  return path.join(WORKSPACE, ...parts);
}

/** The committed bytes of a fixture file, by its path relative to the workspace. */
export function fixtureBytes(rel: string): Buffer {
  return readFileSync(path.join(FIXTURE, rel));
}

/** Puts a file of the copy back to the fixture's bytes. */
export function restoreFromFixture(rel: string): void {
  writeFileSync(inWorkspace(rel), fixtureBytes(rel));
}

/** Runs one SQL statement with Debian's sqlite3 CLI (the cross-check is never our own reader). */
export function sqlite3(db: string, sql: string): string {
  return execFileSync('sqlite3', ['-batch', db, sql], { encoding: 'utf8' }).trim();
}

/** Rebuilds every database the fixture declares (sqlite-databases.json) from its seed, as before launch. */
export function rebuildDatabases(): void {
  const manifest = JSON.parse(readFileSync(inWorkspace('sqlite-databases.json'), 'utf8')) as { databases: Array<{ seed: string; file: string }> };
  for (const d of manifest.databases) {
    const file = inWorkspace(d.file);
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    mkdirSync(path.dirname(file), { recursive: true });
    execFileSync('sqlite3', [file], { input: readFileSync(inWorkspace(d.seed)) });
  }
}

/** Session Doctor's diagnostics on one file. */
export function ourDiagnostics(file: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === 'Session Doctor');
}
