import type { ExecutionResult } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import { clientError, ErrorCode } from '../core/errors';

/** Below this many characters a string's UTF-8 size is taken as its length: counting costs more than it tells. */
const MEASURED_STRING_LENGTH = 256;

/**
 * About how many bytes `value` takes as JSON, counted up to `budget` and no further: strings by
 * their UTF-8 size (escapes aside), each key with its quotes and colon, any other value as 8.
 * Strings are not read but measured, so a body that an answer repeats a thousand times (one
 * string in memory) is counted a thousand times without the answer ever being written out.
 */
export function jsonSizeWithin(value: unknown, budget: number): number {
  const counted = { size: 0, budget };
  addJsonSize(value, counted);
  return counted.size;
}

/**
 * jsonSizeWithin's walk, a function of the module rather than a closure made per answer: tsx
 * names every function it makes (`__name`), 0.7-0.9% of a lookup's CPU for this one.
 */
function addJsonSize(item: unknown, counted: { size: number; budget: number }): void {
  if (typeof item === 'string') {
    counted.size += (item.length < MEASURED_STRING_LENGTH ? item.length : Buffer.byteLength(item)) + 2;
  } else if (Array.isArray(item)) {
    counted.size += 2 + item.length;
    for (let index = 0; index < item.length && counted.size <= counted.budget; index += 1) addJsonSize(item[index], counted);
  } else if (item !== null && typeof item === 'object') {
    counted.size += 2;
    for (const key in item) {
      counted.size += key.length + 4;
      addJsonSize((item as Record<string, unknown>)[key], counted);
      if (counted.size > counted.budget) return;
    }
  } else {
    counted.size += 8;
  }
}

const tooLarge = (maxBytes: number) =>
  clientError(
    ErrorCode.RESPONSE_TOO_LARGE,
    `The answer would be larger than the limit of ${maxBytes} bytes and was not sent: ask for less (fewer IDs or aliases, smaller pages, no large text such as Article.body).`,
    { limit: maxBytes, http: { status: 400 } },
  );

/**
 * Refuses an answer whose data passes `maxBytes` (RESPONSE_TOO_LARGE) after it is executed and
 * before it is serialised: the cost limit counts values, not their length, and a megabyte body
 * repeated 500 times made a 477 MiB string, or crashed JSON.stringify with a 500. Each part of
 * a deferred or streamed answer is measured on its own.
 */
export function useResponseSizeLimit(maxBytes: number): Plugin {
  const measure: Parameters<typeof handleStreamOrSingleExecutionResult>[1] = ({ result, setResult }) => {
    const part = result as ExecutionResult & { incremental?: unknown; hasNext?: boolean };
    if (jsonSizeWithin([part.data, part.incremental], maxBytes) <= maxBytes) return;
    // A part of an incremental answer keeps saying whether more follow.
    setResult({ errors: [tooLarge(maxBytes)], ...(part.hasNext === undefined ? {} : { hasNext: part.hasNext }) } as ExecutionResult);
  };
  // One hooks object for every request (envelop only reads it), rather than three functions made per request.
  const afterExecute = {
    onExecuteDone: (payload: Parameters<typeof handleStreamOrSingleExecutionResult>[0]) =>
      handleStreamOrSingleExecutionResult(payload, measure),
  };
  return { onExecute: () => afterExecute };
}
