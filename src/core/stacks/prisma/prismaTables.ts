/**
 * Prisma models -> the tables, keys, indexes and foreign keys Prisma's schema engine derives from
 * them (its "SQL schema calculator"), before any dialect renders them as text.
 *
 * Naming, ordering and defaults follow prisma-engines (psl `ConstraintNames`, parser-database's
 * attribute order) and were checked against real `prisma migrate diff` output of Prisma 6.19.
 */
import {
  findAttribute,
  stringArgument,
  type PrismaAttribute,
  type PrismaEnum,
  type PrismaField,
  type PrismaModel,
  type PrismaSchema,
  type PrismaValue,
} from './prismaSchema';

export type Dialect = 'sqlite' | 'postgresql' | 'mysql';

/** Thrown for schema features this generator does not render (say which, never guess). */
export class UnsupportedPrismaFeatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedPrismaFeatureError';
  }
}

export type ColumnDefault =
  | { kind: 'now' }
  | { kind: 'string'; value: string }
  | { kind: 'enum'; value: string }
  | { kind: 'number'; text: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'datetime'; value: string }
  | { kind: 'json'; value: string }
  | { kind: 'bytes'; hex: string }
  | { kind: 'list'; items: ColumnDefault[] }
  | { kind: 'dbgenerated'; sql: string };

export interface Column {
  name: string;
  field: PrismaField;
  /** Scalar type name (`String`, ...), or the enum. */
  scalar: string;
  enum?: PrismaEnum;
  /** `@db.X(args)`: name without `db.` plus numeric arguments. */
  nativeType?: { name: string; args: number[] };
  unsupported?: string;
  required: boolean;
  list: boolean;
  autoincrement: boolean;
  default?: ColumnDefault;
}

export interface IndexColumn {
  name: string;
  sort?: 'ASC' | 'DESC';
  length?: number;
}

export interface Index {
  name: string;
  unique: boolean;
  columns: IndexColumn[];
}

type ReferentialAction = 'CASCADE' | 'RESTRICT' | 'NO ACTION' | 'SET NULL' | 'SET DEFAULT';

export interface ForeignKey {
  name: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

export interface Table {
  model: PrismaModel;
  name: string;
  columns: Column[];
  primaryKey?: { name: string; columns: IndexColumn[] };
  indexes: Index[];
  foreignKeys: ForeignKey[];
}

/** Longest identifier each database accepts (psl connectors' `max_identifier_length`). */
const MAX_IDENTIFIER_LENGTH: Record<Dialect, number> = { postgresql: 63, mysql: 64, sqlite: 10000 };

const SCALARS = new Set(['String', 'Boolean', 'Int', 'BigInt', 'Float', 'Decimal', 'DateTime', 'Json', 'Bytes']);

/** Cuts a name to at most `bytes` UTF-8 bytes without splitting a character, like psl's floor_char_boundary. */
function truncateBytes(text: string, bytes: number): string {
  const encoded = Buffer.from(text, 'utf8');
  if (encoded.length <= bytes) return text;
  let end = bytes;
  // Step back over UTF-8 continuation bytes (10xxxxxx).
  while (end > 0 && (encoded[end] & 0xc0) === 0x80) end--;
  return encoded.subarray(0, end).toString('utf8');
}

/** psl `ConstraintNames`: `{table}_{columns}` cut so that the suffix still fits the identifier limit. */
function defaultName(table: string, columns: string[], suffix: string, dialect: Dialect): string {
  const limit = MAX_IDENTIFIER_LENGTH[dialect];
  const joined = columns.length > 0 ? `${table}_${columns.join('_')}` : table;
  const room = limit - suffix.length;
  const base = Buffer.byteLength(joined, 'utf8') >= room ? truncateBytes(joined, room) : joined;
  return `${base}${suffix}`;
}

function argumentList(attr: PrismaAttribute): PrismaValue | undefined {
  return attr.args.find((a) => a.name === 'fields')?.value ?? attr.args.find((a) => a.name === undefined)?.value;
}

function fieldByName(model: PrismaModel, name: string): PrismaField {
  const field = model.fields.find((f) => f.name === name);
  if (!field) throw new UnsupportedPrismaFeatureError(`Model ${model.name} has no field ${name}.`);
  return field;
}

/** `[a, b(sort: Desc, length: 10)]` -> index columns with database names. */
function indexColumns(model: PrismaModel, value: PrismaValue | undefined): IndexColumn[] {
  if (value?.kind !== 'array') return [];
  return value.items.map((item) => {
    if (item.kind === 'identifier') return { name: fieldByName(model, item.name).dbName };
    if (item.kind === 'function') {
      const column: IndexColumn = { name: fieldByName(model, item.name).dbName };
      for (const arg of item.args) {
        if (arg.name === 'sort' && arg.value.kind === 'identifier') column.sort = arg.value.name === 'Desc' ? 'DESC' : 'ASC';
        if (arg.name === 'length' && arg.value.kind === 'number') column.length = Number(arg.value.value);
        if (arg.name === 'ops') throw new UnsupportedPrismaFeatureError(`Index operator classes (ops:) in model ${model.name} are not supported.`);
      }
      return column;
    }
    throw new UnsupportedPrismaFeatureError(`Unexpected index field in model ${model.name}.`);
  });
}

/** Field-level `@id(sort: Desc)` / `@unique(length: 10)` options for a single column. */
function singleColumn(field: PrismaField, attr: PrismaAttribute): IndexColumn {
  const column: IndexColumn = { name: field.dbName };
  for (const arg of attr.args) {
    if (arg.name === 'sort' && arg.value.kind === 'identifier') column.sort = arg.value.name === 'Desc' ? 'DESC' : 'ASC';
    if (arg.name === 'length' && arg.value.kind === 'number') column.length = Number(arg.value.value);
  }
  return column;
}

/** RFC 3339 text -> chrono's `DateTime<FixedOffset>` display: `2024-01-02 03:04:05.123 +02:00`. */
export function chronoDateTime(text: string, style: 'display' | 'rfc3339'): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/.exec(text);
  if (!match) return undefined;
  const [, date, time, fraction = '', zone] = match;
  const nanos = fraction.padEnd(9, '0');
  // chrono prints 3, 6 or 9 fractional digits, whichever is the shortest exact one.
  let shown = '';
  if (!/^0+$/.test(nanos)) {
    if (nanos.endsWith('000000')) shown = `.${nanos.slice(0, 3)}`;
    else if (nanos.endsWith('000')) shown = `.${nanos.slice(0, 6)}`;
    else shown = `.${nanos}`;
  }
  const offset = zone.toUpperCase() === 'Z' ? '+00:00' : zone;
  return style === 'display' ? `${date} ${time}${shown} ${offset}` : `${date}T${time}${shown}${offset}`;
}

function base64ToHex(base64: string): string {
  return Buffer.from(base64, 'base64').toString('hex');
}

/** `@default(...)` -> what the schema engine stores as the column default; undefined for none. */
function columnDefault(field: PrismaField, scalar: string, enm: PrismaEnum | undefined): { value?: ColumnDefault; autoincrement: boolean } {
  const attr = findAttribute(field.attributes, 'default');
  if (!attr) return { autoincrement: false };
  const value = attr.args.find((a) => a.name === undefined || a.name === 'value')?.value;
  if (!value) return { autoincrement: false };
  return { value: literalDefault(value, field, scalar, enm), autoincrement: value.kind === 'function' && value.name === 'autoincrement' };
}

function literalDefault(value: PrismaValue, field: PrismaField, scalar: string, enm: PrismaEnum | undefined): ColumnDefault | undefined {
  switch (value.kind) {
    case 'function':
      if (value.name === 'now') return { kind: 'now' };
      if (value.name === 'dbgenerated') {
        const sql = value.args[0]?.value;
        return sql?.kind === 'string' && sql.value !== '' ? { kind: 'dbgenerated', sql: sql.value } : undefined;
      }
      // autoincrement(), cuid(), uuid(), nanoid(), ulid(), auto(), sequence(): no SQL default.
      return undefined;
    case 'array':
      return { kind: 'list', items: value.items.map((item) => literalDefault(item, field, scalar, enm)).filter((d): d is ColumnDefault => d !== undefined) };
    case 'identifier': {
      if (enm) {
        const member = enm.values.find((v) => v.name === value.name);
        return { kind: 'enum', value: member?.dbName ?? value.name };
      }
      if (value.name === 'true' || value.name === 'false') return { kind: 'boolean', value: value.name === 'true' };
      return undefined;
    }
    case 'number':
      return { kind: 'number', text: value.value };
    case 'string':
      switch (scalar) {
        case 'DateTime': {
          const rendered = chronoDateTime(value.value, 'display');
          if (rendered === undefined) throw new UnsupportedPrismaFeatureError(`Unrecognised DateTime default on ${field.name}: ${value.value}`);
          return { kind: 'datetime', value: value.value };
        }
        case 'Json':
          return { kind: 'json', value: value.value };
        case 'Bytes':
          return { kind: 'bytes', hex: base64ToHex(value.value) };
        default:
          return { kind: 'string', value: value.value };
      }
  }
}

function nativeTypeOf(field: PrismaField): Column['nativeType'] {
  const attr = field.attributes.find((a) => a.name.startsWith('db.'));
  if (!attr) return undefined;
  const args = attr.args
    .map((a) => a.value)
    .filter((v): v is Extract<PrismaValue, { kind: 'number' }> => v.kind === 'number')
    .map((v) => Number(v.value));
  return { name: attr.name.slice(3), args };
}

function referentialAction(value: PrismaValue | undefined): ReferentialAction | undefined {
  if (value?.kind !== 'identifier') return undefined;
  switch (value.name) {
    case 'Cascade':
      return 'CASCADE';
    case 'Restrict':
      return 'RESTRICT';
    case 'NoAction':
      return 'NO ACTION';
    case 'SetNull':
      return 'SET NULL';
    case 'SetDefault':
      return 'SET DEFAULT';
    default:
      return undefined;
  }
}

/** Relation fields that hold the foreign key (`@relation(fields: [...], references: [...])`). */
export function owningRelations(model: PrismaModel): Array<{ field: PrismaField; relation: PrismaAttribute }> {
  const result: Array<{ field: PrismaField; relation: PrismaAttribute }> = [];
  for (const field of model.fields) {
    if (field.kind !== 'relation') continue;
    const relation = findAttribute(field.attributes, 'relation');
    if (relation?.args.some((a) => a.name === 'fields')) result.push({ field, relation });
  }
  return result;
}

function namesIn(value: PrismaValue | undefined): string[] {
  return value?.kind === 'array' ? value.items.map((i) => (i.kind === 'identifier' ? i.name : i.kind === 'function' ? i.name : '')) : [];
}

export function buildTable(schema: PrismaSchema, model: PrismaModel, dialect: Dialect): Table {
  const enums = new Map(schema.enums.map((e) => [e.name, e]));
  if (findAttribute(model.blockAttributes, 'schema')) {
    throw new UnsupportedPrismaFeatureError(`Multi-schema models (@@schema) such as ${model.name} are not supported.`);
  }
  const table = model.dbName;
  const columns: Column[] = [];
  for (const field of model.fields) {
    // Relation fields have no column. An implicit many-to-many relation lives in a join table
    // (`_AToB`) of its own, which this generator does not produce; the model's own table is exact.
    if (field.kind === 'relation') continue;
    if (field.kind === 'composite') throw new UnsupportedPrismaFeatureError(`Field ${model.name}.${field.name} has unknown type ${field.type}.`);
    // `@ignore` only hides the field from Prisma Client; the column is still created.
    const enm = field.kind === 'enum' ? enums.get(field.type) : undefined;
    if (field.isList && dialect !== 'postgresql') {
      throw new UnsupportedPrismaFeatureError(`Scalar list ${model.name}.${field.name} is not supported on ${dialect}.`);
    }
    const scalar = field.kind === 'unsupported' ? 'Unsupported' : field.type;
    if (field.kind === 'unsupported' && field.unsupportedType === undefined) {
      throw new UnsupportedPrismaFeatureError(`Field ${model.name}.${field.name} is Unsupported() without a quoted database type.`);
    }
    if (field.kind === 'scalar' && !SCALARS.has(scalar)) throw new UnsupportedPrismaFeatureError(`Unknown type ${scalar}.`);
    const { value, autoincrement } = columnDefault(field, scalar, enm);
    columns.push({
      name: field.dbName,
      field,
      scalar,
      enum: enm,
      nativeType: nativeTypeOf(field),
      unsupported: field.unsupportedType,
      required: !field.isOptional && !field.isList,
      list: field.isList,
      autoincrement,
      default: value,
    });
  }

  // Primary key: `@id` on a field, or `@@id([...])`.
  let primaryKey: Table['primaryKey'];
  const idField = model.fields.find((f) => findAttribute(f.attributes, 'id'));
  const blockId = findAttribute(model.blockAttributes, 'id');
  if (idField) {
    const attr = findAttribute(idField.attributes, 'id') as PrismaAttribute;
    primaryKey = {
      name: stringArgument(attr, 'map') ?? defaultName(table, [], '_pkey', dialect),
      columns: [singleColumn(idField, attr)],
    };
  } else if (blockId) {
    primaryKey = {
      name: stringArgument(blockId, 'map') ?? defaultName(table, [], '_pkey', dialect),
      columns: indexColumns(model, argumentList(blockId)),
    };
  }

  // Indexes in parser-database's order: field-level @unique, then @@index, then @@unique.
  const indexes: Index[] = [];
  for (const field of model.fields) {
    const unique = findAttribute(field.attributes, 'unique');
    if (!unique) continue;
    indexes.push({
      name: stringArgument(unique, 'map') ?? defaultName(table, [field.dbName], '_key', dialect),
      unique: true,
      columns: [singleColumn(field, unique)],
    });
  }
  for (const kind of ['index', 'unique'] as const) {
    for (const attr of model.blockAttributes.filter((a) => a.name === kind)) {
      const algorithm = attr.args.find((a) => a.name === 'type')?.value;
      if (algorithm && !(algorithm.kind === 'identifier' && algorithm.name === 'BTree')) {
        throw new UnsupportedPrismaFeatureError(`Index types other than BTree (type:) in model ${model.name} are not supported.`);
      }
      const cols = indexColumns(model, argumentList(attr));
      indexes.push({
        name:
          stringArgument(attr, 'map') ??
          defaultName(
            table,
            cols.map((c) => c.name),
            kind === 'unique' ? '_key' : '_idx',
            dialect,
          ),
        unique: kind === 'unique',
        columns: cols,
      });
    }
  }
  if (model.blockAttributes.some((a) => a.name === 'fulltext')) {
    throw new UnsupportedPrismaFeatureError(`@@fulltext in model ${model.name} is not supported.`);
  }

  // Foreign keys, unless the schema emulates relations in Prisma Client (relationMode = "prisma").
  const foreignKeys: ForeignKey[] = [];
  if (schema.datasource?.relationMode !== 'prisma') {
    for (const { field, relation } of owningRelations(model)) {
      const target = schema.models.find((m) => m.name === field.type);
      if (!target) continue;
      const localFields = namesIn(relation.args.find((a) => a.name === 'fields')?.value).map((n) => fieldByName(model, n));
      const referenced = namesIn(relation.args.find((a) => a.name === 'references')?.value).map((n) => fieldByName(target, n).dbName);
      const columnNames = localFields.map((f) => f.dbName);
      foreignKeys.push({
        name: stringArgument(relation, 'map') ?? defaultName(table, columnNames, '_fkey', dialect),
        columns: columnNames,
        referencedTable: target.dbName,
        referencedColumns: referenced,
        // Prisma's defaults (psl): SetNull when the relation field is optional, Restrict when required;
        // Cascade on update.
        onDelete: referentialAction(relation.args.find((a) => a.name === 'onDelete')?.value) ?? (field.isOptional ? 'SET NULL' : 'RESTRICT'),
        onUpdate: referentialAction(relation.args.find((a) => a.name === 'onUpdate')?.value) ?? 'CASCADE',
      });
    }
  }

  return { model, name: table, columns, primaryKey, indexes, foreignKeys };
}
