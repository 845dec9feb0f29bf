import type { RecordValue } from './recordFormat';
import { readSqliteSchema } from './schemaReader';

type TableRowsResult = { ok: true; rows: Array<Record<string, RecordValue>> } | { ok: false; reason: string; missingTable?: boolean };

/** Strips one layer of SQLite identifier quoting: "x", `x`, [x]. */
function unquote(id: string): string {
  const q = id[0];
  if ((q === '"' || q === '`') && id.endsWith(q))
    return id
      .slice(1, -1)
      .split(q + q)
      .join(q);
  if (q === '[' && id.endsWith(']')) return id.slice(1, -1);
  return id;
}

const CONSTRAINT_WORDS = new Set(['constraint', 'primary', 'unique', 'check', 'foreign']);

interface ColumnDefinition {
  name: string;
  /** The whole definition text, e.g. `"id" integer primary key autoincrement not null`. */
  definition: string;
}

/**
 * The column definitions of a `CREATE TABLE name (...)` statement, in order: every top-level item
 * of the column list (split on commas outside parentheses and quotes), table constraints skipped.
 * Undefined for anything else (CREATE TABLE ... AS SELECT, virtual tables).
 */
function columnDefinitions(sql: string): ColumnDefinition[] | undefined {
  const open = sql.indexOf('(');
  if (open < 0 || !/^\s*create\s+(temp\w*\s+)?table\b/i.test(sql)) return undefined;
  const items: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = open + 1;
  for (let i = open + 1; i < sql.length; i++) {
    const c = sql[i];
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === '`' || c === "'") quote = c;
    else if (c === '[') quote = ']';
    else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) {
        items.push(sql.slice(start, i));
        break;
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      items.push(sql.slice(start, i));
      start = i + 1;
    }
  }
  const columns: ColumnDefinition[] = [];
  for (const item of items) {
    const definition = item.trim();
    const m = definition.match(/^("(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]|[^\s(]+)/);
    if (!m) return undefined;
    if (CONSTRAINT_WORDS.has(m[1].toLowerCase())) continue;
    columns.push({ name: unquote(m[1]), definition });
  }
  return columns.length > 0 ? columns : undefined;
}

/** The column definitions of a `CREATE TABLE` statement, in order (undefined when it has no column list). */
export function createTableColumnDefinitions(sql: string): ColumnDefinition[] | undefined {
  return columnDefinitions(sql);
}

/** Column names of a `CREATE TABLE` statement, in order (undefined when it has no column list). */
export function createTableColumns(sql: string): string[] | undefined {
  return columnDefinitions(sql)?.map((c) => c.name);
}

/**
 * The rows of one small bookkeeping table (`_prisma_migrations`, Laravel's `migrations`) as objects,
 * read with the page reader: O(schema + that table), never a load of the database.
 * An INTEGER PRIMARY KEY column reads as its row id, as in SQLite.
 */
export async function readTableRows(dbPath: string, table: string, opts: { maxRows: number }): Promise<TableRowsResult> {
  const first = await readSqliteSchema(dbPath);
  if (first.status !== 'ok') return { ok: false, reason: first.reason };
  const entry = first.entries.find((e) => e.type === 'table' && e.name.toLowerCase() === table.toLowerCase());
  if (!entry) return { ok: false, reason: `no table ${table}`, missingTable: true };
  const columns = entry.sql ? columnDefinitions(entry.sql) : undefined;
  if (!columns) return { ok: false, reason: `the columns of ${table} cannot be read from its definition` };
  // A WITHOUT ROWID table is an index b-tree, which the page reader does not walk; asking for its
  // rows would turn the whole read into an error.
  if (/\)\s*without\s+rowid\s*;?\s*$/i.test(entry.sql ?? ''))
    return { ok: false, reason: `${table} is a WITHOUT ROWID table, which this reader does not read` };
  const read = await readSqliteSchema(dbPath, { rowsOf: [{ table: entry.name, columns: columns.length, maxRows: opts.maxRows }] });
  if (read.status !== 'ok') return { ok: false, reason: read.reason };
  const recs = read.tables?.[entry.name];
  if (!recs) return { ok: false, reason: `${table} disappeared while it was read` };
  if (recs.truncated) return { ok: false, reason: `${table} has more than ${opts.maxRows} rows` };
  // An INTEGER PRIMARY KEY column is the row id: SQLite stores NULL in the record for it.
  const pkAlias = columns.findIndex((c) => /^\S+\s+integer\s+primary\s+key\b/i.test(c.definition));
  return {
    ok: true,
    rows: recs.records.map((values, r) => {
      const row: Record<string, RecordValue> = {};
      columns.forEach((c, i) => {
        row[c.name] = i === pkAlias && values[i] === null ? recs.rowids[r] : values[i];
      });
      return row;
    }),
  };
}

/** Whether `table` holds at least one row: undefined when that cannot be read (reads one row at most). */
export async function tableHasRows(dbPath: string, table: string): Promise<boolean | undefined> {
  const read = await readSqliteSchema(dbPath, { rowsOf: [{ table, columns: 1, maxRows: 1 }] });
  if (read.status !== 'ok') return undefined;
  const recs = read.tables?.[table];
  return recs ? recs.records.length > 0 || recs.truncated : undefined;
}
