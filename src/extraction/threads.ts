import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Settings } from '../config';
import { ExtractionBusyError, ExtractionTimeoutError } from './errors';
import type { ExtractedQuotation } from './index';
import type { ThreadAnswer, ThreadTask } from './thread';

/** Finds an article's quotations and reported speech: in worker threads (the server) or in this thread. */
export type Extract = (body: string) => Promise<ExtractedQuotation[]>;

/**
 * The extraction code, loaded on the first text this thread extracts rather than with this
 * module: the app imports this module, and the extraction with compromise's lexicon costs about
 * 0.4 s of CPU to load, which every process (and every test file) that builds the app but
 * imports nothing paid. A server extracting in its own thread loads it before it takes requests
 * (InlineExtraction.prepare); the worker threads load it themselves (thread.ts).
 */
let extractionCode: Promise<typeof import('./index')> | undefined;
const loadExtraction = () => (extractionCode ??= import('./index'));

/** In the calling thread: the CLI importer and the tests, where nothing else is waiting. */
export const extractInThisThread: Extract = async (body) => (await loadExtraction()).extractStatements(body);

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

// Under tsx or jest the sources are TypeScript. A thread takes this process's options, tsx's
// loader with them when it runs under tsx; under jest it is given tsx's require hook instead. Not
// both: options given to a thread must all be valid in one (--max-old-space-size is not), where
// the ones it takes are sorted for it. After `npm run build` they are JavaScript, loaded as they are.
const threadFile = path.join(__dirname, `thread${path.extname(__filename)}`);
const underTsx = process.execArgv.some((option) => option.includes('tsx'));
const threadExecArgv = path.extname(__filename) === '.ts' && !underTsx ? ['--require', require.resolve('tsx/cjs')] : undefined;

const closedError = () => new Error('The extraction threads are closed: the server is stopping.');

/**
 * Worker threads for importArticle's extraction (EXTRACTION_THREADS), a piscina pool. compromise
 * tags a text synchronously, about 4 ms for a paragraph and 25 ms for the seed article: on the
 * server's one thread every other request waited meanwhile, and imports were the soak's slowest
 * requests. The threads start with the pool, before the server takes requests (prepare); a text
 * waits in piscina's queue while all of them are busy, first come first served; a thread that
 * dies fails its one text and piscina starts another.
 *
 * Bounds, so that no text holds a thread for long and waiting texts cannot fill the memory
 * (150 queued 1 MB imports took 850 MiB): a thread still on one text `timeoutMs` after it
 * started on it is terminated (the only way to stop synchronous code: piscina does it when the
 * task's signal aborts, and starts a new thread in its place), its text refused with
 * ExtractionTimeoutError; a text that would wait while `maxQueued` texts or `maxQueuedBytes`
 * bytes already do is refused at once with ExtractionBusyError. These are counted here, not with
 * piscina's maxQueue, which does not count abortable tasks and knows nothing of bytes. With
 * `keepIdle: false` a thread ends once nothing waits for it: the one-off thread of
 * InlineExtraction.
 */
export class ExtractionThreads {
  private readonly pool: Piscina<ThreadTask, ThreadAnswer>;
  /** Texts sent and not yet answered, in the order they came: piscina runs them in that order. */
  private readonly unanswered = new Set<{ bytes: number }>();
  private closed = false;
  /** Threads terminated at the deadline since the start. */
  timedOut = 0;
  /** Texts each thread (by worker threadId) has started on: what shows that the threads, not the caller, did the work. */
  readonly textsByThread = new Map<number, number>();

  constructor(
    private readonly size: number,
    private readonly limits: ExtractionLimits = DEFAULT_EXTRACTION_LIMITS,
    options: { keepIdle?: boolean } = {},
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`ExtractionThreads needs at least one thread, not ${size}.`);
    const keepIdle = options.keepIdle !== false;
    this.pool = new Piscina({
      filename: threadFile,
      execArgv: threadExecArgv,
      minThreads: keepIdle ? size : 0,
      maxThreads: size,
      idleTimeout: keepIdle ? Infinity : 0,
      // One text at a time per thread, taken in the order the texts came (the counting below relies on it).
      concurrentTasksPerWorker: 1,
      stricterFIFO: true,
    });
    // A thread that fails while it has no text has no one to tell, and piscina replaces it; the
    // pool's 'error' event, unheard, would end the server instead.
    this.pool.on('error', () => {});
  }

  readonly extract: Extract = async (body) => {
    if (this.closed) throw closedError();
    const text = { bytes: Buffer.byteLength(body ?? '') };
    if (this.unanswered.size >= this.size) {
      const { texts, bytes } = this.waiting;
      if (texts >= this.limits.maxQueued) throw new ExtractionBusyError('EXTRACTION_QUEUE_MAX', this.limits.maxQueued);
      if (bytes + text.bytes > this.limits.maxQueuedBytes)
        throw new ExtractionBusyError('EXTRACTION_QUEUE_MAX_BYTES', this.limits.maxQueuedBytes);
    }
    this.unanswered.add(text);
    const { port1: started, port2 } = new MessageChannel();
    const deadline = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let answered = false;
    // A thread loads its code and compromise's lexicon first (about a second): that is not the text's time.
    started.once('message', (thread: number) => {
      this.textsByThread.set(thread, (this.textsByThread.get(thread) ?? 0) + 1);
      if (answered) return;
      timer = setTimeout(() => {
        this.timedOut += 1;
        deadline.abort();
      }, this.limits.timeoutMs);
    });
    try {
      const answer = await this.pool.run({ body, started: port2 }, { transferList: [port2], signal: deadline.signal });
      if ('error' in answer) throw new Error(`Extraction failed: ${answer.error}`);
      return answer.quotations;
    } catch (error) {
      if (deadline.signal.aborted) throw new ExtractionTimeoutError(this.limits.timeoutMs);
      if (this.closed) throw closedError();
      throw error;
    } finally {
      answered = true;
      clearTimeout(timer);
      started.close();
      this.unanswered.delete(text);
    }
  };

  /** Starts every thread and has each find the quotations of a sentence, as the first imports would otherwise wait for them to load. */
  async prepare(): Promise<void> {
    const sample = 'The mayor, Lena Brandt, said: "The tram opens in May."';
    await Promise.all(Array.from({ length: this.size }, () => this.extract(sample)));
  }

  /** Threads running now, busy or idle (at most `size`). */
  get started(): number {
    return this.pool.threads.length;
  }

  /** Texts waiting for a thread, and their UTF-8 bytes: those past the first `size` unanswered ones. */
  get waiting(): { texts: number; bytes: number } {
    const waiting = [...this.unanswered].slice(this.size);
    return { texts: waiting.length, bytes: waiting.reduce((sum, text) => sum + text.bytes, 0) };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.pool.destroy();
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

  /** Loads the extraction code, so that the first short text does not wait for it. */
  async prepare(): Promise<void> {
    await loadExtraction();
  }

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
  return settings.EXTRACTION_THREADS > 0
    ? new ExtractionThreads(settings.EXTRACTION_THREADS, limits)
    : new InlineExtraction(limits, settings.EXTRACTION_INLINE_MAX_CHARS);
}
