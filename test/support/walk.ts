import type { TestApp } from './harness';

/**
 * Every node of a root connection, walked page by page through GraphQL as a client would:
 * what the exports are compared with.
 */
export async function walkConnection<Node = any>(
  kb: TestApp,
  field: 'statements' | 'articles' | 'speakers' | 'countries' | 'organizations',
  selection: string,
  filter?: Record<string, unknown>,
): Promise<Node[]> {
  const filterType = `${field === 'countries' ? 'Country' : field[0].toUpperCase() + field.slice(1, -1)}Filter`;
  const nodes: Node[] = [];
  let after: string | null = null;
  for (;;) {
    const page: any = await kb.data(
      `query Walk($after: String, $filter: ${filterType}) {
        page: ${field}(first: 100, after: $after, filter: $filter) { pageInfo { hasNextPage endCursor } nodes { ${selection} } }
      }`,
      { after, filter },
    );
    nodes.push(...page.page.nodes);
    if (!page.page.pageInfo.hasNextPage) return nodes;
    after = page.page.pageInfo.endCursor;
  }
}
