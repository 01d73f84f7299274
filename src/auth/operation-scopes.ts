import {
  getOperationAST,
  type GraphQLError,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { forbidden, unauthenticated } from '../core/errors';
import { scopeAllows, type TokenScope, type Viewer } from './tokens';

interface RootField {
  node: FieldNode;
  /** The field's schema name, not its alias. */
  name: string;
}

/** What each root field of a type needs, read from its Pothos `authScopes` option; absent when public. */
function scopesOfFields(type: GraphQLObjectType): Map<string, TokenScope> {
  const needed = new Map<string, TokenScope>();
  for (const [name, field] of Object.entries(type.getFields())) {
    const scopes = (field.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes;
    if (!scopes || typeof scopes !== 'object') continue;
    const held = (['admin', 'write'] as const).filter((scope) => (scopes as Record<string, unknown>)[scope] === true);
    // An "any of" object: the lowest scope it names is enough.
    if (held.length > 0) needed.set(name, held[held.length - 1]);
  }
  return needed;
}

/** Every field the operation's root selection names, through fragment spreads and inline fragments. */
function rootFieldsOf(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): RootField[] {
  const fields: RootField[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) fields.push({ node: selection, name: selection.name.value });
    else if (selection.kind === Kind.INLINE_FRAGMENT) fields.push(...rootFieldsOf(selection.selectionSet, fragments, seen));
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) fields.push(...rootFieldsOf(fragment.selectionSet, fragments, seen));
    }
  }
  return fields;
}

interface Requirement {
  field: RootField;
  scope: TokenScope;
}

/**
 * Checks the scope of every field of a mutation before any of them runs. Pothos checks each
 * field as it executes, and mutations execute one after another: a write token's
 * `createSpeaker` had committed by the time its `deleteSpeaker` was refused, and the answer
 * (FORBIDDEN, data null) said nothing had happened. Now the operation is refused whole, with
 * the same error per field that Pothos would give. The fields needing a scope are found once per
 * parsed document (yoga caches those), by a walk of the root selection only.
 */
export function useOperationScopes(): Plugin {
  let scopesOf: { schema: GraphQLSchema; mutation: Map<string, TokenScope> } | null = null;
  const requirementsOf = new WeakMap<DocumentNode, Map<string | null, Requirement[]>>();

  function requirements(schema: GraphQLSchema, document: DocumentNode, operationName: string | null): Requirement[] {
    if (scopesOf?.schema !== schema) {
      const mutation = schema.getMutationType();
      scopesOf = { schema, mutation: mutation ? scopesOfFields(mutation) : new Map() };
    }
    let byOperation = requirementsOf.get(document);
    if (!byOperation) requirementsOf.set(document, (byOperation = new Map()));
    let found = byOperation.get(operationName);
    if (!found) {
      const operation = getOperationAST(document, operationName);
      found = [];
      if (operation?.operation === 'mutation') {
        const fragments = new Map<string, FragmentDefinitionNode>();
        for (const definition of document.definitions)
          if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
        for (const field of rootFieldsOf(operation.selectionSet, fragments)) {
          const scope = scopesOf.mutation.get(field.name);
          if (scope) found.push({ field, scope });
        }
      }
      byOperation.set(operationName, found);
    }
    return found;
  }

  return {
    onExecute({ args, setResultAndStopExecution }) {
      const needed = requirements(args.schema, args.document, args.operationName ?? null);
      if (needed.length === 0) return;
      const viewer = (args.contextValue as unknown as { viewer: Viewer }).viewer;
      const refused = needed.filter(({ scope }) => viewer.kind !== 'token' || !scopeAllows(viewer.scope, scope));
      if (refused.length === 0) return;
      setResultAndStopExecution({ data: null, errors: refused.map((requirement) => refusal(requirement, viewer)) });
    },
  };
}

/** The error Pothos gives a refused field, at the field's place in the operation. */
function refusal({ field, scope }: Requirement, viewer: Viewer): GraphQLError {
  const what = `\`Mutation.${field.name}\` needs a token with the ${scope} scope`;
  const placement = { nodes: [field.node], path: [field.node.alias?.value ?? field.name] };
  return viewer.kind === 'token'
    ? forbidden(`${what}; this token has ${viewer.scope}.`, scope, placement)
    : unauthenticated(`${what}: send "Authorization: Bearer <token>".`, placement);
}
