import type { Viewer } from '../auth/tokens';
import { builder } from './builder';

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
