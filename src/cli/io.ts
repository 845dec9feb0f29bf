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

/** Exit codes shared by every command (the table in README.md). */
export const EXIT_OK = 0;
export const EXIT_FOUND = 1;
export const EXIT_ERROR = 2;
/** `check`/`fix`: no Prisma or Laravel app under the folder, so nothing was checked. */
export const EXIT_NO_APP = 3;

export class UsageError extends Error {}
