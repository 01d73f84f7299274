import type { Plugin } from 'graphql-yoga';
import type { Database } from '../db';

/**
 * GET /export/<type>.ndjson and .csv: streamed exports (issue 7). Routed before GraphQL, as the
 * local GraphiQL assets are.
 */
export function useExports(_db: Database): Plugin {
  return {};
}
