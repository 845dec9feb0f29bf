import * as assert from 'node:assert/strict';
import { scanText } from '../../../../src/core/detect/scanner';
import { FALSE_POSITIVES, SHAPE_CASES } from '../../../support/shapeCases';

describe('detect: every shape of issues 2 and 13 gives exactly its findings', () => {
  for (const c of SHAPE_CASES) {
    it(c.name, () => {
      const got = scanText(c.text, { sessionTables: c.sessionTables }).map(({ kind, table, column, qualifier, session, line }) => ({
        kind,
        table,
        ...(column === undefined ? {} : { column }),
        ...(qualifier === undefined ? {} : { qualifier }),
        session,
        line,
      }));
      assert.deepEqual(got, c.expect);
    });
  }
});

describe('detect: no false positives', () => {
  for (const c of FALSE_POSITIVES) {
    it(c.name, () => {
      assert.deepEqual(scanText(c.text), []);
    });
  }
});
