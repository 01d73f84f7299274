import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Settings } from '../config';
import { extractStatements, type ExtractedQuotation } from './index';

/** Finds an article's quotations and reported speech: in worker threads (the server) or in this thread. */
export type Extract = (body: string) => Promise<ExtractedQuotation[]>;

/** In the calling thread: the CLI importer and the tests, where nothing else is waiting. */
export const extractInThisThread: Extract = async (body) => extractStatements(body);

/** How long a thread may spend on one text, and how much may wait for one (src/config.ts). */
export interface ExtractionLimits {
  /** EXTRACTION_TIMEOUT_MS: past it the thread is ended, the text refused, a new thread started. */
  timeoutMs: number;
  /** EXTRACTION_QUEUE_MAX: texts that may wait while every thread is busy. */
  maxQueued: number;
  /** EXTRACTION_QUEUE_MAX_BYTES: their UTF-8 bytes together. */
  maxQueuedBytes: number;
}

export const DEFAULT_EXTRACTION_LIMITS: ExtractionLimits = { timeoutMs: 5_000, maxQueued: 32, maxQueuedBytes: 8 * 1024 * 1024 };

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

interface Task {
  body: string;
  bytes: number;
  resolve(quotations: ExtractedQuotation[]): void;
  reject(error: Error): void;
  deadline?: ReturnType<typeof setTimeout>;
}

type Answer = { quotations: ExtractedQuotation[] } | { error: string } | { ready: true };

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
 *
 * Bounds, so that no text holds a thread for long and waiting texts cannot fill the memory
 * (150 queued 1 MB imports took 850 MiB): a thread still on one text after `timeoutMs` is
 * terminated (the only way to stop synchronous code), its text refused with
 * ExtractionTimeoutError and a new thread started in its place; a text that would wait while
 * `maxQueued` texts or `maxQueuedBytes` bytes already do is refused at once with
 * ExtractionBusyError. With `keepIdle: false` a thread ends once nothing waits for it: the
 * one-off thread of InlineExtraction.
 */
export class ExtractionThreads {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Task>();
  private readonly queue: Task[] = [];
  private queuedBytes = 0;
  /** Threads ended at the deadline: whatever they still send is ignored. */
  private readonly retired = new WeakSet<Worker>();
  /** Threads that have loaded their code. */
  private readonly ready = new WeakSet<Worker>();
  private closed = false;
  /** Threads terminated at the deadline since the start. */
  timedOut = 0;

  constructor(
    private readonly size: number,
    private readonly limits: ExtractionLimits = DEFAULT_EXTRACTION_LIMITS,
    private readonly options: { keepIdle?: boolean } = {},
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`ExtractionThreads needs at least one thread, not ${size}.`);
  }

  readonly extract: Extract = (body) =>
    new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error('The extraction threads are closed: the server is stopping.'));
      const bytes = Buffer.byteLength(body ?? '');
      const waits = this.queue.length > 0 || (this.idle.length === 0 && this.started >= this.size);
      if (waits && this.queue.length >= this.limits.maxQueued) return reject(new ExtractionBusyError('EXTRACTION_QUEUE_MAX', this.limits.maxQueued));
      if (waits && this.queuedBytes + bytes > this.limits.maxQueuedBytes) {
        return reject(new ExtractionBusyError('EXTRACTION_QUEUE_MAX_BYTES', this.limits.maxQueuedBytes));
      }
      this.queue.push({ body, bytes, resolve, reject });
      this.queuedBytes += bytes;
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

  /** Texts waiting for a thread, and their UTF-8 bytes. */
  get waiting(): { texts: number; bytes: number } {
    return { texts: this.queue.length, bytes: this.queuedBytes };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('The extraction threads are closed: the server is stopping.'));
    this.queuedBytes = 0;
    const workers = [...this.idle, ...this.busy.keys()];
    for (const task of this.busy.values()) clearTimeout(task.deadline);
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
        this.take().reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (!worker) return;
      const task = this.take();
      this.busy.set(worker, task);
      if (this.ready.has(worker)) this.startDeadline(worker, task);
      worker.postMessage(task.body);
    }
    if (this.options.keepIdle === false) for (const worker of this.idle.splice(0)) void worker.terminate();
  }

  /** A thread loads its code and compromise's lexicon first (about a second): that is not the text's time. */
  private startDeadline(worker: Worker, task: Task) {
    task.deadline = setTimeout(() => this.expire(worker), this.limits.timeoutMs);
  }

  private take(): Task {
    const task = this.queue.shift()!;
    this.queuedBytes -= task.bytes;
    return task;
  }

  /** The deadline: the thread is ended mid-text and, when threads are kept, one takes its place. */
  private expire(worker: Worker) {
    const task = this.busy.get(worker);
    if (!task) return;
    this.busy.delete(worker);
    this.retired.add(worker);
    this.timedOut += 1;
    void worker.terminate();
    task.reject(new ExtractionTimeoutError(this.limits.timeoutMs));
    if (this.closed) return;
    if (this.queue.length === 0 && this.options.keepIdle !== false) {
      try {
        this.idle.push(this.start());
      } catch {
        // The next text that needs a thread starts one, or fails with the reason.
      }
    }
    this.dispatch();
  }

  private start(): Worker {
    // Not unref'd: while the server waits for prepare() nothing else may hold the event loop
    // (PGlite has no socket), and close() ends the threads on shutdown.
    const worker = new Worker(threadBootstrap, { eval: true });
    worker.on('message', (answer: Answer) => {
      if (this.retired.has(worker)) return;
      if ('ready' in answer) {
        this.ready.add(worker);
        const waiting = this.busy.get(worker);
        if (waiting) this.startDeadline(worker, waiting);
        return;
      }
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      clearTimeout(task?.deadline);
      if (!this.closed) this.idle.push(worker);
      if ('error' in answer) task?.reject(new Error(`Extraction failed: ${answer.error}`));
      else task?.resolve(answer.quotations);
      this.dispatch();
    });
    const lost = (error: Error) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      clearTimeout(task?.deadline);
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

/**
 * EXTRACTION_THREADS=0: quotations are found in the request's thread, which nothing can stop
 * midway, so only texts up to `inlineMaxChars` (EXTRACTION_INLINE_MAX_CHARS) are: about a
 * tenth of a second at most. A longer text goes to a thread started for it and ended once no
 * other long text waits, under the same deadline and queue bounds: the server keeps answering
 * meanwhile, and holds a thread's memory (its own copy of compromise) only while it needs one.
 */
export class InlineExtraction {
  private readonly longTexts: ExtractionThreads;

  constructor(
    limits: ExtractionLimits,
    private readonly inlineMaxChars: number,
  ) {
    this.longTexts = new ExtractionThreads(1, limits, { keepIdle: false });
  }

  readonly extract: Extract = (body) => (body.length <= this.inlineMaxChars ? extractInThisThread(body) : this.longTexts.extract(body));

  async prepare(): Promise<void> {}

  close(): Promise<void> {
    return this.longTexts.close();
  }
}

/** The server's extraction, as its settings ask: EXTRACTION_THREADS threads, or 0 for InlineExtraction. */
export function extractionFor(settings: Settings): ExtractionThreads | InlineExtraction {
  const limits: ExtractionLimits = {
    timeoutMs: settings.EXTRACTION_TIMEOUT_MS,
    maxQueued: settings.EXTRACTION_QUEUE_MAX,
    maxQueuedBytes: settings.EXTRACTION_QUEUE_MAX_BYTES,
  };
  return settings.EXTRACTION_THREADS > 0 ? new ExtractionThreads(settings.EXTRACTION_THREADS, limits) : new InlineExtraction(limits, settings.EXTRACTION_INLINE_MAX_CHARS);
}
