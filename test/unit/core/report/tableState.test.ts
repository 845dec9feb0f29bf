import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AppReport, Diagnosis, TableState } from '../../../../src/core/problems/diagnosis';
import { Bundle } from '../../../../src/core/messages';
import { ENGLISH_LABELS, renderMarkdownReport, ReportLabels } from '../../../../src/core/report/markdownReport';
import { renderDiagnosisText } from '../../../../src/core/report/textReport';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const FR = JSON.parse(readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.fr.json'), 'utf8')) as Bundle;

function diagnosis(tableState: TableState): Diagnosis {
  const app: AppReport = { framework: 'laravel', root: '/w/api', sessionTable: 'sessions', dialect: 'sqlite', tableState, commands: [], watchFiles: [] };
  return { root: '/w', apps: [app], problems: [], health: tableState === 'unknown' ? 'unknown' : 'healthy', markers: [], elapsedMs: 1 };
}

/** The report's line for the app: "- Laravel · `api` · sqlite · table `sessions`: …". */
function appLine(md: string): string {
  const line = md.split('\n').find((l) => l.startsWith('- Laravel'));
  assert.ok(line, md);
  return line;
}

describe('the session table state in the reports', () => {
  const cases: Array<[TableState, string]> = [
    ['present', 'table `sessions`: present'],
    ['missing', 'table `sessions`: **missing**'],
    ['unknown', 'table `sessions`: _unknown_'],
    ['not-checked', 'table `sessions`: not checked'],
  ];
  for (const [state, expected] of cases) {
    it(`Markdown, ${state}: "${expected}" (only "missing" is bold, which the report's CSS shows in the warning colour)`, () => {
      assert.ok(appLine(renderMarkdownReport([diagnosis(state)], [])).endsWith(expected), appLine(renderMarkdownReport([diagnosis(state)], [])));
    });
  }

  it('the report CSS gives bold text the warning colour, which is why "present" must not be bold', () => {
    assert.match(readFileSync(path.join(ROOT, 'media', 'report.css'), 'utf8'), /strong\s*\{[^}]*editorWarning-foreground/);
  });

  it('French: the state agrees with "table" (feminine), in the Markdown and the text report', () => {
    const labels = Object.fromEntries(Object.entries(ENGLISH_LABELS).map(([k, v]) => [k, FR[v] ?? v])) as unknown as ReportLabels;
    assert.ok(appLine(renderMarkdownReport([diagnosis('missing')], [], labels)).endsWith('table `sessions` : **manquante**'));
    assert.ok(appLine(renderMarkdownReport([diagnosis('present')], [], labels)).endsWith('table `sessions` : présente'));
    const text = renderDiagnosisText(diagnosis('missing'), FR);
    assert.match(text, /table sessions : manquante/);
    assert.match(renderDiagnosisText(diagnosis('unknown'), FR), /État : inconnu\n/);
    assert.match(renderDiagnosisText(diagnosis('not-checked'), FR), /table sessions : non vérifiée/);
  });

  it('English text report: "table sessions: missing" and the health line', () => {
    assert.match(renderDiagnosisText(diagnosis('missing')), /table sessions: missing/);
    assert.match(renderDiagnosisText(diagnosis('present')), /Health: healthy\n$/);
    assert.match(renderDiagnosisText(diagnosis('not-checked')), /table sessions: not checked/);
  });
});
