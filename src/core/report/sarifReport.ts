/**
 * SARIF 2.1.0 for `check --format sarif`: the one problem model as a static-analysis log that code
 * scanning (GitHub's upload-sarif, among others) reads. Pure: the caller passes the tool's identity
 * and the language; nothing here reads a file.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnosis } from '../problems/diagnosis';
import { commandLine } from './shellQuote';
import { Bundle, formatTemplate, renderMessage } from '../messages';
import type { Location, Problem, Severity } from '../model';
import { PROBLEM_RULES } from './problemRules';
import { fixAction, TEXT_LABELS } from './textReport';

/** The base every artifact URI is relative to: the folder `check` was given. */
const SRCROOT = '%SRCROOT%';

const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export interface SarifTool {
  name: string;
  version: string;
  informationUri: string;
}

type SarifLevel = 'error' | 'warning' | 'note';

interface SarifMessage {
  text: string;
}

interface SarifPhysicalLocation {
  artifactLocation: { uri: string; uriBaseId?: string };
  region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
}

interface SarifRule {
  id: string;
  shortDescription: SarifMessage;
  defaultConfiguration: { level: SarifLevel };
}

interface SarifFixText {
  rank: number;
  id: string;
  title: string;
  recommended: boolean;
  destructive: boolean;
  action: string;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations?: { physicalLocation: SarifPhysicalLocation }[];
  properties: { app: string; fixes: SarifFixText[] };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: SarifTool & { language: string; rules: SarifRule[] } };
    language: string;
    originalUriBaseIds: Record<string, { uri: string }>;
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: SarifLevel; message: SarifMessage }[] }[];
    results: SarifResult[];
    properties: { health: Diagnosis['health'] };
  }[];
}

function sarifLevel(s: Severity): SarifLevel {
  return s === 'info' ? 'note' : s;
}

function tr(bundle: Bundle | undefined, s: string, ...args: (string | number)[]): string {
  return formatTemplate(bundle?.[s] ?? s, args);
}

/** A path under `root` as a relative URI (segments percent-encoded), or undefined when it is outside. */
export function relativeUri(root: string, file: string): string | undefined {
  const rel = path.relative(root, file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).map(encodeURIComponent).join('/');
}

function physicalLocation(root: string, loc: Location): SarifPhysicalLocation {
  const rel = relativeUri(root, loc.file);
  const { start, end } = loc.range;
  return {
    artifactLocation: rel !== undefined ? { uri: rel, uriBaseId: SRCROOT } : { uri: pathToFileURL(loc.file).href },
    // The model is 0-based lines and UTF-16 columns; SARIF regions are 1-based, UTF-16 by default.
    region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
  };
}

/** The app's folder as `fix` takes it from the checked folder: relative when inside it. */
function appDir(root: string, app: string): string {
  const rel = path.relative(root, app);
  return rel === '' ? '.' : rel.startsWith('..') ? app : rel;
}

function fixesText(root: string, p: Problem, bundle: Bundle | undefined): { lines: string[]; fixes: SarifFixText[] } {
  const fixes = p.fixes.map((f, i) => ({
    rank: i + 1,
    id: f.id,
    title: renderMessage(f.title, bundle),
    recommended: f.preferred === true && !f.destructive,
    destructive: f.destructive,
    action: fixAction(f, bundle, root),
  }));
  const lines = fixes.length ? [tr(bundle, TEXT_LABELS.fixes).trim()] : [];
  for (const f of fixes) {
    const tag = f.destructive ? tr(bundle, TEXT_LABELS.destructive) : f.recommended ? tr(bundle, TEXT_LABELS.recommended) : '';
    lines.push(`${f.rank}. ${f.title}${tag} (session-doctor fix ${commandLine([appDir(root, p.app), '--fix', f.id])}): ${f.action}`);
  }
  return { lines, fixes };
}

function rulesFor(problems: Problem[], bundle: Bundle | undefined): SarifRule[] {
  const codes = [...Object.keys(PROBLEM_RULES), ...problems.map((p) => p.code).filter((c) => !(c in PROBLEM_RULES))];
  return [...new Set(codes)].map((id) => {
    const known = PROBLEM_RULES[id];
    return {
      id,
      shortDescription: { text: known ? tr(bundle, known.description) : id },
      defaultConfiguration: { level: sarifLevel(known?.severity ?? 'error') },
    };
  });
}

/** The diagnosis as one SARIF run. `language` is the run's language tag (`en`, `fr`), matching `bundle`. */
export function diagnosisSarif(d: Diagnosis, tool: SarifTool, opts: { bundle?: Bundle; language?: string } = {}): SarifLog {
  const { bundle } = opts;
  const language = opts.language ?? 'en';
  const rules = rulesFor(d.problems, bundle);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = d.problems.map((p): SarifResult => {
    const { lines, fixes } = fixesText(d.root, p, bundle);
    const text = [renderMessage(p.message, bundle), ...(p.detail ? [renderMessage(p.detail, bundle)] : []), ...lines].join('\n');
    const anchor = p.location ?? d.apps.find((a) => a.root === p.app)?.anchor;
    return {
      ruleId: p.code,
      ruleIndex: index.get(p.code) ?? 0,
      level: sarifLevel(p.severity),
      message: { text },
      ...(anchor ? { locations: [{ physicalLocation: physicalLocation(d.root, anchor) }] } : {}),
      properties: { app: relativeUri(d.root, p.app) ?? (path.resolve(p.app) === path.resolve(d.root) ? '.' : pathToFileURL(p.app).href), fixes },
    };
  });
  const notifications = d.apps.flatMap((a) =>
    a.unknownReason ? [{ level: 'error' as const, message: { text: renderMessage(a.unknownReason, bundle) } }] : [],
  );
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { ...tool, language, rules } },
        language,
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(d.root).href.replace(/\/?$/, '/') } },
        invocations: [{ executionSuccessful: d.health !== 'unknown', toolExecutionNotifications: notifications }],
        results,
        properties: { health: d.health },
      },
    ],
  };
}
