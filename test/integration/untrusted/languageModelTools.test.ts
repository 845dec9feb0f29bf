// Runs with the `untrusted` label: the workspace is in restricted mode. The check tool still reads
// and says fixes need trust; the fix tool asks nothing (nothing will change), refuses every fix,
// destructive or not, through vscode.lm.invokeTool as an agent calls it, and no byte changes.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { languageModelToolsApi, toolResultText } from '../../../src/extension/lmApi';
import { sessionDoctor } from '../support/extensionApi';
import { LARAVEL_DB, LARAVEL_ENV, PRISMA_DB, PRISMA_SCHEMA } from '../support/testWorkspace';
import { diagnosticWithCode } from '../support/waitFor';

const FILES = [LARAVEL_ENV, `${LARAVEL_ENV}.example`, LARAVEL_DB, PRISMA_DB, PRISMA_SCHEMA];

describe('language-model tools in an untrusted workspace', function () {
  const lm = languageModelToolsApi(vscode);
  before(function () {
    if (!lm) {
      console.log(`VS Code ${vscode.version} has no vscode.lm.registerTool (1.95 and later): the language-model tool tests cannot run on it.`);
      this.skip();
    }
  });
  const invoke = async (name: string, input: object) => toolResultText(await lm!.invokeTool(name, { input, toolInvocationToken: undefined }));

  it('session-doctor_check still diagnoses, and says fixes need a trusted workspace', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    await diagnosticWithCode(PRISMA_SCHEMA, 'prisma.sessionTableMissing');
    const text = await invoke('session-doctor_check', {});
    assert.match(text, /fixId prisma\.createTable\n/);
    assert.match(text, /fixId laravel\.driver\.cookie \(recommended\)\n/);
    assert.match(
      text,
      /Fixes need a trusted workspace: in restricted mode Session Doctor only reads\. \(session-doctor_fix refuses every fix until the user trusts this workspace\.\)/,
    );
  });

  it('session-doctor_fix asks no confirmation, says it refuses, and changes no byte: SQL, .env edit, command, destructive', async () => {
    const api = await sessionDoctor();
    const before = FILES.map((f) => readFileSync(f));
    for (const fixId of ['prisma.createTable', 'laravel.createTable', 'laravel.driver.cookie', 'prisma.dbPush', 'prisma.migrateReset']) {
      const prepared = await api.languageModelTools!.prepare('session-doctor_fix', { fixId });
      assert.equal(prepared?.confirmationMessages, undefined, fixId);
      assert.match(String(prepared?.invocationMessage), /^Refused, nothing changed: this workspace is not trusted/, fixId);
      const text = await invoke('session-doctor_fix', { fixId });
      assert.match(text, /^Refused, nothing changed: this workspace is not trusted, and Session Doctor applies no fix in restricted mode\./, fixId);
    }
    assert.deepEqual(
      FILES.map((f) => readFileSync(f)),
      before,
    );
    assert.equal(api.snapshot().problems.length, 2);
  });
});
