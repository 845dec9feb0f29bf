/**
 * Django app discovery, from text only (never running workspace code): a folder with a
 * `manage.py` that runs Django, the settings module it names (`DJANGO_SETTINGS_MODULE`), and the
 * settings files that module star-imports, read as text for settingsFacts.ts.
 */
import * as path from 'node:path';
import { walkFolders, type FindOptions } from '../../read/findFiles';
import { readRegularText } from '../../read/regularFile';
import type { PythonModuleSource } from './settingsEval';

/** The settings reader, required on first use: a separate file in the bundles (settingsReader.ts). */
function reader(): typeof import('./settingsReader') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./settingsReader') as typeof import('./settingsReader');
}

/** Settings modules are small; a star-import chain deeper or wider than this is not settings. */
const MAX_MODULES = 16;
const MAX_SETTINGS_BYTES = 1024 * 1024;

export interface DjangoApp {
  /** The folder of manage.py: where `python3 manage.py …` runs, and what a relative SQLite NAME is relative to. */
  root: string;
  managePy: string;
  /** `mysite.settings`, when manage.py names it. */
  settingsModule?: string;
  /** The settings module and the modules it star-imports, by dotted name. */
  modules: Map<string, PythonModuleSource>;
  /** Why the app cannot be checked (manage.py or the settings unreadable, no settings module named). */
  unreadable?: string;
}

/** Whether manage.py is Django's: it hands argv to Django's command-line runner. */
function runsDjango(text: string): boolean {
  return /\bexecute_from_command_line\b/.test(text) && /\bdjango\b/.test(text);
}

async function readModule(root: string, module: string): Promise<PythonModuleSource | { error: string } | undefined> {
  for (const c of reader().moduleFileCandidates(root, module)) {
    const r = await readRegularText(c.path, MAX_SETTINGS_BYTES);
    if (r.ok) return { module, path: c.path, isPackage: c.isPackage, text: r.text };
    if (r.failure !== 'missing') return { error: r.reason };
  }
  return undefined;
}

/** Reads the settings module and, breadth first, every module it star-imports that lives in the project. */
async function readSettingsModules(root: string, entry: string): Promise<{ modules: Map<string, PythonModuleSource>; error?: string }> {
  const modules = new Map<string, PythonModuleSource>();
  const queue = [entry];
  while (queue.length > 0 && modules.size < MAX_MODULES) {
    const name = queue.shift()!;
    if (modules.has(name)) continue;
    const read = await readModule(root, name);
    if (read === undefined) {
      if (name === entry) return { modules, error: `the settings module ${entry} is not a file under ${root}` };
      continue; // An import from outside the project (an installed package): opaque to the evaluator.
    }
    if ('error' in read) return { modules, error: read.error };
    modules.set(name, read);
    for (const m of reader().starImportedModules(read)) if (!modules.has(m)) queue.push(m);
  }
  return { modules };
}

export async function readDjangoApp(dir: string): Promise<DjangoApp> {
  const managePy = path.join(dir, 'manage.py');
  const app: DjangoApp = { root: dir, managePy, modules: new Map() };
  const manage = await readRegularText(managePy, MAX_SETTINGS_BYTES);
  if (!manage.ok) return { ...app, unreadable: manage.reason };
  const module = reader().settingsModuleFromManagePy(manage.text);
  if (!module) return { ...app, unreadable: `${managePy} names no DJANGO_SETTINGS_MODULE that can be read as text` };
  const { modules, error } = await readSettingsModules(dir, module);
  return error ? { ...app, settingsModule: module, modules, unreadable: error } : { ...app, settingsModule: module, modules };
}

/** Every Django app under `root`: folders with a manage.py that runs Django (an unreadable one counts, to say so). */
export async function discoverDjangoApps(root: string, opts: Pick<FindOptions, 'maxDepth' | 'folders'> = {}): Promise<DjangoApp[]> {
  const dirs: string[] = [];
  await walkFolders(
    root,
    async (dir, names) => {
      if (!names.has('manage.py')) return;
      const text = await readRegularText(path.join(dir, 'manage.py'), MAX_SETTINGS_BYTES);
      if (!text.ok || runsDjango(text.text)) dirs.push(dir);
    },
    { maxDepth: opts.maxDepth ?? 4, folders: opts.folders },
  );
  dirs.sort();
  const apps: DjangoApp[] = [];
  for (const d of dirs) apps.push(await readDjangoApp(d));
  return apps;
}
