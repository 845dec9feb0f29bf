// Types of test-workspaces.mjs (keep in step with the JSDoc there).
export const FIXTURE_WORKSPACES: string;
export const TEST_WORKSPACES: string;
export function fixtureDatabases(folder: string): Array<{ seed: string; file: string }>;
export function buildDatabases(folder: string): void;
export function prepareWorkspace(fixture: string, name: string): { folder: string; workspaceFile: string };
