import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { diagnose } from '../core/pipeline';
import { readRegularText } from '../core/read/regularFile';
import { printable } from '../core/report/printable';
import { SqlDialect } from '../core/model';
import { listPrismaFiles } from '../core/stacks/prisma/prismaProject';
import { parsePrismaSchema } from '../core/stacks/prisma/prismaSchema';
import { findSessionModel } from '../core/stacks/prisma/sessionModel';
import { prismaCreateSql, tablesNeededFor } from '../core/stacks/prisma/prismaDdl';
import { parseArgs, stringFlag } from './args';
import { diagnoseOptions, DIAGNOSE_BOOLEAN, DIAGNOSE_VALUED } from './checkCommand';
import { CliIo, EXIT_ERROR, EXIT_OK, UsageError } from './io';

const DIALECTS: readonly SqlDialect[] = ['sqlite', 'postgresql', 'mysql'];

function asDialect(value: string | undefined): SqlDialect | undefined {
  if (value === undefined) return undefined;
  const v = value === 'postgres' || value === 'pgsql' ? 'postgresql' : value;
  if (!(DIALECTS as readonly string[]).includes(v)) throw new UsageError('--dialect is sqlite, postgresql or mysql');
  return v as SqlDialect;
}

class SchemaReadError extends Error {}

async function readSchemaFile(f: string): Promise<{ path: string; text: string }> {
  const r = await readRegularText(f);
  if (!r.ok) throw new SchemaReadError(r.reason);
  return { path: f, text: r.text };
}

async function schemaFiles(p: string): Promise<Array<{ path: string; text: string }>> {
  // A schema folder: nested .prisma files belong to the schema too (Prisma reads them all).
  // Anything else (a file, a FIFO, a device) is read as one file, which refuses what is not regular.
  if (!(await fs.stat(p)).isDirectory()) return [await readSchemaFile(p)];
  const files = await listPrismaFiles(p);
  return Promise.all(files.map(readSchemaFile));
}

/** `session-doctor sql [DIR] [--schema FILE] [--model NAME] [--dialect D] [--with-related]`: prints the session-table DDL. */
export async function runSql(args: string[], io: CliIo): Promise<number> {
  const p = parseArgs(args, { valued: [...DIAGNOSE_VALUED, 'schema', 'dialect'], boolean: [...DIAGNOSE_BOOLEAN, 'with-related'] });
  if (p.positional.length > 1) throw new UsageError('sql takes at most one folder');
  const dialect = asDialect(stringFlag(p, 'dialect'));
  const schemaPath = stringFlag(p, 'schema');
  if (schemaPath) {
    let files: Array<{ path: string; text: string }>;
    try {
      files = await schemaFiles(path.resolve(io.cwd, schemaPath));
    } catch (e) {
      const why = e instanceof SchemaReadError ? e.message : `cannot read ${schemaPath}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
      io.stderr.write(`session-doctor sql: ${printable(why)}\n`);
      return EXIT_ERROR;
    }
    const parsed = parsePrismaSchema(files);
    if (!parsed.ok) {
      io.stderr.write(`session-doctor sql: ${parsed.file ? `${parsed.file}:${parsed.line === undefined ? '?' : parsed.line + 1}: ` : ''}${parsed.error}\n`);
      return EXIT_ERROR;
    }
    const found = findSessionModel(parsed.schema, stringFlag(p, 'model'));
    if (!found) {
      io.stderr.write(`session-doctor sql: no session model in ${schemaPath}${stringFlag(p, 'model') ? ` named ${stringFlag(p, 'model')}` : ''}\n`);
      return EXIT_ERROR;
    }
    const provider = parsed.schema.datasource?.provider;
    const d = dialect ?? asDialect(provider === 'postgres' || provider === 'cockroachdb' ? 'postgresql' : (provider ?? 'sqlite')) ?? 'sqlite';
    const models = p.flags.has('with-related') ? tablesNeededFor(parsed.schema, found.model) : [found.model];
    io.stdout.write(
      prismaCreateSql(
        parsed.schema,
        models.map((m) => m.name),
        d,
      ),
    );
    return EXIT_OK;
  }
  const dir = path.resolve(io.cwd, p.positional[0] ?? '.');
  const d = await diagnose(dir, diagnoseOptions(p, io));
  const blocks = d.apps.flatMap((a) => {
    const want = dialect ?? a.dialect;
    const sql = want ? a.sessionSql?.[want] : undefined;
    return sql ? [{ root: a.root, dialect: want, sql }] : [];
  });
  if (blocks.length === 0) {
    io.stderr.write(`session-doctor sql: no app with a session table found under ${printable(dir)}\n`);
    return EXIT_ERROR;
  }
  for (const b of blocks)
    io.stdout.write((blocks.length > 1 ? `-- ${printable(path.relative(dir, b.root) || '.')} (${b.dialect})\n` : '') + b.sql + (blocks.length > 1 ? '\n' : ''));
  return EXIT_OK;
}
