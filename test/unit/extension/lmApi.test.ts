/**
 * The run-time guard of src/extension/lmApi.ts: the language-model tool API is used only where the
 * host has it (VS Code 1.95+), so the extension still starts on the oldest VS Code `engines` allows.
 * The host objects here have the shapes of VS Code 1.93 (an `lm` namespace with chat models, no
 * tools) and 1.95+; the real 1.100 host is exercised by test/integration/english/languageModelTools.test.ts.
 */
import * as assert from 'node:assert/strict';
import { languageModelToolsApi, toolResultText } from '../../../src/extension/lmApi';

class LanguageModelTextPart {
  constructor(public value: string) {}
}
class LanguageModelToolResult {
  constructor(public content: unknown[]) {}
}

function host1_95() {
  const calls: unknown[][] = [];
  const lm = {
    selectChatModels: () => Promise.resolve([]),
    tools: [{ name: 'session-doctor_check', description: 'd', inputSchema: {}, tags: [] }],
    registerTool(this: unknown, name: string, tool: unknown) {
      calls.push(['registerTool', this, name, tool]);
      return { dispose: () => undefined };
    },
    invokeTool(this: unknown, name: string, options: unknown) {
      calls.push(['invokeTool', this, name, options]);
      return Promise.resolve(new LanguageModelToolResult([new LanguageModelTextPart('ok')]));
    },
  };
  return { calls, lm, host: { version: '1.95.0', lm, LanguageModelToolResult, LanguageModelTextPart } };
}

describe('languageModelToolsApi: the tool API only where the host has it', () => {
  it('VS Code 1.93/1.94 (lm without registerTool): none, so nothing is registered', () => {
    assert.equal(languageModelToolsApi({ version: '1.93.1', lm: { selectChatModels: () => Promise.resolve([]) } }), undefined);
  });

  it('no lm at all, or registerTool without the result classes: none', () => {
    assert.equal(languageModelToolsApi({ version: '1.80.0' }), undefined);
    const { lm } = host1_95();
    assert.equal(languageModelToolsApi({ lm }), undefined);
    assert.equal(languageModelToolsApi({ lm, LanguageModelToolResult }), undefined);
  });

  it("VS Code 1.95+: registerTool and invokeTool are the host's, called on lm; tools is live", async () => {
    const { calls, lm, host } = host1_95();
    const api = languageModelToolsApi(host);
    assert.ok(api);
    const tool = { invoke: () => undefined };
    api.registerTool('session-doctor_check', tool);
    const r = await api.invokeTool('session-doctor_check', { input: {} });
    assert.deepEqual(
      calls.map((c) => [c[0], c[1] === lm, c[2]]),
      [
        ['registerTool', true, 'session-doctor_check'],
        ['invokeTool', true, 'session-doctor_check'],
      ],
    );
    assert.equal(calls[0][3], tool);
    assert.equal(toolResultText(r), 'ok');
    lm.tools = [...lm.tools, { name: 'x', description: '', inputSchema: {}, tags: [] }];
    assert.deepEqual(
      api.tools.map((t) => t.name),
      ['session-doctor_check', 'x'],
    );
  });

  it("textResult builds the host's own classes (VS Code converts no plain object)", () => {
    const api = languageModelToolsApi(host1_95().host)!;
    const r = api.textResult('Health: healthy');
    assert.ok(r instanceof LanguageModelToolResult);
    assert.ok(r.content[0] instanceof LanguageModelTextPart);
    assert.equal(toolResultText(r), 'Health: healthy');
  });

  it('toolResultText joins the text parts and skips the others', () => {
    assert.equal(toolResultText({ content: [new LanguageModelTextPart('a'), { data: 1 }, null, new LanguageModelTextPart('b')] }), 'ab');
  });
});
