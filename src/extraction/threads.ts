import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { extractQuotations, type ExtractedQuotation } from './index';

/** Finds an article's quotations: in worker threads (the server) or in this thread. */
export type Extract = (body: string) => Promise<ExtractedQuotation[]>;

/** In the calling thread: the CLI importer and the tests, where nothing else is waiting. */
export const extractInThisThread: Extract = async (body) => extractQuotations(body);

interface Task {
  body: string;
  resolve(quotations: ExtractedQuotation[]): void;
  reject(error: Error): void;
}

type Answer = { quotations: ExtractedQuotation[] } | { error: string };

// Under tsx or jest the sources are TypeScript, which a new thread must be taught to load;
// after `npm run build` they are JavaScript, which it loads as it is.
const threadFile = path.join(__dirname, `thread${path.extname(__filename)}`);
const threadBootstrap =
  path.extname(__filename) === '.ts'
    ? `require('tsx/cjs/api').register(); require(${JSON.stringify(threadFile)});`
    : `require(${JSON.stringify(threadFile)});`;

/**
 * Worker threads for importArticle's extraction (EXTRACTION_THREADS). compromise tags a text
 * synchronously, about 4 ms for a paragraph and 25 ms for the seed article: on the server's one
 * thread every other request waited meanwhile, and imports were the soak's slowest requests.
 * The server starts them before it takes requests (prepare); a text waits in a queue while
 * all of them are busy; a thread that dies fails its one text and is replaced by the next text
 * that needs one.
 */
export class ExtractionThreads {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Task>();
  private readonly queue: Task[] = [];
  private closed = false;

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`ExtractionThreads needs at least one thread, not ${size}.`);
  }

  readonly extract: Extract = (body) =>
    new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error('The extraction threads are closed: the server is stopping.'));
      this.queue.push({ body, resolve, reject });
      this.dispatch();
    });

  /**
   * Starts every thread and has each find the quotations of a sentence: a thread loads its code
   * and compromise's lexicon in about a second, which the first imports would otherwise wait for.
   */
  async prepare(): Promise<void> {
    const sample = 'The mayor, Lena Brandt, said: "The tram opens in May."';
    await Promise.all(Array.from({ length: this.size }, () => this.extract(sample)));
  }

  /** Threads running now, busy or idle (at most `size`). */
  get started(): number {
    return this.idle.length + this.busy.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('The extraction threads are closed: the server is stopping.'));
    const workers = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private dispatch() {
    while (this.queue.length > 0) {
      let worker: Worker | undefined;
      try {
        worker = this.idle.pop() ?? (this.started < this.size ? this.start() : undefined);
      } catch (error) {
        // A thread that cannot start fails the text that asked for it, not the whole process.
        this.queue.shift()!.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (!worker) return;
      const task = this.queue.shift()!;
      this.busy.set(worker, task);
      worker.postMessage(task.body);
    }
  }

  private start(): Worker {
    // Not unref'd: while the server waits for prepare() nothing else may hold the event loop
    // (PGlite has no socket), and close() ends the threads on shutdown.
    const worker = new Worker(threadBootstrap, { eval: true });
    worker.on('message', (answer: Answer) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      if (!this.closed) this.idle.push(worker);
      if ('error' in answer) task?.reject(new Error(`Extraction failed: ${answer.error}`));
      else task?.resolve(answer.quotations);
      this.dispatch();
    });
    const lost = (error: Error) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      const index = this.idle.indexOf(worker);
      if (index >= 0) this.idle.splice(index, 1);
      task?.reject(error);
      if (!this.closed) this.dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`An extraction thread stopped (exit code ${code}).`)));
    return worker;
  }
}
