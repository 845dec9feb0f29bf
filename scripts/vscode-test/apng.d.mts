// Types of apng.mjs for TypeScript tests (keep in step with the JSDoc there).
export function writeApng(frames: string[], out: string, delaysMs: number[]): void;
