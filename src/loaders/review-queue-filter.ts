import { badUserInput } from '../core/errors';
import { filterArgument, filterId } from './filter-arguments';
import type { Loaders } from './index';
import type { ReviewQueueFilter, ReviewReason } from './review-queue';

/** The review queue's filter as a client gives it, checked and decoded (apart from ./review-queue, which the loaders import). */
export interface ReviewQueueFilterArguments {
  reason?: ReviewReason | null;
  publisher?: string | number | null;
  speaker?: string | number | null;
  minConfidence?: number | null;
  maxConfidence?: number | null;
  filedAfter?: Date | null;
  filedBefore?: Date | null;
}

function confidenceArgument(value: number | null | undefined, argument: string): number | undefined {
  if (value == null) return undefined;
  if (!(value >= 0 && value <= 1)) throw badUserInput(`\`${argument}\` must be between 0 and 1; got ${value}.`, { argument });
  return value;
}

/** The queue's filter checked and decoded: an unknown publisher or speaker, or a confidence outside 0 to 1, is BAD_USER_INPUT. */
export async function reviewQueueFilter(
  loaders: Loaders,
  input: ReviewQueueFilterArguments | null | undefined,
  prefix = 'filter',
): Promise<ReviewQueueFilter> {
  if (!input) return {};
  const argument = (field: string) => filterArgument(prefix, field);
  const filter: ReviewQueueFilter = {
    reason: input.reason ?? undefined,
    publisherId: await filterId(loaders, input.publisher, 'Organization', argument('publisher')),
    speakerId: await filterId(loaders, input.speaker, 'Speaker', argument('speaker')),
    minConfidence: confidenceArgument(input.minConfidence, argument('minConfidence')),
    maxConfidence: confidenceArgument(input.maxConfidence, argument('maxConfidence')),
    filedAfter: input.filedAfter ?? undefined,
    filedBefore: input.filedBefore ?? undefined,
  };
  if (filter.filedAfter && filter.filedBefore && filter.filedAfter > filter.filedBefore) {
    throw badUserInput(`\`${argument('filedAfter')}\` is after \`${argument('filedBefore')}\`: nothing can match.`, {
      argument: argument('filedAfter'),
    });
  }
  return filter;
}
