/** An .env that Laravel cannot load, and what `check --json` may print of an .env fix. */
import * as assert from 'node:assert/strict';
import { diagnose } from '../../../src/core/pipeline';
import { buildLaravelApp, runCli } from '../../support/laravelApp';

describe('Laravel .env: invalid file and printable fixes', () => {
  it('a line phpdotenv rejects is an error at that line (Laravel refuses the whole file)', async () => {
    const app = buildLaravelApp({ from: 'laravel11-sqlite', envText: 'APP_NAME=Demo\nAPP_KEY=base64:AAAA\n=oops\nSESSION_DRIVER=file\n' });
    try {
      const d = await diagnose(app.root);
      const p = d.problems.find((x) => x.code === 'laravel.envInvalid');
      assert.ok(p, JSON.stringify(d.problems.map((x) => x.code)));
      assert.equal(p.severity, 'error');
      assert.equal(p.location?.file, app.envPath);
      assert.equal(p.location?.range.start.line, 2);
      assert.equal(p.message.args?.[0], 3);
    } finally {
      app.cleanup();
    }
  });

  it('a valid .env has no such problem', async () => {
    const app = buildLaravelApp({ from: 'laravel11-sqlite', env: { SESSION_DRIVER: 'file' } });
    try {
      const d = await diagnose(app.root);
      assert.equal(d.problems.filter((x) => x.code === 'laravel.envInvalid').length, 0);
    } finally {
      app.cleanup();
    }
  });

  it('check --json never prints the contents of .env.example that a create-.env fix would copy', async () => {
    const secret = 'sk_live_51NotARealKeyButSecretLooking';
    const app = buildLaravelApp({
      from: 'laravel12-missing-env',
      files: { '.env.example': `APP_NAME=Demo\nAPP_KEY=\nSTRIPE_SECRET=${secret}\nSESSION_DRIVER=file\n` },
    });
    try {
      const r = await runCli(['check', app.root, '--json']);
      const json = JSON.parse(r.stdout) as {
        problems: Array<{ code: string; fixes: Array<{ id: string; edits?: Array<{ file: string; create?: boolean; newText?: string }> }> }>;
      };
      const create = json.problems.find((p) => p.code === 'laravel.envMissing')?.fixes.find((f) => f.id === 'laravel.createEnv');
      assert.ok(create?.edits?.[0].create, 'the create-.env fix is still listed');
      assert.equal(create.edits[0].newText, undefined);
      assert.ok(!r.stdout.includes(secret));
    } finally {
      app.cleanup();
    }
  });
});
