import type { Loaders } from '../loaders';
import type { MentionTargets } from '../loaders/filters';
import { builder } from './builder';
import { badUserInput } from '../core/errors';
import { databaseIdOf, decodeGlobalId, type NodeTypeName } from '../core/global-id';

/** The arguments that root connections share: orderBy inputs and filter IDs. */

export const OrderDirection = builder.enumType('OrderDirection', {
  values: { ASC: { description: 'Ascending.' }, DESC: { description: 'Descending.' } } as const,
});

/** A root connection's `orderBy` input: `{ field: <Type>OrderField!, direction: OrderDirection! }`. */
export function orderInput<const Field extends string>(typeName: string, fields: Record<Field, string>) {
  const fieldEnum = builder.enumType(`${typeName}Field`, {
    values: Object.fromEntries(Object.entries(fields).map(([name, description]) => [name, { description }])) as Record<
      Field,
      { description: string }
    >,
  });
  return builder.inputType(typeName, {
    fields: (t) => ({
      field: t.field({ type: fieldEnum, required: true }),
      direction: t.field({ type: OrderDirection, required: true }),
    }),
  });
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
    throw badUserInput(
      `\`${filterArgument(prefix, 'publishedAfter')}\` is later than \`${filterArgument(prefix, 'publishedBefore')}\`.`,
      { argument: prefix || 'publishedAfter' },
    );
  }
  return { publishedAfter, publishedBefore };
}
