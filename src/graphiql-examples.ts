/**
 * The example queries GraphiQL opens with, one tab each. The tests run every one of them
 * against the seeded database, so they cannot rot as the schema changes.
 */
export const exampleQueries: { name: string; query: string }[] = [
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
];
