import * as assert from 'node:assert/strict';
import { scanText } from '../../../../src/core/detect/scanner';
import { FALSE_POSITIVES, SHAPE_CASES } from '../../../support/shapeCases';

describe('detect: every shape of issue 2 gives exactly its findings', () => {
  for (const c of SHAPE_CASES) {
    it(c.name, () => {
      const got = scanText(c.text, { sessionTables: c.sessionTables }).map(({ kind, table, qualifier, session, line }) => ({
        kind,
        table,
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
