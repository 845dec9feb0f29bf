import { UsageError } from './io';

export interface ParsedArgs {
  positional: string[];
  /** The last value of each valued option, `true` for each boolean one given. */
  flags: Map<string, string | true>;
  /** Every value of each repeatable option, in order (`--table a --table b`). */
  lists: Map<string, string[]>;
}

/** What one command accepts. Every command parses with this one reader. */
export interface ArgSpec {
  /** Options that take a value: `--name value` or `--name=value`. */
  valued: string[];
  boolean: string[];
  /** Valued options that may be given more than once; read them with `listFlag`. */
  repeatable?: string[];
  /**
   * What the value of an option is, for its error ("--table needs a table name"). Such a value
   * must not be empty either. Without an entry: "--name needs a value", and an empty one is kept.
   */
  valueNames?: Record<string, string>;
  /**
   * One-letter spellings (`{ h: 'help' }`). A command that has any treats every other `-x` as an
   * unknown option; one that has none takes `-x` as a positional (a folder named so).
   */
  short?: Record<string, string>;
  /**
   * Name an unknown option in quotes, as typed (`unknown option '--jsn'`), as scan always has; the
   * other commands say `unknown option --jsn`.
   */
  quoteUnknown?: boolean;
}

/**
 * A small argv reader: `--name value`, `--name=value`, boolean `--flag`, `--` ending the options,
 * `-` a positional (stdin). Any other unknown option is a usage error, so typos do not pass silently.
 */
export function parseArgs(args: string[], spec: ArgSpec): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  const unknown = (typed: string, name: string) => new UsageError(spec.quoteUnknown ? `unknown option '${typed}'` : `unknown option --${name}`);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (a === '-' || !a.startsWith('-') || (!a.startsWith('--') && !spec.short)) {
      positional.push(a);
      continue;
    }
    if (!a.startsWith('--')) {
      const long = spec.short?.[a.slice(1)];
      if (long === undefined || !spec.boolean.includes(long)) throw unknown(a, a.slice(1));
      flags.set(long, true);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (spec.valued.includes(name)) {
      const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
      const what = spec.valueNames?.[name];
      if (value === undefined || (what !== undefined && value === '')) throw new UsageError(`--${name} needs ${what ?? 'a value'}`);
      flags.set(name, value);
      if (spec.repeatable?.includes(name)) lists.set(name, [...(lists.get(name) ?? []), value]);
    } else if (spec.boolean.includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
    } else {
      throw unknown(a, name);
    }
  }
  return { positional, flags, lists };
}

export function stringFlag(p: ParsedArgs, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** Every value of a repeatable option, in order; empty when it was not given. */
export function listFlag(p: ParsedArgs, name: string): string[] {
  return p.lists.get(name) ?? [];
}
