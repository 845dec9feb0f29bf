/**
 * Masking of secrets before anything reaches a log, a notification, the CLI or a report.
 *
 * Masking errs on the side of hiding too much: a malformed URL may lose its host in the output,
 * but a password never survives.
 */

export const MASK = '****';

/** Secrets shorter than this are not replaced in free text: "a" or "pw" would mangle every word. */
const MIN_SECRET_LENGTH = 4;

/**
 * Query / key=value parameter names whose values are secrets. Matched case-insensitively as a whole
 * name after `?`, `&` or `;` (Prisma's `sqlserver://host;password=...` form), or at the start.
 */
const SECRET_PARAMS = [
  'password',
  'pass',
  'passwd',
  'pwd',
  'sslpassword',
  'secret',
  'token',
  'access_token',
  'api_key',
  'apikey',
  'key',
  'sslkey',
];

const SECRET_PARAM_RE = new RegExp(
  // name, "=", then a `{...}` value (SQL Server quoting) or anything up to the next separator.
  `(^|[?&;])((?:${SECRET_PARAMS.join('|')}))=(\\{[^}]*\\}?|[^&;#]*)`,
  'gi',
);

/**
 * Where the userinfo of `scheme://userinfo@host...` ends, or -1 when there is none.
 * Passwords pasted unencoded may contain `@`, `/`, `?` or `#`, so the userinfo ends at the LAST `@`
 * before the query. The query is taken to start at the first `?` after the first `@`, which keeps an
 * `@` inside a query value (`?email=a@b`) out of the userinfo. `#` is not a query boundary: database
 * URLs have no fragments, so a `#` is far more likely part of a password.
 */
export function userinfoEnd(rest: string): number {
  const firstAt = rest.indexOf('@');
  if (firstAt < 0) return -1;
  const queryStart = rest.indexOf('?', firstAt);
  const window = queryStart < 0 ? rest : rest.slice(0, queryStart);
  return window.lastIndexOf('@');
}

function maskQueryParams(text: string): string {
  return text.replace(SECRET_PARAM_RE, (_m, sep: string, name: string, value: string) => (value === '' ? `${sep}${name}=` : `${sep}${name}=${MASK}`));
}

/**
 * Hides the password of a database URL:
 * `postgresql://user:secret@host:5432/db` -> `postgresql://user:****@host:5432/db`.
 * Also masks secret parameters (`?password=...`, `;password=...` of SQL Server URLs, `sslpassword`, ...).
 * Never throws; a string that is not a URL is returned with only its secret parameters masked.
 */
export function maskUrl(url: string): string {
  if (typeof url !== 'string' || url === '') return '';
  let out = url;
  // `scheme://` or, tolerated, `scheme:` directly followed by the userinfo.
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:(\/\/)?/.exec(out);
  if (scheme) {
    const head = scheme[0];
    const rest = out.slice(head.length);
    const at = userinfoEnd(rest);
    if (at >= 0) {
      const userinfo = rest.slice(0, at);
      const colon = userinfo.indexOf(':');
      if (colon >= 0 && colon < userinfo.length - 1) {
        out = `${head}${userinfo.slice(0, colon)}:${MASK}${rest.slice(at)}`;
      }
    }
  }
  return maskQueryParams(out);
}

/** URL-like tokens inside free text (error messages often quote the connection string). */
const URL_IN_TEXT_RE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>`]+/gi;

/** Applies {@link maskUrl} to every URL found in a longer text. */
export function maskUrlsInText(text: string): string {
  if (typeof text !== 'string' || text === '') return '';
  return text.replace(URL_IN_TEXT_RE, (u) => maskUrl(u));
}

/** The forms a secret can take inside text: as is, and percent-encoded as it sits in a URL. */
function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  try {
    forms.add(encodeURIComponent(secret));
  } catch {
    // A lone surrogate cannot be encoded; the raw form is still replaced.
  }
  return [...forms];
}

/**
 * Replaces every occurrence of each secret (raw or percent-encoded) with `****`.
 * Secrets that are empty or shorter than 4 characters are ignored (replacing them would destroy
 * ordinary words); URLs should go through {@link maskUrl} in any case.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined | null)[]): string {
  if (typeof text !== 'string' || text === '') return '';
  const forms = secrets
    .filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH)
    .flatMap(secretForms)
    // Longest first, so a secret that contains another is replaced whole.
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const form of forms) {
    if (form.length >= MIN_SECRET_LENGTH) out = out.split(form).join(MASK);
  }
  return out;
}
