import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { cookieDriverKeyEdits } from '../../../../../src/core/stacks/laravel/laravelCookieKey';
import { dropSatisfiedKeyEdits, GENERATED_PLACEHOLDER } from '../../../../../src/core/fixes/apply/generatedValues';
import { discoverLaravelApps } from '../../../../../src/core/stacks/laravel/laravelApp';
import { buildLaravelApp } from '../../../../support/laravelApp';

describe('the APP_KEY edit that comes with the cookie driver', () => {
  it('only when the key Laravel uses and .env’s are both empty', async () => {
    const a = buildLaravelApp({ from: 'laravel11-sqlite', env: { APP_KEY: '' } });
    try {
      const [app] = await discoverLaravelApps(a.root);
      const [edit, ...rest] = cookieDriverKeyEdits(app);
      assert.deepEqual(rest, []);
      assert.equal(edit.generate, 'laravel-app-key');
      assert.equal(edit.newText, GENERATED_PLACEHOLDER);
      assert.equal(edit.oldText, '');
      // A cached config that holds a key: that key is the user's; nothing is generated.
      assert.deepEqual(cookieDriverKeyEdits({ ...app, appKey: { ...app.appKey, value: '****' } }), []);
      assert.deepEqual(cookieDriverKeyEdits({ ...app, env: undefined }), []);
    } finally {
      a.cleanup();
    }
  });

  it('a key edit is dropped once the file holds a key; other edits stay', async () => {
    const a = buildLaravelApp({ from: 'laravel11-sqlite', env: { APP_KEY: '' } });
    try {
      const [app] = await discoverLaravelApps(a.root);
      const keyEdit = cookieDriverKeyEdits(app)[0];
      const other = { file: a.envPath, newText: 'x' };
      assert.deepEqual(await dropSatisfiedKeyEdits([other, keyEdit]), [other, keyEdit]);
      writeFileSync(a.envPath, readFileSync(a.envPath, 'utf8').replace(/^APP_KEY=$/m, 'APP_KEY=base64:AAAA'));
      assert.deepEqual(await dropSatisfiedKeyEdits([other, keyEdit]), [other]);
    } finally {
      a.cleanup();
    }
  });
});
