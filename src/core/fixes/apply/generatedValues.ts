import { readFile } from 'node:fs/promises';
import { FileEdit } from '../../model';
import { envLookup, parseEnv } from '../../read/env/envFile';
import { generateAppKey } from '../../stacks/laravel/laravelAppKey';
import { GENERATED_PLACEHOLDER } from '../build/generatedPlaceholder';

export { GENERATED_PLACEHOLDER };

/** Fills the secrets an edit generates at apply time (never earlier). */
export function resolveGeneratedEdits(edits: FileEdit[]): FileEdit[] {
  return edits.map((e) =>
    e.generate === 'laravel-app-key' ? { ...e, newText: e.newText.split(GENERATED_PLACEHOLDER).join(generateAppKey()), generate: undefined } : e,
  );
}

/**
 * Drops a key-generating edit whose file already holds a key: another fix generated it since the
 * diagnosis (`fix --yes` applies the APP_KEY fix, then a cookie-driver switch that also carries
 * one). A key is never replaced; the rest of the fix still applies.
 */
export async function dropSatisfiedKeyEdits(edits: FileEdit[]): Promise<FileEdit[]> {
  const out: FileEdit[] = [];
  for (const e of edits) {
    if (e.generate === 'laravel-app-key') {
      const text = await readFile(e.file, 'utf8').catch(() => undefined);
      if (text !== undefined && envLookup(parseEnv(text.replace(/^\uFEFF/, '')), 'APP_KEY')?.value) continue;
    }
    out.push(e);
  }
  return out;
}
