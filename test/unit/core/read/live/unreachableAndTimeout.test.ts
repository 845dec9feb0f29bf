/**
 * Failures that need no database: a closed port, a missing socket, and a server that accepts TCP
 * and then never answers (a hung or firewalled database). Each must be `unknown` with its reason,
 * bounded in time, with the connection closed.
 */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { checkTableLive, type LiveTarget } from '../../../../../src/core/read/live/tableCheck';
import { startSilentServer } from './silentServer';

const PASSWORD = 'Unreach-pw-7f3a';

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const addr = srv.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

for (const dialect of ['mysql', 'postgresql'] as const) {
  describe(`live check: ${dialect} without a usable server`, function () {
    this.timeout(20_000);
    const base = (port: number): LiveTarget => ({ dialect, host: '127.0.0.1', port, user: 'app', password: PASSWORD, database: 'app' });

    it('reports a closed port as unknown/unreachable, quickly', async () => {
      const r = await checkTableLive(base(await closedPort()), 'sessions');
      assert.equal(r.status, 'unknown');
      assert.equal(r.status === 'unknown' && r.reason, 'unreachable');
      assert.match(r.status === 'unknown' ? r.message : '', /ECONNREFUSED/);
      assert.ok(r.elapsedMs < 1000, `${r.elapsedMs} ms`);
    });

    it('reports a closed port on "localhost" (IPv6 then IPv4 attempts) as unreachable', async () => {
      const r = await checkTableLive({ ...base(await closedPort()), host: 'localhost' }, 'sessions');
      assert.equal(r.status === 'unknown' && r.reason, 'unreachable');
    });

    it('reports a missing Unix socket as unreachable', async () => {
      const r = await checkTableLive({ ...base(1), socketPath: '/nonexistent-session-doctor/mysqld.sock' }, 'sessions');
      assert.equal(r.status === 'unknown' && r.reason, 'unreachable');
    });

    it('gives up on a server that never answers within the timeout, and closes the socket', async () => {
      const silent = await startSilentServer();
      try {
        const r = await checkTableLive(base(silent.port), 'sessions', { timeoutMs: 400 });
        assert.equal(r.status, 'unknown');
        assert.equal(r.status === 'unknown' && r.reason, 'timeout');
        assert.ok(r.elapsedMs >= 350 && r.elapsedMs < 1500, `${r.elapsedMs} ms`);
        assert.equal(silent.accepted, 1);
        await silent.allClosed(1000);
      } finally {
        await silent.close();
      }
    });

    it('uses the 3 s default timeout when none is given', async () => {
      const silent = await startSilentServer();
      try {
        const r = await checkTableLive(base(silent.port), 'sessions');
        assert.equal(r.status === 'unknown' && r.reason, 'timeout');
        assert.ok(r.elapsedMs >= 2900 && r.elapsedMs < 4500, `${r.elapsedMs} ms`);
        await silent.allClosed(1000);
      } finally {
        await silent.close();
      }
    });

    it('refuses an empty table name without connecting', async () => {
      const silent = await startSilentServer();
      try {
        const r = await checkTableLive(base(silent.port), '  ');
        assert.equal(r.status === 'unknown' && r.reason, 'other');
        assert.equal(silent.accepted, 0);
      } finally {
        await silent.close();
      }
    });
  });
}
