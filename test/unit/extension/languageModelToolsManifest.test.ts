/**
 * `contributes.languageModelTools` as VS Code's tool extension point accepts it (a tool that breaks
 * one of these rules is dropped with only a line in the host's log), with its user-visible strings
 * in English and French. What the running host makes of it is tested in
 * test/integration/english/languageModelTools.test.ts (vscode.lm.tools).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const json = (f: string) => JSON.parse(readFileSync(path.join(ROOT, f), 'utf8')) as Record<string, unknown>;

interface Tool {
  name: string;
  displayName: string;
  toolReferenceName?: string;
  canBeReferencedInPrompt?: boolean;
  userDescription?: string;
  modelDescription: string;
  inputSchema?: { type: string; properties: Record<string, { type: string; description: string }>; required?: string[]; additionalProperties?: boolean };
  tags?: string[];
}

describe('the language-model tools in package.json', () => {
  const pkg = json('package.json') as { engines: { vscode: string }; contributes: { languageModelTools: Tool[] }; devDependencies: Record<string, string> };
  const tools = pkg.contributes.languageModelTools;
  const en = json('package.nls.json');
  const fr = json('package.nls.fr.json');

  it('declares session-doctor_check and session-doctor_fix', () => {
    assert.deepEqual(
      tools.map((t) => t.name),
      ['session-doctor_check', 'session-doctor_fix'],
    );
  });

  it("follows the extension point's rules: name, displayName and modelDescription; a reference name when it can be referenced; no reserved prefix", () => {
    for (const t of tools) {
      assert.match(t.name, /^[\w-]+$/);
      assert.doesNotMatch(t.name, /^(copilot_|vscode_)/);
      assert.ok(t.displayName && t.modelDescription.length > 100, t.name);
      if (t.canBeReferencedInPrompt) assert.match(t.toolReferenceName ?? '', /^[\w-]+$/, t.name);
      for (const tag of t.tags ?? []) assert.doesNotMatch(tag, /^(copilot_|vscode_)/);
    }
  });

  it('check takes no input; fix takes a required fixId and an optional app, nothing else', () => {
    const [check, fix] = tools;
    assert.deepEqual(check.inputSchema, { type: 'object', properties: {}, additionalProperties: false });
    assert.deepEqual(Object.keys(fix.inputSchema?.properties ?? {}), ['fixId', 'app']);
    assert.deepEqual(fix.inputSchema?.required, ['fixId']);
    assert.equal(fix.inputSchema?.additionalProperties, false);
    for (const p of Object.values(fix.inputSchema?.properties ?? {})) assert.equal(p.type, 'string');
  });

  it('the model is told what check returns and that fix asks the user first and refuses destructive fixes without their own pick', () => {
    const [check, fix] = tools;
    assert.match(check.modelDescription, /fixId/);
    assert.match(check.modelDescription, /Reads only; changes nothing/);
    assert.match(fix.modelDescription, /applies nothing unless they continue/);
    assert.match(fix.modelDescription, /untrusted workspace/);
    assert.match(fix.modelDescription, /destructive fix .* needs the user's own deliberate pick/);
  });

  it('shows the user localised names and descriptions (English and French), never the model text', () => {
    for (const t of tools) {
      for (const field of [t.displayName, t.userDescription ?? '']) {
        const key = /^%(.+)%$/.exec(field)?.[1];
        assert.ok(key, `${t.name}: ${field} is not localised`);
        assert.ok(en[key] && fr[key] && en[key] !== fr[key], key);
      }
    }
  });

  it('keeps @types/vscode at the engines minimum (vsce refuses a newer one): the tool API is typed in src/extension/lmApi.ts', () => {
    assert.equal(`^${pkg.devDependencies['@types/vscode']}`, pkg.engines.vscode);
  });
});
