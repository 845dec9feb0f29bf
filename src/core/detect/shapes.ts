/**
 * The error shapes, recognised one cleaned line at a time. Anything that needs more than one line
 * (a Prisma error object, a mysql2 error object, a Laravel stack trace) is the correlator's job;
 * this file only says what a single line holds.
 */
import { FindingKind } from './finding';

/**
 * Literal words at least one of which is on every line that can matter when no error is being
 * tracked. The scanner searches raw text for them (plain `indexOf`) before any regex or cleaning.
 * Each is a piece every shape must contain (`xist` of "does not exist" / "doesn't exist", `ble: `
 * of "no such table: ", the codes), cut so that it starts with an uncommon character: V8's search
 * skips ahead on the first character, so `xist` is several times faster than `exist` on log text.
 * Colours wrap whole messages and JSON escapes touch quotes, so real decoration does not split them.
 */
const PREFILTER_WORDS: readonly string[] = [
  'xist',
  'ble: ',
  'P2021',
  '1146',
  '42S02',
  'NO_SUCH',
  'h column',
  'o column named',
  'Unknown column',
  '(s): ',
  'schema mismatch',
];

/**
 * What the scanner searches whole chunks for, as bytes: each word of `PREFILTER_WORDS`, or its tail
 * from a rarer byte on, with the bytes before that tail (`before`) checked at each hit: memchr skips
 * to an anchor's first byte, and a digit-first `1146` would stop at every `1` of a log full of
 * timings. Every line holding a word holds its anchor; the reverse need not hold (a hit only means
 * "look at this line", and the line is then checked for the whole words).
 */
export interface PrefilterAnchor {
  anchor: Buffer;
  before: Buffer;
}

export const PREFILTER_ANCHORS: readonly PrefilterAnchor[] = PREFILTER_WORDS.map((w) => {
  const cut = w === '1146' || w === '42S02' ? 2 : 0;
  return { anchor: Buffer.from(w.slice(cut), 'latin1'), before: Buffer.from(w.slice(0, cut), 'latin1') };
});

export function hasPrefilterWord(raw: string): boolean {
  for (const w of PREFILTER_WORDS) if (raw.indexOf(w) !== -1) return true;
  return false;
}

/** A table named by an error message on this line. */
export interface Mention {
  kind: FindingKind;
  /** The name as printed, possibly qualified (`main.Session`, `db-pc.sessions`). */
  name: string;
  /** `missing-column`: the column. */
  column?: string;
  /**
   * Strong: the line alone proves a missing-table error. Weak: MySQL's bare
   * `Table 'x' doesn't exist` with no 1146 / 42S02 / ER_NO_SUCH_TABLE on the line; it counts only
   * when such a code is printed close by (mysql2 prints the message first and the code later).
   */
  strong: boolean;
  /**
   * The message sits in a field of a printed error object (`sqlMessage: "…"`, `originalMessage:`,
   * PHP's `2 => '…'`, Laravel's `[previous exception]`): it repeats an error printed just above.
   */
  field: boolean;
}

export interface LineFacts {
  mention?: Mention;
  /** ER_NO_SUCH_TABLE, 42S02 or 1146 as an error number (see MYSQL_CODE): confirms a nearby weak mention. */
  mysqlCode: boolean;
  /** `modelName: 'Session'` / `"modelName":"Session"`: names a P2021's model. */
  modelName?: string;
  /** A top-level `}` (or Laravel's closing `"}`): the printed error object ends here. */
  blockEnd: boolean;
  /**
   * Python's "The above exception was the direct cause of the following exception:" (or "During
   * handling of the above exception…"): the next traceback re-raises the same error (Django wraps
   * sqlite3/psycopg2/MySQLdb errors in django.db.utils), so its message is a repeat.
   */
  chained: boolean;
  /**
   * Better Auth 1.7's schema check: `SchemaMismatchError … Database schema mismatch`. The tables and
   * columns it lists follow on the next lines (`  Missing tables` / `    session, account`).
   */
  schemaMismatch?: boolean;
}

const PRISMA_TABLE = /The table `([^`]{1,256})` does not exist in the current database/;
/** `@shopify/shopify-app-session-storage-prisma`: its `tableName` option is the Prisma Client property (`session`). */
const SHOPIFY_PRISMA_TABLE = /MissingSessionTableError: Prisma ([A-Za-z_$][\w$]{0,127}) table does not exist/;
const POSTGRES_RELATION = /(?<!\bof )relation "([^"]{1,256})" does not exist/;
/** Not error 1932's `… doesn't exist in engine` (a damaged table, not a missing one). */
const MYSQL_TABLE = /Table '([^']{1,256})' doesn't exist(?! in engine)/;
const SQLITE_TABLE = /no such table: ([^\s'"`,;()[\]]{1,256})/;
/**
 * MySQL's "no such table" codes. A bare 1146 is too common a number (`ready in 1146 ms`), so it
 * counts only as an error number: `errno: 1146`, `code: '1146'`, `no: 1146`, `1 => 1146`,
 * `1146 (42S02)`, `1146 Table '…`.
 */
const MYSQL_CODE =
  /\b(?:42S02|ER_NO_SUCH_TABLE)\b|\b(?:errno|code|no)["']?\s*[:=]?\s*["'`]?1146\b|=>\s*1146\b|\b1146 (?:\(42S02\)|Table ')|\(1146, ["']Table '/i;
const P2021_CODE = /\bP2021\b/;
const P2010_CODE = /\bP2010\b|Raw query failed/;
const MODEL_NAME = /\bmodelName["']?\s*:\s*["'`]([^"'`]{1,128})["'`]/;
const META_TABLE = /\btable["']?\s*:\s*["'`]([^"'`]{1,256})["'`]/;
/**
 * Node's util.inspect property (`sqlMessage: "…"`), pretty JSON (`"message": "…"`), PHP arrays
 * (`2 => '…'`), and an error's printed cause (`cause: Error: …`, as util.inspect shows `error.cause`).
 */
const FIELD_START = /^(?:[A-Za-z_$][\w$]*|"[\w$]+"):\s*[{'"`[]|^\d+ => |^\[previous exception\]|^cause: \w*Error: /;
const BLOCK_END = /^"?\}\s*$/;
const PY_CHAINED =
  /^(?:The above exception was the direct cause of the following exception:|During handling of the above exception, another exception occurred:)\s*$/;

/** SQLite, on INSERT/UPDATE: `table django_session has no column named expire_date`. */
const SQLITE_NO_COLUMN_NAMED = /\btable ([^\s'"`,;()[\]]{1,256}) has no column named ([^\s'"`,;()[\]]{1,256})/;
/** SQLite, on SELECT: `no such column: django_session.expire_date` (or an unqualified, maybe quoted, name). */
const SQLITE_NO_SUCH_COLUMN = /no such column: "?([^\s'"`,;()[\]]{1,256})/;
/** PostgreSQL 42703 on INSERT/UPDATE: `column "token" of relation "session" does not exist`. */
const POSTGRES_COLUMN_OF = /column "([^"]{1,256})" of relation "([^"]{1,256})" does not exist/;
/** PostgreSQL 42703 on SELECT: `column django_session.expire_date does not exist` or `column "x" does not exist`. */
const POSTGRES_COLUMN = /\bcolumn (?:"([^"]{1,256})"|([^\s"`]{1,256})) does not exist/;
/** Prisma P2022: ``The column `Session.expiresAt` does not exist in the current database.`` */
const PRISMA_COLUMN = /The column `([^`]{1,256})` does not exist in the current database/;
/** MySQL/MariaDB 1054: `Unknown column 'django_session.expire_date' in 'field list'` (MariaDB 10.11: `in 'SELECT'`). */
const MYSQL_COLUMN = /Unknown column '([^']{1,256})' in '[^']{1,64}'/;
/** Django's start-up warning (runserver, migrate checks): only the `sessions` app matters here. */
const DJANGO_UNAPPLIED =
  /You have \d+ unapplied migration\(s\)\. Your project may not work properly until you apply the migrations for app\(s\): ([\w, ]{1,2048})\./;

const NOT_AVAILABLE = '(not available)';

/** `t.c` / `db.t.c` at the last dot: the column, and the (maybe qualified) table. */
function splitColumn(name: string): { table: string; column: string } {
  const dot = name.lastIndexOf('.');
  return dot <= 0 || dot === name.length - 1 ? { table: NOT_AVAILABLE, column: name } : { table: name.slice(0, dot), column: name.slice(dot + 1) };
}

function columnMention(text: string, field: boolean): Mention | undefined {
  let best: { index: number; table: string; column: string } | undefined;
  const consider = (index: number, table: string, column: string): void => {
    if (!best || index < best.index) best = { index, table, column };
  };
  const named = SQLITE_NO_COLUMN_NAMED.exec(text);
  if (named) consider(named.index, named[1], named[2]);
  const such = SQLITE_NO_SUCH_COLUMN.exec(text);
  if (such) {
    const c = splitColumn(such[1]);
    consider(such.index, c.table, c.column);
  }
  const of = POSTGRES_COLUMN_OF.exec(text);
  if (of) consider(of.index, of[2], of[1]);
  const pg = of ? null : POSTGRES_COLUMN.exec(text);
  if (pg) {
    const c = pg[1] !== undefined ? { table: NOT_AVAILABLE, column: pg[1] } : splitColumn(pg[2]);
    consider(pg.index, c.table, c.column);
  }
  const prisma = PRISMA_COLUMN.exec(text);
  if (prisma) {
    const c = splitColumn(prisma[1]);
    consider(prisma.index, c.table, c.column);
  }
  const my = MYSQL_COLUMN.exec(text);
  if (my) {
    const c = splitColumn(my[1]);
    consider(my.index, c.table, c.column);
  }
  if (!best) return undefined;
  return { kind: 'missing-column', name: best.table, column: best.column, strong: true, field };
}

/** Better Auth's header line; `Prisma schema mismatch` / `Drizzle schema mismatch` are about the ORM schema file, not the database. */
const BETTER_AUTH_MISMATCH = /\bDatabase schema mismatch\b/;

export function lineFacts(text: string): LineFacts {
  const facts: LineFacts = { mysqlCode: MYSQL_CODE.test(text), blockEnd: BLOCK_END.test(text), chained: PY_CHAINED.test(text) };
  if (BETTER_AUTH_MISMATCH.test(text)) facts.schemaMismatch = true;
  const model = MODEL_NAME.exec(text);
  if (model) facts.modelName = model[1];
  const mention = findMention(text, facts);
  if (mention) facts.mention = mention;
  return facts;
}

function findMention(text: string, facts: LineFacts): Mention | undefined {
  const field = FIELD_START.test(text.trimStart());
  const prisma = PRISMA_TABLE.exec(text);
  if (prisma) return { kind: 'prisma-p2021', name: prisma[1], strong: true, field };
  const shopify = SHOPIFY_PRISMA_TABLE.exec(text);
  if (shopify) return { kind: 'shopify-prisma-session-table', name: shopify[1][0].toUpperCase() + shopify[1].slice(1), strong: true, field };

  // The engine's own messages: whichever comes first on the line is the one the line is about.
  let best: { index: number; kind: FindingKind; name: string } | undefined;
  for (const [re, kind] of ENGINE_SHAPES) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.index)) best = { index: m.index, kind, name: m[1] };
  }
  if (best) {
    const rawQuery = P2010_CODE.test(text);
    const name = best.kind === 'sqlite-no-such-table' ? best.name.replace(/\.+$/, '') : best.name;
    const strong = best.kind !== 'mysql-1146' || facts.mysqlCode || rawQuery;
    return { kind: rawQuery ? 'prisma-p2010' : best.kind, name, strong, field };
  }

  // A P2021 logged as an object without its message: `{ code: 'P2021', meta: { table: … } }`.
  if (P2021_CODE.test(text)) {
    const table = META_TABLE.exec(text)?.[1] ?? facts.modelName;
    if (table) return { kind: 'prisma-p2021', name: table, strong: true, field };
  }

  const column = columnMention(text, field);
  if (column) return column;

  const unapplied = DJANGO_UNAPPLIED.exec(text);
  if (unapplied && unapplied[1].split(',').some((app) => app.trim() === 'sessions'))
    return { kind: 'django-unapplied-migration', name: 'sessions', strong: true, field: false };
  return undefined;
}

const ENGINE_SHAPES: ReadonlyArray<readonly [RegExp, FindingKind]> = [
  [POSTGRES_RELATION, 'postgres-42p01'],
  [MYSQL_TABLE, 'mysql-1146'],
  [SQLITE_TABLE, 'sqlite-no-such-table'],
];
