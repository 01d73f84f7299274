import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import { DateResolver, DateTimeResolver } from 'graphql-scalars';
import type { Connection } from '../loaders';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../loaders/pagination';
import type { Context } from '../context';
import { decodeGlobalIdForRelay, encodeGlobalId, loadNode, loadNodes, MAX_NODES_PER_REQUEST } from './global-id';

export const builder = new SchemaBuilder<{
  Context: Context;
  // graphql-scalars parses a Date argument into a JS Date (UTC midnight); rows hold 'YYYY-MM-DD'.
  Scalars: { Date: { Input: Date; Output: string }; DateTime: { Input: Date; Output: Date } };
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  DefaultFieldNullability: false;
}>({
  plugins: [RelayPlugin],
  // Fields are non-null unless they say otherwise: clients should not null-check what always exists.
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    brandLoadedObjects: true,
    encodeGlobalID: (typename, id) => encodeGlobalId(typename, id),
    decodeGlobalID: (globalId) => decodeGlobalIdForRelay(globalId),
    firstArgOptions: { description: `Returns the first n items (1 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when neither first nor last is given).` },
    lastArgOptions: { description: `Returns the last n items (1 to ${MAX_PAGE_SIZE}).` },
    afterArgOptions: { description: 'Returns the items after this cursor.' },
    beforeArgOptions: { description: 'Returns the items before this cursor.' },
    nodeQueryOptions: {
      description: 'Fetches any object by its global ID. An unknown ID is a NOT_FOUND error.',
      resolve: (_root, { id }, { loaders }) => loadNode(loaders, id),
    },
    nodesQueryOptions: {
      description: `Fetches up to ${MAX_NODES_PER_REQUEST} objects by global ID, in order; an unknown or malformed ID is null with an error at its index.`,
      resolve: (_root, { ids }, { loaders }) => loadNodes(loaders, ids),
    },
  },
});

builder.queryType({ description: 'The entry points for reading the knowledge base.' });
builder.addScalarType('Date', DateResolver, { description: 'A calendar date, YYYY-MM-DD.' });
builder.addScalarType('DateTime', DateTimeResolver, { description: 'A moment in time, RFC 3339 in UTC.' });

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items the whole connection holds, across all pages.',
    resolve: (connection) => (connection as unknown as Connection<unknown>).totalCount(),
  }),
);
