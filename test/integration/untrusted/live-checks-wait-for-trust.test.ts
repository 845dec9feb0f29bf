// Runs with the `untrusted` label: a repository the user has not trusted must not make the editor
// open network connections to the hosts its .env names. Both apps are pointed at a TCP server this
// test listens on (Laravel: DB_CONNECTION=mysql; Prisma: a postgresql datasource); a diagnosis in
// restricted mode must leave it untouched, and say the tables are "not checked until trusted".
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { resetWorkspace } from '../support/baseline';
import { sessionDoctor } from '../support/extensionApi';
import { fixtureBytes, LARAVEL, LARAVEL_ENV, PRISMA, PRISMA_SCHEMA, inWorkspace } from '../support/testWorkspace';

describe('untrusted workspace: live database checks wait for trust', () => {
  let server: net.Server;
  let connections = 0;
  let port = 0;

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    server = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await resetWorkspace(await sessionDoctor());
  });

  it('connects to no host named in .env; the tables are "not checked until trusted", in the status bar, its tooltip and the report', async () => {
    const api = await sessionDoctor();
    await api.settled();
    // The listener works: a connection from here is counted (so a count of 0 below means something).
    await new Promise<void>((resolve, reject) =>
      net
        .connect(port, '127.0.0.1')
        .on('close', () => resolve())
        .on('error', reject),
    );
    assert.equal(connections, 1);
    connections = 0;

    const laravelEnv = fixtureBytes('laravel-api/.env')
      .toString('utf8')
      .replace(
        /^DB_CONNECTION=sqlite$/m,
        `DB_CONNECTION=mysql\nDB_HOST=127.0.0.1\nDB_PORT=${port}\nDB_DATABASE=shop\nDB_USERNAME=app\nDB_PASSWORD=not-a-real-password`,
      );
    assert.match(laravelEnv, /DB_CONNECTION=mysql/);
    writeFileSync(LARAVEL_ENV, laravelEnv);
    const schema = fixtureBytes('prisma-app/prisma/schema.prisma').toString('utf8').replace('provider = "sqlite"', 'provider = "postgresql"');
    assert.match(schema, /provider = "postgresql"/);
    writeFileSync(PRISMA_SCHEMA, schema);
    writeFileSync(inWorkspace('prisma-app', '.env'), `DATABASE_URL="postgresql://app:not-a-real-password@127.0.0.1:${port}/shop"\n`);

    const s = await api.refresh();
    const apps = s.diagnoses.flatMap((d) => d.apps);
    const state = (root: string) => apps.find((a) => a.root === root);
    assert.deepEqual(
      [LARAVEL, PRISMA].map((root) => [state(root)?.dialect, state(root)?.tableState]),
      [
        ['mysql', 'not-checked'],
        ['postgresql', 'not-checked'],
      ],
      JSON.stringify(apps.map((a) => [a.root, a.dialect, a.tableState])),
    );
    assert.equal(connections, 0, 'a connection was opened to the host named in the untrusted workspace');
    assert.equal(s.awaitingTrust, true);
    assert.deepEqual(
      s.problems.map((p) => p.code),
      [],
    );
    assert.equal(api.statusText(), '$(shield) Sessions: not checked until trusted');
    const tooltip = api.statusTooltip();
    assert.equal(tooltip.split('table `sessions`: not checked until trusted').length, 2, tooltip);
    assert.equal(tooltip.split('table `Session`: not checked until trusted').length, 2, tooltip);
    assert.ok(tooltip.includes('(command:workbench.trust.manage)'), tooltip);
    const report = api.reportMarkdown();
    assert.ok(report.includes('table `sessions`: not checked until trusted') && report.includes('table `Session`: not checked until trusted'), report);
  });
});
