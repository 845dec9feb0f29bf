import { FileEdit } from '../model';
import { generateAppKey } from '../project/laravelAppKey';

/**
 * Stands in the edit's text for a secret generated only when the edit is applied, so the secret is
 * never shown, logged or kept in a diagnosis. Letters only: no quoting rule of any format touches it.
 */
export const GENERATED_PLACEHOLDER = 'SessionDoctorGeneratedSecret';

/** Fills the secrets an edit generates at apply time (never earlier). */
export function resolveGeneratedEdits(edits: FileEdit[]): FileEdit[] {
  return edits.map((e) => (e.generate === 'laravel-app-key' ? { ...e, newText: e.newText.split(GENERATED_PLACEHOLDER).join(generateAppKey()), generate: undefined } : e));
}
