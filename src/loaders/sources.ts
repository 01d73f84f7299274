import { eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import { QueryBuilder, type AnyPgColumn } from 'drizzle-orm/pg-core';
import {
  articleRelations,
  articles,
  claimLinks,
  claims,
  claimStatements,
  countries,
  memberships,
  mentions,
  organizations,
  speakers,
  statementChanges,
  statements,
} from '../../schema';
import type { ConnectionSource, SortKey } from './pagination';

/**
 * Every connection in the API, as the rows it walks and their order. Orders end in the id so
 * they are total, which keyset cursors need.
 */

const query = new QueryBuilder();

const byName = (table: typeof speakers | typeof countries | typeof organizations): SortKey[] => [
  { expression: table.name, type: 'text' },
  { expression: table.id, type: 'int' },
];

// Newest first; an article with no known date sorts last rather than breaking the keyset.
const newestArticlesFirst: SortKey[] = [
  { expression: sql`coalesce(${articles.publishedAt}, '-infinity'::date)`, type: 'date', descending: true },
  { expression: articles.id, type: 'int', descending: true },
];

const inArticleOrder: SortKey[] = [
  { expression: statements.articleId, type: 'int' },
  { expression: statements.position, type: 'int' },
];

const inStatementOrder: SortKey[] = [...inArticleOrder, { expression: statements.id, type: 'int' }];

/** Statements that name a country, organization or speaker (the parent), in article order. */
const statementsMentioning = (name: string, target: AnyPgColumn) =>
  ({
    name,
    table: statements,
    join: (q) => q.innerJoin(mentions, eq(mentions.statementId, statements.id)),
    parentKey: target,
    orderBy: inStatementOrder,
  }) satisfies ConnectionSource;

/** Every membership period of the parent, ordered by the name on the other side. */
const membershipsOf = (name: string, parentKey: AnyPgColumn, other: typeof countries | typeof organizations, otherKey: AnyPgColumn) =>
  ({
    name,
    table: memberships,
    join: (q) => q.innerJoin(other, eq(other.id, otherKey)),
    parentKey,
    orderBy: [
      { expression: other.name, type: 'text' },
      { expression: memberships.id, type: 'int' },
    ],
  }) satisfies ConnectionSource;

// Pairs are distinct so that a speaker quoted five times in an article is listed once.
const articleSpeakerPairs = query
  .selectDistinct({ articleId: statements.articleId, speakerId: statements.speakerId })
  .from(statements)
  .where(isNotNull(statements.speakerId))
  .as('article_speakers');

const articleCountryPairs = query
  .selectDistinct({ articleId: mentions.articleId, countryId: mentions.countryId })
  .from(mentions)
  .where(isNotNull(mentions.countryId))
  .as('article_countries');

const articleOrganizationPairs = query
  .selectDistinct({ articleId: mentions.articleId, organizationId: mentions.organizationId })
  .from(mentions)
  .where(isNotNull(mentions.organizationId))
  .as('article_organizations');

const speakerArticlePairs = query
  .selectDistinct({ speakerId: statements.speakerId, articleId: statements.articleId })
  .from(statements)
  .where(isNotNull(statements.speakerId))
  .as('speaker_articles');

// A country that left and rejoined has two memberships but is one member.
const membershipPairs = query
  .selectDistinct({ organizationId: memberships.organizationId, countryId: memberships.countryId })
  .from(memberships)
  .as('membership_pairs');

export const sources = {
  articleStatements: {
    name: 'article.statements',
    table: statements,
    parentKey: statements.articleId,
    orderBy: [
      { expression: statements.position, type: 'int' },
      { expression: statements.id, type: 'int' },
    ],
  },
  articleSpeakers: {
    name: 'article.speakers',
    table: speakers,
    join: (q) => q.innerJoin(articleSpeakerPairs, eq(articleSpeakerPairs.speakerId, speakers.id)),
    parentKey: articleSpeakerPairs.articleId,
    orderBy: byName(speakers),
  },
  articleMentionedCountries: {
    name: 'article.mentionedCountries',
    table: countries,
    join: (q) => q.innerJoin(articleCountryPairs, eq(articleCountryPairs.countryId, countries.id)),
    parentKey: articleCountryPairs.articleId,
    orderBy: byName(countries),
  },
  articleMentionedOrganizations: {
    name: 'article.mentionedOrganizations',
    table: organizations,
    join: (q) => q.innerJoin(articleOrganizationPairs, eq(articleOrganizationPairs.organizationId, organizations.id)),
    parentKey: articleOrganizationPairs.articleId,
    orderBy: byName(organizations),
  },
  articleRelatedArticles: {
    name: 'article.relatedArticles',
    table: articles,
    join: (q) => q.innerJoin(articleRelations, eq(articleRelations.relatedArticleId, articles.id)),
    parentKey: articleRelations.articleId,
    orderBy: [
      { expression: articleRelations.position, type: 'int' },
      { expression: articles.id, type: 'int' },
    ],
    edgeFields: { kind: articleRelations.kind },
  },

  speakerStatements: {
    name: 'speaker.statements',
    table: statements,
    parentKey: statements.speakerId,
    orderBy: inStatementOrder,
  },
  speakerArticles: {
    name: 'speaker.articles',
    table: articles,
    join: (q) => q.innerJoin(speakerArticlePairs, eq(speakerArticlePairs.articleId, articles.id)),
    parentKey: speakerArticlePairs.speakerId,
    orderBy: newestArticlesFirst,
  },
  speakerMentionedIn: statementsMentioning('speaker.mentionedIn', mentions.speakerId),

  organizationStatements: {
    name: 'organization.statements',
    table: statements,
    parentKey: statements.sourceOrganizationId,
    orderBy: inStatementOrder,
  },

  countrySpeakers: {
    name: 'country.speakers',
    table: speakers,
    parentKey: speakers.countryId,
    orderBy: byName(speakers),
  },
  countryOrganizations: {
    name: 'country.organizations',
    table: organizations,
    join: (q) => q.innerJoin(membershipPairs, eq(membershipPairs.organizationId, organizations.id)),
    parentKey: membershipPairs.countryId,
    orderBy: byName(organizations),
  },
  countryMemberships: membershipsOf('country.memberships', memberships.countryId, organizations, memberships.organizationId),
  countryMentionedIn: statementsMentioning('country.mentionedIn', mentions.countryId),

  organizationMembers: {
    name: 'organization.members',
    table: countries,
    join: (q) => q.innerJoin(membershipPairs, eq(membershipPairs.countryId, countries.id)),
    parentKey: membershipPairs.organizationId,
    orderBy: byName(countries),
  },
  organizationMemberships: membershipsOf('organization.memberships', memberships.organizationId, countries, memberships.countryId),
  organizationMentionedIn: statementsMentioning('organization.mentionedIn', mentions.organizationId),
  // A claim's appearances by date, earliest first; undated articles last.
  claimAppearances: {
    name: 'claim.appearances',
    table: statements,
    join: (q) =>
      q
        .innerJoin(claimStatements, eq(claimStatements.statementId, statements.id))
        .innerJoin(articles, eq(articles.id, statements.articleId)),
    parentKey: claimStatements.claimId,
    // Each edge knows its claim, so that it compares its wording with the first without asking.
    edgeFields: { claimId: claimStatements.claimId },
    orderBy: [
      { expression: sql`(${articles.publishedAt} IS NULL)::int`, type: 'int' },
      { expression: sql`coalesce(${articles.publishedAt}, '-infinity'::date)`, type: 'date' },
      ...inStatementOrder,
    ],
  },

  // A statement's history, oldest first: its own changes, and those of relations and claim links
  // at either end (a UNION ALL on the two indexed columns, so each branch finds its rows).
  statementHistory: {
    name: 'statement.history',
    table: statementChanges,
    join: (q) =>
      q.innerJoin(
        sql`(SELECT id AS change_id, statement_id AS subject_id FROM statement_changes UNION ALL SELECT id, related_statement_id FROM statement_changes WHERE related_statement_id IS NOT NULL) AS change_subjects`,
        sql`change_subjects.change_id = ${statementChanges.id}`,
      ),
    parentKey: sql`change_subjects.subject_id`,
    orderBy: [{ expression: statementChanges.id, type: 'int' }],
  },

  organizationPublishedArticles: {
    name: 'organization.publishedArticles',
    table: articles,
    parentKey: articles.publisherId,
    orderBy: newestArticlesFirst,
  },
} satisfies Record<string, ConnectionSource>;

export type OrderDirection = 'ASC' | 'DESC';

interface OrderDefinition {
  /** The keys in ascending order; DESC reverses every one. */
  keys: SortKey[];
  /** Joins the keys need (a statement ordered by its article's date). */
  join?: ConnectionSource['join'];
}

const ascending = (keys: SortKey[]) => keys.map((key) => ({ ...key, descending: false }));

/** The root connections: their table and the orders their `orderBy` argument offers. */
export const rootSources = {
  articles: {
    table: articles,
    orders: {
      PUBLISHED_AT: { keys: ascending(newestArticlesFirst) },
      TITLE: {
        keys: [
          { expression: articles.title, type: 'text' },
          { expression: articles.id, type: 'int' },
        ],
      },
    },
  },
  statements: {
    table: statements,
    orders: {
      POSITION: { keys: inStatementOrder },
      PUBLISHED_AT: {
        // Newest (or oldest) articles first, but always in order of appearance within one.
        keys: [
          { expression: sql`coalesce(${articles.publishedAt}, '-infinity'::date)`, type: 'date' },
          { expression: statements.articleId, type: 'int' },
          { expression: statements.position, type: 'int', fixedAscending: true },
          { expression: statements.id, type: 'int', fixedAscending: true },
        ],
        join: (q) => q.innerJoin(articles, eq(articles.id, statements.articleId)),
      },
    },
  },
  speakers: { table: speakers, orders: { NAME: { keys: byName(speakers) } } },
  claims: { table: claims, orders: { CREATED_AT: { keys: [{ expression: claims.id, type: 'int' }] } } },
  claimLinks: {
    table: claimLinks,
    orders: {
      CREATED_AT: { keys: [{ expression: claimLinks.id, type: 'int' }] },
      SCORE: {
        keys: [
          { expression: sql`${claimLinks.score}::float8`, type: 'float' },
          { expression: claimLinks.id, type: 'int' },
        ],
      },
    },
  },
  // The review queue: statements (narrowed by src/loaders/review-queue.ts), by when they were filed or by confidence.
  reviewQueue: {
    table: statements,
    orders: {
      FILED_AT: { keys: [{ expression: statements.id, type: 'int' }] },
      CONFIDENCE: {
        keys: [
          { expression: sql`coalesce(${statements.attributionConfidence}, 0)::float8`, type: 'float' },
          { expression: statements.id, type: 'int' },
        ],
      },
    },
  },
  countries: { table: countries, orders: { NAME: { keys: byName(countries) } } },
  organizations: { table: organizations, orders: { NAME: { keys: byName(organizations) } } },
} satisfies Record<string, { table: ConnectionSource['table']; orders: Record<string, OrderDefinition> }>;

export type RootSourceName = keyof typeof rootSources;
export type RootOrderField<Name extends RootSourceName> = keyof (typeof rootSources)[Name]['orders'];

/** A root source narrowed by filters and put in the requested order. */
export function orderedRootSource<Name extends RootSourceName>(
  name: Name,
  order: { field: RootOrderField<Name>; direction: OrderDirection },
  where: SQL | undefined,
): ConnectionSource {
  const orders: Record<string, OrderDefinition> = rootSources[name].orders;
  const definition = orders[order.field as string];
  const keys = order.direction === 'DESC' ? definition.keys.map((key) => ({ ...key, descending: !key.fixedAscending })) : definition.keys;
  return {
    table: rootSources[name].table,
    // The order is part of the name, so a cursor from one order is refused in another.
    name: `${name}:${String(order.field)}:${order.direction}`,
    orderBy: keys,
    join: definition.join,
    where,
  };
}
