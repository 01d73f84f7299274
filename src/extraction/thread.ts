/**
 * The body of an extraction thread, as piscina loads it (src/extraction/threads.ts): each task is
 * an article's text, each answer its quotations, or the message of the error that stopped them.
 * The task's port is told when the text's extraction starts: its deadline runs from then.
 */
import { threadId, type MessagePort } from 'node:worker_threads';
import { extractStatements, type ExtractedQuotation } from './index';

export interface ThreadTask {
  body: string;
  /** Told (one message: this thread's threadId) as the thread starts on the text. */
  started: MessagePort;
}

export type ThreadAnswer = { quotations: ExtractedQuotation[] } | { error: string };

// compromise expands its lexicon on its first text: done as piscina loads this file, before the
// thread says it is ready, so that no text's deadline pays for it.
extractStatements('The mayor, Lena Brandt, said: "The tram opens in May."');

export default function extractInThread({ body, started }: ThreadTask): ThreadAnswer {
  started.postMessage(threadId);
  try {
    return { quotations: extractStatements(body) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
