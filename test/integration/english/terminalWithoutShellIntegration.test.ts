// A terminal whose shell gets no shell integration (dash) cannot be read: after the 10 s grace the
// extension says so in its log (and once per window in a notification), while a bash terminal
// opened at the same moment, which does get shell integration, is not named.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sessionDoctor } from '../support/extensionApi';
import { logOnceItHolds } from '../support/extensionLog';
import { WORKSPACE } from '../support/testWorkspace';

describe('a terminal without shell integration', function () {
  this.timeout(60_000);

  it('is named in the log after the grace period; a bash terminal opened with it is not', async () => {
    const api = await sessionDoctor();
    const plain = vscode.window.createTerminal({ name: 'session-doctor-plain-sh', shellPath: '/bin/sh', cwd: WORKSPACE });
    const bash = vscode.window.createTerminal({ name: 'session-doctor-bash-si', shellPath: '/bin/bash', cwd: WORKSPACE });
    try {
      const { text } = await logOnceItHolds(api, 'Terminal "session-doctor-plain-sh" has no shell integration', 30_000);
      assert.match(text, /Terminal "session-doctor-plain-sh" has no shell integration after 10 s: errors printed there are not detected\./);
      assert.equal(plain.shellIntegration, undefined);
      assert.ok(bash.shellIntegration, 'bash got shell integration');
      // bash's grace timer started a moment after dash's: give it time to have fired, then read again.
      await new Promise((r) => setTimeout(r, 2000));
      const later = await logOnceItHolds(api, 'Terminal "session-doctor-plain-sh"');
      assert.doesNotMatch(later.text, /Terminal "session-doctor-bash-si"/);
    } finally {
      plain.dispose();
      bash.dispose();
    }
  });
});
