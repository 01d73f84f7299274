import fc from 'fast-check';
import {
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Operations made from the schema itself, as a scanner makes them: every argument that travels
 * as a string (for SQL injection), and random operations for property-based tests. Everything
 * here reads the schema the server reports by introspection, so a new field is attacked the day
 * it is added.
 */

/** One global ID per node type, `[0]` and `[1]` being different rows where the seed has two. */
export type SeedIds = Record<string, string[]>;

/** Types that reach the wire as JSON strings: where an injection string can be sent. */
const STRING_SCALARS = new Set(['String', 'ID', 'Date', 'DateTime']);

const isStringLike = (type: GraphQLInputType) => {
  const named = getNamedType(type);
  return isScalarType(named) && STRING_SCALARS.has(named.name);
};

/** The node type a required ID argument or input field names, from its name and its field's. */
function nodeTypeOfId(name: string, fieldName: string): string {
  const byName: Record<string, string> = {
    article: 'Article',
    statement: 'Statement',
    from: 'Statement',
    to: 'Statement',
    speaker: 'Speaker',
    speakerRole: 'SpeakerRole',
    country: 'Country',
    speakerCountry: 'Country',
    memberCountry: 'Country',
    target: 'Country',
    mentions: 'Country',
    organization: 'Organization',
    publisher: 'Organization',
    memberOf: 'Organization',
    speakerOrganization: 'Organization',
    speakerCountryMemberOf: 'Organization',
  };
  if (name === 'keep' || name === 'absorb') return fieldName === 'mergeSpeakers' ? 'Speaker' : 'Organization';
  if (name === 'id' || name === 'ids') {
    const named = /^(?:update|delete|revoke)(\w+)$/.exec(fieldName)?.[1];
    return named ?? (fieldName === 'node' || fieldName === 'nodes' ? 'Article' : fieldName[0].toUpperCase() + fieldName.slice(1));
  }
  return byName[name] ?? 'Article';
}

/** Plausible values for required string inputs, so a request reaches the input under attack. */
function sampleString(name: string): string {
  const samples: Record<string, string> = {
    url: 'https://example.org/attack-suite',
    body: 'The attack suite said: "Nothing here is real."',
    title: 'Attack suite article',
    name: 'Attack suite',
    query: 'drones',
    language: 'en',
  };
  return samples[name] ?? 'attack-suite';
}

/** A value of the input type that passes GraphQL's own checks: only required parts are filled. */
function baselineValue(type: GraphQLInputType, name: string, fieldName: string, seeds: SeedIds, index = 0): unknown {
  if (isNonNullType(type)) return baselineValue(type.ofType, name, fieldName, seeds, index);
  if (isListType(type)) return [baselineValue(type.ofType, name, fieldName, seeds, index)];
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((field) => isNonNullType(field.type))
        .map((field) => [
          field.name,
          baselineValue(field.type, field.name, fieldName, seeds, field.name === 'to' || field.name === 'absorb' ? 1 : 0),
        ]),
    );
  }
  if (isEnumType(type)) return type.getValues()[0].value;
  switch (type.name) {
    case 'ID': {
      const ids = seeds[nodeTypeOfId(name, fieldName)] ?? [];
      return ids[index] ?? ids[0] ?? 'unknown';
    }
    case 'Int':
      return name === 'spanEnd' ? 1 : 0;
    case 'Boolean':
      return false;
    case 'Date':
      return '2022-11-05';
    default:
      return sampleString(name);
  }
}

export interface StringArgument {
  /** Query, Mutation, or the node type whose field it is (reached through `node(id:)`). */
  owner: string;
  field: GraphQLField<unknown, unknown>;
  /** The argument, then input field names down to the string. */
  path: string[];
  /** The node type an ID at this path names, for an injection hidden inside a well-formed ID. */
  idType?: string;
}

/** Every argument and input field of every field with arguments that travels as a string. */
export function stringArguments(schema: GraphQLSchema): StringArgument[] {
  const found: StringArgument[] = [];
  const visit = (owner: string, field: GraphQLField<unknown, unknown>, type: GraphQLInputType, path: string[], seen: Set<string>) => {
    const named = getNamedType(type);
    if (isStringLike(type)) {
      found.push({ owner, field, path, idType: named.name === 'ID' ? nodeTypeOfId(path[path.length - 1], field.name) : undefined });
    } else if (isInputObjectType(named) && !seen.has(named.name)) {
      for (const inner of Object.values(named.getFields()))
        visit(owner, field, inner.type, [...path, inner.name], new Set([...seen, named.name]));
    }
  };
  const owners: GraphQLObjectType[] = [schema.getQueryType()!, schema.getMutationType()!];
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type) && type.getInterfaces().some((face) => face.name === 'Node')) owners.push(type);
  }
  for (const owner of owners) {
    for (const field of Object.values(owner.getFields())) {
      for (const argument of field.args) visit(owner.name, field, argument.type, [argument.name], new Set());
    }
  }
  return found;
}

/** What to select on a field's result: enough to make it resolve, little to read. */
function resultSelection(schema: GraphQLSchema, type: GraphQLNamedType): string {
  if (isLeafType(type)) return '';
  if (isUnionType(type)) return '{ __typename ... on UserError { message path } }';
  const fields = isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
  if ('totalCount' in fields) return '{ totalCount }';
  if ('id' in fields) return '{ id }';
  return '{ __typename }';
}

/** Sets `value` at `path` inside `root` (input objects), creating the objects on the way. */
function withValueAt(root: Record<string, unknown>, path: string[], value: unknown, listAtEnd: boolean) {
  const copy = structuredClone(root);
  let cursor = copy;
  for (const key of path.slice(0, -1)) cursor = (cursor[key] ??= {}) as Record<string, unknown>;
  cursor[path[path.length - 1]] = listAtEnd ? [value] : value;
  return copy;
}

/**
 * A request that sends `payload` at the argument's path and well-formed values everywhere
 * else required, as variables; node types' fields are reached through `node(id:)`.
 */
export function injectionRequest(schema: GraphQLSchema, target: StringArgument, payload: string, seeds: SeedIds) {
  const { field, owner, path } = target;
  const baseline: Record<string, unknown> = {};
  for (const argument of field.args) {
    if (isNonNullType(argument.type)) baseline[argument.name] = baselineValue(argument.type, argument.name, field.name, seeds);
  }
  const attacked = leafIsList(field.args.find((argument) => argument.name === path[0])!, path);
  const variables = withValueAt(baseline, path, payload, attacked);
  const used = field.args.filter((argument) => argument.name in variables);
  const declarations = used.map((argument) => `$${argument.name}: ${String(argument.type)}`);
  const call = `${field.name}${used.length ? `(${used.map((argument) => `${argument.name}: $${argument.name}`).join(', ')})` : ''} ${resultSelection(schema, getNamedType(field.type))}`;

  if (owner === 'Query' || owner === 'Mutation') {
    const keyword = owner === 'Query' ? 'query' : 'mutation';
    return { query: `${keyword} Attack${declarations.length ? `(${declarations.join(', ')})` : ''} { ${call} }`, variables };
  }
  const nodeId = seeds[owner]?.[0];
  return {
    query: `query Attack($ownerId: ID!${declarations.map((declaration) => `, ${declaration}`).join('')}) { node(id: $ownerId) { ... on ${owner} { ${call} } } }`,
    variables: { ...variables, ownerId: nodeId },
  };
}

/** Whether the string at `path` sits in a list (`aliases: [String!]`, `ids: [ID!]!`). */
function leafIsList(argument: GraphQLArgument, path: string[]): boolean {
  let type: GraphQLInputType = argument.type;
  for (const key of path.slice(1)) {
    const named = getNamedType(type);
    if (!isInputObjectType(named)) return false;
    type = named.getFields()[key].type;
  }
  const nullable = isNonNullType(type) ? type.ofType : type;
  return isListType(nullable);
}

// ---------------------------------------------------------------------------------------------
// Random operations (fast-check)

/** An enum value in a literal: printed bare, sent as its name in variables. */
class EnumValue {
  constructor(readonly name: string) {}
}

type Value = null | boolean | number | string | EnumValue | Value[] | { [key: string]: Value };

interface ArgumentChoice {
  name: string;
  type: string;
  value: Value;
  /** Sent as a variable rather than written into the document. */
  asVariable: boolean;
  /** Declared with another type than the argument's: a validation error to provoke. */
  declaredType?: string;
}

interface FieldChoice {
  name: string;
  alias?: string;
  args: ArgumentChoice[];
  selection?: Selection;
}

interface Selection {
  fields: FieldChoice[];
  fragments: { on: string; selection: Selection }[];
}

export interface GeneratedRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

export interface OperationArbitraries {
  /** Queries that pass validation most of the time, with valid-ish arguments. */
  query: fc.Arbitrary<GeneratedRequest>;
  /** One mutation field with valid-ish input, selecting its result union. */
  mutation: fc.Arbitrary<GeneratedRequest>;
  /** A generated query with its text cut, spliced or garbled. */
  brokenQuery: fc.Arbitrary<GeneratedRequest>;
  /** JSON bodies of any shape: not even an object, fields of the wrong type. */
  anyBody: fc.Arbitrary<unknown>;
}

/** Undefined most of the time (fc.option's `freq` is the odds of undefined, not of a value). */
const rarely = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 7, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

/** Strings worth sending: from the seed, hostile, and random. */
const HOSTILE_STRINGS = ["' OR 1=1 --", '%', '_', '\\', '"', '</mark><script>', '\u0000', 'a'.repeat(300), '  ', '-', 'or', '""'];

export function operationArbitraries(schema: GraphQLSchema, seeds: SeedIds): OperationArbitraries {
  const seedIdList = Object.values(seeds).flat();
  const typeNames = Object.keys(seeds);

  const idArbitrary: fc.Arbitrary<string> = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...seedIdList) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...typeNames, 'Query', 'Nope'),
          fc.oneof(fc.integer({ min: -2, max: 1_000_000 }), fc.string({ maxLength: 8 })),
        )
        .map(([type, key]) => Buffer.from(`${type}:${key}`).toString('base64')),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 16 }) },
  );

  const stringArbitrary: fc.Arbitrary<string> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        'drones',
        'iran',
        'Russia',
        'de',
        'DEU',
        'Amir Abdolahian',
        'Group of Friends',
        '"sold drones" -ukraine',
        'en',
      ),
    },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 2, arbitrary: fc.string({ maxLength: 24 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  );

  const dateArbitrary = fc.oneof(
    fc.constantFrom('2022-11-05', '1999-12-31', '2022-02-30', '0000-01-01', '9999-12-31', '2022-11-05T10:00:00Z'),
    fc
      .date({ noInvalidDate: true, min: new Date('1900-01-01'), max: new Date('2100-01-01') })
      .map((date) => date.toISOString().slice(0, 10)),
    fc.string({ maxLength: 12 }),
  );

  /** Now and then a value of the wrong kind, which validation or coercion must refuse cleanly. */
  const wrongKind: fc.Arbitrary<Value> = fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Value>);

  function valueFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<Value> {
    const typed = typedValueOf(type, depth);
    return fc.oneof({ weight: 19, arbitrary: typed }, { weight: 1, arbitrary: wrongKind });
  }

  function typedValueOf(type: GraphQLInputType, depth: number): fc.Arbitrary<Value> {
    if (isNonNullType(type)) return typedValueOf(type.ofType, depth);
    if (isListType(type)) return fc.array(valueFor(type.ofType, depth + 1), { maxLength: 3 });
    if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((value) => new EnumValue(value.name)));
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields());
      const required = fields.filter((field) => isNonNullType(field.type)).map((field) => field.name);
      if (depth > 2) return fc.constant({});
      return fc.record(Object.fromEntries(fields.map((field) => [field.name, valueFor(field.type, depth + 1)])), {
        requiredKeys: required,
      }) as fc.Arbitrary<Value>;
    }
    switch (type.name) {
      case 'Int':
        return fc.oneof(fc.integer({ min: -1, max: 101 }), fc.constantFrom(0, 1, 100, 2_147_483_647, -2_147_483_648));
      case 'Float':
        return fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
      case 'Boolean':
        return fc.boolean();
      case 'ID':
        return idArbitrary;
      case 'Date':
      case 'DateTime':
        return dateArbitrary;
      default:
        return stringArbitrary;
    }
  }

  function argumentsOf(args: readonly GraphQLArgument[]): fc.Arbitrary<ArgumentChoice[]> {
    if (args.length === 0) return fc.constant([]);
    const one = (argument: GraphQLArgument): fc.Arbitrary<ArgumentChoice | undefined> =>
      fc
        .tuple(valueFor(argument.type), fc.boolean(), rarely(fc.constantFrom('String', 'Int', 'ID!', '[ID!]!', 'Boolean')))
        .map(([value, asVariable, declaredType]) => ({
          name: argument.name,
          type: String(argument.type),
          value,
          asVariable,
          declaredType,
        }));
    return fc
      .tuple(
        ...args.map((argument) => (isNonNullType(argument.type) ? one(argument) : fc.option(one(argument), { freq: 2, nil: undefined }))),
      )
      .map((chosen) => chosen.filter((choice): choice is ArgumentChoice => choice !== undefined));
  }

  const aliasArbitrary = rarely(fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,6}$/));

  function selectionOf(type: GraphQLNamedType, depth: number): fc.Arbitrary<Selection> {
    if (isUnionType(type) || isInterfaceType(type)) {
      const possible = schema.getPossibleTypes(type);
      return fc
        .subarray([...possible], { minLength: 1, maxLength: Math.min(2, possible.length) })
        .chain((types) => fc.tuple(...types.map((member) => selectionOf(member, depth))).map((selections) => ({ types, selections })))
        .map(({ types, selections }) => ({
          fields: [{ name: '__typename', args: [] }],
          fragments: types.map((member, index) => ({ on: member.name, selection: selections[index] })),
        }));
    }
    if (!isObjectType(type)) return fc.constant({ fields: [{ name: '__typename', args: [] }], fragments: [] });
    const candidates = Object.values(type.getFields()).filter((field) => depth > 0 || isLeafType(getNamedType(field.type)));
    if (candidates.length === 0) return fc.constant({ fields: [{ name: '__typename', args: [] }], fragments: [] });
    return fc
      .subarray(candidates, { minLength: 1, maxLength: Math.min(3, candidates.length) })
      .chain((fields) => fc.tuple(...fields.map((field) => fieldOf(field, depth))))
      .map((fields) => ({ fields, fragments: [] }));
  }

  function fieldOf(field: GraphQLField<unknown, unknown>, depth: number): fc.Arbitrary<FieldChoice> {
    const named = getNamedType(field.type);
    return fc.record({
      name: fc.constant(field.name),
      alias: aliasArbitrary,
      args: argumentsOf(field.args),
      selection: isCompositeType(named) ? selectionOf(named, depth - 1) : fc.constant(undefined),
    });
  }

  const queryRoot = schema.getQueryType()!;
  const mutationRoot = schema.getMutationType()!;

  const query = fc
    .subarray(Object.values(queryRoot.getFields()), { minLength: 1, maxLength: 3 })
    .chain((fields) => fc.tuple(...fields.map((field) => fieldOf(field, 3))))
    .map((fields) => printOperation('query', { fields, fragments: [] }));

  const userErrorSelection: Selection = {
    fields: [{ name: '__typename', args: [] }],
    fragments: [
      {
        on: 'UserError',
        selection: {
          fields: [
            { name: 'message', args: [] },
            { name: 'path', args: [] },
          ],
          fragments: [],
        },
      },
    ],
  };
  const mutation = fc
    .constantFrom(...Object.values(mutationRoot.getFields()))
    .chain((field) => argumentsOf(field.args).map((args) => ({ name: field.name, args, selection: userErrorSelection })))
    .map((field) => printOperation('mutation', { fields: [field], fragments: [] }));

  const brokenQuery = fc
    .tuple(
      query,
      fc.nat(),
      fc.nat({ max: 40 }),
      fc.oneof(
        fc.constantFrom('', '{', '}', '(', ')', '$', '...', '@skip', ':', '"', '!', '[', 'fragment', 'on', '#'),
        fc.string({ maxLength: 6 }),
      ),
    )
    .map(([request, at, length, insert]) => {
      const start = at % (request.query.length + 1);
      return { ...request, query: request.query.slice(0, start) + insert + request.query.slice(start + length) };
    });

  const anyBody = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.record(
      {
        query: fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.jsonValue({ maxDepth: 1 }),
          query.map((request) => request.query),
        ),
        variables: fc.jsonValue({ maxDepth: 2 }),
        operationName: fc.oneof(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 })),
        extensions: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    ),
  );

  return { query, mutation, brokenQuery, anyBody };
}

/** Prints an operation, hoisting the arguments chosen as variables into its declarations. */
function printOperation(keyword: 'query' | 'mutation', root: Selection): GeneratedRequest {
  const declarations: string[] = [];
  const variables: Record<string, unknown> = {};
  const printSelection = (selection: Selection): string => {
    const fields = selection.fields.map((field) => {
      const args = field.args.map((argument) => {
        if (!argument.asVariable) return `${argument.name}: ${printLiteral(argument.value)}`;
        const name = `v${declarations.length}`;
        declarations.push(`$${name}: ${argument.declaredType ?? argument.type}`);
        variables[name] = toJson(argument.value);
        return `${argument.name}: $${name}`;
      });
      const call = `${field.alias ? `${field.alias}: ` : ''}${field.name}${args.length ? `(${args.join(', ')})` : ''}`;
      return field.selection ? `${call} ${printSelection(field.selection)}` : call;
    });
    const fragments = selection.fragments.map((fragment) => `... on ${fragment.on} ${printSelection(fragment.selection)}`);
    return `{ ${[...fields, ...fragments].join(' ')} }`;
  };
  const body = printSelection(root);
  const header = declarations.length ? `${keyword} Generated(${declarations.join(', ')})` : `${keyword} Generated`;
  return { query: `${header} ${body}`, variables, operationName: 'Generated' };
}

function printLiteral(value: Value): string {
  if (value instanceof EnumValue) return value.name;
  if (Array.isArray(value)) return `[${value.map(printLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, inner]) => `${key}: ${printLiteral(inner)}`)
      .join(', ')}}`;
  }
  // JSON's string escapes are GraphQL's too; a key or number JSON allows but GraphQL does not
  // is a syntax error the server must answer cleanly.
  return JSON.stringify(value);
}

function toJson(value: Value): unknown {
  if (value instanceof EnumValue) return value.name;
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toJson(inner)]));
  return value;
}
