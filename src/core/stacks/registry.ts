/**
 * Every stack Session Doctor knows, in the order their apps are reported. Adding a stack is one
 * folder under stacks/ and one line here (CONTRIBUTING.md, "Adding a stack").
 */
import type { Stack } from './stack';
import { betterAuthStack } from './betterAuth';
import { connectPgSimpleStack } from './connectPgSimple';
import { djangoStack } from './django';
import { laravelStack } from './laravel';
import { prismaStack } from './prisma';
import { symfonyStack } from './symfony';

export const STACKS: readonly Stack[] = [prismaStack, laravelStack, symfonyStack, connectPgSimpleStack, djangoStack, betterAuthStack];

/** The marker globs of every stack: the files whose appearance can bring a new app into a folder. */
export function discoveryMarkers(): string[] {
  return [...new Set(STACKS.flatMap((s) => s.markers))];
}
