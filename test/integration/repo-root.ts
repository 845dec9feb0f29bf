// Where the extension under test lives, seen from a compiled test file
// (out/test/integration/<suite>/<name>.test.js is four folders below the repository root).
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const EXTENSION_ID = 'session-doctor.session-doctor';
