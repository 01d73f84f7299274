import { createToken, listTokens, revokeToken, type Viewer } from '../auth/tokens';
import { loadAll } from '../loaders';
import type { ApiTokenRow } from '../../schema';
import { NotFoundError } from '../services/errors';
import { idFromInput, parseInput, rules } from '../services/input';
import { builder } from './builder';
import { encodeGlobalId } from '../core/global-id';
import { userErrors } from './user-errors';
import { z } from 'zod';

const TokenScope = builder.enumType('TokenScope', {
  description: 'What a token may do; each scope includes the ones before it.',
  values: {
    READ: { value: 'read', description: 'Read the knowledge base (needed only where the server requires it).' },
    WRITE: { value: 'write', description: 'Add and correct articles, statements and the rest.' },
    ADMIN: { value: 'admin', description: 'Manage tokens, merge and delete.' },
  } as const,
});

const ViewerRef = builder.objectRef<Extract<Viewer, { kind: 'token' }>>('Viewer').implement({
  description: 'The API token a request was sent with.',
  fields: (t) => ({
    tokenName: t.exposeString('name'),
    scope: t.field({ type: TokenScope, resolve: (viewer) => viewer.scope }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    nullable: true,
    description: 'The token this request carries; null for an anonymous request.',
    resolve: (_root, _args, { viewer }) => (viewer.kind === 'token' ? viewer : null),
  }),
);

type TokenSummary = Omit<ApiTokenRow, 'digest'>;
const ApiTokenRef = builder.objectRef<TokenSummary>('ApiToken');

// Only admins see tokens, through any field: `node(id:)` included, since the check sits on the type.
builder.node(ApiTokenRef, {
  description: 'An API token, without its secret: that is shown once, when the token is created.',
  authScopes: { admin: true },
  id: { resolve: (token) => token.id },
  loadMany: (ids, { loaders }) => loadAll(loaders.apiTokenById, ids.map(Number)),
  fields: (t) => ({
    name: t.exposeString('name'),
    scope: t.expose('scope', { type: TokenScope }),
    createdAt: t.field({ type: 'DateTime', resolve: (token) => new Date(token.createdAt) }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (token) => (token.revokedAt ? new Date(token.revokedAt) : null) }),
  }),
});

const NewApiTokenRef = builder.objectRef<{ token: string; apiToken: TokenSummary }>('NewApiToken').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'The secret, shown this once: only its SHA-256 digest is stored.' }),
    apiToken: t.field({ type: ApiTokenRef, resolve: (created) => created.apiToken }),
  }),
});

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Who or what uses it, e.g. "fact-check desk importer".' }),
    scope: t.field({ type: TokenScope, required: true }),
  }),
});

builder.queryField('apiTokens', (t) =>
  t.field({
    type: [ApiTokenRef],
    description: 'Every token, revoked ones included, oldest first. Admin only.',
    authScopes: { admin: true },
    resolve: (_root, _args, { db }) => listTokens(db),
  }),
);

builder.mutationFields((t) => ({
  createApiToken: t.field({
    type: NewApiTokenRef,
    authScopes: { admin: true },
    errors: { ...userErrors, dataField: { name: 'created' } },
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: async (_root, { input }, { db }) => {
      const { name } = parseInput(z.object({ name: rules.name }), input);
      const { token, ...apiToken } = await createToken(db, { name, scope: input.scope });
      return { token, apiToken: { ...apiToken, revokedAt: null } };
    },
  }),
  revokeApiToken: t.field({
    type: ApiTokenRef,
    description: 'Revokes a token at once; requests that carry it get UNAUTHENTICATED from then on.',
    authScopes: { admin: true },
    errors: { ...userErrors, dataField: { name: 'apiToken' } },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, { db }) => {
      const tokenId = idFromInput(String(id), 'ApiToken', ['id']);
      if (!(await revokeToken(db, tokenId))) {
        throw new NotFoundError(`No active token has the ID "${encodeGlobalId('ApiToken', tokenId)}".`, ['id'], String(id));
      }
      return (await listTokens(db)).find((token) => token.id === tokenId)!;
    },
  }),
}));
