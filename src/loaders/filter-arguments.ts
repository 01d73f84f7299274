import { badUserInput } from '../core/errors';
import { databaseIdOf, decodeGlobalId, type NodeTypeName } from '../core/global-id';
import { searchText } from '../search/text';
import type { Loaders } from './index';
import type { ArticleFilter, CountryFilter, MentionTargets, OrganizationFilter, SpeakerFilter, StatementFilter } from './filters';

/**
 * A root connection's filter as a client gives it, checked and decoded into the filter that
 * ./filters.ts turns into SQL. The GraphQL root connections and the exports (src/export) both
 * call these, so that `npm run export` checks its parameters without building the schema.
 */

type Id = string | number | null;
type Ids = readonly (string | number)[] | null;
type Day = Date | null;

/** The filter fields of a GraphQL `*Filter` input, or of an export's query parameters (src/export/parameters.ts). */
export interface StatementFilterArguments {
  speaker?: Id;
  speakerCountry?: Id;
  speakerOrganization?: Id;
  speakerCountryMemberOf?: Id;
  article?: Id;
  mentions?: Ids;
  kind?: StatementFilter['kind'];
  sourceKind?: StatementFilter['sourceKind'];
  sourceOrganization?: Id;
  publishedAfter?: Day;
  publishedBefore?: Day;
  search?: string | null;
}

export interface ArticleFilterArguments {
  publisher?: Id;
  mentions?: Ids;
  speaker?: Id;
  publishedAfter?: Day;
  publishedBefore?: Day;
  search?: string | null;
}

export interface SpeakerFilterArguments {
  country?: Id;
  organization?: Id;
  name?: string | null;
}

export interface CountryFilterArguments {
  memberOf?: Id;
  name?: string | null;
}

export interface OrganizationFilterArguments {
  kind?: OrganizationFilter['kind'];
  memberCountry?: Id;
  name?: string | null;
}

/*
 * Filter IDs are checked before any query runs: an unknown ID is BAD_USER_INPUT naming the
 * argument, because an empty result would hide the typo.
 */
const MAX_FILTER_IDS = 100;

async function mustExist(loaders: Loaders, type: NodeTypeName, id: number, globalId: string, argument: string) {
  if (!(await loaders.nodeById(type, id))) {
    throw badUserInput(`No ${type.toLowerCase()} has the ID "${globalId}" (in \`${argument}\`).`, { argument });
  }
  return id;
}

/** The database id of an existing object of the given type, or undefined when not given. */
export async function filterId(
  loaders: Loaders,
  globalId: string | number | null | undefined,
  type: NodeTypeName,
  argument: string,
): Promise<number | undefined> {
  if (globalId == null) return undefined;
  const id = databaseIdOf(String(globalId), type, argument);
  return mustExist(loaders, type, id, String(globalId), argument);
}

/** IDs of countries, organizations and speakers, sorted by type; every one must exist. */
export async function mentionFilter(
  loaders: Loaders,
  globalIds: readonly (string | number)[] | null | undefined,
  argument: string,
): Promise<MentionTargets | undefined> {
  if (globalIds == null) return undefined;
  if (globalIds.length === 0 || globalIds.length > MAX_FILTER_IDS) {
    throw badUserInput(`\`${argument}\` takes 1 to ${MAX_FILTER_IDS} IDs; got ${globalIds.length}.`, { argument });
  }
  const targets: MentionTargets = { countryIds: [], organizationIds: [], speakerIds: [] };
  const lists = { Country: targets.countryIds, Organization: targets.organizationIds, Speaker: targets.speakerIds } as const;
  await Promise.all(
    globalIds.map(async (value) => {
      const globalId = String(value);
      const { typename, id } = decodeGlobalId(globalId, argument);
      if (!(typename in lists)) {
        throw badUserInput(`"${globalId}" is a ${typename}: \`${argument}\` takes countries, organizations and speakers.`, { argument });
      }
      lists[typename as keyof typeof lists].push(await mustExist(loaders, typename, Number(id), globalId, argument));
    }),
  );
  return targets;
}

const isoDate = (date: Date | null | undefined) => (date ? date.toISOString().slice(0, 10) : undefined);

/**
 * How errors name a filter field: `filter.speaker` for a GraphQL argument (prefix "filter"), plain
 * `speaker` for an export's query parameter (prefix ""), since exports take the same filters.
 */
export const filterArgument = (prefix: string, field: string) => (prefix ? `${prefix}.${field}` : field);

/** Dates arrive validated by the Date scalar; an inverted range is refused rather than empty. */
export function checkDateRange(range: { publishedAfter?: Date | null; publishedBefore?: Date | null }, prefix: string) {
  const publishedAfter = isoDate(range.publishedAfter);
  const publishedBefore = isoDate(range.publishedBefore);
  if (publishedAfter && publishedBefore && publishedAfter > publishedBefore) {
    throw badUserInput(`\`${filterArgument(prefix, 'publishedAfter')}\` is later than \`${filterArgument(prefix, 'publishedBefore')}\`.`, {
      argument: prefix || 'publishedAfter',
    });
  }
  return { publishedAfter, publishedBefore };
}

/** The filter's IDs checked and decoded; errors name fields under `prefix` ("" for an export's parameters). */
export async function articleFilter(
  loaders: Loaders,
  input: ArticleFilterArguments | null | undefined,
  prefix = 'filter',
): Promise<ArticleFilter> {
  if (!input) return {};
  const argument = (field: string) => filterArgument(prefix, field);
  const [publisherId, mentions, speakerId] = await Promise.all([
    filterId(loaders, input.publisher, 'Organization', argument('publisher')),
    mentionFilter(loaders, input.mentions, argument('mentions')),
    filterId(loaders, input.speaker, 'Speaker', argument('speaker')),
  ]);
  return {
    publisherId,
    mentions,
    speakerId,
    ...checkDateRange(input, prefix),
    search: input.search == null ? undefined : searchText(input.search, argument('search')),
  };
}

/** The filter's IDs checked and decoded; errors name fields under `prefix` ("" for an export's parameters). */
export async function countryFilter(
  loaders: Loaders,
  input: CountryFilterArguments | null | undefined,
  prefix = 'filter',
): Promise<CountryFilter> {
  if (!input) return {};
  const argument = (field: string) => filterArgument(prefix, field);
  return {
    memberOfId: await filterId(loaders, input.memberOf, 'Organization', argument('memberOf')),
    name: input.name == null ? undefined : searchText(input.name, argument('name')),
  };
}

/** The filter's IDs checked and decoded; errors name fields under `prefix` ("" for an export's parameters). */
export async function organizationFilter(
  loaders: Loaders,
  input: OrganizationFilterArguments | null | undefined,
  prefix = 'filter',
): Promise<OrganizationFilter> {
  if (!input) return {};
  const argument = (field: string) => filterArgument(prefix, field);
  return {
    kind: input.kind,
    memberCountryId: await filterId(loaders, input.memberCountry, 'Country', argument('memberCountry')),
    name: input.name == null ? undefined : searchText(input.name, argument('name')),
  };
}

/** The filter's IDs checked and decoded; errors name fields under `prefix` ("" for an export's parameters). */
export async function speakerFilter(
  loaders: Loaders,
  input: SpeakerFilterArguments | null | undefined,
  prefix = 'filter',
): Promise<SpeakerFilter> {
  if (!input) return {};
  const argument = (field: string) => filterArgument(prefix, field);
  const [countryId, organizationId] = await Promise.all([
    filterId(loaders, input.country, 'Country', argument('country')),
    filterId(loaders, input.organization, 'Organization', argument('organization')),
  ]);
  return { countryId, organizationId, name: input.name == null ? undefined : searchText(input.name, argument('name')) };
}

/** The filter's IDs checked and decoded; errors name fields under `prefix` ("" for an export's parameters). */
export async function statementFilter(
  loaders: Loaders,
  input: StatementFilterArguments | null | undefined,
  prefix = 'filter',
): Promise<StatementFilter> {
  if (!input) return {};
  const argument = (field: string) => filterArgument(prefix, field);
  const [speakerId, speakerCountryId, speakerOrganizationId, speakerCountryMemberOfId, articleId, mentions, sourceOrganizationId] =
    await Promise.all([
      filterId(loaders, input.speaker, 'Speaker', argument('speaker')),
      filterId(loaders, input.speakerCountry, 'Country', argument('speakerCountry')),
      filterId(loaders, input.speakerOrganization, 'Organization', argument('speakerOrganization')),
      filterId(loaders, input.speakerCountryMemberOf, 'Organization', argument('speakerCountryMemberOf')),
      filterId(loaders, input.article, 'Article', argument('article')),
      mentionFilter(loaders, input.mentions, argument('mentions')),
      filterId(loaders, input.sourceOrganization, 'Organization', argument('sourceOrganization')),
    ]);
  return {
    speakerId,
    speakerCountryId,
    speakerOrganizationId,
    speakerCountryMemberOfId,
    articleId,
    mentions,
    kind: input.kind,
    sourceKind: input.sourceKind,
    sourceOrganizationId,
    ...checkDateRange(input, prefix),
    search: input.search == null ? undefined : searchText(input.search, argument('search')),
  };
}
