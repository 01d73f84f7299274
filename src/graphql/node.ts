import { brandWithType } from '@pothos/core';
import { mayFetchNode, type Viewer } from '../auth/tokens';
import { badUserInput } from '../core/errors';
import { decodeGlobalId, encodeGlobalId, nodeNotFound, type NodeTypeName } from '../core/global-id';
import type { Loaders } from '../loaders';

export const MAX_NODES_PER_REQUEST = 100;

/**
 * node(id:): the object, branded with its type for the Node interface, or the error a client
 * can act on. The node fields load through the request's loaders rather than Pothos's
 * resolveNodes, which always loads every ID it was given, valid or not.
 */
export async function loadNode(loaders: Loaders, { typename, id }: { typename: string; id: string }, viewer: Viewer) {
  // Decoding again throws the BAD_USER_INPUT that a malformed ID deserves.
  if (typename === INVALID_ID_TYPE) decodeGlobalId(id);
  // Not looked up at all: a refusal for an existing one would tell it from a missing one.
  if (!mayFetchNode(viewer, typename)) throw nodeNotFound(encodeGlobalId(typename, id));
  const node = await loaders.nodeById(typename as NodeTypeName, Number(id));
  if (node == null) throw nodeNotFound(encodeGlobalId(typename, id));
  brandWithType(node, typename as never);
  return node;
}

/** nodes(ids:): one entry per ID, in order; a bad or unknown ID fails at its own index only. */
export function loadNodes(loaders: Loaders, ids: { typename: string; id: string }[], viewer: Viewer) {
  if (ids.length > MAX_NODES_PER_REQUEST) {
    throw badUserInput(`\`ids\` takes at most ${MAX_NODES_PER_REQUEST} IDs; got ${ids.length}.`, { argument: 'ids' });
  }
  return ids.map(async (globalId) => {
    if (globalId.typename === INVALID_ID_TYPE) {
      throw badUserInput(`"${globalId.id}" is not a valid global ID.`, { argument: 'ids' });
    }
    return loadNode(loaders, globalId, viewer);
  });
}

/**
 * Pothos decodes the IDs of node(id:) and nodes(ids:) before their resolvers run. An invalid ID
 * is kept and marked instead of thrown, so that one bad ID in `nodes` fails at its own index
 * rather than nulling the whole response.
 */
export const INVALID_ID_TYPE = '__invalid__';

export function decodeGlobalIdForRelay(globalId: string): { typename: string; id: string } {
  try {
    return decodeGlobalId(globalId);
  } catch {
    return { typename: INVALID_ID_TYPE, id: globalId };
  }
}
