/**
 * A deliberately small parser for the subset of Prisma schema syntax this project uses, so that
 * tests/integration/schema-drift.test.ts can compare prisma/schema.prisma with the database the
 * hand-written migrations produce.
 *
 * Anything outside that subset (enums, @map/@@map, @updatedAt, native types such as @db.Text,
 * scalar lists, constraint `map:` names, ...) throws a SchemaParseError rather than being ignored:
 * an attribute the drift test does not understand could change the database Prisma expects, and
 * silently skipping it would let the test pass while the schema and the migrations disagree.
 */

export class SchemaParseError extends Error {
  constructor(message: string, line?: number) {
    super(line === undefined ? message : `schema.prisma line ${line}: ${message}`);
    this.name = 'SchemaParseError';
  }
}

export const SCALAR_TYPES = ['String', 'Int', 'DateTime', 'Boolean', 'Float', 'BigInt'] as const;
export type PrismaScalar = (typeof SCALAR_TYPES)[number];

export type ReferentialAction = 'Cascade' | 'Restrict' | 'NoAction' | 'SetNull' | 'SetDefault';
const REFERENTIAL_ACTIONS: readonly ReferentialAction[] = ['Cascade', 'Restrict', 'NoAction', 'SetNull', 'SetDefault'];

/** The argument of @default(...). */
export type PrismaDefault =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'function'; name: 'autoincrement' | 'now' | 'uuid' | 'cuid' };

export interface PrismaColumn {
  name: string;
  prismaType: PrismaScalar;
  optional: boolean;
  isId: boolean;
  hasDefault: boolean;
  defaultValue: PrismaDefault | null;
}

export interface PrismaRelation {
  /** The relation field's name, e.g. `unit`. */
  field: string;
  /** The referenced model, e.g. `Unit`. */
  model: string;
  fields: string[];
  references: string[];
  /** True when the relation field is optional (`Unit?`); decides Prisma's default onDelete. */
  optional: boolean;
  /** As written, or undefined when Prisma's default applies. */
  onDelete: ReferentialAction | undefined;
  onUpdate: ReferentialAction | undefined;
}

export interface PrismaModel {
  name: string;
  columns: PrismaColumn[];
  /** Primary key columns in order (@id, or @@id([...])). */
  primaryKey: string[];
  /** Column lists of @unique fields and @@unique([...]) blocks, in declaration order. */
  uniques: string[][];
  /** Column lists of @@index([...]) blocks. */
  indexes: string[][];
  /** Relation fields that own a foreign key (those with `fields:`/`references:`). */
  relations: PrismaRelation[];
}

export interface PrismaSchema {
  models: PrismaModel[];
}

// ---------------------------------------------------------------------------------------------
// Lexical helpers

/** Removes a `//` or `///` comment, leaving `//` inside string literals alone. */
function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '/' && line[i + 1] === '/') {
      return line.slice(0, i);
    }
  }
  return line;
}

/** Index of the bracket closing the one at `open`, honouring nesting and string literals. */
function matchingClose(text: string, open: number, lineNo: number): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']' };
  const stack: string[] = [];
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c in pairs) stack.push(pairs[c]!);
    else if (c === ')' || c === ']') {
      if (stack.pop() !== c) throw new SchemaParseError(`unbalanced '${c}' in: ${text.trim()}`, lineNo);
      if (stack.length === 0) return i;
    }
  }
  throw new SchemaParseError(`unclosed bracket in: ${text.trim()}`, lineNo);
}

/** Splits on commas that are not inside brackets or strings. */
function splitTopLevel(text: string, lineNo: number): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (inString || depth !== 0) throw new SchemaParseError(`unbalanced arguments: ${text}`, lineNo);
  const last = text.slice(start).trim();
  if (last !== '' || parts.length > 0) parts.push(last);
  if (parts.some((p) => p === '')) throw new SchemaParseError(`empty argument in: ${text}`, lineNo);
  return parts;
}

interface Attribute {
  name: string;
  /** The text between the parentheses, or null when there were none. */
  args: string | null;
}

/** Parses `@a @b(x, y) @c.d(...)` (or `@@...`) into attributes; anything else throws. */
function parseAttributes(text: string, prefix: '@' | '@@', lineNo: number): Attribute[] {
  const attributes: Attribute[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i++;
      continue;
    }
    const match = /^(@@?)([A-Za-z_][\w.]*)/.exec(text.slice(i));
    if (match === null || match[1] !== prefix) {
      throw new SchemaParseError(`cannot read '${text.slice(i).trim()}' (expected a ${prefix} attribute)`, lineNo);
    }
    i += match[0].length;
    let args: string | null = null;
    if (text[i] === '(') {
      const close = matchingClose(text, i, lineNo);
      args = text.slice(i + 1, close).trim();
      i = close + 1;
    }
    attributes.push({ name: match[2]!, args });
  }
  return attributes;
}

interface Argument {
  key: string | null;
  value: string;
}

function parseArguments(args: string, lineNo: number): Argument[] {
  return splitTopLevel(args, lineNo).map((part) => {
    const named = /^([A-Za-z_]\w*)\s*:\s*([\s\S]+)$/.exec(part);
    return named === null ? { key: null, value: part } : { key: named[1]!, value: named[2]!.trim() };
  });
}

/** `[a, b]` -> ['a', 'b']; sort/length options such as `a(sort: Desc)` are not supported. */
function parseFieldList(value: string, lineNo: number): string[] {
  const m = /^\[([\s\S]*)\]$/.exec(value.trim());
  if (m === null) throw new SchemaParseError(`expected a field list like [a, b], got ${value}`, lineNo);
  const names = splitTopLevel(m[1]!, lineNo);
  for (const name of names) {
    if (!/^[A-Za-z_]\w*$/.test(name))
      throw new SchemaParseError(`unsupported entry '${name}' in field list ${value}`, lineNo);
  }
  if (names.length === 0) throw new SchemaParseError(`empty field list ${value}`, lineNo);
  return names;
}

function parseStringLiteral(value: string, lineNo: number): string {
  if (!/^"(?:[^"\\]|\\.)*"$/.test(value)) throw new SchemaParseError(`expected a string literal, got ${value}`, lineNo);
  try {
    return JSON.parse(value) as string;
  } catch {
    throw new SchemaParseError(`cannot read string literal ${value}`, lineNo);
  }
}

function parseDefault(args: string | null, type: PrismaScalar, lineNo: number): PrismaDefault {
  if (args === null) throw new SchemaParseError('@default needs a value', lineNo);
  const parts = parseArguments(args, lineNo);
  if (parts.length !== 1 || parts[0]!.key !== null) {
    throw new SchemaParseError(`@default(${args}): only a single positional value is supported (no map:)`, lineNo);
  }
  const value = parts[0]!.value;
  if (value.startsWith('"')) {
    if (type !== 'String') throw new SchemaParseError(`string default on a ${type} field`, lineNo);
    return { kind: 'string', value: parseStringLiteral(value, lineNo) };
  }
  if (/^-?\d+(\.\d+)?$/.test(value)) {
    if (!['Int', 'BigInt', 'Float'].includes(type))
      throw new SchemaParseError(`numeric default on a ${type} field`, lineNo);
    if (value.includes('.') && type !== 'Float')
      throw new SchemaParseError(`fractional default on a ${type} field`, lineNo);
    return { kind: 'number', value };
  }
  if (value === 'true' || value === 'false') {
    if (type !== 'Boolean') throw new SchemaParseError(`boolean default on a ${type} field`, lineNo);
    return { kind: 'boolean', value: value === 'true' };
  }
  const fn = /^(autoincrement|now|uuid|cuid)\(\)$/.exec(value);
  if (fn !== null) {
    const name = fn[1] as 'autoincrement' | 'now' | 'uuid' | 'cuid';
    const allowed: Record<typeof name, PrismaScalar[]> = {
      autoincrement: ['Int', 'BigInt'],
      now: ['DateTime'],
      uuid: ['String'],
      cuid: ['String'],
    };
    if (!allowed[name].includes(type)) throw new SchemaParseError(`${name}() default on a ${type} field`, lineNo);
    return { kind: 'function', name };
  }
  throw new SchemaParseError(`unsupported @default(${value})`, lineNo);
}

function parseReferentialAction(value: string, lineNo: number): ReferentialAction {
  if (!(REFERENTIAL_ACTIONS as readonly string[]).includes(value)) {
    throw new SchemaParseError(`unknown referential action ${value}`, lineNo);
  }
  return value as ReferentialAction;
}

// ---------------------------------------------------------------------------------------------
// Structure

interface RawBlock {
  keyword: string;
  name: string;
  line: number;
  body: { text: string; line: number }[];
}

function splitBlocks(source: string): RawBlock[] {
  const blocks: RawBlock[] = [];
  let current: RawBlock | null = null;
  source.split(/\r?\n/).forEach((rawLine, index) => {
    const lineNo = index + 1;
    const text = stripComment(rawLine).trim();
    if (text === '') return;
    if (current === null) {
      const open = /^([A-Za-z]+)\s+([A-Za-z_]\w*)\s*\{$/.exec(text);
      if (open === null) throw new SchemaParseError(`expected a block such as 'model Name {', got: ${text}`, lineNo);
      current = { keyword: open[1]!, name: open[2]!, line: lineNo, body: [] };
      return;
    }
    if (text === '}') {
      blocks.push(current);
      current = null;
      return;
    }
    if (text.includes('{') || text.includes('}')) throw new SchemaParseError(`unexpected brace in: ${text}`, lineNo);
    current.body.push({ text, line: lineNo });
  });
  if (current !== null)
    throw new SchemaParseError(`block '${(current as RawBlock).name}' is never closed`, (current as RawBlock).line);
  return blocks;
}

interface ModelBuilder {
  model: PrismaModel;
  line: number;
  /** Relation fields as declared, checked after all models are known. */
  pendingFields: { name: string; type: string; optional: boolean; list: boolean; attrs: Attribute[]; line: number }[];
  idFields: string[];
  blockId: string[] | null;
}

function parseModelBody(builder: ModelBuilder, modelNames: Set<string>, body: RawBlock['body']): void {
  const { model } = builder;
  for (const { text, line } of body) {
    if (text.startsWith('@@')) {
      for (const attr of parseAttributes(text, '@@', line)) parseBlockAttribute(builder, attr, line);
      continue;
    }
    const field = /^([A-Za-z_]\w*)\s+([A-Za-z_][\w.]*(?:\([^)]*\))?)(\[\])?(\?)?(?:\s+(.*))?$/.exec(text);
    if (field === null) throw new SchemaParseError(`cannot read field: ${text}`, line);
    const [, name, type, list, optional, rest] = field as unknown as [
      string,
      string,
      string,
      string | undefined,
      string | undefined,
      string | undefined,
    ];
    const attrs = rest === undefined ? [] : parseAttributes(rest, '@', line);
    if (model.columns.some((c) => c.name === name) || builder.pendingFields.some((f) => f.name === name)) {
      throw new SchemaParseError(`duplicate field ${model.name}.${name}`, line);
    }
    if (list !== undefined && optional !== undefined)
      throw new SchemaParseError(`${name}: a list cannot be optional`, line);

    if (modelNames.has(type)) {
      builder.pendingFields.push({
        name,
        type,
        optional: optional !== undefined,
        list: list !== undefined,
        attrs,
        line,
      });
      continue;
    }
    if (!(SCALAR_TYPES as readonly string[]).includes(type)) {
      throw new SchemaParseError(
        `${model.name}.${name}: unsupported type ${type} (supported: ${SCALAR_TYPES.join(', ')} and model names)`,
        line,
      );
    }
    if (list !== undefined)
      throw new SchemaParseError(`${model.name}.${name}: scalar lists are not supported by SQLite`, line);
    const prismaType = type as PrismaScalar;
    const column: PrismaColumn = {
      name,
      prismaType,
      optional: optional !== undefined,
      isId: false,
      hasDefault: false,
      defaultValue: null,
    };
    for (const attr of attrs) {
      switch (attr.name) {
        case 'id':
          if (attr.args !== null) throw new SchemaParseError(`@id(${attr.args}): arguments are not supported`, line);
          if (column.optional)
            throw new SchemaParseError(`${model.name}.${name}: an @id field cannot be optional`, line);
          column.isId = true;
          builder.idFields.push(name);
          break;
        case 'unique':
          if (attr.args !== null)
            throw new SchemaParseError(`@unique(${attr.args}): arguments (map:, sort:) are not supported`, line);
          model.uniques.push([name]);
          break;
        case 'default':
          if (column.hasDefault) throw new SchemaParseError(`${model.name}.${name}: two @default attributes`, line);
          column.hasDefault = true;
          column.defaultValue = parseDefault(attr.args, prismaType, line);
          break;
        default:
          throw new SchemaParseError(
            `${model.name}.${name}: attribute @${attr.name} is not understood by tests/helpers/prisma-schema.ts; ` +
              'teach the parser and the drift test what it means before using it',
            line,
          );
      }
    }
    if (column.defaultValue?.kind === 'function' && column.defaultValue.name === 'autoincrement' && !column.isId) {
      throw new SchemaParseError(
        `${model.name}.${name}: autoincrement() is only supported on the @id field in SQLite`,
        line,
      );
    }
    model.columns.push(column);
  }
}

function parseBlockAttribute(builder: ModelBuilder, attr: Attribute, line: number): void {
  const { model } = builder;
  const needFields = (): string[] => {
    if (attr.args === null) throw new SchemaParseError(`@@${attr.name} needs a field list`, line);
    const args = parseArguments(attr.args, line);
    let fields: string[] | null = null;
    for (const arg of args) {
      if (arg.key === null || arg.key === 'fields') {
        if (fields !== null) throw new SchemaParseError(`@@${attr.name}: two field lists`, line);
        fields = parseFieldList(arg.value, line);
      } else if (arg.key === 'name' && attr.name !== 'index') {
        // `name:` only names the compound field in the client API; it does not change the database.
        parseStringLiteral(arg.value, line);
      } else {
        throw new SchemaParseError(
          `@@${attr.name}: argument '${arg.key}:' is not supported (it may change the database name)`,
          line,
        );
      }
    }
    if (fields === null) throw new SchemaParseError(`@@${attr.name} needs a field list`, line);
    return fields;
  };
  switch (attr.name) {
    case 'id':
      if (builder.blockId !== null) throw new SchemaParseError(`${model.name}: two @@id attributes`, line);
      builder.blockId = needFields();
      break;
    case 'unique':
      model.uniques.push(needFields());
      break;
    case 'index':
      model.indexes.push(needFields());
      break;
    default:
      throw new SchemaParseError(
        `${model.name}: block attribute @@${attr.name} is not understood by tests/helpers/prisma-schema.ts; ` +
          'teach the parser and the drift test what it means before using it',
        line,
      );
  }
}

function resolveRelations(builder: ModelBuilder): void {
  const { model } = builder;
  for (const field of builder.pendingFields) {
    let relationArgs: Argument[] = [];
    for (const attr of field.attrs) {
      if (attr.name !== 'relation') {
        throw new SchemaParseError(
          `${model.name}.${field.name}: attribute @${attr.name} is not supported on a relation field`,
          field.line,
        );
      }
      if (attr.args === null) throw new SchemaParseError('@relation needs arguments', field.line);
      relationArgs = parseArguments(attr.args, field.line);
    }
    let fields: string[] | undefined;
    let references: string[] | undefined;
    let onDelete: ReferentialAction | undefined;
    let onUpdate: ReferentialAction | undefined;
    relationArgs.forEach((arg, index) => {
      if (arg.key === null && index === 0) parseStringLiteral(arg.value, field.line);
      else if (arg.key === 'name') parseStringLiteral(arg.value, field.line);
      else if (arg.key === 'fields') fields = parseFieldList(arg.value, field.line);
      else if (arg.key === 'references') references = parseFieldList(arg.value, field.line);
      else if (arg.key === 'onDelete') onDelete = parseReferentialAction(arg.value, field.line);
      else if (arg.key === 'onUpdate') onUpdate = parseReferentialAction(arg.value, field.line);
      else
        throw new SchemaParseError(
          `${model.name}.${field.name}: @relation argument '${arg.key ?? arg.value}' is not supported`,
          field.line,
        );
    });
    if (fields === undefined && references === undefined) {
      if (onDelete !== undefined || onUpdate !== undefined) {
        throw new SchemaParseError(
          `${model.name}.${field.name}: onDelete/onUpdate belong on the side with fields:`,
          field.line,
        );
      }
      continue; // back-relation (or list side): no column, no foreign key
    }
    if (fields === undefined || references === undefined || fields.length !== references.length) {
      throw new SchemaParseError(
        `${model.name}.${field.name}: @relation needs fields: and references: of equal length`,
        field.line,
      );
    }
    if (field.list)
      throw new SchemaParseError(`${model.name}.${field.name}: a list field cannot hold fields:`, field.line);
    for (const f of fields) {
      const column = model.columns.find((c) => c.name === f);
      if (column === undefined)
        throw new SchemaParseError(`${model.name}.${field.name}: fields: names unknown scalar ${f}`, field.line);
      if (column.optional !== field.optional) {
        throw new SchemaParseError(
          `${model.name}.${field.name}: optionality of the relation and of ${f} differ`,
          field.line,
        );
      }
    }
    model.relations.push({
      field: field.name,
      model: field.type,
      fields,
      references,
      optional: field.optional,
      onDelete,
      onUpdate,
    });
  }
}

export function parsePrismaSchema(source: string): PrismaSchema {
  const blocks = splitBlocks(source);
  const modelNames = new Set<string>();
  for (const block of blocks) {
    if (block.keyword === 'model') {
      if (modelNames.has(block.name)) throw new SchemaParseError(`duplicate model ${block.name}`, block.line);
      modelNames.add(block.name);
    } else if (block.keyword !== 'generator' && block.keyword !== 'datasource') {
      throw new SchemaParseError(`'${block.keyword}' blocks are not supported`, block.line);
    }
  }

  const builders: ModelBuilder[] = [];
  for (const block of blocks) {
    if (block.keyword !== 'model') continue;
    const builder: ModelBuilder = {
      model: { name: block.name, columns: [], primaryKey: [], uniques: [], indexes: [], relations: [] },
      line: block.line,
      pendingFields: [],
      idFields: [],
      blockId: null,
    };
    parseModelBody(builder, modelNames, block.body);
    builders.push(builder);
  }

  for (const builder of builders) {
    const { model } = builder;
    resolveRelations(builder);
    if (builder.idFields.length > 1)
      throw new SchemaParseError(`${model.name}: more than one @id field (use @@id)`, builder.line);
    if (builder.idFields.length === 1 && builder.blockId !== null)
      throw new SchemaParseError(`${model.name}: both @id and @@id`, builder.line);
    model.primaryKey = builder.blockId ?? builder.idFields;
    if (model.primaryKey.length === 0)
      throw new SchemaParseError(`${model.name}: no @id or @@id (unique-only models are not supported)`, builder.line);
    for (const col of model.primaryKey) {
      const column = model.columns.find((c) => c.name === col);
      if (column === undefined)
        throw new SchemaParseError(`${model.name}: @@id names unknown field ${col}`, builder.line);
      if (column.optional)
        throw new SchemaParseError(`${model.name}: primary key field ${col} cannot be optional`, builder.line);
      column.isId = true;
    }
    for (const list of [...model.uniques, ...model.indexes]) {
      for (const col of list) {
        if (!model.columns.some((c) => c.name === col))
          throw new SchemaParseError(`${model.name}: index/unique names unknown field ${col}`, builder.line);
      }
    }
  }
  for (const builder of builders) {
    for (const relation of builder.model.relations) {
      const target = builders.find((b) => b.model.name === relation.model)!.model;
      for (const ref of relation.references) {
        if (!target.columns.some((c) => c.name === ref)) {
          throw new SchemaParseError(
            `${builder.model.name}.${relation.field}: references unknown field ${relation.model}.${ref}`,
            builder.line,
          );
        }
      }
    }
  }
  return { models: builders.map((b) => b.model) };
}
