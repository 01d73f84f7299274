import { badUserInput, notFound } from './errors';

/**
 * Global IDs are base64url("Type:databaseId"): opaque to clients, cheap to decode, and they
 * say which table to look in. Every type that implements Node is listed here.
 */
export const NODE_TYPES = [
  'Article',
  'Statement',
  'Speaker',
  'Country',
  'Organization',
  'SpeakerRole',
  'Membership',
  'StatementRelation',
  'ApiToken',
  'Claim',
  'ClaimLink',
  'StatementChange',
] as const;
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
