import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { apiTokens, type ApiTokenRow } from '../../schema';
import type { Database } from '../db';

export type TokenScope = ApiTokenRow['scope'];

// A recognisable prefix lets secret scanners (and people) tell a leaked newskb token at sight.
const TOKEN_PREFIX = 'nkb_';

/** Each scope includes the ones before it: admin may write, write may read. */
const SCOPE_RANK: Record<TokenScope, number> = { read: 1, write: 2, admin: 3 };

export const scopeAllows = (held: TokenScope, needed: TokenScope) => SCOPE_RANK[held] >= SCOPE_RANK[needed];

/** Node types only an admin may fetch by ID (their type's authScopes say so in the schema). */
const ADMIN_ONLY_NODES: ReadonlySet<string> = new Set(['ApiToken']);

/** Node types any token may fetch, and no anonymous reader: the corrections history names editors. */
const TOKEN_ONLY_NODES: ReadonlySet<string> = new Set(['StatementChange']);

/** To anyone else, an admin-only node's ID is as unknown as a missing one: same answer, no lookup. */
export const mayFetchNode = (viewer: Viewer, typename: string) =>
  (!ADMIN_ONLY_NODES.has(typename) || (viewer.kind === 'token' && scopeAllows(viewer.scope, 'admin'))) &&
  (!TOKEN_ONLY_NODES.has(typename) || viewer.kind === 'token');

const digestOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** The digest of the token in an "Authorization: Bearer <token>" header; null for any other header. */
export function bearerDigest(authorization: string | null): string | null {
  const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization.trim()) : null;
  return match ? digestOf(match[1]) : null;
}

/** Creates a token and returns it in clear: the only time it is ever shown. */
export async function createToken(db: Database, { name, scope }: { name: string; scope: TokenScope }) {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const [row] = await db
    .insert(apiTokens)
    .values({ name, scope, digest: digestOf(token) })
    .returning();
  return { token, id: row.id, name: row.name, scope: row.scope, createdAt: row.createdAt };
}

export async function listTokens(db: Database) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scope: apiTokens.scope,
      createdAt: apiTokens.createdAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .orderBy(asc(apiTokens.id));
}

/** Revokes a token at once; true if it was active. */
export async function revokeToken(db: Database, id: number): Promise<boolean> {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return revoked.length === 1;
}

export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'token'; id: number; name: string; scope: TokenScope }
  | { kind: 'invalid'; reason: string };

/**
 * Who sent the request, from its Authorization header. A header that is present but wrong is
 * "invalid", never anonymous: a client whose token was revoked must be told, not served as a
 * stranger.
 */
export async function viewerOf(db: Database, authorization: string | null): Promise<Viewer> {
  if (!authorization) return { kind: 'anonymous' };
  const digest = bearerDigest(authorization);
  if (!digest) return { kind: 'invalid', reason: 'The Authorization header must be "Bearer <token>".' };
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.digest, digest), isNull(apiTokens.revokedAt)));
  if (!row) return { kind: 'invalid', reason: 'The token is unknown or has been revoked.' };
  return { kind: 'token', id: row.id, name: row.name, scope: row.scope };
}
