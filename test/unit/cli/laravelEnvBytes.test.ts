/**
 * The CLI `fix` on `.env` files that are not plain writable UTF-8: a Latin-1 file keeps every byte
 * outside the changed value, and a read-only (0444) file is refused like a read-only database.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { buildLaravelApp } from '../../support/laravelApp';
import { runCli } from '../../support/runCli';

const KEY = 'APP_KEY=base64:Jm0X3cR9yQ3V8tq0oQ1hK1n7p3m8zX2sV5b6n7m8q9w=';

describe('CLI fix: .env bytes and permissions', function () {
  this.timeout(30_000);

  it('a Latin-1 .env (APP_NAME="Caf\\xe9"): fix --session-driver cookie changes only the value bytes', async () => {
    const before = Buffer.from(`APP_NAME="Caf\xe9"\n# r\xe9sum\xe9\r\n${KEY}\nSESSION_DRIVER=database\nDB_CONNECTION=sqlite\nX=\xff\xfe\x00\n`, 'latin1');
    const a = buildLaravelApp({ from: 'laravel11-sqlite', envText: before });
    try {
      const r = await runCli(['fix', '--session-driver', 'cookie', '--yes', a.root]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const after = fs.readFileSync(a.envPath);
      assert.equal(after.toString('latin1'), before.toString('latin1').replace('SESSION_DRIVER=database', 'SESSION_DRIVER=cookie'));
      assert.ok(!after.includes(Buffer.from([0xef, 0xbf, 0xbd])), 'no byte was replaced by U+FFFD');
    } finally {
      a.cleanup();
    }
  });

  it('a 0444 .env is refused with a clear message (exit 1), byte-identical and still 0444', async () => {
    const a = buildLaravelApp({ from: 'laravel11-sqlite' });
    try {
      fs.chmodSync(a.envPath, 0o444);
      const before = fs.readFileSync(a.envPath);
      const r = await runCli(['fix', '--session-driver', 'cookie', '--yes', a.root]);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /Refused, nothing changed: .*\.env is read-only \(mode 444\); make it writable to apply the fix/);
      assert.ok(fs.readFileSync(a.envPath).equals(before));
      assert.equal(fs.statSync(a.envPath).mode & 0o777, 0o444);
    } finally {
      fs.chmodSync(a.envPath, 0o644);
      a.cleanup();
    }
  });
});
