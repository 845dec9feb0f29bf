// Types of code-server-as-vscode.mjs's exported parser, for TypeScript tests.
export interface LauncherArgs {
  devPaths: string[];
  testsPath?: string;
  workspace?: string;
  locale?: string;
  untrusted: boolean;
  timeoutMs?: number;
  verbose: boolean;
  version: boolean;
  /** Arguments accepted and ignored (unknown flags, profile folders, non-workspace paths). */
  ignored: string[];
}
export function parseArgs(argv: string[]): LauncherArgs;
