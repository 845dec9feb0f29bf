/**
 * `session-doctor mcp [--allow-writes] [--allow-destructive]`: the Model Context Protocol over stdio,
 * with the official SDK. Its tools are the CLI's commands over the same core: `check` (the
 * diagnosis, with each fix's exact SQL), `sql`, `scan` (text the agent passes in) and `fix`, which
 * changes nothing unless the server was started with --allow-writes and the call says
 * `confirm: true`; a destructive fix also needs --allow-destructive. Stdout carries protocol
 * messages only: every tool writes to a captured stream.
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { diagnose } from '../core/pipeline';
import { renderDiagnosisForAgent } from '../core/report/agentReport';
import { printable } from '../core/report/printable';
import { parseArgs } from './args';
import { engineChoice, fixFolder } from './fixCommand';
import { CliIo, EXIT_ERROR, EXIT_OK, UsageError } from './io';
import { loadBundle } from './locale';
import { runScan } from './scanCommand';
import { runSql } from './sqlCommand';
import { toolInfo } from './toolInfo';

interface McpPermissions {
  allowWrites: boolean;
  allowDestructive: boolean;
}

type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean };

function result(text: string, isError = false): ToolResult {
  return { content: [{ type: 'text', text }], ...(isError ? { isError: true } : {}) };
}

/** A CliIo whose output is kept for the tool's answer instead of reaching the process's stdout. */
function capturedIo(env: NodeJS.ProcessEnv, cwd: string, stdin: Buffer = Buffer.alloc(0)): { io: CliIo; text: () => string } {
  let out = '';
  const write = (s: string): void => {
    out += s;
  };
  return { io: { stdin: Readable.from([stdin]), stdout: { write }, stderr: { write }, env, cwd }, text: () => out };
}

async function folder(cwd: string, dir: string | undefined): Promise<string | undefined> {
  const abs = path.resolve(cwd, dir ?? '.');
  try {
    return (await stat(abs)).isDirectory() ? abs : undefined;
  } catch {
    return undefined;
  }
}

function notAFolder(cwd: string, dir: string | undefined): ToolResult {
  return result(`${printable(path.resolve(cwd, dir ?? '.'))} is not a readable folder.`, true);
}

const REFUSED_NO_WRITES =
  'Refused, nothing changed: this MCP server was started without --allow-writes, so it applies no fix. Restart it with `session-doctor mcp --allow-writes` to allow fixes.';
const REFUSED_NO_CONFIRM =
  'Refused, nothing changed: `confirm` must be true. Show the user what the fix changes (the check tool lists it) and call again with confirm: true once they agree.';

/** Builds the server with its four tools; `sdk` is the lazily loaded SDK module. */
function createMcpServer(sdk: typeof import('./mcpSdk'), perms: McpPermissions, env: NodeJS.ProcessEnv, cwd: string): InstanceType<typeof sdk.McpServer> {
  const { McpServer, z } = sdk;
  const bundle = loadBundle(env);
  const server = new McpServer({ name: 'session-doctor', version: toolInfo().version });
  const dirArg = z.string().optional().describe('The project folder (absolute, or relative to where the server runs); default: that folder.');

  server.registerTool(
    'check',
    {
      title: 'Check session tables',
      description:
        'Diagnose every Prisma and Laravel app under a folder: is the session table there, is the session config right. Returns each app, each problem, its fixes ranked best first with their fixId, and exactly what each fix does (the SQL, the .env edit, or the command). Reads only; never changes anything.',
      inputSchema: { dir: dirArg, live: z.boolean().optional().describe('Query MySQL/PostgreSQL servers, read-only and time-bounded (default true).') },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ dir, live }) => {
      const abs = await folder(cwd, dir);
      if (!abs) return notAFolder(cwd, dir);
      const d = await diagnose(abs, { env, live: live ?? true });
      return result(renderDiagnosisForAgent(d, bundle), d.health === 'unknown');
    },
  );

  server.registerTool(
    'sql',
    {
      title: 'Session table SQL',
      description:
        'The exact CREATE TABLE statements (DDL) for the session table of each app under a folder, in its own SQL dialect or the one asked for. Reads only.',
      inputSchema: {
        dir: dirArg,
        dialect: z.enum(['sqlite', 'postgresql', 'mysql']).optional(),
        withRelated: z.boolean().optional().describe('Prisma: also the tables the session model needs.'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ dir, dialect, withRelated }) => {
      const abs = await folder(cwd, dir);
      if (!abs) return notAFolder(cwd, dir);
      const c = capturedIo(env, cwd);
      const code = await runSql([abs, '--no-live', ...(dialect ? ['--dialect', dialect] : []), ...(withRelated ? ['--with-related'] : [])], c.io);
      return result(c.text(), code !== EXIT_OK);
    },
  );

  server.registerTool(
    'scan',
    {
      title: 'Scan output for missing tables',
      description:
        'Find "missing table" errors (Prisma P2021/P2010, MySQL/MariaDB 1146, SQLite "no such table", PostgreSQL 42P01) in text such as dev-server output or a Laravel log. Returns each finding with its line, whether it is a session table, and a hint. Passwords in database URLs are masked.',
      inputSchema: {
        text: z.string().describe('The terminal output or log text.'),
        tables: z.array(z.string()).optional().describe('More table names to treat as session tables.'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ text, tables }) => {
      const c = capturedIo(env, cwd, Buffer.from(text, 'utf8'));
      const code = await runScan(['-', ...(tables ?? []).flatMap((t) => ['--table', t])], c.io);
      return result(c.text(), code === EXIT_ERROR);
    },
  );

  server.registerTool(
    'fix',
    {
      title: 'Apply a fix',
      description: `Apply one fix, by the fixId the check tool gave, to the apps under a folder, then check again. Needs confirm: true, after the user has seen what it changes. ${perms.allowWrites ? 'This server may write.' : 'This server was started without --allow-writes: every fix is refused.'} ${perms.allowDestructive ? 'Destructive fixes (which delete data) are allowed.' : 'Destructive fixes (which delete data) are refused.'} A database outside the folder is never written.`,
      inputSchema: {
        dir: dirArg,
        fixId: z.string().describe('The fixId, e.g. prisma.createTable or laravel.driver.cookie.'),
        confirm: z.boolean().describe('Must be true: the user agreed to this change.'),
      },
      annotations: { readOnlyHint: false, destructiveHint: perms.allowDestructive, idempotentHint: false, openWorldHint: false },
    },
    async ({ dir, fixId, confirm }) => {
      if (!perms.allowWrites) return result(REFUSED_NO_WRITES, true);
      if (confirm !== true) return result(REFUSED_NO_CONFIRM, true);
      const abs = await folder(cwd, dir);
      if (!abs) return notAFolder(cwd, dir);
      const c = capturedIo(env, cwd);
      const { code, matched } = await fixFolder(
        {
          dir: abs,
          diagnose: { env },
          selection: { fixId, allowDestructive: perms.allowDestructive },
          allowOutside: false,
          dryRun: false,
          yes: true,
          engine: engineChoice(undefined, env),
        },
        c.io,
        bundle,
      );
      const unmatched =
        matched === 0 && code !== EXIT_OK
          ? `\nNo problem here has a fix with id ${printable(fixId)}: nothing was applied. The check tool lists the ids.\n`
          : '';
      return result(c.text() + unmatched, code !== EXIT_OK);
    },
  );
  return server;
}

/** `session-doctor mcp`: serves until the client closes stdin. */
export async function runMcp(args: string[], io: CliIo): Promise<number> {
  const p = parseArgs(args, { valued: [], boolean: ['allow-writes', 'allow-destructive'] });
  if (p.positional.length) throw new UsageError('mcp takes no folder; each tool call names one');
  if (p.flags.has('allow-destructive') && !p.flags.has('allow-writes')) throw new UsageError('--allow-destructive needs --allow-writes');
  // Stdout is the protocol channel: anything a library logs goes to stderr instead.
  console.log = console.info = console.debug = console.error;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('./mcpSdk') as typeof import('./mcpSdk');
  const server = createMcpServer(sdk, { allowWrites: p.flags.has('allow-writes'), allowDestructive: p.flags.has('allow-destructive') }, io.env, io.cwd);
  const transport = new sdk.StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => void server.close());
  });
  await server.connect(transport);
  io.stderr.write(
    `session-doctor mcp: serving on stdio (writes ${p.flags.has('allow-writes') ? 'allowed' : 'refused'}, destructive fixes ${p.flags.has('allow-destructive') ? 'allowed' : 'refused'})\n`,
  );
  await closed;
  return EXIT_OK;
}
