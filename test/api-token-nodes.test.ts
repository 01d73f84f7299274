import { createToken } from '../src/auth/tokens';
import { encodeGlobalId } from '../src/core/global-id';
import { openTestApp, type TestApp } from './support/harness';

let kb: TestApp;
const tokens: Record<'read' | 'write' | 'admin', string> = { read: '', write: '', admin: '' };

beforeAll(async () => {
  kb = await openTestApp();
  for (const scope of ['read', 'write', 'admin'] as const) {
    tokens[scope] = (await createToken(kb.db, { name: `node ${scope}`, scope })).token;
  }
});
afterAll(() => kb.close());

/** The status and body only: the test compares whole answers, text and all. */
async function send(query: string, token?: string) {
  const { status, body } = await kb.send(query, { token });
  return { status, body };
}

describe('node(id:) on API tokens', () => {
  it('answers an existing token and a missing one alike to anyone but an admin', async () => {
    const { id } = await createToken(kb.db, { name: 'hidden by node', scope: 'read' });
    const query = (tokenId: number) => `{ node(id: "${encodeGlobalId('ApiToken', tokenId)}") { id ... on ApiToken { name } } }`;
    const shape = (answer: Awaited<ReturnType<typeof send>>, tokenId: number) =>
      JSON.stringify(answer).replaceAll(encodeGlobalId('ApiToken', tokenId), '<id>');
    for (const token of [undefined, tokens.read, tokens.write]) {
      const existing = await send(query(id), token);
      const missing = await send(query(999_999), token);
      expect(existing.body.data).toEqual({ node: null });
      expect(shape(existing, id)).toEqual(shape(missing, 999_999));
      const many = await send(
        `{ nodes(ids: ["${encodeGlobalId('ApiToken', id)}", "${encodeGlobalId('ApiToken', 999_999)}"]) { id } }`,
        token,
      );
      expect(many.body.data).toEqual({ nodes: [null, null] });
      expect(many.body.errors.map((error: any) => error.extensions.code)).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    }
    const admin = await send(query(id), tokens.admin);
    expect(admin.body.data.node.name).toBe('hidden by node');
  });
});
