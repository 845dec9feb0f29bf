import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const SCHEMA = path.join(__dirname, '..', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json');

let validate: ((data: unknown) => string[]) | undefined;

/**
 * The errors of `log` against the official SARIF 2.1.0 schema (test/fixtures/sarif, see its
 * PROVENANCE.md), formats included (uri, uri-reference, date-time); [] when it is valid.
 */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!validate) {
    // The schema is draft-04 (`id`, draft-04 `$schema`): Ajv 8 reads it through ajv-draft-04.
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv);
    const check = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);
    validate = (data) => (check(data) ? [] : (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`));
  }
  return validate(log);
}
