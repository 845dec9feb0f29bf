/**
 * The proofs behind every migration fix: each candidate is run in sql.js on a copy of the
 * database's schema and the result compared with what the migrations create. This is fact
 * gathering (it loads sql.js); the choice of fixes from these facts is pure (prismaFixes.ts).
 */
import { schemaDifferences, simulateOnSchema, type SchemaObject } from './prismaReplay';
import { schemaObjectsOf, type PrismaHistory } from './prismaHistory';

/** What was proven for repairing migration `s` (and those before it) not recorded as applied. */
export interface RepairProof {
  /** The migration the repair is for, by index in the history. */
  s: number;
  /**
   * The last migration the repair records: `s` extended over the following migrations whose objects
   * all exist already (a history never baselined), so that nothing is left pending that
   * `migrate deploy` would then fail on.
   */
  k: number;
  /** `migrate deploy` (every migration not applied, on the database as it is) reaches the migrations' schema. */
  deployWorks: boolean;
  /** Why deploy would not: its error, or that the result would differ. */
  deployFailure: string;
  /** Applying the SQL of the migrations through `k` directly reaches their schema. */
  directWorks: boolean;
  /** Creating only what the database lacks: the objects, their SQL, and what would still differ (empty: proven). */
  completion: { lacking: SchemaObject[]; repairSql: string; left: string[] };
}

/** Runs the candidates of a repair of migration `s` on a copy of the schema. Needs a replayed history. */
export async function proveRepair(history: PrismaHistory, s: number, wasmPath: string): Promise<RepairProof> {
  if (!history.replay.ok) throw new Error('proveRepair needs a history that replays');
  const steps = history.replay.steps;
  let k = s;
  while (k + 1 < history.states.length) {
    const next = history.states[k + 1];
    if (
      next.record === 'applied' ||
      !next.effect?.pureCreate ||
      next.missing.length > 0 ||
      next.differing.length > 0 ||
      next.present.length === 0 ||
      next.seedsMissing.length > 0
    )
      break;
    k++;
  }
  const upTo = history.states.slice(0, k + 1).filter((st) => st.record !== 'applied');
  const notApplied = history.states.filter((st) => st.record !== 'applied');
  // What the database should look like once these are recorded: the replay through them, or through
  // the last migration already applied after them (a later migration may have changed their objects).
  const lastApplied = history.states.reduce((last, st, i) => (st.record === 'applied' ? i : last), -1);
  const target = steps[Math.max(k, lastApplied)].after;
  const final = steps[steps.length - 1].after;

  const deploySim = await simulateOnSchema(
    history.entries,
    notApplied.map((st) => st.migration.sql),
    wasmPath,
  );
  const deployWorks = deploySim.ok && schemaDifferences(final, deploySim.schema).length === 0;
  const fullSim = await simulateOnSchema(
    history.entries,
    upTo.map((st) => st.migration.sql),
    wasmPath,
  );
  const directWorks = fullSim.ok && schemaDifferences(target, fullSim.schema).length === 0;

  const have = schemaObjectsOf(history.entries);
  const key = (o: { type: string; name: string }) => `${o.type}:${o.name.toLowerCase()}`;
  const lacking = target.filter((o) => !have.some((h) => key(h) === key(o)));
  const repairSql = lacking.map((o) => `${o.sql.trimEnd()};`).join('\n\n') + '\n';
  let left: string[] = [];
  if (!directWorks && !deployWorks) {
    const repairSim = lacking.length > 0 ? await simulateOnSchema(history.entries, [repairSql], wasmPath) : { ok: true as const, schema: have };
    left = repairSim.ok ? schemaDifferences(target, repairSim.schema) : [repairSim.reason];
  }
  return {
    s,
    k,
    deployWorks,
    deployFailure: deploySim.ok ? 'the result would differ from the migrations' : deploySim.reason,
    directWorks,
    completion: { lacking, repairSql, left },
  };
}
