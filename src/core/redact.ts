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
const SECRET_PARAMS = ['password', 'pass', 'passwd', 'pwd', 'sslpassword', 'secret', 'token', 'access_token', 'api_key', 'apikey', 'key', 'sslkey'];

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

/**
 * Whether a key names a secret: passwords, keys, tokens, secrets, credentials, auth and cookie
 * headers, session ids. Tested on the name lower-cased, with `-` and `.` read as `_`; a short word
 * (`key`, `auth`, `sid`, `session`) counts only as a whole segment, so `monkey` or `author` do not.
 */
const SECRET_KEY_PART =
  /pass(?:word|wd|phrase)?|pwd|secret|token|credential|authori[sz]ation|cookie|apikey|appkey|sessid|sessionid|signature|salt|jwt|csrf|remember_/;
const SECRET_KEY_SEGMENT = /(?:^|_)(?:key|auth|sid|session)(?:_|$)/;

export function isSecretKey(name: string): boolean {
  const n = name.toLowerCase().replace(/[-.]/g, '_');
  // camelCase keys (`apiKey`, `sessionId`) become segments too.
  const camel = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[-.]/g, '_');
  return SECRET_KEY_PART.test(n) || SECRET_KEY_SEGMENT.test(n) || SECRET_KEY_SEGMENT.test(camel);
}

/** Keys whose value is a whole header: it runs to the end of the line unless it is quoted. */
const HEADER_KEYS = new Set(['authorization', 'proxy_authorization', 'cookie', 'set_cookie']);

/** A key followed by `=`, `:` or `=>`, as in `.env` lines, query strings, JSON, JS objects, PHP arrays, headers. */
const KEY_SEPARATOR = /(["'`]?)([A-Za-z_][\w.-]{0,99})\1[ \t]*(=>|[=:])[ \t]*/g;
/** An auth scheme word that a header or key value may start with: the credential follows it. */
const AUTH_SCHEME = /^(?:bearer|basic|digest|token|bot|negotiate|apikey|hmac)$/i;
/** Values that hold nothing secret. */
const NOT_A_VALUE = /^(?:null|undefined|true|false|none|nil|\*+)$/i;

/** Secrets recognisable without their key. */
const SECRET_TOKENS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(Bearer|Basic)[ \t]+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${MASK}`],
  [/\bbase64:[A-Za-z0-9+/]{8,}={0,2}/g, `base64:${MASK}`],
  [/\beyJ[\w-]{6,}\.[\w-]{6,}\.[\w-]*/g, MASK],
];

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

/**
 * End of the value that starts at `start`, or `start` when it is empty or an object or array after
 * `:` / `=>` (its own keys are searched next). After `=` a `{` or `[` is just the value's first
 * character (`password={a;b}` in a SQL Server string).
 */
function valueEnd(text: string, start: number, header: boolean, separator: string): number {
  const c = text[start];
  if (c === undefined || ((c === '{' || c === '[') && separator !== '=')) return start;
  if (c === '"' || c === "'" || c === '`') {
    for (let j = start + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === c) return j + 1;
    }
    return text.length;
  }
  if (header) return text.length;
  let j = start;
  while (j < text.length && !isSpace(text[j])) j++;
  if (AUTH_SCHEME.test(text.slice(start, j))) {
    // `Bearer <token>`: the credential is the next word.
    let k = j;
    while (k < text.length && (text[k] === ' ' || text[k] === '\t')) k++;
    if (k > j && k < text.length) {
      j = k;
      while (j < text.length && !isSpace(text[j])) j++;
    }
  }
  return j;
}

/**
 * Masks every value of a secret-bearing key in free text (a log line that is echoed back):
 * `DB_PASSWORD=…`, `APP_KEY=base64:…`, `token=…`, `"password":"…"`, `password: '…'`,
 * `'secret' => '…'`, `Authorization: Bearer …`, `Cookie: …`, `laravel_session=…`, plus bearer
 * tokens, `base64:` keys and JWTs without a key. Quotes around a value are kept; the value becomes
 * `****`. It errs on hiding too much: an unquoted value runs to the next whitespace, a header to
 * the end of the text.
 */
export function maskSecretsInText(text: string): string {
  if (typeof text !== 'string' || text === '') return '';
  let out = '';
  let copied = 0;
  KEY_SEPARATOR.lastIndex = 0;
  for (let m = KEY_SEPARATOR.exec(text); m !== null; m = KEY_SEPARATOR.exec(text)) {
    const start = m.index + m[0].length;
    if (!isSecretKey(m[2])) {
      // Go on right after the separator: the value may itself be `key=value` (`x=token=…`).
      KEY_SEPARATOR.lastIndex = start;
      continue;
    }
    const header = HEADER_KEYS.has(m[2].toLowerCase().replace(/[-.]/g, '_'));
    const end = valueEnd(text, start, header, m[3]);
    KEY_SEPARATOR.lastIndex = Math.max(end, start);
    if (end === start) continue;
    const value = text.slice(start, end);
    const quote = value[0] === '"' || value[0] === "'" || value[0] === '`' ? value[0] : '';
    const inner = quote ? value.slice(1, value.endsWith(quote) && value.length > 1 ? -1 : undefined) : value;
    if (inner === '' || NOT_A_VALUE.test(quote ? inner : inner.replace(/[,;)}\]]+$/, ''))) continue;
    out += `${text.slice(copied, start)}${quote}${MASK}${quote && value.length > 1 && value.endsWith(quote) ? quote : ''}`;
    copied = end;
  }
  out += text.slice(copied);
  for (const [re, replacement] of SECRET_TOKENS) out = out.replace(re, replacement);
  return out;
}
