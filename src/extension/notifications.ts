import * as vscode from 'vscode';
import { Problem } from '../core/model';
import { readSettings } from './config';
import { shortFixLabel } from './fixLabels';
import { FixRunner } from './fixRunner';
import { plain } from './l10n';

/** The same problem is announced at most once in this window. */
const QUIET_MS = 60_000;

/**
 * One notification per detected problem, rate-limited, with at most two short buttons: the
 * diagnosis' preferred fix, and "More Fixes…" (the problem's quick pick, with every fix and its
 * details) or "Show Report" when there is nothing else to pick.
 */
export class Notifier {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly fixes: FixRunner,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Shows the problem's notification unless the same problem was announced within QUIET_MS.
   * Returns whether it was shown. Only the same app + problem is held back: a notification left
   * unanswered (it sinks into the notification centre) must not silence every other problem.
   */
  notify(p: Problem): boolean {
    if (!readSettings().notifications) return false;
    const key = `${p.app}\u0000${p.code}`;
    const at = this.now();
    if (at - (this.last.get(key) ?? -Infinity) < QUIET_MS) return false;
    this.last.set(key, at);
    const safe = p.fixes.filter((f) => !f.destructive);
    const best = safe.find((f) => f.preferred) ?? safe.find((f) => !f.manual);
    const primary = best && shortFixLabel(best);
    const more = vscode.l10n.t('More Fixes…');
    const report = vscode.l10n.t('Show Report');
    const second = safe.length > 1 ? more : report;
    const buttons = primary ? [primary, second] : [report];
    void vscode.window.showWarningMessage(plain(p.message), ...buttons).then(async (pick) => {
      if (pick === undefined) return;
      if (pick === primary && best) await this.fixes.run(best);
      else if (pick === more) await vscode.commands.executeCommand('sessionDoctor.showProblems', { app: p.app, code: p.code });
      else if (pick === report) await vscode.commands.executeCommand('sessionDoctor.showReport');
    });
    return true;
  }
}
