import * as vscode from 'vscode';
import { Scanner } from '../core/detect/scanner';
import { readSettings } from './config';
import { DisposableLike, DisposableStore, timeout } from './disposableStore';
import { FindingSink } from './findingSink';

/** How long a new terminal may take to report shell integration before we say we cannot read it. */
const SHELL_INTEGRATION_GRACE_MS = 10_000;

/**
 * Feeds every command's output in every terminal to the core scanner, through the stable
 * shell-integration API. Some output may be missed (a known upstream race for very fast
 * commands); terminals without shell integration are named once, with a setting to silence it.
 */
export function registerTerminalWatcher(sink: FindingSink, sessionTables: () => string[], log: vscode.LogOutputChannel): vscode.Disposable {
  // A store, not Disposable.from(...): a timer is added for every terminal opened later.
  const subs = new DisposableStore();
  /** The grace timer of each terminal still waiting for shell integration. */
  const timers = new Map<vscode.Terminal, DisposableLike>();
  const warned = new WeakSet<vscode.Terminal>();
  let warnedOnce = false;

  subs.add(
    vscode.window.onDidStartTerminalShellExecution((e) => {
      if (!readSettings().watchTerminals) return;
      void (async () => {
        const scanner = new Scanner({ sessionTables: sessionTables() });
        const source = vscode.l10n.t('terminal {0}', e.terminal.name);
        try {
          for await (const data of e.execution.read()) sink(scanner.write(data), source);
        } catch {
          /* the terminal went away mid-read: what was read has been scanned */
        }
        sink(scanner.end(), source);
      })();
    }),
  );

  const watchForIntegration = (terminal: vscode.Terminal) => {
    if (terminal.shellIntegration || warned.has(terminal) || timers.has(terminal)) return;
    const timer = timeout(SHELL_INTEGRATION_GRACE_MS, () => {
      forget(terminal);
      const s = readSettings();
      if (terminal.shellIntegration || !s.watchTerminals || terminal.exitStatus) return;
      // Every such terminal is logged; the notification is shown once per window, unless silenced.
      log.info(`Terminal "${terminal.name}" has no shell integration after ${SHELL_INTEGRATION_GRACE_MS / 1000} s: errors printed there are not detected.`);
      if (!s.warnNoShellIntegration || warnedOnce) return;
      warned.add(terminal);
      warnedOnce = true;
      const silence = vscode.l10n.t("Don't Show Again");
      void vscode.window
        .showInformationMessage(
          vscode.l10n.t('Session Doctor cannot read terminal "{0}": it has no shell integration. Errors printed there are not detected.', terminal.name),
          silence,
        )
        .then((pick) => {
          if (pick === silence)
            void vscode.workspace.getConfiguration('sessionDoctor').update('warnNoShellIntegration', false, vscode.ConfigurationTarget.Global);
        });
    });
    timers.set(terminal, subs.add(timer));
  };
  /** Lets go of a terminal's timer once it fired or the terminal closed, so the store does not grow. */
  const forget = (terminal: vscode.Terminal) => {
    const timer = timers.get(terminal);
    if (!timer) return;
    timers.delete(terminal);
    subs.delete(timer);
  };
  subs.add(vscode.window.onDidOpenTerminal(watchForIntegration));
  subs.add(vscode.window.onDidCloseTerminal(forget));
  vscode.window.terminals.forEach(watchForIntegration);
  return subs;
}
