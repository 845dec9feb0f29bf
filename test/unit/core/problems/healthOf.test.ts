import * as assert from 'node:assert/strict';
import { AppReport, healthOf, notCheckedLive, TableState } from '../../../../src/core/problems/diagnosis';
import { Problem } from '../../../../src/core/model';

function app(tableState: TableState, sessionTable?: string): AppReport {
  return { framework: 'prisma', root: '/w', tableState, sessionTable, commands: [], watchFiles: [] };
}
const problem = (severity: Problem['severity']): Problem => ({ code: 'x', severity, message: { id: 'x' }, app: '/w', fixes: [] });

describe('healthOf: one meaning of a table that was not checked', () => {
  const cases: Array<[string, AppReport[], Problem[], ReturnType<typeof healthOf>]> = [
    ['present', [app('present', 'Session')], [], 'healthy'],
    ['no session table to check (no model, another driver)', [app('not-checked')], [], 'healthy'],
    ['a session table left unchecked (live checks off)', [app('not-checked', 'Session')], [], 'unknown'],
    ['could not be checked', [app('unknown', 'Session')], [], 'unknown'],
    ['unchecked next to a healthy app', [app('present', 'Session'), app('not-checked', 'sessions')], [], 'unknown'],
    ['an error wins over unchecked', [app('not-checked', 'Session')], [problem('error')], 'problem'],
    ['an info is not a problem', [app('present', 'Session')], [problem('info')], 'healthy'],
  ];
  for (const [name, apps, problems, want] of cases) it(name, () => assert.equal(healthOf(apps, problems), want));

  it('notCheckedLive marks the app not-checked with the reason, naming the database', () => {
    const a = notCheckedLive({ ...app('unknown', 'Session'), databaseDisplay: 'postgresql://app:****@db/shop' });
    assert.equal(a.tableState, 'not-checked');
    assert.deepEqual(a.unknownReason, { id: 'live.notChecked', args: ['postgresql://app:****@db/shop'] });
  });
});
