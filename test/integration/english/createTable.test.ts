// The create-table fix through the command the lightbulb and the palette use: it changes the SQLite
// file (checked with Debian's sqlite3 CLI, never our own reader), keeps the data, and the status bar
// turns healthy.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { resetWorkspace } from '../support/baseline';
import { sessionDoctor } from '../support/extensionApi';
import { LARAVEL, LARAVEL_DB, LARAVEL_ENV, PRISMA, PRISMA_DB, PRISMA_SCHEMA, sqlite3 } from '../support/testWorkspace';
import { diagnosticWithCode, noDiagnosticWithCode } from '../support/waitFor';
import * as vscode from 'vscode';

const objects = (db: string) => sqlite3(db, "select type || ' ' || name from sqlite_master where name not like 'sqlite_%' order by type, name").split('\n');

describe('create the session table (sessionDoctor.applyFix, apply-sql)', () => {
  before(async () => {
    await resetWorkspace(await sessionDoctor());
  });
  after(async () => {
    await resetWorkspace(await sessionDoctor());
  });

  it('Prisma: creates "Session" in place under SQLite\'s locks, while another program holds prisma/dev.db open; the User rows stay, nothing is left beside it', async () => {
    await diagnosticWithCode(PRISMA_SCHEMA, 'prisma.sessionTableMissing');
    const usersBefore = sqlite3(PRISMA_DB, 'select id, email from "User" order by id');
    assert.equal(usersBefore.split('\n').length, 3);
    assert.ok(!objects(PRISMA_DB).includes('table Session'));
    const folderBefore = readdirSync(dirname(PRISMA_DB)).sort();
    const inode = statSync(PRISMA_DB).ino;
    // The dev server: a sqlite3 process with the database open all along (0.1 refused to write then).
    const holder = spawn('sqlite3', [PRISMA_DB], { stdio: ['pipe', 'pipe', 'pipe'] });
    let held = '';
    holder.stdout.on('data', (d: Buffer) => (held += d.toString()));
    holder.stdin.write('select count(*) from "User";\n');
    while (!held.includes('3')) await new Promise((r) => setTimeout(r, 20));
    let result: unknown;
    try {
      // { confirmed: true } stands in for the modal's "Apply" button; only a test extension host honours it.
      result = await vscode.commands.executeCommand(
        'sessionDoctor.applyFix',
        { app: PRISMA, code: 'prisma.sessionTableMissing', fixId: 'prisma.createTable' },
        { confirmed: true },
      );
      held = '';
      holder.stdin.write('select count(*) from "Session";\n');
      while (!/\d/.test(held)) await new Promise((r) => setTimeout(r, 20));
      assert.equal(held.trim(), '0', 'the holder sees the new table without reconnecting');
    } finally {
      holder.stdin.end();
      await new Promise((r) => holder.once('exit', r));
    }
    assert.equal(result, 'applied');
    assert.equal(statSync(PRISMA_DB).ino, inode, 'written in place');
    assert.deepEqual(readdirSync(dirname(PRISMA_DB)).sort(), folderBefore, 'no backup or temp file in the workspace');
    const after = objects(PRISMA_DB);
    assert.ok(after.includes('table Session'), after.join(', '));
    assert.ok(after.includes('index Session_token_key'), after.join(', '));
    assert.equal(sqlite3(PRISMA_DB, "select sql like '%UNIQUE%' from sqlite_master where name = 'Session_token_key'"), '1');
    assert.equal(sqlite3(PRISMA_DB, 'pragma integrity_check'), 'ok');
    assert.equal(sqlite3(PRISMA_DB, 'select id, email from "User" order by id'), usersBefore);
    await noDiagnosticWithCode(PRISMA_SCHEMA, 'prisma.sessionTableMissing');
  });

  it('Laravel (sessionDoctor.createSessionTable): creates sessions and its indexes in database/database.sqlite; then the status bar says Sessions: OK', async () => {
    const api = await sessionDoctor();
    await diagnosticWithCode(LARAVEL_ENV, 'laravel.sessionTableMissing');
    const envBefore = readFileSync(LARAVEL_ENV);
    const usersBefore = sqlite3(LARAVEL_DB, 'select id, email from users order by id');
    // One problem is named, not counted.
    assert.match(api.statusText(), /^\$\(warning\) Session table missing$/);
    // Only one apply-sql fix is left (Laravel's), so the command runs it without a quick pick.
    const result = await vscode.commands.executeCommand('sessionDoctor.createSessionTable', { confirmed: true });
    assert.equal(result, 'applied');
    const after = objects(LARAVEL_DB);
    for (const o of ['table sessions', 'index sessions_user_id_index', 'index sessions_last_activity_index'])
      assert.ok(after.includes(o), `${o} missing: ${after.join(', ')}`);
    assert.equal(sqlite3(LARAVEL_DB, 'select id, email from users order by id'), usersBefore);
    assert.deepEqual(readFileSync(LARAVEL_ENV), envBefore, '.env must not change');
    await noDiagnosticWithCode(LARAVEL_ENV, 'laravel.sessionTableMissing');
    const s = api.snapshot();
    assert.equal(s.state, 'healthy', JSON.stringify(s.problems.map((p) => p.code)));
    assert.deepEqual(s.diagnoses.flatMap((d) => d.apps.map((a) => [a.root, a.tableState])).sort(), [
      [LARAVEL, 'present'],
      [PRISMA, 'present'],
    ]);
    assert.match(api.statusText(), /^\$\(database\) Sessions: OK$/);
  });
});
