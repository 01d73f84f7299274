import { threadId } from 'node:worker_threads';
import { createToken } from '../src/auth/tokens';
import { extractStatements } from '../src/extraction';
import { loadFixtureArticles } from '../src/extraction/fixtures';
import { ExtractionThreads } from '../src/extraction/threads';
import { readSeedArticle } from '../seeds/seed';
import { openTestApp } from './support/harness';

/** The server finds quotations in worker threads (EXTRACTION_THREADS); they must find the same. */
const articles = [readSeedArticle('000_3536842f9f6d9ee2.txt'), ...loadFixtureArticles().map((article) => article.body)];

describe('extraction threads', () => {
  let threads: ExtractionThreads;
  beforeEach(() => {
    threads = new ExtractionThreads(2);
  });
  afterEach(() => threads.close());

  it('find exactly what the calling thread finds, in every annotated article, all sent at once to 2 threads', async () => {
    const found = await Promise.all(articles.map((body) => threads.extract(body)));
    expect(found).toEqual(articles.map((body) => extractStatements(body)));
    expect(found.flat().length).toBeGreaterThan(100);
    expect(threads.started).toBe(2);
    // Two threads, neither of them this one, took every text between them.
    const texts = threads.textsByThread;
    expect(texts.size).toBe(2);
    expect(texts.has(threadId)).toBe(false);
    expect([...texts.values()].reduce((sum, count) => sum + count, 0)).toBe(articles.length);
  }, 60_000);

  it('all start before the first article when prepared, as the server does before it listens', async () => {
    await threads.prepare();
    expect(threads.started).toBe(2);
  }, 60_000);

  it('answer a text the extraction throws on with an error, and go on with the next', async () => {
    await expect(threads.extract(undefined as unknown as string)).rejects.toThrow(/^Extraction failed: /);
    expect(await threads.extract(articles[0])).toEqual(extractStatements(articles[0]));
  }, 60_000);

  it('refuse texts once closed, as the server stops', async () => {
    await threads.extract(articles[0]);
    await threads.close();
    await expect(threads.extract(articles[0])).rejects.toThrow(/closed/);
  }, 60_000);

  it('serve importArticle: the seed article through the API, its six quotations and its paraphrase attributed', async () => {
    const kb = await openTestApp({ app: { extract: threads.extract } });
    try {
      const writer = (await createToken(kb.db, { name: 'threads', scope: 'write' })).token;
      const result = await kb.graphql(
        `mutation($input: ImportArticleInput!) { importArticle(input: $input) { ... on ImportArticleSuccess { articleImport { statements { text speaker { slug } } } } } }`,
        { input: { url: 'https://example.org/threads', title: 'Threads', body: articles[0] } },
        writer,
      );
      expect(result.errors).toBeUndefined();
      const filed = result.data.importArticle.articleImport.statements;
      expect(filed.map((statement: any) => statement.text)).toEqual(extractStatements(articles[0]).map((quotation) => quotation.text));
      expect(filed.map((statement: any) => statement.speaker?.slug)).toEqual(Array(7).fill('hossein-amir-abdollahian'));
      // The import's text went to a worker thread, not to this one.
      expect([...threads.textsByThread.values()].reduce((sum, count) => sum + count, 0)).toBe(1);
      expect(threads.textsByThread.has(threadId)).toBe(false);
    } finally {
      await kb.close();
    }
  }, 60_000);
});
