import * as path from 'node:path';
import { isFile } from '../../read/findFiles';

/**
 * Which Prisma CLI a command of this project runs. `npx prisma` alone resolves the newest Prisma
 * from the registry when the project has no node_modules (seen: prisma@7.10.1 for a project that
 * declares ^6.19.3), and another major can rewrite or refuse the project's history. So:
 * - the project's own CLI, `node_modules/.bin/prisma`, the nearest one from the app root up to the
 *   folder Session Doctor was pointed at (never above it: a binary elsewhere is not this project's);
 * - else `npx --yes prisma@<range>`, pinned to the range package.json declares;
 * - else, with nothing declared, `npx prisma`.
 */
export type PrismaCli = { kind: 'local'; bin: string } | { kind: 'npx'; range?: string };

/** A range npm can resolve from the registry (`^6.19.3`, `6.x`, `>=6 <7`); not `workspace:*`, `file:`, `latest`. */
export function pinnableRange(range: string | undefined): string | undefined {
  const r = range?.trim();
  return r && /\d/.test(r) && /^[\d.xX*^~<>=|\s-]+$/.test(r) ? r : undefined;
}

/** The nearest `node_modules/.bin/prisma` from `root` up to `stopAt` (inclusive), if `root` is inside it. */
export async function findLocalPrismaBin(root: string, stopAt: string, platform: NodeJS.Platform = process.platform): Promise<string | undefined> {
  const name = platform === 'win32' ? 'prisma.cmd' : 'prisma';
  const top = path.resolve(stopAt);
  let dir = path.resolve(root);
  const rel = path.relative(top, dir);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  for (;;) {
    const bin = path.join(dir, 'node_modules', '.bin', name);
    if (await isFile(bin)) return bin;
    if (dir === top) return undefined;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** argv[0..] that starts the project's Prisma CLI from `cwd`; the displayed command is this argv. */
export function prismaCliArgv(cli: PrismaCli | undefined, cwd: string): string[] {
  if (cli?.kind === 'local') {
    const rel = path.relative(cwd, cli.bin);
    // `./x` or `../x`: a path, never a PATH lookup, in a shell and in spawn (which resolves it from cwd).
    return [rel.startsWith('..') ? rel : `.${path.sep}${rel}`];
  }
  const range = pinnableRange(cli?.range);
  return range ? ['npx', '--yes', `prisma@${range}`] : ['npx', 'prisma'];
}
