/**
 * `sessionDoctor.databaseUrl` as package.json declares it: per workspace folder (resource scope),
 * ignored in an untrusted workspace (it names what Session Doctor reads and connects to), and
 * described in English and French. src/extension/config.ts and diagnosisStore.ts pass it to diagnose() as
 * `database: { from: 'setting', baseDir: <workspace folder> }`; the core's handling of it is tested in
 * test/unit/core/stacks/prisma/prismaComputedConfig.test.ts.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const json = (f: string) => JSON.parse(readFileSync(path.join(ROOT, f), 'utf8')) as Record<string, unknown>;

describe('the sessionDoctor.databaseUrl setting', () => {
  const pkg = json('package.json') as {
    contributes: { configuration: { properties: Record<string, { type: string; scope?: string; default?: unknown; description: string }> } };
    capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  };
  const setting = pkg.contributes.configuration.properties['sessionDoctor.databaseUrl'];

  it('is a resource-scoped string, empty by default', () => {
    assert.deepEqual({ type: setting.type, scope: setting.scope, default: setting.default }, { type: 'string', scope: 'resource', default: '' });
  });

  it('is restricted in untrusted workspaces', () => {
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('sessionDoctor.databaseUrl'));
  });

  it('is described in English and French', () => {
    const key = setting.description.replace(/^%|%$/g, '');
    assert.match(String(json('package.nls.json')[key]), /SQLite file path .* or a database url/);
    assert.match(String(json('package.nls.fr.json')[key]), /fichier SQLite .* ou une URL de base/);
  });
});
