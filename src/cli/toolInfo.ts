import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SarifTool } from '../core/report/sarifReport';

/** The tool's name, version and home page, from the package.json shipped beside dist/ (or the repo's, in tests). */
export function toolInfo(): SarifTool {
  // dist/cli.js -> ../package.json ; src/cli/toolInfo.ts (tests) -> ../../package.json
  for (const dir of [path.join(__dirname, '..'), path.join(__dirname, '..', '..')]) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
        homepage?: string;
        repository?: { url?: string };
      };
      if (pkg.name !== 'session-doctor' || !pkg.version) continue;
      const home = pkg.homepage ?? pkg.repository?.url?.replace(/^git\+/, '').replace(/\.git$/, '');
      return { name: 'Session Doctor', version: pkg.version, informationUri: home ?? 'https://example.invalid/session-doctor' };
    } catch {
      /* try the next location */
    }
  }
  return { name: 'Session Doctor', version: '0.0.0', informationUri: 'https://example.invalid/session-doctor' };
}
