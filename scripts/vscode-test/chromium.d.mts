// Types of chromium.mjs for TypeScript tests.
import type { BrowserContext } from 'playwright-core';

export function launchChromium(run: unknown, options?: { viewport?: { width: number; height: number } }): Promise<BrowserContext>;
export function workbenchUrl(origin: string, options: { workspace?: string; extensionDevelopmentPaths?: string[]; extensionTestsPath?: string }): string;
