// Puts the workspace copy back to the fixture's state: text files the tests edit, databases rebuilt
// from their seeds, then a fresh diagnosis. Suites call it in before()/after().
import type { SessionDoctorApi } from '../../../src/extension/services';
import { rebuildDatabases, restoreFromFixture } from './testWorkspace';

const EDITED_TEXT_FILES = ['laravel-api/.env', 'laravel-api/.env.example', 'prisma-app/.env', 'prisma-app/prisma/schema.prisma'];

export async function resetWorkspace(api: SessionDoctorApi): Promise<void> {
  for (const rel of EDITED_TEXT_FILES) restoreFromFixture(rel);
  rebuildDatabases();
  await api.refresh();
}
