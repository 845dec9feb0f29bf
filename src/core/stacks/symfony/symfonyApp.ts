/**
 * Symfony app discovery, from text only (never running workspace code or PHP): `bin/console` beside
 * a composer.json that requires symfony/framework-bundle (or symfony/http-foundation), then the
 * files the session handler is configured in: config/packages/framework.yaml, config/services.yaml,
 * and the .env files Symfony's Dotenv loads.
 */
import * as path from 'node:path';
import { msg } from '../../messages';
import type { Message } from '../../model';
import { parseEnv, type EnvDocument } from '../../read/env/envFile';
import { walkFolders, type FindOptions } from '../../read/findFiles';
import { readRegularText } from '../../read/regularFile';
import type { YamlFile } from './symfonyConfig';

const MAX_FILE = 4 * 1024 * 1024;
const MARKER_PACKAGES = ['symfony/framework-bundle', 'symfony/http-foundation'];

export interface SymfonyEnvFile {
  path: string;
  doc: EnvDocument;
}

export interface SymfonyApp {
  root: string;
  framework?: YamlFile;
  services?: YamlFile;
  /** `.env` (or `.env.dist` without it), `.env.local`, `.env.<APP_ENV>`, `.env.<APP_ENV>.local`, in loading order. */
  envFiles: SymfonyEnvFile[];
  /** APP_ENV as Symfony settles it: the environment, else the .env files, else `dev`. */
  appEnv: string;
  /** A file the settings come from exists but cannot be read: the app cannot be checked. */
  unreadable?: Message;
}

async function readBounded(file: string, broken: { reason?: string }): Promise<string | undefined> {
  const r = await readRegularText(file, MAX_FILE);
  if (r.ok) return r.text;
  if (r.failure !== 'missing') broken.reason ??= r.reason;
  return undefined;
}

function requiresSymfony(composerJson: string): boolean {
  try {
    const json = JSON.parse(composerJson) as { require?: Record<string, unknown>; 'require-dev'?: Record<string, unknown> };
    return MARKER_PACKAGES.some((p) => json.require?.[p] !== undefined || json['require-dev']?.[p] !== undefined);
  } catch {
    return false;
  }
}

function lastValue(files: readonly SymfonyEnvFile[], key: string): string | undefined {
  let v: string | undefined;
  for (const f of files) {
    let winner: string | undefined;
    for (const e of f.doc.entries) if (e.key === key) winner = e.value;
    if (winner !== undefined) v = winner;
  }
  return v;
}

/**
 * Dotenv::loadEnv(): `.env` (or `.env.dist`), then `.env.local` (not for APP_ENV=test), then
 * `.env.<APP_ENV>` and `.env.<APP_ENV>.local`; a later file wins, and the real environment wins over all.
 */
async function readEnvFiles(root: string, env: NodeJS.ProcessEnv, broken: { reason?: string }): Promise<{ files: SymfonyEnvFile[]; appEnv: string }> {
  const files: SymfonyEnvFile[] = [];
  const load = async (name: string): Promise<boolean> => {
    const p = path.join(root, name);
    const text = await readBounded(p, broken);
    if (text === undefined) return false;
    files.push({ path: p, doc: parseEnv(text) });
    return true;
  };
  if (!(await load('.env'))) await load('.env.dist');
  const appEnvAfterEnv = (): string => env.APP_ENV ?? lastValue(files, 'APP_ENV') ?? 'dev';
  if (appEnvAfterEnv() !== 'test') await load('.env.local');
  const appEnv = appEnvAfterEnv();
  if (appEnv !== 'local') {
    await load(`.env.${appEnv}`);
    await load(`.env.${appEnv}.local`);
  }
  return { files, appEnv: env.APP_ENV ?? lastValue(files, 'APP_ENV') ?? 'dev' };
}

/** A variable as the app sees it: the real environment first, then the last .env file that sets it. */
export function symfonyEnvValue(app: SymfonyApp, env: NodeJS.ProcessEnv, name: string): { value: string; source: 'environment' | string } | undefined {
  if (env[name] !== undefined) return { value: env[name] ?? '', source: 'environment' };
  for (let i = app.envFiles.length - 1; i >= 0; i--) {
    const f = app.envFiles[i];
    let winner: string | undefined;
    for (const e of f.doc.entries) if (e.key === name) winner = e.value;
    if (winner !== undefined) return { value: winner, source: f.path };
  }
  return undefined;
}

export async function readSymfonyApp(root: string, env: NodeJS.ProcessEnv): Promise<SymfonyApp> {
  const broken: { reason?: string } = {};
  const yamlFile = async (rel: string): Promise<YamlFile | undefined> => {
    const p = path.join(root, rel);
    const text = await readBounded(p, broken);
    return text === undefined ? undefined : { path: p, text };
  };
  const framework = (await yamlFile(path.join('config', 'packages', 'framework.yaml'))) ?? (await yamlFile(path.join('config', 'packages', 'framework.yml')));
  const services = (await yamlFile(path.join('config', 'services.yaml'))) ?? (await yamlFile(path.join('config', 'services.yml')));
  const { files, appEnv } = await readEnvFiles(root, env, broken);
  const app: SymfonyApp = { root, envFiles: files, appEnv };
  if (framework) app.framework = framework;
  if (services) app.services = services;
  if (broken.reason) app.unreadable = msg('app.fileUnreadable', broken.reason);
  return app;
}

/** Every Symfony app under `root`: a folder with `bin/console` and a composer.json requiring Symfony. */
export async function discoverSymfonyRoots(root: string, opts: Pick<FindOptions, 'maxDepth' | 'folders'> = {}): Promise<string[]> {
  const roots: string[] = [];
  await walkFolders(
    root,
    async (dir, names) => {
      if (!names.has('bin') || !names.has('composer.json')) return;
      const console = await readRegularText(path.join(dir, 'bin', 'console'), MAX_FILE);
      if (!console.ok) return;
      const composer = await readRegularText(path.join(dir, 'composer.json'), MAX_FILE);
      if (composer.ok && requiresSymfony(composer.text)) roots.push(dir);
    },
    { maxDepth: opts.maxDepth ?? 4, folders: opts.folders },
  );
  return roots.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}
