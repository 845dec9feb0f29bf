import * as vscode from 'vscode';

/** What to ask before an action that destroys or overwrites data. */
interface DestructiveQuestion {
  /** What is about to happen, e.g. the fix's title. */
  title: string;
  /** Why it is dangerous, in full (the modal wraps it; a quick pick would cut it off). */
  detail?: string;
  /** The dangerous choice, e.g. "Reset and lose all data". */
  proceed: string;
  /** The safe choice, e.g. "Keep my data". */
  keep: string;
}

interface Choice extends vscode.QuickPickItem {
  proceed: boolean;
}

/**
 * Asks before an action that destroys or overwrites, so that Enter (or a hurried click on the
 * highlighted button) never runs it. A modal focuses its first regular button, even with a
 * "Cancel" close affordance, so the modal here only explains, and its one button is harmless
 * ("Continue…"). The choice itself is a quick pick whose active item is the safe one; the
 * dangerous item takes a deliberate pick (a click, or arrow down then Enter).
 * Resolves true only when the dangerous item was picked.
 */
export async function confirmDestructive(q: DestructiveQuestion): Promise<boolean> {
  const next = vscode.l10n.t('Continue…');
  const first = await vscode.window.showWarningMessage(q.title, { modal: true, detail: q.detail }, next);
  if (first !== next) return false;
  const keep: Choice = { label: `$(shield) ${q.keep}`, proceed: false, alwaysShow: true };
  const proceed: Choice = { label: `$(warning) ${q.proceed}`, proceed: true, alwaysShow: true };
  const pick = vscode.window.createQuickPick<Choice>();
  pick.title = q.title;
  pick.placeholder = vscode.l10n.t('Enter keeps everything as it is');
  pick.items = [keep, proceed];
  pick.activeItems = [keep];
  pick.ignoreFocusOut = true;
  try {
    return await new Promise<boolean>((resolve) => {
      pick.onDidAccept(() => {
        resolve(pick.selectedItems[0]?.proceed === true);
        pick.hide();
      });
      pick.onDidHide(() => resolve(false));
      pick.show();
    });
  } finally {
    pick.dispose();
  }
}
