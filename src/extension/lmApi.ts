/**
 * The language-model tool API (VS Code 1.95 and later: `vscode.lm.registerTool`, `lm.tools`,
 * `lm.invokeTool`, `LanguageModelToolResult`), typed here: the project compiles against
 * @types/vscode 1.93, the oldest version `engines` allows (vsce refuses @types/vscode newer than
 * `engines.vscode`), and that has none of it. `languageModelToolsApi()` is the run-time guard:
 * it returns the API only when the running host has all of it, so the extension still starts on
 * 1.93 and 1.94. Only types come from `vscode` here, so the guard is unit-tested in Node.
 */
import type { CancellationToken, Disposable, MarkdownString, ProviderResult } from 'vscode';

export interface ToolInvocationOptions<T> {
  readonly input: T;
  /** Set when a chat request calls the tool; undefined outside a chat. */
  readonly toolInvocationToken?: unknown;
}

export interface ToolPrepareOptions<T> {
  readonly input: T;
}

/** Shown with "Continue" and "Cancel" before the tool runs. */
export interface ToolConfirmationMessages {
  title: string;
  message: string | MarkdownString;
}

export interface PreparedToolInvocation {
  invocationMessage?: string | MarkdownString;
  confirmationMessages?: ToolConfirmationMessages;
}

/** A `vscode.LanguageModelToolResult`: its text parts have a string `value`. */
export interface ToolResult {
  readonly content: readonly unknown[];
}

export interface LanguageModelTool<T> {
  invoke(options: ToolInvocationOptions<T>, token: CancellationToken): ProviderResult<ToolResult>;
  prepareInvocation?(options: ToolPrepareOptions<T>, token: CancellationToken): ProviderResult<PreparedToolInvocation>;
}

/** An entry of `vscode.lm.tools`. */
export interface ToolInformation {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: object | undefined;
  readonly tags: readonly string[];
}

export interface LanguageModelToolsApi {
  registerTool<T>(name: string, tool: LanguageModelTool<T>): Disposable;
  readonly tools: readonly ToolInformation[];
  invokeTool(name: string, options: ToolInvocationOptions<object>, token?: CancellationToken): Thenable<ToolResult>;
  /** `new LanguageModelToolResult([new LanguageModelTextPart(text)])`: the host converts only its own classes. */
  textResult(text: string): ToolResult;
}

type Constructor = new (...args: never[]) => unknown;

/** The parts of the `vscode` module the guard looks at (a 1.93 host has `lm`, without tools). */
export interface HostApi {
  readonly version?: string;
  readonly lm?: object;
  readonly LanguageModelToolResult?: unknown;
  readonly LanguageModelTextPart?: unknown;
}

interface LmWithTools {
  registerTool: LanguageModelToolsApi['registerTool'];
  invokeTool: LanguageModelToolsApi['invokeTool'];
  readonly tools: readonly ToolInformation[];
}

/** The tool API when the host has it, else undefined (VS Code 1.93 and 1.94). */
export function languageModelToolsApi(host: HostApi): LanguageModelToolsApi | undefined {
  const lm = host.lm as Partial<LmWithTools> | undefined;
  const Result = host.LanguageModelToolResult as Constructor | undefined;
  const Text = host.LanguageModelTextPart as Constructor | undefined;
  if (!lm || typeof lm.registerTool !== 'function' || typeof lm.invokeTool !== 'function') return undefined;
  if (typeof Result !== 'function' || typeof Text !== 'function') return undefined;
  const { registerTool, invokeTool } = lm as LmWithTools;
  return {
    registerTool: (name, tool) => registerTool.call(lm, name, tool),
    invokeTool: (name, options, token) => invokeTool.call(lm, name, options, token),
    get tools() {
      return (lm as LmWithTools).tools ?? [];
    },
    textResult: (text) => new (Result as new (parts: unknown[]) => ToolResult)([new (Text as new (value: string) => unknown)(text)]),
  };
}

/** The text of a tool result: its text parts' values, in order. */
export function toolResultText(result: ToolResult): string {
  return result.content
    .map((p) => (p && typeof p === 'object' && typeof (p as { value?: unknown }).value === 'string' ? (p as { value: string }).value : ''))
    .join('');
}
