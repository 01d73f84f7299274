import { brandWithType } from '@pothos/core';
import type { Connection, SearchResult as SearchResultShape } from '../loaders';
import { SEARCH_KINDS, type SearchKind } from '../search';
import { searchText } from '../search/text';
import { builder } from './builder';
import { badUserInput } from '../core/errors';
import { ArticleRef, CountryRef, OrganizationRef, SpeakerRef, StatementRef } from './refs';

const refs = {
  Article: ArticleRef,
  Statement: StatementRef,
  Speaker: SpeakerRef,
  Organization: OrganizationRef,
  Country: CountryRef,
};

const SearchType = builder.enumType('SearchType', {
  values: Object.fromEntries(SEARCH_KINDS.map((kind) => [kind.toUpperCase(), { value: kind }])) as Record<
    Uppercase<SearchKind>,
    { value: SearchKind }
  >,
});

const SearchResult = builder.unionType('SearchResult', {
  description: 'Anything `search` can find.',
  types: [ArticleRef, StatementRef, SpeakerRef, OrganizationRef, CountryRef],
});

interface SearchEdgeShape {
  cursor: string;
  score: number;
  /** Loaded only when asked for (src/loaders). */
  snippet: () => Promise<string>;
  node: unknown;
}

const SearchConnection = builder.connectionObject(
  { type: SearchResult, name: 'SearchConnection' },
  {
    name: 'SearchEdge',
    fields: (t) => ({
      score: t.float({
        description: 'Relevance from 0 to 1: text rank for statements and articles, name similarity for the others.',
        resolve: (edge) => (edge as unknown as SearchEdgeShape).score,
      }),
      snippet: t.string({
        description:
          'The text around the match, HTML-escaped, with matched words in <mark></mark>; a name for people, organizations and countries.',
        resolve: (edge) => (edge as unknown as SearchEdgeShape).snippet(),
      }),
    }),
  },
);

/** The hits' objects, branded with their type so the union resolves without guessing. */
function branded(connection: Connection<SearchResultShape>) {
  return {
    get edges() {
      return connection.edges.then((edges) =>
        edges.map((edge) => {
          const { kind, row } = edge.node;
          brandWithType(row, refs[kind]);
          return { ...edge, node: row };
        }),
      );
    },
    get pageInfo() {
      return connection.pageInfo;
    },
    totalCount: connection.totalCount,
  };
}

builder.queryField('search', (t) =>
  t.connection(
    {
      type: SearchResult,
      nullable: true,
      description:
        'Finds statements and articles by their words ("drones sanctions", "quoted phrase", -excluded) and people, organizations and countries by name, forgiving typos ("Amir Abdolahian"). Ranked by relevance among all matching names and the 1,000 most recently filed matching statements and articles; to walk every match of a common word, use the `search` filter of `statements` or `articles`.',
      args: {
        query: t.arg.string({ required: true, description: `What to look for (1 to 200 characters).` }),
        types: t.arg({ type: [SearchType], description: 'Only these types; all five when omitted.' }),
      },
      resolve: (_root, { query, types, ...args }, { loaders }) => {
        if (types && types.length === 0) throw badUserInput('`types` must name at least one type.', { argument: 'types' });
        const kinds = types ? [...new Set(types)] : SEARCH_KINDS;
        return branded(loaders.search(args, searchText(query, 'query'), kinds)) as never;
      },
    },
    SearchConnection,
  ),
);
