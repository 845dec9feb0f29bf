// Diagnostics in .env and schema.prisma, from the extension's own diagnosis of the workspace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { resetWorkspace } from '../support/baseline';
import { sessionDoctor } from '../support/extensionApi';
import { fixtureBytes, LARAVEL, LARAVEL_ENV, PRISMA, PRISMA_SCHEMA } from '../support/testWorkspace';
import { diagnosticWithCode } from '../support/waitFor';

/** 0-based index of the first line of a fixture file that matches. */
function lineOf(rel: string, re: RegExp): { line: number; text: string } {
  const lines = fixtureBytes(rel).toString('utf8').split(/\r?\n/);
  const line = lines.findIndex((l) => re.test(l));
  assert.ok(line >= 0, `${rel} has no line matching ${re}`);
  return { line, text: lines[line] };
}

describe('diagnostics in .env and schema.prisma', () => {
  before(async () => {
    await resetWorkspace(await sessionDoctor());
  });

  it('marks the SESSION_DRIVER line of the Laravel .env with laravel.sessionTableMissing', async () => {
    const d = await diagnosticWithCode(LARAVEL_ENV, 'laravel.sessionTableMissing');
    const { line, text } = lineOf('laravel-api/.env', /^SESSION_DRIVER=/);
    assert.equal(text, 'SESSION_DRIVER=database');
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [line, 0, line, text.length]);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.source, 'Session Doctor');
    assert.match(d.message, /sessions/);
  });

  it('marks the Session model name in schema.prisma with prisma.sessionTableMissing', async () => {
    const d = await diagnosticWithCode(PRISMA_SCHEMA, 'prisma.sessionTableMissing');
    const { line, text } = lineOf('prisma-app/prisma/schema.prisma', /^model Session\b/);
    const start = text.indexOf('Session');
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [line, start, line, start + 'Session'.length]);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /Session/);
  });

  it('the API snapshot holds the same two problems, one per app, and the status bar counts them', async () => {
    const api = await sessionDoctor();
    const s = await api.settled();
    assert.equal(s.state, 'problem');
    assert.deepEqual(s.problems.map((p) => [p.code, p.app]).sort(), [
      ['laravel.sessionTableMissing', LARAVEL],
      ['prisma.sessionTableMissing', PRISMA],
    ]);
    assert.match(api.statusText(), /Sessions: 2 problems$/);
  });
});
