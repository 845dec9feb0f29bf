import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Bundle } from '../core/messages';

/** The display language from the usual variables; SESSION_DOCTOR_LANG wins. */
export function cliLanguage(env: NodeJS.ProcessEnv): string {
  const raw = env.SESSION_DOCTOR_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG || 'en';
  return raw.toLowerCase().split(/[_.@-]/)[0] || 'en';
}

/** The same l10n bundle the extension uses (`l10n/bundle.l10n.<lang>.json`), or undefined for English. */
export function loadBundle(env: NodeJS.ProcessEnv): Bundle | undefined {
  const lang = cliLanguage(env);
  if (lang === 'en') return undefined;
  // dist/cli.js -> ../l10n ; src/cli/locale.ts (tests) -> ../../l10n
  for (const dir of [path.join(__dirname, '..', 'l10n'), path.join(__dirname, '..', '..', 'l10n')]) {
    try {
      return JSON.parse(readFileSync(path.join(dir, `bundle.l10n.${lang}.json`), 'utf8')) as Bundle;
    } catch {
      /* try the next location; no bundle means English */
    }
  }
  return undefined;
}
