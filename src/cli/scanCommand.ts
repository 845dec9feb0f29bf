/**
 * `session-doctor scan [FILE ...] [--json] [--table NAME ...]`: runs the streaming detector over
 * files or stdin and prints each finding as soon as its error is complete, so input of any size
 * streams through in constant memory.
 */
import { open, FileHandle } from 'fs/promises';
import { Finding, MISSING_TABLE_KINDS } from '../core/detect/finding';
import { DEFAULT_MAX_LINE, Scanner } from '../core/detect/scanner';
import { Bundle, renderMessage } from '../core/messages';
import { scanHints } from '../core/stacks/scanHints';
import { ArgSpec, listFlag, parseArgs } from './args';
import { CliIo, EXIT_ERROR, EXIT_FOUND, EXIT_OK } from './io';
import { loadBundle } from './locale';

const SCAN_USAGE = `Usage: session-doctor scan [FILE ...] [--json] [--table NAME ...]

Finds "missing table" errors (Prisma P2021/P2010, MySQL 1146, SQLite "no such table",
PostgreSQL 42P01) in log files, or in stdin when no FILE is given.

  --json          print {"findings":[...]} instead of a report
  --table NAME    also treat NAME as a session table (repeatable)

Exit: 0 nothing found, 1 found, 2 usage or read error.
`;

/**
 * Read size for files. Each read is a round trip through libuv's thread pool: at 64 KiB that round
 * trip cost as much as scanning the bytes (0.39 s of reads alone for 512 MB, against 0.13 s at 1 MiB).
 */
const CHUNK_BYTES = 1024 * 1024;
const LINE_CAP_KB = DEFAULT_MAX_LINE / 1024;

/** The scan flags, read by the CLI's one argument parser. */
const SCAN_ARGS: ArgSpec = {
  valued: ['table'],
  boolean: ['json', 'help'],
  repeatable: ['table'],
  valueNames: { table: 'a table name' },
  short: { h: 'help' },
  quoteUnknown: true,
};

/** Prints findings as they come: a report, or one JSON document written piece by piece. */
class FindingPrinter {
  private count = 0;
  private sessions = 0;
  /** Findings that are not a missing table: missing columns, Django's unapplied-migration warning. */
  private others = 0;

  constructor(
    readonly io: CliIo,
    private readonly json: boolean,
    private readonly withFile: boolean,
    /** The hints' language (the report's frame stays English, as in `check`). */
    private readonly bundle: Bundle | undefined,
  ) {
    if (json) io.stdout.write('{"findings":[');
  }

  print(findings: Finding[], source: string): void {
    for (const f of findings) {
      if (this.json) this.io.stdout.write((this.count > 0 ? ',' : '') + JSON.stringify(this.jsonShape(f, source)));
      else this.io.stdout.write(this.reportLines(f, source));
      this.count++;
      if (!MISSING_TABLE_KINDS.has(f.kind)) this.others++;
      else if (f.session) this.sessions++;
    }
  }

  finish(): number {
    if (this.json) this.io.stdout.write(']}\n');
    else if (this.count === 0) this.io.stdout.write('No missing-table errors found.\n');
    else {
      const tables = this.count - this.others;
      const parts =
        tables > 0 || this.others === 0 ? [`${tables} missing-table error${tables === 1 ? '' : 's'} found (${this.sessions} on a session table)`] : [];
      if (this.others > 0) parts.push(`${this.others} other finding${this.others === 1 ? '' : 's'} (missing columns, unapplied migrations)`);
      this.io.stdout.write(`${parts.join('; ')}.\n`);
    }
    return this.count;
  }

  private jsonShape(f: Finding, source: string): Record<string, unknown> {
    const column = f.column === undefined ? {} : { column: f.column };
    const shape = { kind: f.kind, table: f.table, ...column, qualifier: f.qualifier ?? null, session: f.session, line: f.line, text: f.text };
    return this.withFile ? { file: source, ...shape } : shape;
  }

  private reportLines(f: Finding, source: string): string {
    const name = f.qualifier === undefined ? f.table : `${f.table} (in ${f.qualifier})`;
    // The finding's own stack advises (never Laravel's commands under a Prisma error), else neutral words.
    const [hint, ...more] = scanHints(f).map((m) => renderMessage(m, this.bundle));
    const what = f.kind === 'django-unapplied-migration' ? `app ${f.table}` : f.column === undefined ? `table ${name}` : `table ${name}, column ${f.column}`;
    const lines = [
      `${source}:${f.line}: ${f.kind}: ${what}${f.session ? ' [session table]' : ''}`,
      `  ${oneLine(f.text)}`,
      `  hint: ${hint}`,
      ...more.map((m) => `  ${m}`),
    ];
    return lines.join('\n') + '\n\n';
  }
}

/** Keeps a finding's text on one short report line. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}

/** Why a file cannot be read, in words (the errno code alone is not a message). */
function describeReadError(file: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return `cannot read '${file}': no such file`;
    case 'EACCES':
    case 'EPERM':
      return `cannot read '${file}': permission denied`;
    case 'EISDIR':
      return `cannot read '${file}': it is a directory`;
    default:
      return `cannot read '${file}': ${e instanceof Error ? e.message : String(e)}`;
  }
}

async function openAll(files: string[]): Promise<FileHandle[]> {
  const handles: FileHandle[] = [];
  try {
    for (const file of files) {
      let h: FileHandle;
      try {
        h = await open(file, 'r');
      } catch (e) {
        throw new ReadError(describeReadError(file, e));
      }
      handles.push(h);
      if ((await h.stat()).isDirectory()) throw new ReadError(describeReadError(file, { code: 'EISDIR' }));
    }
    return handles;
  } catch (e) {
    await Promise.all(handles.map((h) => h.close()));
    throw e;
  }
}

class ReadError extends Error {}

/**
 * Says that some lines were longer than the scanner's line cap. They were still searched, in
 * windows, but a reader of "No missing-table errors found" should know the input was unusual.
 */
function noteLongLines(io: CliIo, scanner: Scanner, source: string): void {
  const { count, firstLine } = scanner.longLines;
  if (count === 0) return;
  const lines =
    count === 1
      ? `1 line longer than ${LINE_CAP_KB} KiB (${source}:${firstLine}) was`
      : `${count} lines longer than ${LINE_CAP_KB} KiB (the first at ${source}:${firstLine}) were`;
  io.stderr.write(
    `session-doctor scan: note: ${lines} searched in overlapping ${LINE_CAP_KB} KiB windows; an error whose own text is longer than that would be missed.\n`,
  );
}

/** Reads in flight at once on a regular file (each in libuv's thread pool, at its own offset). */
const READ_AHEAD = 3;

async function scanHandle(h: FileHandle, file: string, scanner: Scanner, printer: FindingPrinter): Promise<void> {
  // A regular file is read at explicit offsets, several chunks ahead, so the thread pool keeps
  // reading while this thread scans; anything else (a pipe, a device) only in order, one at a time.
  let ahead = 1;
  try {
    if ((await h.stat()).isFile()) ahead = READ_AHEAD;
  } catch (e) {
    throw new ReadError(describeReadError(file, e));
  }
  let offset = 0;
  const read = async (buf: Uint8Array): Promise<number> => {
    const at = ahead > 1 ? offset : null;
    offset += buf.length;
    try {
      return (await h.read(buf, 0, buf.length, at)).bytesRead;
    } catch (e) {
      throw new ReadError(describeReadError(file, e));
    }
  };
  const queue: Array<{ buf: Uint8Array; done: Promise<number> }> = [];
  const enqueue = (buf: Uint8Array): void => {
    const done = read(buf);
    // Don't leave a failed read unobserved while scanning; it is rethrown when its turn comes.
    done.catch(() => undefined);
    queue.push({ buf, done });
  };
  for (let i = 0; i < ahead + 1; i++) enqueue(new Uint8Array(CHUNK_BYTES));
  for (;;) {
    const next = queue.shift()!;
    const n = await next.done;
    if (n === 0) break;
    printer.print(scanner.write(next.buf.subarray(0, n)), file);
    enqueue(next.buf);
  }
  printer.print(scanner.end(), file);
  noteLongLines(printer.io, scanner, file);
}

async function scanStdin(io: CliIo, scanner: Scanner, printer: FindingPrinter): Promise<void> {
  try {
    for await (const chunk of io.stdin) printer.print(scanner.write(chunk), '<stdin>');
  } catch (e) {
    throw new ReadError(`cannot read stdin: ${e instanceof Error ? e.message : String(e)}`);
  }
  printer.print(scanner.end(), '<stdin>');
  noteLongLines(io, scanner, '<stdin>');
}

export async function runScan(args: string[], io: CliIo): Promise<number> {
  const p = parseArgs(args, SCAN_ARGS);
  if (p.flags.has('help')) {
    io.stdout.write(SCAN_USAGE);
    return EXIT_OK;
  }
  const parsed = { files: p.positional, json: p.flags.has('json'), tables: listFlag(p, 'table') };
  const useStdin = parsed.files.length === 0 || (parsed.files.length === 1 && parsed.files[0] === '-');
  let handles: FileHandle[] = [];
  try {
    // Open every file first, so a typo in the last name fails before anything is printed.
    if (!useStdin) handles = await openAll(parsed.files);
  } catch (e) {
    if (!(e instanceof ReadError)) throw e;
    io.stderr.write(`session-doctor scan: ${e.message}\n`);
    return EXIT_ERROR;
  }

  const printer = new FindingPrinter(io, parsed.json, !useStdin, loadBundle(io.env));
  let failed = false;
  try {
    if (useStdin) await scanStdin(io, new Scanner({ sessionTables: parsed.tables }), printer);
    for (let i = 0; i < handles.length; i++) {
      // One scanner per file: line numbers and error windows never run across files.
      await scanHandle(handles[i], parsed.files[i], new Scanner({ sessionTables: parsed.tables }), printer);
    }
  } catch (e) {
    if (!(e instanceof ReadError)) throw e;
    io.stderr.write(`session-doctor scan: ${e.message}\n`);
    failed = true;
  } finally {
    await Promise.all(handles.map((h) => h.close()));
  }
  const count = printer.finish();
  if (failed) return EXIT_ERROR;
  return count > 0 ? EXIT_FOUND : EXIT_OK;
}
