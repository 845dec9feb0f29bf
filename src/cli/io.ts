/** What a CLI command may touch: streams and the process environment, passed in so tests can drive it. */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Asks a yes/no question (only used when stdin is a TTY); resolves false on anything but yes. */
  confirm?: (question: string) => Promise<boolean>;
}

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
export const EXIT_FOUND = 1;
export const EXIT_ERROR = 2;

export class UsageError extends Error {}
