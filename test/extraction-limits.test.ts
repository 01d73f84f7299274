import nlp from 'compromise';
import { eq } from 'drizzle-orm';
import { articles } from '../schema';
import { createToken } from '../src/auth/tokens';
import { loadFixtureArticles } from '../src/extraction/fixtures';
import { findQuoteSpans } from '../src/extraction/quotes';
import { TAGGING_PIECE_LENGTH, TermTags } from '../src/extraction/text';
import { DEFAULT_EXTRACTION_LIMITS, ExtractionThreads, InlineExtraction, type Extract } from '../src/extraction/threads';
import { readSeedArticle } from '../seeds/seed';
import { openTestApp, type TestApp } from './support/harness';

/**
 * A body that reads each character a bounded number of times, however it is made: the count is of
 * characters read by index, so the bound holds or breaks the same way on any machine and load.
 */
function readsPerCharacter(text: string, find: (body: string) => unknown): number {
  let reads = 0;
  const counted = new Proxy(new String(text), {
    get(target, property) {
      if (property === 'toString' || property === 'valueOf') return () => text;
      if (typeof property === 'string' && /^\d+$/.test(property)) reads++;
      return Reflect.get(target, property);
    },
  });
  find(counted as unknown as string);
  return reads / text.length;
}

describe('quotation scan', () => {
  const length = 2_400;
  const pathological: Record<string, string> = {
    'curly opening marks': '“'.repeat(length),
    'French guillemets': '«'.repeat(length),
    'German guillemets': '»a'.repeat(length / 2),
    'German low marks': '„'.repeat(length),
    'paragraphs that each open a quotation and never close it': '“a\n'.repeat(length / 3),
    'opening marks before paragraphs that continue a quotation': '“'.repeat(length / 2) + '\n“x'.repeat(length / 6),
    'words with stray marks': 'He said “It is “all ” fine and « more '.repeat(length / 40),
  };

  it.each(Object.entries(pathological))('reads each character a bounded number of times: %s', (_name, body) => {
    expect(readsPerCharacter(body, findQuoteSpans)).toBeLessThan(8);
  });

  it('finds nothing in opening marks with no closing mark', () => {
    for (const mark of ['“', '«', '„']) expect(findQuoteSpans(mark.repeat(length))).toEqual([]);
  });

  it('still reads quotations that run over paragraphs and nested quotes', () => {
    const body = 'She said: “One.\n\n“Two “inner” end.” Then “open\nno.';
    const texts = findQuoteSpans(body).map((span) => body.slice(span.start, span.end));
    // “open is left unclosed by the page: its quotation ends with its paragraph (quotes.ts).
    expect(texts).toEqual(['One.\n\n“Two “inner', 'open']);
  });
});

/** compromise's matching costs the square of a sentence's length: no sentence may be unbounded. */
describe('part-of-speech tagging', () => {
  const longestSentence = (body: string) =>
    Math.max(
      ...(new TermTags(body).document.json({ offset: true }) as { offset: { length: number } }[]).map((sentence) => sentence.offset.length),
    );
  const unit = 'Mayor Lena Brandt of Harwick Rovers said “The Tram Opens In May” and told Council Member Jo Park “we will see, ” while ';
  const pathological: Record<string, string> = {
    'one sentence that never ends': unit.repeat(200),
    'one word of opening marks': '“'.repeat(20_000),
    'lines of bare punctuation, which compromise joins into one sentence': '“““\n'.repeat(5_000),
    'capitalised words and no punctuation': 'Lena Brandt Harwick Rovers Council Member Jo Park '.repeat(400),
  };

  it.each(Object.entries(pathological))('reads sentences of a bounded length: %s', (_name, body) => {
    expect(longestSentence(body)).toBeLessThanOrEqual(TAGGING_PIECE_LENGTH);
  });

  it('tags articles longer than a piece exactly as it tags them whole, offsets included', () => {
    const body = [readSeedArticle('000_3536842f9f6d9ee2.txt'), ...loadFixtureArticles().map((article) => article.body)].join('\n');
    expect(body.length).toBeGreaterThan(10 * TAGGING_PIECE_LENGTH);
    // compromise gives each term an id of its own on every parse: everything else must agree.
    const view = (document: ReturnType<typeof nlp>) =>
      JSON.stringify([
        document.json({ offset: true, terms: { offset: true } }),
        document.people().json({ offset: true }),
        document.organizations().json({ offset: true }),
      ]).replace(/"id":"(?:[^"\\]|\\.)*",/g, '');
    const pieces = new TermTags(body).document;
    expect(view(pieces)).toEqual(view(nlp(body)));
    for (const sentence of pieces.json({ terms: { offset: true } }) as {
      terms: { text: string; offset: { start: number; length: number } }[];
    }[]) {
      for (const term of sentence.terms) expect(body.slice(term.offset.start, term.offset.start + term.offset.length)).toBe(term.text);
    }
  });
});

/**
 * The bounds of importArticle's extraction, through real requests: a deadline per text (a thread
 * past it is ended and replaced) and a bounded queue of waiting texts (refused at once past it).
 */
describe('importArticle under the extraction limits', () => {
  const articlesText = [readSeedArticle('000_3536842f9f6d9ee2.txt'), ...loadFixtureArticles().map((article) => article.body)].join('\n');
  // 200 KB of real text: compromise alone takes well over a second on it, on any machine.
  const longBody = articlesText.repeat(Math.ceil(200_000 / articlesText.length));
  const shortBody = readSeedArticle('000_3536842f9f6d9ee2.txt');
  const importMutation = `mutation($input: ImportArticleInput!) { importArticle(input: $input) { ... on ImportArticleSuccess { articleImport { statements { text } } } } }`;
  let kb: TestApp;
  let writer: string;
  let closeExtraction: () => Promise<void>;

  async function open(extract: Extract, close: () => Promise<void>) {
    closeExtraction = close;
    kb = await openTestApp({ app: { extract } });
    writer = (await createToken(kb.db, { name: 'limits', scope: 'write' })).token;
  }
  afterEach(async () => {
    await closeExtraction?.();
    await kb?.close();
  });

  /** An import as a client sends it, with the HTTP status and headers of the answer. */
  async function importArticle(url: string, body: string) {
    const response = await kb.app.fetch('http://newskb.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${writer}` },
      body: JSON.stringify({ query: importMutation, variables: { input: { url, title: 'Limits', body } } }),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      result: (await response.json()) as { data?: any; errors?: any[] },
    };
  }
  const stored = async (url: string) => (await kb.db.select({ id: articles.id }).from(articles).where(eq(articles.url, url))).length;

  it('refuses a text past EXTRACTION_TIMEOUT_MS with EXTRACTION_TIMEOUT, writes nothing, and replaces the thread', async () => {
    const threads = new ExtractionThreads(1, { ...DEFAULT_EXTRACTION_LIMITS, timeoutMs: 1_000 });
    await open(threads.extract, () => threads.close());
    await threads.prepare();
    const slow = await importArticle('https://limits.example/slow', longBody);
    expect(slow.result.errors?.[0]?.extensions).toMatchObject({
      code: 'EXTRACTION_TIMEOUT',
      limit: 'EXTRACTION_TIMEOUT_MS',
      timeoutMs: 1_000,
    });
    expect(slow.status).toBe(503);
    expect(await stored('https://limits.example/slow')).toBe(0);
    expect(threads.timedOut).toBe(1);
    // The thread that ran past the deadline is gone; another takes the next text.
    const next = await importArticle('https://limits.example/next', shortBody);
    expect(next.result.errors).toBeUndefined();
    expect(next.result.data.importArticle.articleImport.statements.length).toBeGreaterThan(0);
    expect(threads.started).toBe(1);
  }, 60_000);

  it('refuses at once, with EXTRACTION_BUSY, HTTP 503 and Retry-After, a text that would wait past EXTRACTION_QUEUE_MAX', async () => {
    // Not prepared: the first text waits for its thread to start, the second for the first.
    const threads = new ExtractionThreads(1, { ...DEFAULT_EXTRACTION_LIMITS, maxQueued: 1 });
    await open(threads.extract, () => threads.close());
    const answers = await Promise.all([1, 2, 3].map((n) => importArticle(`https://limits.example/queue-${n}`, shortBody)));
    const refused = answers.filter((answer) => answer.result.errors);
    expect(refused).toHaveLength(1);
    expect(refused[0].result.errors![0].extensions).toMatchObject({
      code: 'EXTRACTION_BUSY',
      limit: 'EXTRACTION_QUEUE_MAX',
      retryAfter: 2,
    });
    expect(refused[0].status).toBe(503);
    expect(refused[0].retryAfter).toBe('2');
    expect(answers.filter((answer) => answer.result.data?.importArticle?.articleImport)).toHaveLength(2);
    expect(threads.waiting).toEqual({ texts: 0, bytes: 0 });
  }, 60_000);

  it('refuses a text that would bring the waiting texts past EXTRACTION_QUEUE_MAX_BYTES', async () => {
    const threads = new ExtractionThreads(1, { ...DEFAULT_EXTRACTION_LIMITS, maxQueuedBytes: Buffer.byteLength(shortBody) + 10 });
    await open(threads.extract, () => threads.close());
    const answers = await Promise.all([1, 2, 3].map((n) => importArticle(`https://limits.example/bytes-${n}`, shortBody)));
    const refused = answers.filter((answer) => answer.result.errors);
    expect(refused.map((answer) => answer.result.errors![0].extensions)).toMatchObject([
      { code: 'EXTRACTION_BUSY', limit: 'EXTRACTION_QUEUE_MAX_BYTES' },
    ]);
  }, 60_000);

  it('with EXTRACTION_THREADS=0, reads a long text off the request thread: other requests are answered meanwhile, and the deadline holds', async () => {
    const inline = new InlineExtraction({ ...DEFAULT_EXTRACTION_LIMITS, timeoutMs: 2_000 }, 16_384);
    let extracting!: () => void;
    const started = new Promise<void>((resolve) => (extracting = resolve));
    await open(
      (body) => {
        if (body.length > 16_384) extracting();
        return inline.extract(body);
      },
      () => inline.close(),
    );
    const finished: string[] = [];
    const slow = importArticle('https://limits.example/inline', longBody).then((answer) => {
      finished.push('import');
      return answer;
    });
    await started;
    await kb.data('{ articles(first: 1) { nodes { id } } }');
    finished.push('read');
    const answer = await slow;
    expect(finished).toEqual(['read', 'import']);
    expect(answer.result.errors?.[0]?.extensions?.code).toBe('EXTRACTION_TIMEOUT');
    // A short text is still read in the request's thread, as before.
    const short = await importArticle('https://limits.example/inline-short', shortBody);
    expect(short.result.errors).toBeUndefined();
  }, 60_000);
});
