/**
 * Prisma schema parsing: text of one or more `.prisma` files -> a typed, position-aware model.
 *
 * The grammar is parsed by `@mrleebo/prisma-ast` (chevrotain), not by regexes: about 200 kB
 * minified with chevrotain, against 2.9 MB for Prisma's own schema wasm. It is a syntax parser, not
 * Prisma's validator, so three gaps are closed here: characters its lexer silently drops are
 * refused, `key = value` lines inside a model are refused, and whole-block / field / attribute
 * ranges are taken from chevrotain's CST (prisma-ast keeps name-token positions only). Semantic
 * errors (unknown types, missing fields) surface later as UnsupportedPrismaFeatureError in the DDL.
 * We build our own parser instance with full location tracking instead of using the library's
 * default one, whose options come from a `prisma-ast` config that lilconfig looks up in the cwd.
 */
import type {
  Attribute as AstAttribute,
  AttributeArgument as AstArgument,
  BlockAttribute as AstBlockAttribute,
  Field as AstField,
  Schema as AstSchema,
  Value as AstValue,
} from '@mrleebo/prisma-ast';
import type { Range } from '../../model';

/** An attribute argument value, normalised from prisma-ast's untyped strings. */
export type PrismaValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: string }
  | { kind: 'identifier'; name: string }
  | { kind: 'function'; name: string; args: PrismaArgument[] }
  | { kind: 'array'; items: PrismaValue[] };

interface PrismaArgument {
  /** `map` in `map: "x"`; undefined for positional arguments. */
  name?: string;
  value: PrismaValue;
}

export interface PrismaAttribute {
  /** Full name without `@`: `id`, `default`, `db.VarChar`, `relation`. */
  name: string;
  args: PrismaArgument[];
  range?: Range;
}

interface PrismaDatasource {
  name: string;
  provider: string;
  url?: { kind: 'literal'; value: string } | { kind: 'env'; name: string };
  /** `relationMode = "prisma"` turns off foreign keys in the database. */
  relationMode?: string;
  range: Range;
  file: string;
}

interface PrismaGenerator {
  name: string;
  provider?: string;
  /** Every `key = value` assignment, strings unquoted, other values as written. */
  config: Record<string, string>;
  range: Range;
  file: string;
}

type PrismaFieldKind = 'scalar' | 'enum' | 'relation' | 'composite' | 'unsupported';

export interface PrismaField {
  name: string;
  /** The type name as written (`String`, `User`, `Role`); `Unsupported` for `Unsupported("...")`. */
  type: string;
  /** The argument of `Unsupported("...")`. */
  unsupportedType?: string;
  kind: PrismaFieldKind;
  isList: boolean;
  isOptional: boolean;
  attributes: PrismaAttribute[];
  /** Column name: `@map("...")` or the field name. */
  dbName: string;
  range: Range;
  nameRange: Range;
}

export interface PrismaModel {
  name: string;
  /** Table name: `@@map("...")` or the model name. */
  dbName: string;
  fields: PrismaField[];
  /** Block attributes (`@@id`, `@@unique`, `@@index`, `@@map`, ...), in source order. */
  blockAttributes: PrismaAttribute[];
  /** The whole block, from `model` to `}`. */
  range: Range;
  nameRange: Range;
  file: string;
}

interface PrismaEnumValue {
  name: string;
  dbName: string;
}

export interface PrismaEnum {
  name: string;
  dbName: string;
  values: PrismaEnumValue[];
  range: Range;
  nameRange: Range;
  file: string;
}

export interface PrismaSchema {
  datasource?: PrismaDatasource;
  generators: PrismaGenerator[];
  models: PrismaModel[];
  enums: PrismaEnum[];
  files: string[];
}

type ParseResult = { ok: true; schema: PrismaSchema } | { ok: false; error: string; file?: string; line?: number };

const SCALAR_TYPES = new Set(['String', 'Boolean', 'Int', 'BigInt', 'Float', 'Decimal', 'DateTime', 'Json', 'Bytes']);

interface Location {
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

interface CstLike {
  location?: Location;
}

/** Block nodes as our visitor returns them: prisma-ast's node plus the `{ ... }` location. */
interface LocatedBlock {
  type: string;
  name: string;
  location?: Location;
  blockLocation?: Location;
}

interface ParserKit {
  parser: import('@mrleebo/prisma-ast').PrismaParser;
  visitor: InstanceType<ReturnType<typeof import('@mrleebo/prisma-ast').VisitorClassFactory>>;
  getSchema: typeof import('@mrleebo/prisma-ast').getSchema;
}

let kit: ParserKit | undefined;

/**
 * The parser is built on first use, not at load: building chevrotain's grammar costs ~80 ms, and
 * the extension host loads this module on activation. In the bundle, `@mrleebo/prisma-ast` is a
 * separate file (dist/prisma-ast.js, see esbuild.js) that is only read here.
 */
function parserKit(): ParserKit {
  if (kit) return kit;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getSchema, PrismaParser, VisitorClassFactory } = require('@mrleebo/prisma-ast') as typeof import('@mrleebo/prisma-ast');
  const parser = new PrismaParser({ nodeLocationTracking: 'full' });

  /**
   * prisma-ast locates a node by its name tokens only. The visitor is wrapped so that each block,
   * field and attribute also carries `fullLocation`: its whole text (the `{ ... }` block, a field
   * with its attributes, an attribute with its arguments), taken from chevrotain's CST nodes.
   */
  type RuleContext = Record<string, CstLike[] | undefined>;
  type WrappedVisitor = Record<'component' | 'block' | 'field', (ctx: RuleContext) => unknown>;
  const BaseVisitor = VisitorClassFactory(parser);
  const visitor = new BaseVisitor();
  // prisma-ast's visitor type does not declare its rule methods, so wrap the instance's methods.
  const wrapped = visitor as unknown as WrappedVisitor;
  const component = wrapped.component.bind(visitor);
  wrapped.component = (ctx) => {
    const node = component(ctx) as LocatedBlock;
    node.blockLocation = ctx.block?.[0]?.location;
    return node;
  };
  // Block items (fields, block attributes, enum values) get the location of their CST node.
  const block = wrapped.block.bind(visitor);
  // Items prisma-ast's grammar admits but its visitor drops (`key = value` inside a model) become
  // `{ type: 'invalid' }`, so that they can be refused instead of crashing later.
  wrapped.block = (ctx) => {
    const items = block(ctx) as Array<{ fullLocation?: Location } | undefined> | undefined;
    return items?.map((item, i) => {
      const fullLocation = ctx.list?.[i]?.location;
      if (item && typeof item === 'object') {
        item.fullLocation = fullLocation;
        return item;
      }
      return { type: 'invalid', fullLocation };
    });
  };
  const field = wrapped.field.bind(visitor);
  wrapped.field = (ctx) => {
    const node = field(ctx) as { attributes?: Array<{ fullLocation?: Location }> };
    node.attributes?.forEach((attr, i) => {
      attr.fullLocation = ctx.attributeList?.[i]?.location;
    });
    return node;
  };
  kit = { parser, visitor, getSchema };
  return kit;
}

/** chevrotain positions are 1-based with an inclusive end column; ours are 0-based, end exclusive. */
function toRange(start: Location | undefined, end: Location | undefined = start): Range {
  return {
    start: { line: (start?.startLine ?? 1) - 1, character: (start?.startColumn ?? 1) - 1 },
    end: { line: (end?.endLine ?? 1) - 1, character: end?.endColumn ?? 0 },
  };
}

function located(node: object): { fullLocation?: Location } {
  return node as { fullLocation?: Location };
}

/** Unquotes a Prisma string literal (JSON-like escapes). */
function unquote(literal: string): string {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

function toValue(value: AstValue): PrismaValue {
  if (typeof value === 'string') {
    if (value.startsWith('"')) return { kind: 'string', value: unquote(value) };
    if (/^-?\d/.test(value)) return { kind: 'number', value };
    return { kind: 'identifier', name: value };
  }
  if (typeof value === 'number') return { kind: 'number', value: String(value) };
  if (typeof value === 'boolean' || value === null) return { kind: 'identifier', name: String(value) };
  if (Array.isArray(value)) return { kind: 'array', items: value.map(toValue) };
  switch (value.type) {
    case 'function':
      return { kind: 'function', name: value.name, args: (value.params ?? []).map(toArgument) };
    case 'array':
      return { kind: 'array', items: (value.args ?? []).map(toValue) };
    case 'object':
      // Only seen in exotic attributes; keep the keys as named arguments of an anonymous function.
      return { kind: 'function', name: '', args: value.properties.map((p) => ({ name: p.key, value: toValue(p.value) })) };
  }
}

function toArgument(arg: AstArgument | AstArgument['value'] | AstValue): PrismaArgument {
  if (arg !== null && typeof arg === 'object' && !Array.isArray(arg)) {
    if (arg.type === 'attributeArgument') return toArgument(arg.value);
    if (arg.type === 'keyValue') return { name: arg.key, value: toValue(arg.value) };
  }
  return { value: toValue(arg as AstValue) };
}

function toAttribute(attr: AstAttribute | AstBlockAttribute): PrismaAttribute {
  return {
    name: attr.group ? `${attr.group}.${attr.name}` : attr.name,
    args: (attr.args ?? []).map(toArgument),
    range: located(attr).fullLocation ? toRange(located(attr).fullLocation) : attr.location ? toRange(attr.location) : undefined,
  };
}

/** The first positional argument, or the named one. */
function attributeArgument(attr: PrismaAttribute, name?: string): PrismaValue | undefined {
  if (name !== undefined) {
    const named = attr.args.find((a) => a.name === name);
    if (named) return named.value;
  }
  return attr.args.find((a) => a.name === undefined)?.value;
}

export function stringArgument(attr: PrismaAttribute | undefined, name?: string): string | undefined {
  const value = attr && (name === undefined ? attributeArgument(attr) : attr.args.find((a) => a.name === name)?.value);
  return value?.kind === 'string' ? value.value : undefined;
}

export function findAttribute(attributes: PrismaAttribute[], name: string): PrismaAttribute | undefined {
  return attributes.find((a) => a.name === name);
}

function convertField(field: AstField): PrismaField {
  const attributes = (field.attributes ?? []).map(toAttribute);
  const isFunc = typeof field.fieldType !== 'string';
  const type = typeof field.fieldType === 'string' ? field.fieldType : field.fieldType.name;
  let unsupportedType: string | undefined;
  if (isFunc && typeof field.fieldType !== 'string') {
    const first = field.fieldType.params?.[0];
    if (typeof first === 'string' && first.startsWith('"')) unsupportedType = unquote(first);
  }
  const nameRange = toRange(field.location);
  nameRange.end = { line: nameRange.start.line, character: nameRange.start.character + field.name.length };
  const whole = located(field).fullLocation;
  return {
    name: field.name,
    type,
    unsupportedType,
    kind: isFunc && type === 'Unsupported' ? 'unsupported' : 'scalar',
    isList: field.array === true,
    isOptional: field.optional === true,
    attributes,
    dbName: stringArgument(findAttribute(attributes, 'map')) ?? field.name,
    range: whole ? toRange(whole) : { start: nameRange.start, end: toRange(field.location).end },
    nameRange,
  };
}

function blockRanges(block: LocatedBlock): { range: Range; nameRange: Range } {
  const whole = toRange(block.location, block.blockLocation ?? block.location);
  const nameStartLine = (block.location?.endLine ?? 1) - 1;
  const nameEnd = block.location?.endColumn ?? 0;
  return {
    range: whole,
    nameRange: {
      start: { line: nameStartLine, character: nameEnd - block.name.length },
      end: { line: nameStartLine, character: nameEnd },
    },
  };
}

function assignmentText(value: AstValue): string {
  if (typeof value === 'string') return value.startsWith('"') ? unquote(value) : value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && value.type === 'array') {
    return (value.args ?? []).map((v) => assignmentText(v)).join(',');
  }
  return JSON.stringify(value);
}

interface ParsedFile {
  path: string;
  ast: AstSchema;
}

function parseOne(path: string, text: string): { ok: true; file: ParsedFile } | { ok: false; error: string; line?: number } {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // A final newline is part of prisma-ast's grammar (blocks end in a line break).
  const input = source.endsWith('\n') ? source : `${source}\n`;
  try {
    const { parser, visitor, getSchema } = parserKit();
    const ast = getSchema(input, { parser, visitor });
    const stray = unlexedText(input, parser.input as LexedToken[]);
    if (stray) return { ok: false, error: `Invalid Prisma schema: unexpected character '${stray.char}'`, line: stray.line };
    return { ok: true, file: { path, ast } };
  } catch (error) {
    const token = (error as { token?: { startLine?: number; image?: string } }).token;
    const lastLine = input.split('\n').length - 2;
    const line = token?.startLine !== undefined && Number.isFinite(token.startLine) ? token.startLine - 1 : lastLine;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `Invalid Prisma schema: ${message}`, line };
  }
}

interface LexedToken {
  startOffset: number;
  endOffset?: number;
}

/**
 * prisma-ast's lexer silently drops characters it cannot read (`;`, `§`), where Prisma would
 * refuse the schema. Only whitespace may sit between the lexed tokens.
 */
function unlexedText(text: string, tokens: LexedToken[]): { char: string; line: number } | undefined {
  let cursor = 0;
  const check = (from: number, to: number): number | undefined => {
    for (let i = from; i < to; i++) if (!/\s/.test(text[i])) return i;
    return undefined;
  };
  for (const token of tokens) {
    const bad = check(cursor, token.startOffset);
    if (bad !== undefined) return { char: text[bad], line: text.slice(0, bad).split('\n').length - 1 };
    cursor = (token.endOffset ?? token.startOffset) + 1;
  }
  const bad = check(cursor, text.length);
  return bad === undefined ? undefined : { char: text[bad], line: text.slice(0, bad).split('\n').length - 1 };
}

/**
 * Parses a schema made of one or more files (`prisma/schema/*.prisma` is one schema split over files).
 * Never throws: a malformed file gives `{ ok: false }` with the file and 0-based line.
 */
export function parsePrismaSchema(files: Array<{ path: string; text: string }>): ParseResult {
  try {
    return parseFiles(files);
  } catch (error) {
    // A shape prisma-ast accepts but we did not foresee: still a result, never a throw.
    return { ok: false, error: `Invalid Prisma schema: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function parseFiles(files: Array<{ path: string; text: string }>): ParseResult {
  // Prisma reads a schema folder in code-point order of the paths (checked with Prisma 6.19:
  // `B.prisma`, `a.prisma`, `b.prisma`, `sub/c.prisma`, `z.prisma`); tables and enums follow that order.
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const schema: PrismaSchema = { generators: [], models: [], enums: [], files: sorted.map((f) => f.path) };
  for (const { path, text } of sorted) {
    const parsed = parseOne(path, text);
    if (!parsed.ok) return { ok: false, error: parsed.error, file: path, line: parsed.line };
    for (const block of parsed.file.ast.list) {
      const locatedBlock = block as unknown as LocatedBlock;
      switch (block.type) {
        case 'model': {
          const fields: PrismaField[] = [];
          const blockAttributes: PrismaAttribute[] = [];
          for (const property of block.properties) {
            if (property.type === 'field') fields.push(convertField(property));
            else if (property.type === 'attribute') blockAttributes.push(toAttribute(property));
            else if (property.type !== 'comment' && property.type !== 'break') {
              const at = located(property).fullLocation;
              return {
                ok: false,
                error: `Invalid Prisma schema: not a field or attribute in model ${block.name}`,
                file: path,
                line: at ? toRange(at).start.line : toRange(block.location).start.line,
              };
            }
          }
          schema.models.push({
            name: block.name,
            dbName: stringArgument(findAttribute(blockAttributes, 'map')) ?? block.name,
            fields,
            blockAttributes,
            ...blockRanges(locatedBlock),
            file: path,
          });
          break;
        }
        case 'enum': {
          const values: PrismaEnumValue[] = [];
          let dbName = block.name;
          for (const item of block.enumerators) {
            if (item.type === 'enumerator') {
              const map = stringArgument(findAttribute((item.attributes ?? []).map(toAttribute), 'map'));
              values.push({ name: item.name, dbName: map ?? item.name });
            } else if (item.type === 'attribute' && item.name === 'map') {
              dbName = stringArgument(toAttribute(item)) ?? dbName;
            }
          }
          schema.enums.push({ name: block.name, dbName, values, ...blockRanges(locatedBlock), file: path });
          break;
        }
        case 'datasource': {
          const config: Record<string, AstValue> = {};
          for (const a of block.assignments) if (a.type === 'assignment') config[a.key] = a.value;
          const url = config.url;
          let parsedUrl: PrismaDatasource['url'];
          if (typeof url === 'string' && url.startsWith('"')) parsedUrl = { kind: 'literal', value: unquote(url) };
          else if (url !== null && typeof url === 'object' && !Array.isArray(url) && url.type === 'function' && url.name === 'env') {
            const name = url.params?.[0];
            if (typeof name === 'string') parsedUrl = { kind: 'env', name: unquote(name) };
          }
          if (schema.datasource) {
            return { ok: false, error: 'Invalid Prisma schema: more than one datasource block.', file: path, line: toRange(block.location).start.line };
          }
          schema.datasource = {
            name: block.name,
            provider: config.provider !== undefined ? assignmentText(config.provider) : '',
            url: parsedUrl,
            relationMode: config.relationMode !== undefined ? assignmentText(config.relationMode) : undefined,
            range: blockRanges(locatedBlock).range,
            file: path,
          };
          break;
        }
        case 'generator': {
          const config: Record<string, string> = {};
          for (const a of block.assignments) if (a.type === 'assignment') config[a.key] = assignmentText(a.value);
          schema.generators.push({ name: block.name, provider: config.provider, config, range: blockRanges(locatedBlock).range, file: path });
          break;
        }
        default:
          break;
      }
    }
  }
  classifyFields(schema);
  return { ok: true, schema };
}

/** Scalar, enum or relation is only known once every file's models and enums are in. */
function classifyFields(schema: PrismaSchema): void {
  const models = new Set(schema.models.map((m) => m.name));
  const enums = new Set(schema.enums.map((e) => e.name));
  for (const model of schema.models) {
    for (const field of model.fields) {
      if (field.kind === 'unsupported') continue;
      if (SCALAR_TYPES.has(field.type)) field.kind = 'scalar';
      else if (enums.has(field.type)) field.kind = 'enum';
      else if (models.has(field.type)) field.kind = 'relation';
      else field.kind = 'composite';
    }
  }
}
