import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { MESSAGES, formatTemplate, renderMessage } from '../../../src/core/messages';
import { ENGLISH_LABELS } from '../../../src/core/report/markdownReport';
import { PROBLEM_RULES } from '../../../src/core/report/problemRules';
import { TABLE_STATES, TEXT_LABELS } from '../../../src/core/report/textReport';

const ROOT = path.join(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every literal first argument of vscode.l10n.t(...) in the extension's sources. */
export function l10nLiterals(): string[] {
  const out = new Set<string>();
  const re = /vscode\.l10n\.t\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g;
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(re)) out.add((m[1] ?? m[2]).replace(/\\(['"\\])/g, '$1'));
  }
  return [...out];
}

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
}

describe('French UI strings', () => {
  const fr = JSON.parse(readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.fr.json'), 'utf8')) as Record<string, string>;
  const keys = [
    ...Object.values(MESSAGES),
    ...l10nLiterals(),
    ...Object.values(ENGLISH_LABELS),
    ...Object.values(TEXT_LABELS),
    ...Object.values(TABLE_STATES),
    ...Object.values(PROBLEM_RULES).map((r) => r.description),
  ];

  it('finds the strings it checks (the extraction works)', () => {
    assert.ok(l10nLiterals().length > 20, 'expected many vscode.l10n.t literals');
    assert.ok(l10nLiterals().includes('Sessions: OK'));
  });

  it('has a French translation for every core message, UI string and report label', () => {
    const missing = keys.filter((k) => !(k in fr));
    assert.deepEqual(missing, []);
  });

  it('keeps every placeholder of every string', () => {
    const wrong = keys.filter((k) => k in fr && placeholders(k).join() !== placeholders(fr[k]).join());
    assert.deepEqual(wrong, []);
  });

  it('keeps command names and identifiers in backticks untranslated', () => {
    for (const k of keys) {
      const code = [...k.matchAll(/`[^`]+`/g)].map((m) => m[0]);
      for (const c of code) assert.ok(fr[k]?.includes(c), `${JSON.stringify(k)} -> ${JSON.stringify(fr[k])} lost ${c}`);
    }
  });

  it('has no stale entries', () => {
    const known = new Set(keys);
    assert.deepEqual(
      Object.keys(fr).filter((k) => !known.has(k)),
      [],
    );
  });

  it('renders a core message in French through the bundle', () => {
    const m = { id: 'laravel.sessionTableMissing', args: ['sessions', 'database/database.sqlite'] };
    assert.equal(renderMessage(m, fr), formatTemplate(fr[MESSAGES['laravel.sessionTableMissing']], m.args));
    assert.notEqual(renderMessage(m, fr), renderMessage(m));
  });
});

describe('manifest strings', () => {
  const pkg = readFileSync(path.join(ROOT, 'package.json'), 'utf8');
  const en = JSON.parse(readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const fr = JSON.parse(readFileSync(path.join(ROOT, 'package.nls.fr.json'), 'utf8')) as Record<string, string>;
  it('every %key% in package.json is in package.nls.json and package.nls.fr.json', () => {
    const used = [...new Set([...pkg.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]))];
    assert.ok(used.length > 10);
    assert.deepEqual(
      used.filter((k) => !(k in en)),
      [],
    );
    assert.deepEqual(
      used.filter((k) => !(k in fr)),
      [],
    );
    assert.deepEqual(Object.keys(en).sort(), Object.keys(fr).sort());
  });
});
