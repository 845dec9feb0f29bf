/**
 * A variable as a Node app sees it: the process environment first, then `.env` files read with
 * `dotenv` (and expanded with `dotenv-expand`), which never override an exported value. Used by
 * Prisma's `env("…")` and by connect-pg-simple's `process.env.DATABASE_URL`.
 */
import { parse as parseDotenv } from 'dotenv';
import { expand } from 'dotenv-expand';
import { readRegularText } from '../regularFile';

export interface EnvSource {
  file: string;
  /** True when the app itself may not load that file: the value is then an assumption. */
  assumed: boolean;
}

export type EnvLookup = { value: string; source?: EnvSource } | { error: string } | undefined;

/** `name` from the environment, else from the first of `sources` that sets it; undefined when none does. */
export async function lookupEnv(name: string, sources: readonly EnvSource[], processEnv: NodeJS.ProcessEnv): Promise<EnvLookup> {
  const fromProcess = processEnv[name];
  if (fromProcess !== undefined && fromProcess !== '') return { value: fromProcess };
  for (const source of sources) {
    const read = await readRegularText(source.file);
    if (!read.ok) {
      // An absent .env is normal; one that is there but cannot be read (a FIFO, a folder, too large) may hold the value.
      if (read.failure === 'missing') continue;
      return { error: read.reason };
    }
    const parsed = parseDotenv(read.text);
    // Expand ${VAR} against the file itself, never mutating our process.
    const expanded = expand({ parsed: { ...parsed }, processEnv: {} }).parsed ?? parsed;
    if (expanded[name] !== undefined) return { value: expanded[name], source };
  }
  return undefined;
}
