import { and, eq, gte, inArray, isNotNull, isNull, lte, or, type SQL } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import { articles, countries, memberships, mentions, organizations, speakerRoles, speakers, statements } from '../../schema';
import {
  articleDocument,
  countryNames,
  matchesName,
  matchesText,
  organizationNames,
  speakerNames,
  statementDocument,
} from '../search/text';

/**
 * Filters as SQL conditions on a root connection's table. The inputs are already decoded and
 * checked (every ID exists); every condition is a subquery on indexed columns, and all given
 * conditions are ANDed.
 */

const query = new QueryBuilder();

export interface MentionTargets {
  countryIds: number[];
  organizationIds: number[];
  speakerIds: number[];
}

export interface DateRange {
  /** Inclusive. */
  publishedAfter?: string | null;
  /** Inclusive. */
  publishedBefore?: string | null;
}

function mentioning(targets: MentionTargets): SQL {
  const conditions = [
    targets.countryIds.length ? inArray(mentions.countryId, targets.countryIds) : undefined,
    targets.organizationIds.length ? inArray(mentions.organizationId, targets.organizationIds) : undefined,
    targets.speakerIds.length ? inArray(mentions.speakerId, targets.speakerIds) : undefined,
  ];
  return or(...conditions)!;
}

function articlesPublished({ publishedAfter, publishedBefore }: DateRange): SQL | undefined {
  if (!publishedAfter && !publishedBefore) return undefined;
  return and(
    publishedAfter ? gte(articles.publishedAt, publishedAfter) : undefined,
    publishedBefore ? lte(articles.publishedAt, publishedBefore) : undefined,
  );
}

export interface StatementFilter extends DateRange {
  speakerId?: number;
  speakerCountryId?: number;
  speakerOrganizationId?: number;
  speakerCountryMemberOfId?: number;
  articleId?: number;
  mentions?: MentionTargets;
  kind?: 'DIRECT_QUOTE' | 'PARAPHRASE' | null;
  sourceKind?: 'PERSON' | 'ORGANIZATION' | 'UNNAMED' | 'UNATTRIBUTED' | null;
  sourceOrganizationId?: number;
  search?: string;
}

/** The columns that tell each source kind; the check statements_one_source keeps them exclusive. */
function sourceKindCondition(kind: NonNullable<StatementFilter['sourceKind']>): SQL {
  switch (kind) {
    case 'PERSON':
      return isNotNull(statements.speakerId);
    case 'ORGANIZATION':
      return and(isNull(statements.speakerId), isNotNull(statements.sourceOrganizationId))!;
    case 'UNNAMED':
      return and(isNull(statements.speakerId), isNull(statements.sourceOrganizationId), isNotNull(statements.sourceDescription))!;
    case 'UNATTRIBUTED':
      return and(isNull(statements.speakerId), isNull(statements.sourceOrganizationId), isNull(statements.sourceDescription))!;
  }
}

export function statementConditions(filter: StatementFilter): SQL | undefined {
  const published = articlesPublished(filter);
  return and(
    filter.speakerId !== undefined ? eq(statements.speakerId, filter.speakerId) : undefined,
    filter.speakerCountryId !== undefined
      ? inArray(
          statements.speakerId,
          query.select({ id: speakers.id }).from(speakers).where(eq(speakers.countryId, filter.speakerCountryId)),
        )
      : undefined,
    // The role held when speaking: what the speaker said as a member of that organization.
    filter.speakerOrganizationId !== undefined
      ? inArray(
          statements.speakerRoleId,
          query.select({ id: speakerRoles.id }).from(speakerRoles).where(eq(speakerRoles.organizationId, filter.speakerOrganizationId)),
        )
      : undefined,
    filter.speakerCountryMemberOfId !== undefined
      ? inArray(
          statements.speakerId,
          query
            .select({ id: speakers.id })
            .from(speakers)
            .innerJoin(memberships, eq(memberships.countryId, speakers.countryId))
            .where(eq(memberships.organizationId, filter.speakerCountryMemberOfId)),
        )
      : undefined,
    filter.articleId !== undefined ? eq(statements.articleId, filter.articleId) : undefined,
    filter.mentions
      ? inArray(statements.id, query.select({ id: mentions.statementId }).from(mentions).where(mentioning(filter.mentions)))
      : undefined,
    filter.kind ? eq(statements.kind, filter.kind) : undefined,
    filter.sourceKind ? sourceKindCondition(filter.sourceKind) : undefined,
    filter.sourceOrganizationId !== undefined ? eq(statements.sourceOrganizationId, filter.sourceOrganizationId) : undefined,
    published ? inArray(statements.articleId, query.select({ id: articles.id }).from(articles).where(published)) : undefined,
    filter.search ? matchesText(statementDocument, filter.search) : undefined,
  );
}

export interface ArticleFilter extends DateRange {
  publisherId?: number;
  mentions?: MentionTargets;
  speakerId?: number;
  search?: string;
}

export function articleConditions(filter: ArticleFilter): SQL | undefined {
  return and(
    filter.publisherId !== undefined ? eq(articles.publisherId, filter.publisherId) : undefined,
    filter.mentions
      ? inArray(articles.id, query.select({ id: mentions.articleId }).from(mentions).where(mentioning(filter.mentions)))
      : undefined,
    filter.speakerId !== undefined
      ? inArray(articles.id, query.select({ id: statements.articleId }).from(statements).where(eq(statements.speakerId, filter.speakerId)))
      : undefined,
    articlesPublished(filter),
    filter.search ? matchesText(articleDocument, filter.search) : undefined,
  );
}

export interface SpeakerFilter {
  countryId?: number;
  organizationId?: number;
  name?: string;
}

export function speakerConditions(filter: SpeakerFilter): SQL | undefined {
  return and(
    filter.countryId !== undefined ? eq(speakers.countryId, filter.countryId) : undefined,
    filter.organizationId !== undefined
      ? inArray(
          speakers.id,
          query.select({ id: speakerRoles.speakerId }).from(speakerRoles).where(eq(speakerRoles.organizationId, filter.organizationId)),
        )
      : undefined,
    filter.name ? matchesName(speakerNames, filter.name) : undefined,
  );
}

export interface OrganizationFilter {
  kind?: (typeof organizations.$inferSelect)['kind'] | null;
  memberCountryId?: number;
  name?: string;
}

export function organizationConditions(filter: OrganizationFilter): SQL | undefined {
  return and(
    filter.kind ? eq(organizations.kind, filter.kind) : undefined,
    filter.memberCountryId !== undefined
      ? inArray(
          organizations.id,
          query.select({ id: memberships.organizationId }).from(memberships).where(eq(memberships.countryId, filter.memberCountryId)),
        )
      : undefined,
    filter.name ? matchesName(organizationNames, filter.name) : undefined,
  );
}

export interface CountryFilter {
  memberOfId?: number;
  name?: string;
}

export function countryConditions(filter: CountryFilter): SQL | undefined {
  return and(
    filter.memberOfId !== undefined
      ? inArray(
          countries.id,
          query.select({ id: memberships.countryId }).from(memberships).where(eq(memberships.organizationId, filter.memberOfId)),
        )
      : undefined,
    filter.name ? matchesName(countryNames, filter.name) : undefined,
  );
}
