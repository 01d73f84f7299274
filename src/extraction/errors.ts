/**
 * The extraction's refusals, apart from the extraction itself: the GraphQL layer tells them to
 * the client (src/graphql/import.ts), and importing them must not load the extraction code and
 * its NLP library (compromise), which only an import needs.
 */

/** A text whose extraction ran past EXTRACTION_TIMEOUT_MS; nothing of it was kept. */
export class ExtractionTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`Finding the quotations took longer than ${timeoutMs} ms (EXTRACTION_TIMEOUT_MS), so it was stopped; nothing was written.`);
    this.name = 'ExtractionTimeoutError';
  }
}

/** Every thread is busy and the queue is full: the text was refused at once, before it waited. */
export class ExtractionBusyError extends Error {
  constructor(
    readonly limit: 'EXTRACTION_QUEUE_MAX' | 'EXTRACTION_QUEUE_MAX_BYTES',
    readonly value: number,
  ) {
    super(
      limit === 'EXTRACTION_QUEUE_MAX'
        ? `${value} texts are already waiting for an extraction thread, the most this server queues; retry shortly.`
        : `The texts waiting for an extraction thread would pass ${value} bytes, the most this server queues; retry shortly.`,
    );
    this.name = 'ExtractionBusyError';
  }
}
