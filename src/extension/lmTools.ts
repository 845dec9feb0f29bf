import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Fix, Problem } from '../core/model';
import { selectFixById } from '../core/problems/fixById';
import { renderDiagnosisForAgent, renderProblemsForAgent } from '../core/report/agentReport';
import { describePlan } from '../core/report/fixPlan';
import { printable } from '../core/report/printable';
import { renderDiagnosisText } from '../core/report/textReport';
import { DiagnosisStore, Snapshot } from './diagnosisStore';
import { FixResult, FixRunner } from './fixRunner';
import { plain } from './l10n';
import { HostApi, LanguageModelTool, LanguageModelToolsApi, languageModelToolsApi, PreparedToolInvocation, ToolResult } from './lmApi';
import { fixesNeedTrust } from './workspaceTrust';

/** The tools' names, as package.json's `contributes.languageModelTools` declares them. */
export const CHECK_TOOL = 'session-doctor_check';
export const FIX_TOOL = 'session-doctor_fix';

/** The fix tool's input (its JSON schema is in package.json). */
export interface FixToolInput {
  fixId: string;
  /** The app's folder, absolute or relative to its workspace folder; needed when several apps offer the fix. */
  app?: string;
}

/** What `activate()` exposes of the tools: their side-effect-free half. */
export interface LanguageModelTools {
  /** The tool's own `prepareInvocation`: what VS Code shows, and asks, before the tool runs. */
  prepare(name: string, input: object): Promise<PreparedToolInvocation | undefined>;
}

/** How the check tool's answer ends when there is something to fix. */
const APPLY_HINT = `To apply one: the ${FIX_TOOL} tool with its fixId (and app, when several apps offer that fix). VS Code shows the user exactly what changes and asks first.`;

const bundle = () => vscode.l10n.bundle;

function workspaceRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** Plain text as Markdown that shows it as is (appendText would also turn every space into &nbsp;). */
function markdownText(s: string): string {
  return s.replace(/[\\`*_{}[\]<>#|]/g, '\\$&');
}

/** An app as the check tool names it: its folder relative to the workspace folder. */
function appName(app: string): string {
  return vscode.workspace.asRelativePath(app, false) || path.basename(app);
}

/** The check tool's answer for one state of the store: the agent text of each workspace folder. */
function checkText(s: Snapshot): string {
  const out = s.diagnoses.map((d) => renderDiagnosisForAgent(d, bundle(), { applyHint: APPLY_HINT }));
  if (s.diagnoses.length === 0) out.push('No folder of this workspace is on disk: nothing was checked.\n');
  if (s.runtimeProblems.length)
    out.push(
      `Reported by a running process (a terminal, a log or the debug console):\n${renderProblemsForAgent(s.diagnoses[0]?.root ?? '', s.runtimeProblems, bundle())}`,
    );
  if (!vscode.workspace.isTrusted) out.push(`${fixesNeedTrust()} (${FIX_TOOL} refuses every fix until the user trusts this workspace.)\n`);
  return out.join('\n');
}

/**
 * `session-doctor_check`: the store's diagnosis, run again now, as the agent text the MCP `check`
 * tool gives (core/report/agentReport.ts): each app, each problem, its fixes ranked with their ids,
 * and exactly what each one does. Reads only, in a trusted workspace or not.
 */
class CheckTool implements LanguageModelTool<object> {
  constructor(
    private readonly lm: LanguageModelToolsApi,
    private readonly store: DiagnosisStore,
  ) {}

  prepareInvocation(): PreparedToolInvocation {
    return { invocationMessage: vscode.l10n.t('Checking the session tables') };
  }

  async invoke(): Promise<ToolResult> {
    return this.lm.textResult(checkText(await this.store.refresh()));
  }
}

type Resolved = { ok: true; problem: Problem; fix: Fix } | { ok: false; why: string };

/**
 * `session-doctor_fix`: one fix by id, run by the extension's FixRunner (the lightbulb's: a
 * WorkspaceEdit for `.env`, SQL under SQLite's locks, commands as tasks) under the UI's rules:
 * nothing at all in an untrusted workspace, and a destructive fix only after FixRunner's own
 * two-step question, whatever the chat's confirmation said (a user can set that one to
 * auto-approve). prepareInvocation names exactly what changes: the fix, the file, the SQL.
 */
class FixTool implements LanguageModelTool<FixToolInput> {
  constructor(
    private readonly lm: LanguageModelToolsApi,
    private readonly store: DiagnosisStore,
    private readonly fixes: FixRunner,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The fix the input names in the current diagnosis, or why none will be applied. */
  private resolve(input: Partial<FixToolInput> | undefined): Resolved {
    if (!vscode.workspace.isTrusted)
      return {
        ok: false,
        why: vscode.l10n.t(
          'Refused, nothing changed: this workspace is not trusted, and Session Doctor applies no fix in restricted mode. Ask the user to trust it (Manage Workspace Trust) first.',
        ),
      };
    const fixId = typeof input?.fixId === 'string' ? input.fixId.trim() : '';
    if (!fixId) return { ok: false, why: vscode.l10n.t('Refused, nothing changed: no fixId was given. The {0} tool lists them.', CHECK_TOOL) };
    const app = typeof input?.app === 'string' ? input.app : undefined;
    const sel = selectFixById(this.store.snapshot.problems, fixId, app, workspaceRoots());
    if (sel.kind === 'none') {
      // The agent's own words, shown back: made printable (no control characters).
      const why = app
        ? vscode.l10n.t(
            'Refused, nothing changed: no current problem of app {0} has a fix {1}. The {2} tool lists the current ones.',
            printable(app),
            printable(fixId),
            CHECK_TOOL,
          )
        : vscode.l10n.t('Refused, nothing changed: no current problem has a fix {0}. The {1} tool lists the current ones.', printable(fixId), CHECK_TOOL);
      return { ok: false, why };
    }
    if (sel.kind === 'ambiguous')
      return {
        ok: false,
        why: vscode.l10n.t(
          'Refused, nothing changed: several apps offer {0} ({1}). Call again with app set to one of them.',
          fixId,
          sel.apps.map(appName).join(', '),
        ),
      };
    return { ok: true, ...sel.match };
  }

  prepareInvocation(options: { input: FixToolInput }): PreparedToolInvocation {
    const r = this.resolve(options.input);
    // Nothing will change, so there is nothing to confirm: the result says why.
    if (!r.ok) return { invocationMessage: r.why };
    const { fix, problem } = r;
    const message = new vscode.MarkdownString();
    message.appendMarkdown(markdownText(vscode.l10n.t('Session Doctor applies fix {0} to {1}. Exactly this changes:', fix.id, appName(problem.app))));
    message.appendCodeblock(describePlan(fix, bundle()), 'text');
    if (fix.destructive)
      message.appendMarkdown(
        `**${markdownText(vscode.l10n.t('This fix destroys data: after Continue, Session Doctor asks again, and only a deliberate pick applies it.'))}**`,
      );
    const title = plain(fix.title);
    return {
      invocationMessage: vscode.l10n.t('Applying {0}', fix.id),
      confirmationMessages: { title: fix.destructive ? vscode.l10n.t('{0}? This deletes data.', title) : vscode.l10n.t('{0}?', title), message },
    };
  }

  async invoke(options: { input: FixToolInput }): Promise<ToolResult> {
    const r = this.resolve(options.input);
    if (!r.ok) {
      this.log.warn(`${FIX_TOOL}: ${r.why}`);
      // In restricted mode the user also sees why, with the way to trust the workspace.
      if (!vscode.workspace.isTrusted) this.fixes.trusted();
      return this.lm.textResult(r.why + '\n');
    }
    const { fix, problem } = r;
    const notes: string[] = [];
    let result: FixResult;
    try {
      // The confirmation showed the exact change, so no second SQL dialog; a destructive fix still
      // gets FixRunner's own question, with "keep my data" as the default.
      result = await this.fixes.run(fix, { skipConfirm: !fix.destructive, onNote: (n) => notes.push(n) });
    } catch (e) {
      // A question that could not be shown is no approval.
      result = fix.destructive ? 'cancelled' : 'failed';
      notes.push(e instanceof Error ? e.message : String(e));
    }
    this.log.info(`${FIX_TOOL} ${fix.id} for ${problem.app}: ${result}`);
    const said: Record<FixResult, string> = {
      applied: vscode.l10n.t('Applied {0} to {1}.', fix.id, appName(problem.app)),
      cancelled: fix.destructive
        ? vscode.l10n.t('Not applied, nothing changed: {0} destroys data, and the user did not approve it.', fix.id)
        : vscode.l10n.t('Not applied, nothing changed: the user cancelled {0}.', fix.id),
      refused: vscode.l10n.t('Refused, nothing changed: {0} could not be applied safely.', fix.id),
      failed: vscode.l10n.t('{0} failed.', fix.id),
      untrusted: vscode.l10n.t('Refused, nothing changed: this workspace is not trusted.'),
    };
    const now = this.store.snapshot.diagnoses.find((d) => d.apps.some((a) => a.root === problem.app));
    return this.lm.textResult([said[result], ...notes, '', now ? renderDiagnosisText(now, bundle()) : ''].join('\n').trimEnd() + '\n');
  }
}

/**
 * Registers the two tools where the host has the API (VS Code 1.95 and later); on an older host it
 * logs why and returns undefined, and everything else runs as before.
 */
export function registerLanguageModelTools(
  host: HostApi,
  store: DiagnosisStore,
  fixes: FixRunner,
  log: vscode.LogOutputChannel,
): { tools: LanguageModelTools; registration: vscode.Disposable } | undefined {
  const lm = languageModelToolsApi(host);
  if (!lm) {
    log.info(`Language-model tools not registered: VS Code ${host.version ?? '?'} has no vscode.lm.registerTool (1.95 and later).`);
    return undefined;
  }
  const check = new CheckTool(lm, store);
  const fix = new FixTool(lm, store, fixes, log);
  const registration = vscode.Disposable.from(lm.registerTool(CHECK_TOOL, check), lm.registerTool(FIX_TOOL, fix));
  const tools: LanguageModelTools = {
    prepare: async (name, input) => {
      if (name === CHECK_TOOL) return check.prepareInvocation();
      if (name === FIX_TOOL) return fix.prepareInvocation({ input: input as FixToolInput });
      return undefined;
    },
  };
  return { tools, registration };
}
