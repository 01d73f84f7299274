/**
 * The body of an extraction thread (src/extraction/threads.ts): each message is an article's
 * text, each answer its quotations, or the message of the error that stopped them. The first
 * message says the thread has loaded its code and warmed compromise up: a text's deadline runs
 * from then.
 */
import { parentPort } from 'node:worker_threads';
import { extractStatements } from './index';

parentPort!.on('message', (body: string) => {
  try {
    parentPort!.postMessage({ quotations: extractStatements(body) });
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
// compromise expands its lexicon on its first text: done here, so that no text's deadline pays for it.
extractStatements('The mayor, Lena Brandt, said: "The tram opens in May."');
parentPort!.postMessage({ ready: true });
