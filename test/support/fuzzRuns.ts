/**
 * Run counts for property tests. CI uses the counts as written; a deep run multiplies them:
 *   SESSION_DOCTOR_FUZZ_SCALE=40 npm run test:unit
 * Seeds stay random (fast-check prints the seed and path of any failure, to replay it).
 */
const raw = process.env.SESSION_DOCTOR_FUZZ_SCALE;
const scale = raw === undefined || raw === '' ? 1 : Number(raw);
if (!Number.isFinite(scale) || scale <= 0) throw new Error(`SESSION_DOCTOR_FUZZ_SCALE must be a positive number, got ${JSON.stringify(raw)}`);

export function fuzzRuns(n: number): number {
  return Math.max(1, Math.round(n * scale));
}

/** A per-test timeout that grows with the scale. */
export function fuzzTimeout(ms: number): number {
  return Math.round(ms * Math.max(1, scale));
}
