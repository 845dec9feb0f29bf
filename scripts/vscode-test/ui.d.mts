// Types of ui.mjs for TypeScript UI tests (keep in step with the JSDoc there).
import type { Page } from 'playwright-core';

export interface WorkbenchOptions {
  /** Folder or .code-workspace file to open. */
  workspace: string;
  /** Default: this repository; null loads no extension from a folder. */
  extensionDevelopmentPath?: string | null;
  /** A packaged extension to install before the workbench opens. */
  vsix?: string;
  /** Default true; false opens the workspace in restricted mode. */
  trustWorkspace?: boolean;
  /** For example 'fr' (installs the minimal test language pack). */
  locale?: string;
  viewport?: { width: number; height: number };
  /** Per UI step; default 30000. */
  timeoutMs?: number;
}

export interface Workbench {
  /** For anything the helpers below do not cover. */
  readonly page: Page;
  readonly url: string;
  /** Quick Open (Ctrl+P) the file, wait until its editor shows. */
  openFile(relPath: string): Promise<void>;
  /**
   * Ctrl+. in the active editor (at line:column if given), pick the first action whose label
   * matches, asking again until it is offered or timeoutMs (default: the step timeout) passes.
   * Resolves with the label picked; rejects listing the labels offered.
   */
  quickFix(label: RegExp, options?: { line?: number; column?: number; timeoutMs?: number }): Promise<string>;
  /** Ctrl+S in the active editor; waits until it is no longer dirty (auto save is off, as on desktop). */
  save(): Promise<void>;
  /** Text of a status bar item by full id: `<publisher>.<name>.<item id>` or VS Code's `status.*`. */
  statusBarText(id: string): Promise<string>;
  /** PNG of the page; resolves with its absolute path. */
  screenshot(path: string): Promise<string>;
  /** Stops Chromium and code-server and deletes their files. */
  close(): Promise<void>;
}

export function launchWorkbench(options: WorkbenchOptions): Promise<Workbench>;
