import { eq, sql, type SQLWrapper } from 'drizzle-orm';
import { alias, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import { articles, countries, organizations, speakerRoles, speakers, statementChanges, statements } from '../../schema';
import { presentChangeValues } from '../core/statement-changes';
import { isoDate, isoTimestamp } from '../db/text-values';
import type { NodeTypeName } from '../core/global-id';

/**
 * What a row of each export holds, in column order (the CSV header). Names are the API's field
 * names; IDs are global IDs, as `node(id:)` takes them; dates are ISO 8601, timestamps in UTC with
 * milliseconds, as the API shows them. A statement row carries what a reader needs beside the
 * quotation: its article's URL and title, its speaker's name and role, its span.
 */

export interface ExportColumn {
  value: SQLWrapper;
  /** Set when the column holds a database id, written as a global ID of this type. */
  globalId?: NodeTypeName;
  /** How the value is shown, from the row as read (the history's before and after, in the API's names). */
  present?: (value: unknown, row: Record<string, unknown>) => unknown;
}

export interface ExportDefinition {
  /** The type of the rows' `id`, and of the `after` parameter that resumes an export. */
  nodeType: NodeTypeName;
  table: PgTable;
  /** The primary key: rows come in its order, and a resumed export starts after one of its values. */
  id: PgColumn;
  columns: Record<string, ExportColumn>;
  join?: (query: any) => any;
  /** Only for a request with a token (any scope), as in GraphQL: the history names its editors. */
  needsToken?: boolean;
}

const plain = (value: SQLWrapper): ExportColumn => ({ value });
const globalId = (type: NodeTypeName, value: SQLWrapper): ExportColumn => ({ value, globalId: type });
const timestamps = (table: { createdAt: PgColumn; updatedAt: PgColumn }) => ({
  createdAt: plain(isoTimestamp(table.createdAt, 'milliseconds')),
  updatedAt: plain(isoTimestamp(table.updatedAt, 'milliseconds')),
});

// Joined under other names, so that a filter's subqueries on the same tables stay unambiguous.
const statementArticle = alias(articles, 'statement_article');
const statementSpeaker = alias(speakers, 'statement_speaker');
const statementRole = alias(speakerRoles, 'statement_role');
const statementSourceOrganization = alias(organizations, 'statement_source_organization');
const articlePublisher = alias(organizations, 'article_publisher');
const speakerCountry = alias(countries, 'speaker_country');
const organizationCountry = alias(countries, 'organization_country');

export const exportDefinitions = {
  statements: {
    nodeType: 'Statement',
    table: statements,
    id: statements.id,
    columns: {
      id: globalId('Statement', statements.id),
      articleId: globalId('Article', statements.articleId),
      articleUrl: plain(statementArticle.url),
      articleTitle: plain(statementArticle.title),
      articlePublishedAt: plain(isoDate(statementArticle.publishedAt)),
      position: plain(statements.position),
      kind: plain(statements.kind),
      location: plain(statements.location),
      text: plain(statements.text),
      spanStart: plain(statements.spanStart),
      spanEnd: plain(statements.spanEnd),
      speakerId: globalId('Speaker', statements.speakerId),
      speakerName: plain(statementSpeaker.name),
      speakerRoleId: globalId('SpeakerRole', statements.speakerRoleId),
      speakerRoleTitle: plain(statementRole.title),
      sourceKind: plain(
        sql<string>`CASE WHEN ${statements.speakerId} IS NOT NULL THEN 'PERSON' WHEN ${statements.sourceOrganizationId} IS NOT NULL THEN 'ORGANIZATION' WHEN ${statements.sourceDescription} IS NOT NULL THEN 'UNNAMED' ELSE 'UNATTRIBUTED' END`,
      ),
      sourceOrganizationId: globalId('Organization', statements.sourceOrganizationId),
      sourceOrganizationName: plain(statementSourceOrganization.name),
      sourceDescription: plain(statements.sourceDescription),
      attributionVerb: plain(statements.attributionVerb),
      attributionConfidence: plain(statements.attributionConfidence),
      reviewStatus: plain(statements.reviewStatus),
      reviewedBy: plain(statements.reviewedBy),
      reviewedAt: plain(isoTimestamp(statements.reviewedAt, 'milliseconds')),
      ...timestamps(statements),
    },
    join: (query) =>
      query
        .innerJoin(statementArticle, eq(statementArticle.id, statements.articleId))
        .leftJoin(statementSpeaker, eq(statementSpeaker.id, statements.speakerId))
        .leftJoin(statementRole, eq(statementRole.id, statements.speakerRoleId))
        .leftJoin(statementSourceOrganization, eq(statementSourceOrganization.id, statements.sourceOrganizationId)),
  },
  articles: {
    nodeType: 'Article',
    table: articles,
    id: articles.id,
    columns: {
      id: globalId('Article', articles.id),
      slug: plain(articles.slug),
      title: plain(articles.title),
      url: plain(articles.url),
      publisherId: globalId('Organization', articles.publisherId),
      publisherName: plain(articlePublisher.name),
      publishedAt: plain(isoDate(articles.publishedAt)),
      dateline: plain(articles.dateline),
      language: plain(articles.language),
      body: plain(articles.body),
      ...timestamps(articles),
    },
    join: (query) => query.leftJoin(articlePublisher, eq(articlePublisher.id, articles.publisherId)),
  },
  speakers: {
    nodeType: 'Speaker',
    table: speakers,
    id: speakers.id,
    columns: {
      id: globalId('Speaker', speakers.id),
      slug: plain(speakers.slug),
      name: plain(speakers.name),
      aliases: plain(speakers.aliases),
      countryId: globalId('Country', speakers.countryId),
      countryName: plain(speakerCountry.name),
      description: plain(speakers.description),
      wikidataId: plain(speakers.wikidataId),
      ...timestamps(speakers),
    },
    join: (query) => query.leftJoin(speakerCountry, eq(speakerCountry.id, speakers.countryId)),
  },
  countries: {
    nodeType: 'Country',
    table: countries,
    id: countries.id,
    columns: {
      id: globalId('Country', countries.id),
      alpha2: plain(countries.alpha2),
      alpha3: plain(countries.alpha3),
      name: plain(countries.name),
      officialName: plain(countries.officialName),
      aliases: plain(countries.aliases),
      demonyms: plain(countries.demonyms),
      wikidataId: plain(countries.wikidataId),
      ...timestamps(countries),
    },
  },
  organizations: {
    nodeType: 'Organization',
    table: organizations,
    id: organizations.id,
    columns: {
      id: globalId('Organization', organizations.id),
      slug: plain(organizations.slug),
      name: plain(organizations.name),
      acronym: plain(organizations.acronym),
      kind: plain(organizations.kind),
      aliases: plain(organizations.aliases),
      countryId: globalId('Country', organizations.countryId),
      countryName: plain(organizationCountry.name),
      description: plain(organizations.description),
      wikidataId: plain(organizations.wikidataId),
      ...timestamps(organizations),
    },
    join: (query) => query.leftJoin(organizationCountry, eq(organizationCountry.id, organizations.countryId)),
  },
  // The corrections history (Statement.history), every entry in the order it was recorded.
  history: {
    nodeType: 'StatementChange',
    table: statementChanges,
    id: statementChanges.id,
    needsToken: true,
    columns: {
      id: globalId('StatementChange', statementChanges.id),
      statementId: globalId('Statement', statementChanges.statementId),
      relatedStatementId: globalId('Statement', statementChanges.relatedStatementId),
      kind: plain(statementChanges.kind),
      before: { value: statementChanges.before, present: (value, row) => presentChangeValues(String(row.kind), value as never) },
      after: { value: statementChanges.after, present: (value, row) => presentChangeValues(String(row.kind), value as never) },
      changedBy: plain(statementChanges.changedBy),
      reason: plain(statementChanges.reason),
      createdAt: plain(isoTimestamp(statementChanges.createdAt, 'milliseconds')),
    },
  },
} satisfies Record<string, ExportDefinition>;

export type ExportType = keyof typeof exportDefinitions;

export const EXPORT_TYPES = Object.keys(exportDefinitions) as ExportType[];

export const isExportType = (name: string): name is ExportType => Object.hasOwn(exportDefinitions, name);
