/**
 * The body of an extraction thread (src/extraction/threads.ts): each message is an article's
 * text, each answer its quotations, or the message of the error that stopped them.
 */
import { parentPort } from 'node:worker_threads';
import { extractQuotations } from './index';

parentPort!.on('message', (body: string) => {
  try {
    parentPort!.postMessage({ quotations: extractQuotations(body) });
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
