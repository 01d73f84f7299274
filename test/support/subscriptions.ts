import type { App } from '../../src/app';
import { postGraphQL } from './harness';

/**
 * Opens a subscription over server-sent events. The body is read from the start, in the
 * background: yoga only subscribes once the stream is pulled, so an event published before the
 * first read would otherwise be missed.
 */
export async function subscribe(app: App, query: string, variables?: Record<string, unknown>) {
  const response = await postGraphQL(app, query, { accept: 'text/event-stream', variables });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const pumping = (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) return;
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  })();

  async function next(timeoutMs = 10_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = /(?:^|\n)event: next\ndata: (.*)\n\n/.exec(buffer);
      if (match) {
        buffer = buffer.slice(match.index + match[0].length);
        return JSON.parse(match[1]);
      }
      if (Date.now() > deadline) throw new Error(`no event within ${timeoutMs} ms; got ${JSON.stringify(buffer)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  return {
    next,
    /** Skips events that are not the test's own: a shared Redis also carries other runs' events. */
    async nextMatching(wanted: (event: any) => boolean, timeoutMs = 10_000): Promise<any> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const event = await next(Math.max(1, deadline - Date.now()));
        if (wanted(event)) return event;
      }
    },
    close: async () => {
      await reader.cancel();
      await pumping;
    },
  };
}
