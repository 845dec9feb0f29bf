// The extension under test and the API its activate() returns.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SessionDoctorApi } from '../../../src/extension/services';
import { EXTENSION_ID } from '../repo-root';

/** Activates the extension (a no-op when an activation event already did) and returns its API. */
export async function sessionDoctor(): Promise<SessionDoctorApi> {
  const ext = vscode.extensions.getExtension<SessionDoctorApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  assert.equal(typeof api?.snapshot, 'function', 'activate() did not return the SessionDoctorApi');
  return api;
}
