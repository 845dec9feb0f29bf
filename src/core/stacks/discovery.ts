import { LARAVEL_DISCOVERY_GLOBS } from './laravel/laravelApp';
import { PRISMA_DISCOVERY_GLOBS } from './prisma/prismaProject';

/**
 * Workspace globs of every file whose appearance can make a new app, one list per stack: what the
 * extension watches besides each diagnosed app's own files (`AppReport.watchFiles`). A change under
 * a folder discovery skips (`inSkippedFolder`) makes no app.
 */
export const DISCOVERY_GLOBS: readonly string[] = [...PRISMA_DISCOVERY_GLOBS, ...LARAVEL_DISCOVERY_GLOBS];
