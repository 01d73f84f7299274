import {
  getNamedType,
  getNullableType,
  getOperationAST,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  valueFromAST,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { clientError, ErrorCode } from '../core/errors';
import { DEFAULT_PAGE_SIZE } from '../loaders/pagination';
import { FIELD_COSTS, LIST_LENGTHS, SEARCH_COSTS, SEARCH_FILTER_COST } from './cost-rules';

const OBJECT_COST = 2;
const SCALAR_COST = 1;
/** A list missing from LIST_LENGTHS (the tests keep that from happening). */
const UNDECLARED_LIST_LENGTH = 10;

type Variables = Record<string, unknown>;

function argumentValue(field: GraphQLField<unknown, unknown>, node: FieldNode, name: string, variables: Variables): unknown {
  const definition = field.args.find((argument) => argument.name === name);
  const given = node.arguments?.find((argument) => argument.name.value === name);
  if (!definition || !given) return undefined;
  return valueFromAST(given.value, definition.type, variables);
}

/**
 * How many items a list field can return: a connection its page size (`first`/`last`, written or
 * a variable, else the default page), `nodes(ids:)` the number of IDs sent, any other plain list
 * its declared length. A connection's own `edges` and `nodes` are its page, counted once.
 */
function itemsOf(parentType: GraphQLNamedType, field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Variables): number {
  if (field.args.some((argument) => argument.name === 'first')) {
    const sizes = ['first', 'last'].map((name) => argumentValue(field, node, name, variables)).filter(Number.isInteger) as number[];
    return sizes.length > 0 ? Math.max(...sizes) : DEFAULT_PAGE_SIZE;
  }
  if (!isListType(getNullableType(field.type))) return 1;
  if (isObjectType(parentType) && 'pageInfo' in parentType.getFields() && (field.name === 'edges' || field.name === 'nodes')) return 1;
  if (parentType.name === 'Query' && field.name === 'nodes') {
    const ids = argumentValue(field, node, 'ids', variables);
    return Array.isArray(ids) ? ids.length : 1;
  }
  return LIST_LENGTHS[`${parentType.name}.${field.name}`] ?? UNDECLARED_LIST_LENGTH;
}

/** What searching costs a field beyond its answer: `search(query:)`, or a `filter` with a `search`. */
function searchCost(parentType: GraphQLNamedType, field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Variables): number {
  const searchField = SEARCH_COSTS[`${parentType.name}.${field.name}`];
  if (searchField !== undefined) return searchField;
  const filter = argumentValue(field, node, 'filter', variables) as { search?: unknown } | null | undefined;
  return typeof filter?.search === 'string' ? SEARCH_FILTER_COST : 0;
}

/**
 * The cost of the operation that `operationName` picks: 2 for each object and 1 for each scalar
 * the answer can hold at most, each list's part multiplied by its length (itemsOf), large text
 * and search priced by cost-rules.ts. Fragments cost what they select. Introspection is free.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  variables: Variables = {},
): number {
  const operation = getOperationAST(document, operationName);
  const rootType = operation && schema.getRootType(operation.operation);
  if (!operation || !rootType) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const fragmentCosts = new Map<string, number>();

  const costOf = (selectionSet: SelectionSetNode, parentType: GraphQLNamedType): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        total += costOf(selection.selectionSet, (typeName && schema.getType(typeName)) || parentType);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        if (!fragmentCosts.has(name)) {
          // Validation has refused cycles; the mark only keeps a broken document from looping.
          fragmentCosts.set(name, 0);
          const fragment = fragments.get(name);
          const type = fragment && schema.getType(fragment.typeCondition.name.value);
          fragmentCosts.set(name, fragment && type ? costOf(fragment.selectionSet, type) : 0);
        }
        total += fragmentCosts.get(name)!;
      } else {
        total += fieldCost(selection, parentType);
      }
    }
    return total;
  };

  const fieldCost = (node: FieldNode, parentType: GraphQLNamedType): number => {
    const name = node.name.value;
    if (name === '__schema' || name === '__type') return 0;
    if (name === '__typename') return SCALAR_COST;
    const field = isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[name] : undefined;
    if (!field) return 0;
    const own = FIELD_COSTS[`${parentType.name}.${name}`] ?? (node.selectionSet ? OBJECT_COST : SCALAR_COST);
    const children = node.selectionSet ? costOf(node.selectionSet, getNamedType(field.type)) : 0;
    return (own + children) * itemsOf(parentType, field, node, variables) + searchCost(parentType, field, node, variables);
  };

  return costOf(operation.selectionSet, rootType);
}

/** The arguments whose values the cost reads (itemsOf, searchCost): all it may take from variables. */
const PRICED_ARGUMENTS = new Set(['first', 'last', 'ids', 'filter']);
/** Distinct values of those variables remembered per document, before its entries are dropped. */
const CACHED_COSTS_PER_DOCUMENT = 256;

interface DocumentCosts {
  /** The variables given to a priced argument anywhere in the document (fragments included). */
  pricedVariables: string[];
  /** Cost by operation name and the priced variables' values. */
  byKey: Map<string, number>;
}

function pricedVariablesOf(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(argument) {
      if (!PRICED_ARGUMENTS.has(argument.name.value)) return false;
      visit(argument.value, {
        Variable(variable) {
          names.add(variable.name.value);
        },
      });
      return false;
    },
  });
  return [...names];
}

const documentCosts = new WeakMap<DocumentNode, DocumentCosts>();

/**
 * operationCost, remembered per document (yoga's parser cache hands every request with the same
 * text the same DocumentNode) and keyed by the operation name and the values of the variables
 * that reach a priced argument: `first: $n` is priced again for every new $n, and a lookup's $id
 * does not split the cache.
 */
export function cachedOperationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  variables: Variables = {},
): number {
  let entry = documentCosts.get(document);
  if (!entry) {
    entry = { pricedVariables: pricedVariablesOf(document), byKey: new Map() };
    documentCosts.set(document, entry);
  }
  const key = JSON.stringify([operationName ?? null, ...entry.pricedVariables.map((name) => variables[name] ?? null)]);
  let cost = entry.byKey.get(key);
  if (cost === undefined) {
    cost = operationCost(schema, document, operationName, variables);
    if (entry.byKey.size >= CACHED_COSTS_PER_DOCUMENT) entry.byKey.clear();
    entry.byKey.set(key, cost);
  }
  return cost;
}

const costs = new WeakMap<object, number>();

/** The cost of the operation a request's context ran, once the cost limit has let it through. */
export const costOfContext = (context: object): number | undefined => costs.get(context);

/**
 * Refuses an operation whose cost passes `maxCost` (QUERY_TOO_COSTLY), once its variables are
 * known: a page size or a list of IDs given as a variable counts at its value. graphql-armor's
 * cost rule, used before, counted `first: $n` and `nodes(ids:)` as one item and gave no field a
 * weight: 100 IDs of a 1 MB article's body, aliased, cost as much as one name.
 */
export function useCostLimit(maxCost: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const cost = cachedOperationCost(args.schema, args.document, args.operationName, (args.variableValues ?? {}) as Variables);
      if (cost <= maxCost) {
        if (args.contextValue) costs.set(args.contextValue, cost);
        return;
      }
      setResultAndStopExecution({
        errors: [
          clientError(ErrorCode.QUERY_TOO_COSTLY, `Query Cost limit of ${maxCost} exceeded, found ${cost}.`, {
            limit: maxCost,
            cost,
            // `spec`: a request error like the shape limits' (yoga's validation errors): 400 under
            // application/graphql-response+json, 200 under application/json, as GraphQL over HTTP asks.
            http: { status: 400, spec: true },
          }),
        ],
      });
    },
  };
}
