// The CodeLens above the session model (schema.prisma) and SESSION_DRIVER (.env): the table's state
// as the diagnosis has it, and "Fix…", which opens the problems' quick pick (the command the
// notification's "More Fixes…" runs). Read through vscode.executeCodeLensProvider, as the editor does.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { resetWorkspace } from '../support/baseline';
import { sessionDoctor } from '../support/extensionApi';
import { LARAVEL, LARAVEL_ENV, PRISMA, PRISMA_SCHEMA } from '../support/testWorkspace';
import { diagnosticWithCode, noDiagnosticWithCode } from '../support/waitFor';

interface Lens {
  line: number;
  title: string;
  command: string;
  args: unknown[];
}

async function lenses(file: string): Promise<Lens[]> {
  // The editor asks for the lenses of a document it has open.
  await vscode.workspace.openTextDocument(file);
  const list = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', vscode.Uri.file(file));
  return list.map((l) => ({ line: l.range.start.line, title: l.command?.title ?? '', command: l.command?.command ?? '', args: l.command?.arguments ?? [] }));
}

/** The 0-based line of the first line of `file` that starts with `prefix`. */
function lineOf(file: string, prefix: string): number {
  const i = readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.startsWith(prefix));
  assert.ok(i >= 0, `${prefix} not in ${file}`);
  return i;
}

async function setCodeLens(value: boolean | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('sessionDoctor').update('codeLens', value, vscode.ConfigurationTarget.Global);
}

describe('CodeLens on the session model and on SESSION_DRIVER', () => {
  before(async () => {
    await resetWorkspace(await sessionDoctor());
  });
  after(async () => {
    await setCodeLens(undefined);
    await resetWorkspace(await sessionDoctor());
  });

  it('schema.prisma: "table Session missing in prisma/dev.db" and "Fix…" (the problems quick pick of that app) above model Session', async () => {
    await diagnosticWithCode(PRISMA_SCHEMA, 'prisma.sessionTableMissing');
    const line = lineOf(PRISMA_SCHEMA, 'model Session');
    assert.deepEqual(await lenses(PRISMA_SCHEMA), [
      { line, title: '$(warning) table Session missing in prisma/dev.db', command: '', args: [] },
      { line, title: 'Fix…', command: 'sessionDoctor.showProblems', args: [{ app: PRISMA }] },
    ]);
  });

  it('.env: the Laravel table\'s state and "Fix…" above SESSION_DRIVER', async () => {
    const api = await sessionDoctor();
    await diagnosticWithCode(LARAVEL_ENV, 'laravel.sessionTableMissing');
    const line = lineOf(LARAVEL_ENV, 'SESSION_DRIVER=');
    // Rendered from the store: the app's problems other than the missing table are named or counted.
    const others = api
      .snapshot()
      .problems.filter((p) => p.app === LARAVEL && p.code !== 'laravel.sessionTableMissing' && p.code !== 'runtime.sessionTableMissing');
    assert.equal(others.length, 0, JSON.stringify(others.map((p) => p.code)));
    assert.deepEqual(await lenses(LARAVEL_ENV), [
      { line, title: '$(warning) table sessions missing in database/database.sqlite', command: '', args: [] },
      { line, title: 'Fix…', command: 'sessionDoctor.showProblems', args: [{ app: LARAVEL }] },
    ]);
  });

  it('sessionDoctor.codeLens = false turns every lens off; true brings them back', async () => {
    try {
      await setCodeLens(false);
      assert.deepEqual(await lenses(PRISMA_SCHEMA), []);
      assert.deepEqual(await lenses(LARAVEL_ENV), []);
    } finally {
      await setCodeLens(undefined);
    }
    assert.equal((await lenses(PRISMA_SCHEMA)).length, 2);
  });

  it('once the table exists the lens says so, with no "Fix…"', async () => {
    const result = await vscode.commands.executeCommand(
      'sessionDoctor.applyFix',
      { app: PRISMA, code: 'prisma.sessionTableMissing', fixId: 'prisma.createTable' },
      { confirmed: true },
    );
    assert.equal(result, 'applied');
    await noDiagnosticWithCode(PRISMA_SCHEMA, 'prisma.sessionTableMissing');
    assert.deepEqual(await lenses(PRISMA_SCHEMA), [
      { line: lineOf(PRISMA_SCHEMA, 'model Session'), title: '$(database) table Session present in prisma/dev.db', command: '', args: [] },
    ]);
  });
});
