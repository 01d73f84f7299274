import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { defaultExtractPersistedOperationId, usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../core/errors';
import { exampleTabs } from '../graphiql-examples';

export type PersistedOperationsMode = 'off' | 'accepted' | 'only';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The operations a client may send by hash: GraphiQL's examples, and those of `file`, a JSON
 * object of hash to operation text (what GraphQL Code Generator's client preset writes with
 * `persistedDocuments: true`).
 */
export function loadPersistedOperations(file?: string): Map<string, string> {
  const operations = new Map(exampleTabs.map(({ query }) => [sha256(query), query]));
  if (file) {
    const listed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    for (const [hash, query] of Object.entries(listed)) {
      if (typeof query !== 'string') throw new Error(`${file}: the operation of ${hash} is not a string`);
      operations.set(hash, query);
    }
  }
  return operations;
}

/**
 * "accepted": an operation may come as its hash (Apollo's `extensions.persistedQuery.sha256Hash`
 * or the GraphQL-over-HTTP `documentId`) or as text. "only": the allow-list mode for production
 * frontends, where text is refused and only listed operations run.
 */
export function usePersistedOperationsIn(mode: PersistedOperationsMode, operations: Map<string, string>): Plugin[] {
  if (mode === 'off') return [];
  const extractPersistedOperationId: typeof defaultExtractPersistedOperationId = (params, request, context) =>
    typeof (params as { documentId?: unknown }).documentId === 'string'
      ? (params as { documentId: string }).documentId.replace(/^sha256:/, '')
      : defaultExtractPersistedOperationId(params, request, context);
  const plugin = usePersistedOperations({
    getPersistedOperation: (hash) => operations.get(hash) ?? null,
    extractPersistedOperationId,
    allowArbitraryOperations: mode === 'accepted',
    customErrors: {
      notFound: {
        message: 'No persisted operation has this hash.',
        extensions: { code: ErrorCode.PERSISTED_QUERY_NOT_FOUND, http: { status: 400 } },
      },
      persistedQueryOnly: {
        message: 'This server runs persisted operations only: send the hash of a listed operation, not its text.',
        extensions: { code: ErrorCode.PERSISTED_QUERY_REQUIRED, http: { status: 400 } },
      },
      keyNotFound: {
        message: 'This server runs persisted operations only: send extensions.persistedQuery.sha256Hash or documentId.',
        extensions: { code: ErrorCode.PERSISTED_QUERY_REQUIRED, http: { status: 400 } },
      },
    },
  });
  if (mode === 'only') return [plugin];
  // Accepted: a request with neither text nor hash is one without a query, which yoga refuses
  // as such ("Must provide query string."), not one that forgot a hash.
  const { onParams } = plugin as Required<Pick<Plugin, 'onParams'>>;
  return [
    {
      ...plugin,
      onParams(payload) {
        if (!payload.params.query && extractPersistedOperationId(payload.params, payload.request, payload.context) == null) return;
        return onParams(payload);
      },
    },
  ];
}
