/**
 * The example queries GraphiQL opens with, one tab each. The tests run every one of them
 * against the seeded database, so they cannot rot as the schema changes.
 */
export const exampleQueries: { name: string; query: string; variables?: string }[] = [
  {
    name: 'Who said what',
    query: /* GraphQL */ `# Every statement in the seed article: who said it, in which role, where it stands.
query WhoSaidWhat {
  article(slug: "iran-sold-drones-to-russia-before-ukraine-war") {
    title
    publishedAt
    dateline
    publisher { name }
    statements(first: 10) {
      totalCount
      edges {
        node {
          position
          kind
          text
          attributionVerb
          span { start end }
          speaker { name }
          speakerRole { title country { name } }
          mentions {
            __typename
            ... on Country { name }
            ... on Organization { name }
            ... on Speaker { name }
          }
        }
      }
    }
  }
}
`,
  },
  {
    name: 'Group of Friends',
    query: /* GraphQL */ `# The 19 member states of the Group of Friends in Defense of the Charter of the United Nations.
query GroupOfFriends {
  organization(slug: "group-of-friends-in-defense-of-the-un-charter") {
    name
    kind
    description
    members(first: 20) {
      totalCount
      edges { node { name alpha2 alpha3 } }
    }
  }
}
`,
  },
  {
    name: 'A speaker',
    query: /* GraphQL */ `# Iran's foreign minister: his roles, and everything he said.
query Speaker {
  speaker(slug: "hossein-amir-abdollahian") {
    name
    aliases
    country { name }
    roles { title startDate endDate organization { name } country { name } }
    statements(first: 10) {
      totalCount
      edges { node { text attributionVerb article { title } } }
    }
  }
}
`,
  },
  {
    name: 'Who mentioned Germany',
    query: /* GraphQL */ `# Statements that name a country: alpha-2 or alpha-3 code, any case.
query WhoMentionedGermany {
  country(code: "de") {
    name
    mentionedIn(first: 10) {
      edges { node { text speaker { name } article { title } } }
    }
  }
}
`,
  },
  {
    name: 'Search',
    query: /* GraphQL */ `# One ranked search over everything, with highlighted snippets; names forgive typos.
query Search {
  words: search(query: "drones Russia", first: 5) {
    totalCount
    edges { score snippet node { __typename ...Found } }
  }
  misspeltName: search(query: "Amir Abdolahian", types: [SPEAKER]) {
    edges { score node { ...Found } }
  }
}

fragment Found on SearchResult {
  ... on Statement { text speaker { name } article { title } }
  ... on Article { title }
  ... on Speaker { name }
  ... on Organization { name }
  ... on Country { name }
}
`,
  },
  {
    name: 'Filters',
    query: /* GraphQL */ `# What did Iran's foreign minister say about drones? Filters are ANDed; IDs are checked.
query Filters {
  speaker(slug: "hossein-amir-abdollahian") {
    id
    statementCount
  }
  statements(
    first: 10
    filter: { search: "drones", kind: DIRECT_QUOTE, publishedAfter: "2022-01-01" }
    orderBy: { field: PUBLISHED_AT, direction: DESC }
  ) {
    totalCount
    edges { node { text speaker { name } article { publishedAt } } }
  }
}
`,
  },
  {
    name: 'Related headlines',
    query: /* GraphQL */ `# The "Related News" and "Read more" links of the seed article.
query RelatedHeadlines {
  article(slug: "iran-sold-drones-to-russia-before-ukraine-war") {
    relatedArticles(first: 10) {
      edges { node { id title publisher { name } } }
    }
  }
}
`,
  },
  {
    name: 'Paging',
    variables: '{ "after": null }',
    query: /* GraphQL */ `# Relay connections: ask for \`first\` items, then pass pageInfo.endCursor as \`after\`
# (in the Variables pane below) for the next page, until hasNextPage is false.
query Paging($after: String) {
  statements(first: 2, after: $after, orderBy: { field: POSITION, direction: ASC }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { position text speaker { name } } }
  }
}
`,
  },
];

/**
 * Tabs that write or listen, after the queries: they cannot run against the seed unattended (a
 * mutation needs a write token and changes the data, a subscription never ends), so the tests
 * validate them against the schema instead of running them.
 */
export const exampleOperations: { name: string; query: string; variables?: string; headers?: string }[] = [
  {
    name: 'Import an article',
    headers: '{ "Authorization": "Bearer PASTE-A-WRITE-TOKEN-HERE" }',
    query: /* GraphQL */ `# Writing needs a token with the write scope: create one with
#   npm run token -- create --scope write --name "my desk"
# and paste it into the Headers pane below. importArticle finds every quotation and its speaker;
# importing the same URL again updates the article in place.
mutation ImportAnArticle {
  importArticle(input: {
    url: "https://example.org/news/harbour-reopens"
    title: "Harbour reopens after the storm"
    publisher: "Example Gazette"
    publishedAt: "2026-12-01"
    body: "The harbour master, Ana Ferreira, said the port would reopen on Monday. \\"We lost three days, not three weeks,\\" Ferreira said."
  }) {
    __typename
    ... on ImportArticleSuccess {
      articleImport {
        created
        unattributedCount
        statements { kind text attributionVerb speaker { name } }
      }
    }
    ... on ValidationError { message }
  }
}
`,
  },
  {
    name: 'Live statements',
    query: /* GraphQL */ `# A subscription over server-sent events: each statement as it is filed, by any import
# or mutation. Run it here, then import an article in another tab.
subscription LiveStatements {
  statementAdded(filter: { attributed: true }) {
    text
    speaker { name }
    article { title publisher { name } }
  }
}
`,
  },
];

/** Every tab, in the order GraphiQL shows them. */
export const exampleTabs = [...exampleQueries, ...exampleOperations].map(
  ({ query, variables, headers }: { query: string; variables?: string; headers?: string }) => ({
    query,
    ...(variables ? { variables } : {}),
    ...(headers ? { headers } : {}),
  }),
);
