// Quick fixes through vscode.executeCodeActionProvider: the problem's own fixes, tied to its
// diagnostic, one preferred; applying SESSION_DRIVER=cookie edits .env byte-exactly (LF and CRLF).
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { englishTemplate } from '../../../src/core/messages';
import type { Problem } from '../../../src/core/model';
import { resetWorkspace } from '../support/baseline';
import { documentInStepWithDisk } from '../support/documents';
import { sessionDoctor } from '../support/extensionApi';
import { fixtureBytes, LARAVEL_ENV, PRISMA_SCHEMA } from '../support/testWorkspace';
import { diagnosticWithCode, noDiagnosticWithCode } from '../support/waitFor';

/** A fix's title as the lightbulb shows it: plain text, so the catalogue's `code` marks are dropped. */
function title(p: Problem['fixes'][number]): string {
  return vscode.l10n.t(englishTemplate(p.title), ...(p.title.args ?? [])).replace(/`/g, '');
}

/**
 * The quick fixes VS Code collects at a range. The API command hands back title, kind, edit, command
 * and isPreferred only (not `diagnostics`), so the tie to the diagnostic is shown by position:
 * VS Code gives the provider the diagnostics under the range, and the fixes exist only there.
 */
async function quickFixesAt(file: string, range: vscode.Range): Promise<vscode.CodeAction[]> {
  // The provider command needs the document loaded (it rejects with "Illegal argument" otherwise).
  await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const all = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
    'vscode.executeCodeActionProvider',
    vscode.Uri.file(file),
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
  // A bare Command has a string `command`; a CodeAction has `kind` and an optional Command object.
  return all.filter((a): a is vscode.CodeAction => typeof a.command !== 'string');
}

async function problemWithCode(code: string): Promise<Problem> {
  const s = await (await sessionDoctor()).settled();
  const p = s.problems.find((x) => x.code === code);
  assert.ok(p, `no ${code} problem in the snapshot`);
  return p;
}

/** Applies a code action as the editor does: its edit first, then its command. */
async function applyAction(a: vscode.CodeAction): Promise<void> {
  assert.equal(a.disabled, undefined, `"${a.title}" is disabled: ${a.disabled?.reason}`);
  if (a.edit) assert.equal(await vscode.workspace.applyEdit(a.edit), true, `the edit of "${a.title}" was not applied`);
  if (a.command) await vscode.commands.executeCommand(a.command.command, ...(a.command.arguments ?? []));
}

const cases = [
  { file: () => LARAVEL_ENV, code: 'laravel.sessionTableMissing', preferred: 'laravel.driver.cookie', destructive: undefined },
  { file: () => PRISMA_SCHEMA, code: 'prisma.sessionTableMissing', preferred: 'prisma.dbPush', destructive: 'prisma.migrateReset' },
];

describe('quick fixes', () => {
  before(async () => {
    await resetWorkspace(await sessionDoctor());
  });
  after(async () => {
    await resetWorkspace(await sessionDoctor());
  });

  for (const c of cases) {
    it(`${c.code}: the problem's non-destructive fixes and "Show SQL", each tied to the diagnostic, exactly one preferred`, async () => {
      const d = await diagnosticWithCode(c.file(), c.code);
      const problem = await problemWithCode(c.code);
      const actions = await quickFixesAt(c.file(), d.range);
      const expected = [...problem.fixes.filter((f) => !f.destructive).map(title), 'Show the session table SQL'];
      assert.deepEqual(
        actions.map((a) => a.title),
        expected,
      );
      // No Markdown backticks show literally in the menu ("Run prisma db push", not "Run `prisma db push`").
      for (const a of actions) assert.doesNotMatch(a.title, /`/);
      if (c.code === 'prisma.sessionTableMissing')
        assert.ok(
          actions.some((a) => a.title === 'Run prisma db push'),
          JSON.stringify(actions.map((a) => a.title)),
        );
      // A destructive fix of the problem (Prisma's reset) is never offered in a lightbulb.
      assert.deepEqual(
        problem.fixes.filter((f) => f.destructive).map((f) => f.id),
        c.destructive ? [c.destructive] : [],
      );
      for (const a of actions) assert.equal(a.kind?.value, vscode.CodeActionKind.QuickFix.value);
      // Away from the diagnostic (line 0 holds no problem) there are none.
      assert.notEqual(d.range.start.line, 0);
      assert.deepEqual(await quickFixesAt(c.file(), new vscode.Range(0, 0, 0, 1)), []);
      const preferred = actions.filter((a) => a.isPreferred);
      assert.deepEqual(
        preferred.map((a) => a.title),
        [title(problem.fixes.find((f) => f.id === c.preferred)!)],
      );
    });
  }

  for (const eol of ['\n', '\r\n']) {
    const name = eol === '\n' ? 'LF' : 'CRLF';
    it(`"Set SESSION_DRIVER=cookie in .env" on a ${name} .env changes only the value, byte for byte, and the diagnostic goes`, async () => {
      const api = await sessionDoctor();
      const original = Buffer.from(fixtureBytes('laravel-api/.env').toString('utf8').replace(/\r?\n/g, eol), 'utf8');
      writeFileSync(LARAVEL_ENV, original);
      await documentInStepWithDisk(LARAVEL_ENV);
      await api.refresh();
      const d = await diagnosticWithCode(LARAVEL_ENV, 'laravel.sessionTableMissing');
      const cookie = (await quickFixesAt(LARAVEL_ENV, d.range)).find((a) => a.title === 'Set SESSION_DRIVER=cookie in .env');
      assert.ok(cookie, 'no "Set SESSION_DRIVER=cookie in .env" quick fix');
      await applyAction(cookie);
      const expected = Buffer.from(original.toString('utf8').replace(`${eol}SESSION_DRIVER=database${eol}`, `${eol}SESSION_DRIVER=cookie${eol}`), 'utf8');
      assert.notDeepEqual(expected, original);
      assert.deepEqual(readFileSync(LARAVEL_ENV), expected);
      await noDiagnosticWithCode(LARAVEL_ENV, 'laravel.sessionTableMissing');
      assert.equal(
        api.snapshot().problems.some((p) => p.code === 'laravel.sessionTableMissing'),
        false,
      );
      // .env.example was not touched by the .env-only fix.
      assert.deepEqual(readFileSync(LARAVEL_ENV.replace(/\.env$/, '.env.example')), fixtureBytes('laravel-api/.env.example'));
      writeFileSync(LARAVEL_ENV, fixtureBytes('laravel-api/.env'));
      await documentInStepWithDisk(LARAVEL_ENV);
      await api.refresh();
    });
  }
});
