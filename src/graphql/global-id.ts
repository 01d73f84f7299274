import { brandWithType } from '@pothos/core';
import { mayFetchNode, type Viewer } from '../auth/tokens';
import type { Loaders } from '../loaders';
import { badUserInput, notFound } from '../core/errors';

/**
 * Global IDs are base64url("Type:databaseId"): opaque to clients, cheap to decode, and they
 * say which table to look in. Every type that implements Node is listed here.
 */
export const NODE_TYPES = ['Article', 'Statement', 'Speaker', 'Country', 'Organization', 'SpeakerRole', 'Membership', 'StatementRelation', 'ApiToken'] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];

const MAX_DATABASE_ID = 2_147_483_647;

export function encodeGlobalId(typename: string, id: number | string | bigint): string {
  return Buffer.from(`${typename}:${id}`).toString('base64url');
}

export interface DecodedGlobalId {
  typename: NodeTypeName;
  id: string;
}

export function decodeGlobalId(globalId: string, argument = 'id'): DecodedGlobalId {
  const refuse = () => badUserInput(`"${globalId}" is not a valid global ID.`, { argument });
  // base64url decoding never throws; it is the shape of the result that tells a real ID.
  const text = /^[A-Za-z0-9_-]+={0,2}$/.test(globalId) ? Buffer.from(globalId, 'base64url').toString('utf8') : '';
  const match = /^([A-Za-z]+):([1-9][0-9]{0,9})$/.exec(text);
  if (!match || !(NODE_TYPES as readonly string[]).includes(match[1]) || Number(match[2]) > MAX_DATABASE_ID) {
    throw refuse();
  }
  return { typename: match[1] as NodeTypeName, id: match[2] };
}

/** The database id behind a global ID that must be of the given type. */
export function databaseIdOf(globalId: string, expected: NodeTypeName, argument = 'id'): number {
  const { typename, id } = decodeGlobalId(globalId, argument);
  if (typename !== expected) {
    throw badUserInput(`"${globalId}" is the ID of a ${typename}, not of a ${expected}.`, { argument });
  }
  return Number(id);
}

export function nodeNotFound(globalId: string) {
  return notFound(`Could not resolve to a node with the global ID "${globalId}".`, { id: globalId });
}

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
