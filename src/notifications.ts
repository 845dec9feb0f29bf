import * as vscode from 'vscode';
import { Problem } from './core/model';
import { readSettings } from './config';
import { FixRunner } from './fixRunner';
import { t } from './l10n';

/** The same problem is announced at most once in this window. */
const QUIET_MS = 60_000;

/**
 * One notification per detected problem, rate-limited, whose buttons are the problem's own
 * (non-destructive) fixes, best first.
 */
export class Notifier {
  private readonly last = new Map<string, number>();

  constructor(private readonly fixes: FixRunner, private readonly now: () => number = Date.now) {}

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
    const fixes = p.fixes.filter((f) => !f.destructive).slice(0, 3);
    const titles = fixes.map((f) => t(f.title));
    const report = vscode.l10n.t('Show Report');
    void vscode.window.showWarningMessage(t(p.message), ...titles, report).then(async (pick) => {
      if (pick === report) await vscode.commands.executeCommand('sessionDoctor.showReport');
      const i = pick ? titles.indexOf(pick) : -1;
      if (i >= 0) await this.fixes.run(fixes[i]);
    });
    return true;
  }
}
