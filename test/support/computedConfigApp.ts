import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A Prisma 7 app whose prisma.config.ts computes the url (shape of kentcdodds.com's; see its PROVENANCE.md). */
export const COMPUTED_FIXTURE = path.join(__dirname, '..', 'fixtures', 'prisma-apps', 'kentcdodds-computed-config');

/** A fresh copy of the fixture in a temp folder, with files added or replaced. */
export function copyComputedFixture(files: Record<string, string> = {}): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sd-computed-'));
  cpSync(COMPUTED_FIXTURE, root, { recursive: true });
  for (const [rel, text] of Object.entries(files)) writeFileSync(path.join(root, rel), text);
  return root;
}
