import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/**
 * The SARIF 2.1.0 schema (rtm.5, the release's own: draft-04, the same definitions as the OASIS
 * errata file) as the npm package @microsoft/jest-sarif ships it, a devDependency: nothing of a
 * public repository is copied into ours.
 */
const SCHEMA = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

let validate: ((data: unknown) => string[]) | undefined;

/**
 * The errors of `log` against the official SARIF 2.1.0 schema, formats included (uri, uri-reference, date-time); [] when it is valid.
 */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!validate) {
    // The schema is draft-04 (`id`, draft-04 `$schema`): Ajv 8 reads it through ajv-draft-04.
    // unicodeRegExp off: rtm.5's `language` pattern has a stray `]` that only the `u` flag rejects
    // (the OASIS errata fixed the pattern; it matches the same language tags either way).
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const check = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);
    validate = (data) => (check(data) ? [] : (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`));
  }
  return validate(log);
}
