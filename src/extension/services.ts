import * as vscode from 'vscode';
import { SessionCodeActions, QUICK_FIX_SELECTOR } from './codeActions';
import { SessionCodeLens } from './codeLens';
import { registerCommands } from './commands';
import { readSettings } from './config';
import { registerDebugWatcher } from './debugWatcher';
import { Diagnostics } from './diagnostics';
import { DisposableStore, timeout } from './disposableStore';
import { nextEvent } from './nextEvent';
import { DiagnosisStore, Snapshot } from './diagnosisStore';
import { registerFileWatchers } from './fileWatchers';
import { Detection, makeFindingSink } from './findingSink';
import { FixRunner } from './fixRunner';
import { LanguageModelTools, registerLanguageModelTools } from './lmTools';
import { registerLogWatcher } from './logWatcher';
import { Notifier } from './notifications';
import { ReportView } from './report';
import { SqlPreview } from './sqlPreview';
import { StatusBar } from './statusBar';
import { registerTerminalWatcher } from './terminalWatcher';
import { UntrustedHover } from './workspaceTrust';

/** The API `activate()` returns: read-only views of the state, for tests and other extensions. */
export interface SessionDoctorApi {
  readonly activationMs: number;
  snapshot(): Snapshot;
  /** Re-diagnoses now. Run-time reports are cleared, as Check Now does, unless `keepRuntime`. */
  refresh(opts?: { keepRuntime?: boolean }): Promise<Snapshot>;
  /**
   * Resolves with the next snapshot that is not `checking`; rejects after `timeoutMs` (default 60 s)
   * or when the extension is deactivated. Its listener is removed in every case.
   */
  settled(timeoutMs?: number): Promise<Snapshot>;
  statusText(): string;
  /** The status bar item's tooltip (Markdown source), as users see it on hover. */
  statusTooltip(): string;
  reportMarkdown(): string;
  /** The latest run-time detections (terminal, logs, debug console), oldest first, at most 100. */
  detections(): readonly Detection[];
  /** Fires after each run-time detection has been handed to the store and the notifier. */
  readonly onDidDetect: vscode.Event<Detection>;
  /**
   * The extension's log folder (`context.logUri`): the 'Session Doctor' log channel writes its file
   * (`Session Doctor.log`) there, so tests can read everything the extension logged.
   */
  readonly logUri: vscode.Uri;
  /**
   * The language-model tools' prepareInvocation (what VS Code shows and asks before a tool runs);
   * undefined on a host without the tool API (before VS Code 1.95), where none is registered.
   */
  readonly languageModelTools: LanguageModelTools | undefined;
}

const MAX_DETECTIONS = 100;
const SETTLE_TIMEOUT_MS = 60_000;

/** Builds every service once; each is a Disposable owned by the extension context. */
export function createServices(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, started: number): SessionDoctorApi {
  const own = <T extends vscode.Disposable>(d: T): T => {
    context.subscriptions.push(d);
    return d;
  };
  const store = own(new DiagnosisStore(log));
  /** The API's pending waits (settled()): ended when the extension is deactivated. */
  const waits = own(new DisposableStore());
  const statusBar = own(new StatusBar());
  const diagnostics = own(new Diagnostics());
  const fixes = own(new FixRunner(context.extensionUri, store, log, vscode.Uri.joinPath(context.globalStorageUri, 'backups').fsPath, own(new SqlPreview())));
  const report = own(new ReportView(context.extensionUri, store));
  const notifier = new Notifier(fixes);
  own(
    store.onDidChange((s) => {
      statusBar.render(s);
      diagnostics.render(s);
    }),
  );
  own(vscode.languages.registerHoverProvider(QUICK_FIX_SELECTOR, new UntrustedHover()));
  own(vscode.languages.registerCodeLensProvider(QUICK_FIX_SELECTOR, own(new SessionCodeLens(store))));
  own(
    vscode.languages.registerCodeActionsProvider(QUICK_FIX_SELECTOR, new SessionCodeActions(diagnostics), {
      providedCodeActionKinds: SessionCodeActions.providedCodeActionKinds,
    }),
  );
  // Tests cannot answer a modal dialog: only an extension host started for tests honours the
  // commands' `{ confirmed: true }` argument (see commands.ts); users always see the modal.
  own(registerCommands(store, fixes, report, context.extensionMode === vscode.ExtensionMode.Test));
  own(registerFileWatchers(store));
  // Live MySQL/PostgreSQL checks wait for trust (see DiagnosisStore): run them once it is granted.
  own(vscode.workspace.onDidGrantWorkspaceTrust(() => void store.refresh()));

  const sessionTables = () => {
    const s = readSettings();
    const names = store.snapshot.diagnoses.flatMap((d) => d.apps.map((a) => a.sessionTable ?? '')).filter(Boolean);
    return [...names, s.sessionTable].filter(Boolean);
  };
  const detections: Detection[] = [];
  const detected = own(new vscode.EventEmitter<Detection>());
  const sink = makeFindingSink(
    store,
    log,
    (p) => notifier.notify(p),
    (d) => {
      detections.push(d);
      if (detections.length > MAX_DETECTIONS) detections.shift();
      detected.fire(d);
    },
  );
  own(registerTerminalWatcher(sink, sessionTables, log));
  own(registerLogWatcher(sink, sessionTables));
  own(registerDebugWatcher(sink, sessionTables));

  // Agents in chat: session-doctor_check and session-doctor_fix, where the host has the API.
  const lmTools = registerLanguageModelTools(vscode, store, fixes, log);
  if (lmTools) own(lmTools.registration);

  const activationMs = Date.now() - started;
  // The first diagnosis reads files and databases: keep it off the activation path.
  own(timeout(0, () => void store.refresh()));
  return {
    activationMs,
    snapshot: () => store.snapshot,
    refresh: (opts) => store.refresh({ clearRuntime: !opts?.keepRuntime }),
    settled: async (timeoutMs = SETTLE_TIMEOUT_MS) => {
      const s = store.snapshot;
      if (s.state !== 'checking' && s.diagnoses.length > 0) return s;
      const next = await nextEvent(store.onDidChange, (x) => (x.state !== 'checking' ? x : undefined), { owner: waits, timeoutMs });
      if (next.status === 'fired') return next.value;
      throw new Error(next.status === 'timeout' ? `Session Doctor did not settle within ${timeoutMs} ms` : 'Session Doctor was deactivated before it settled');
    },
    statusText: () => statusBar.item.text,
    statusTooltip: () => {
      const tip = statusBar.item.tooltip;
      return typeof tip === 'string' ? tip : (tip?.value ?? '');
    },
    reportMarkdown: () => report.markdown(),
    detections: () => [...detections],
    onDidDetect: detected.event,
    logUri: context.logUri,
    languageModelTools: lmTools?.tools,
  };
}
