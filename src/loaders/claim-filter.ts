import { badUserInput } from '../core/errors';
import { searchText } from '../search/text';
import type { ClaimFilter } from './claims';
import { checkDateRange, filterArgument, filterId } from './filter-arguments';
import type { Loaders } from './index';

export interface ClaimFilterArguments {
  speaker?: string | number | null;
  publishedAfter?: Date | null;
  publishedBefore?: Date | null;
  minPublishers?: number | null;
  search?: string | null;
}

/** The claims filter checked and decoded: an unknown speaker or a minPublishers below 1 is BAD_USER_INPUT. */
export async function claimFilter(
  loaders: Loaders,
  input: ClaimFilterArguments | null | undefined,
  prefix = 'filter',
): Promise<ClaimFilter> {
  if (!input) return {};
  const argument = (field: string) => filterArgument(prefix, field);
  if (input.minPublishers != null && (!Number.isInteger(input.minPublishers) || input.minPublishers < 1)) {
    throw badUserInput(`\`${argument('minPublishers')}\` must be at least 1; got ${input.minPublishers}.`, {
      argument: argument('minPublishers'),
    });
  }
  const range = checkDateRange(input, prefix);
  return {
    speakerId: await filterId(loaders, input.speaker, 'Speaker', argument('speaker')),
    publishedAfter: range.publishedAfter,
    publishedBefore: range.publishedBefore,
    minPublishers: input.minPublishers ?? undefined,
    search: input.search == null ? undefined : searchText(input.search, argument('search')),
  };
}
