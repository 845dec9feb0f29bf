/**
 * Stands in the edit's text for a secret generated only when the edit is applied, so the secret is
 * never shown, logged or kept in a diagnosis. Letters only: no quoting rule of any format touches it.
 */
export const GENERATED_PLACEHOLDER = 'SessionDoctorGeneratedSecret';
