import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin, { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import { DateResolver, DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import type { Connection } from '../loaders';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../loaders/pagination';
import type { Context } from '../context';
import { scopeAllows, type TokenScope } from '../auth/tokens';
import { forbidden, unauthenticated } from '../core/errors';
import { encodeGlobalId } from '../core/global-id';
import { decodeGlobalIdForRelay, loadNode, loadNodes, MAX_NODES_PER_REQUEST } from './node';

export const builder = new SchemaBuilder<{
  Context: Context;
  // A field that needs `write` says `authScopes: { write: true }`; `admin` likewise, and `read`
  // for what only holders of a token may see (the review queue, the corrections history).
  AuthScopes: Record<TokenScope, boolean>;
  // graphql-scalars parses a Date argument into a JS Date (UTC midnight); rows hold 'YYYY-MM-DD'.
  Scalars: {
    Date: { Input: Date; Output: string };
    DateTime: { Input: Date; Output: Date };
    JSONObject: { Input: Record<string, unknown>; Output: Record<string, unknown> };
  };
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  DefaultFieldNullability: false;
}>({
  // Scope checks run first, so a refused write never reaches the errors plugin's typed results.
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin],
  scopeAuth: {
    authScopes: ({ viewer }) => ({
      read: viewer.kind === 'token',
      write: viewer.kind === 'token' && scopeAllows(viewer.scope, 'write'),
      admin: viewer.kind === 'token' && scopeAllows(viewer.scope, 'admin'),
    }),
    // Like GitHub: no token is 401 (authenticate, then retry); a token that lacks the scope is
    // 403 (retrying with the same token cannot help).
    unauthorizedError: (_parent, { viewer }, info, { failure }) => {
      const needed = scopeNamedIn(failure) ?? 'write';
      const what = `\`${info.parentType.name}.${info.fieldName}\` needs a token with the ${needed} scope`;
      if (viewer.kind !== 'token') return unauthenticated(`${what}: send "Authorization: Bearer <token>".`);
      return forbidden(`${what}; this token has ${viewer.scope}.`, needed);
    },
  },
  errors: {
    // Mutation results are named after the mutation: CreateSpeakerResult, CreateSpeakerSuccess.
    defaultResultOptions: { name: ({ fieldName }) => `${capitalize(fieldName)}Success` },
    defaultUnionOptions: { name: ({ fieldName }) => `${capitalize(fieldName)}Result` },
  },
  // Fields are non-null unless they say otherwise: clients should not null-check what always exists.
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    brandLoadedObjects: true,
    // GitHub's shortcut: `nodes` beside `edges` for clients that need no cursors.
    nodesOnConnection: true,
    encodeGlobalID: (typename, id) => encodeGlobalId(typename, id),
    decodeGlobalID: (globalId) => decodeGlobalIdForRelay(globalId),
    firstArgOptions: {
      description: `Returns the first n items (1 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when neither first nor last is given).`,
    },
    lastArgOptions: { description: `Returns the last n items (1 to ${MAX_PAGE_SIZE}).` },
    afterArgOptions: { description: 'Returns the items after this cursor.' },
    beforeArgOptions: { description: 'Returns the items before this cursor.' },
    nodeQueryOptions: {
      description: 'Fetches any object by its global ID. An unknown ID is a NOT_FOUND error.',
      resolve: (_root, { id }, { loaders, viewer }) => loadNode(loaders, id, viewer),
    },
    nodesQueryOptions: {
      description: `Fetches up to ${MAX_NODES_PER_REQUEST} objects by global ID, in order; an unknown or malformed ID is null with an error at its index.`,
      resolve: (_root, { ids }, { loaders, viewer }) => loadNodes(loaders, ids, viewer),
    },
  },
});

builder.queryType({ description: 'The entry points for reading the knowledge base.' });
builder.subscriptionType({
  description: 'Live updates over server-sent events (or GraphQL over SSE); across instances when REDIS_URL is set.',
});
builder.mutationType({
  description: 'Writes. Each needs a token (write scope; deletes, merges and tokens need admin) and runs in one transaction.',
});
builder.addScalarType('Date', DateResolver, { description: 'A calendar date, YYYY-MM-DD.' });
builder.addScalarType('DateTime', DateTimeResolver, { description: 'A moment in time, RFC 3339 in UTC.' });
builder.addScalarType('JSONObject', JSONObjectResolver, { description: 'A JSON object: JSON-LD documents, the values of a change.' });

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items the whole connection holds, across all pages.',
    resolve: (connection) => (connection as unknown as Connection<unknown>).totalCount(),
  }),
);

/** The scope a failed check asked for; a field's `authScopes` object arrives as an "any of" list. */
function scopeNamedIn(failure: AuthFailure): string | undefined {
  if (failure.kind === AuthScopeFailureType.AuthScope) return failure.scope;
  if (failure.kind === AuthScopeFailureType.AnyAuthScopes || failure.kind === AuthScopeFailureType.AllAuthScopes) {
    return failure.failures.map(scopeNamedIn).find(Boolean);
  }
  return undefined;
}

function capitalize(name: string) {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
