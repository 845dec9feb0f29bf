/**
 * Removes what terminals, process runners and loggers wrap around an error message, so the shape
 * recognisers only ever see the message itself.
 */

/**
 * Terminal control sequences, in one pass:
 * - CSI (`ESC [ … final`, and its 8-bit form U+009B): colours, cursor moves, erase;
 * - OSC (`ESC ] … BEL` or `ESC ] … ESC \`), e.g. VS Code's `ESC ] 633 ; … BEL`; an unterminated
 *   one runs to the end of the line;
 * - DCS / PM / APC strings (`ESC P`, `ESC ^`, `ESC _`) up to `ESC \`;
 * - two-byte escapes (`ESC (B`, `ESC =`, `ESC 7`);
 * - any other C0 control character except TAB (a stray ESC, BS, NUL, …).
 * Every alternative is linear, so a storm of sequences costs one pass.
 */
const TERMINAL_SEQUENCES =
  // eslint-disable-next-line no-control-regex
  /\x1b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\|$)|\x1b[P^_][^\x1b]*(?:\x1b\\|$)|\x1b[ -/]*[0-~]|[\x00-\x08\x0b-\x1f\x7f]/g;

/** Quick test before running the replace: most log lines hold no control character at all. */
// eslint-disable-next-line no-control-regex
const HAS_CONTROL = /[\x00-\x08\x0b-\x1f\x7f\u009b]/;

/** `concurrently` / npm-run-all prefixes: `[0] `, `[server] `, possibly several. */
const RUNNER_PREFIX = /^(?:\[[^\]\s]{1,40}\] ?)+/;

/** Laravel's Monolog line start: `[2026-11-21 10:00:00] local.ERROR: `. */
const LARAVEL_LOG_PREFIX = /^\[\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d[^\]]{0,24}\] [\w-]+\.[A-Z]+: ?/;

/** JSON / PHP / JS string escapes that log context wraps around messages. */
const STRING_ESCAPE = /\\(?:u([0-9a-fA-F]{4})|([nrt])|(.))/g;

interface CleanLine {
  /** The line without terminal sequences, runner or Laravel prefix, and with escapes resolved. */
  text: string;
  /** The line starts a new Laravel log entry (so it cannot continue the previous error). */
  entryStart: boolean;
}

function stripTerminalSequences(raw: string): string {
  return HAS_CONTROL.test(raw) ? raw.replace(TERMINAL_SEQUENCES, '') : raw;
}

/** Resolves `\"`, `\'`, `\u0060`, `\\`; a `\n` inside a logged string becomes a space. */
function unescapeLoggedString(s: string): string {
  if (s.indexOf('\\') === -1) return s;
  return s.replace(STRING_ESCAPE, (_m, hex: string | undefined, ctl: string | undefined, other: string | undefined) => {
    if (hex !== undefined) return String.fromCharCode(parseInt(hex, 16));
    if (ctl !== undefined) return ' ';
    return other ?? '';
  });
}

export function cleanLine(raw: string): CleanLine {
  let s = stripTerminalSequences(raw);
  if (s.charCodeAt(0) === 0x5b /* [ */) s = s.replace(RUNNER_PREFIX, '');
  let entryStart = false;
  if (s.charCodeAt(0) === 0x5b && LARAVEL_LOG_PREFIX.test(s)) {
    s = s.replace(LARAVEL_LOG_PREFIX, '');
    entryStart = true;
  }
  return { text: unescapeLoggedString(s), entryStart };
}
