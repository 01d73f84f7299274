import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { exampleQueries, exampleTabs } from '../src/graphiql-examples';
import { openTestApp, type TestApp } from './support/harness';
import { listen } from './support/listen';

/**
 * GraphiQL in a real browser, cut off from the internet: newsrooms behind a firewall must be
 * able to explore the API with nothing but the server. Debian's chromium, driven by
 * playwright-core; `.ci/run` installs it and sets NEWSKB_REQUIRE_CHROMIUM, so CI never skips
 * this. A developer's machine without chromium skips it, saying so.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumRequired = process.env.NEWSKB_REQUIRE_CHROMIUM === 'true';
const chromiumFound = existsSync(CHROMIUM);

if (!chromiumFound && !chromiumRequired) {
  console.warn(`No chromium at ${CHROMIUM} (set CHROMIUM_PATH, or apt-get install chromium): skipping the GraphiQL browser test.`);
}
const describeInBrowser = chromiumFound || chromiumRequired ? describe : describe.skip;

describeInBrowser('GraphiQL in headless Chromium, with no internet access', () => {
  let kb: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;

  beforeAll(async () => {
    // Under CI a missing chromium fails the test rather than skipping it.
    if (!chromiumFound) throw new Error(`No chromium at ${CHROMIUM}, and NEWSKB_REQUIRE_CHROMIUM=true forbids skipping.`);
    kb = await openTestApp();
    server = await listen(kb.app);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        // Containers give /dev/shm 64 MB, too little for a renderer.
        '--disable-dev-shm-usage',
        // No DNS for any host but the local server: nothing outside could answer even if the
        // page's routes below missed a request (a worker's, say).
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await kb?.close();
  });

  it('runs the preloaded first example and shows its result, asking nothing of any other host', async () => {
    const { query } = exampleQueries[0];
    const operationName = /query (\w+)/.exec(query)![1];
    const expected = await kb.data(query);
    const title: string = expected.article.title;

    const context = await browser.newContext();
    const outside: string[] = [];
    const failed: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${server.origin}/`)) return route.continue();
      outside.push(url);
      return route.abort('internetdisconnected');
    });
    const page = await context.newPage();
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    page.on('requestfailed', (request) => {
      if (request.url().startsWith(server.origin)) failed.push(`${request.failure()?.errorText} ${request.url()}`);
    });
    page.on('pageerror', (error) => failed.push(`page error: ${error.message}`));

    await page.goto(`${server.origin}/graphql`);
    // The editor shows the first example before anything is run.
    await page.locator('.graphiql-query-editor').getByText(`query ${operationName}`).waitFor({ timeout: 60_000 });

    const answered = page.waitForResponse(
      (response) =>
        response.url().startsWith(server.endpoint) &&
        response.request().method() === 'POST' &&
        (response.request().postData() ?? '').includes(operationName),
      { timeout: 30_000 },
    );
    await page.locator('.graphiql-execute-button').click();
    const response = await answered;
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ data: expected });

    // Monaco draws only the lines in view: the title is near the top of the result.
    await page.locator('.graphiql-response').getByText(title, { exact: false }).first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.graphiql-response').innerText()).toContain('"article"');

    expect(outside).toEqual([]);
    expect(failed).toEqual([]);
    await context.close();
  }, 120_000);

  it('opens every example tab with one click on a first visit, its assets arriving compressed', async () => {
    // A fresh context is a fresh profile: no tabs saved in localStorage, which is when GraphiQL's
    // tab animation used to leave six of the seven tabs under their neighbours, unclickable.
    const context = await browser.newContext();
    const encodings = new Map<string, string | undefined>();
    const page = await context.newPage();
    page.on('response', (response) => {
      if (response.url().includes('/graphiql-assets/'))
        encodings.set(new URL(response.url()).pathname, response.headers()['content-encoding']);
    });
    await page.goto(`${server.origin}/graphql`);
    const operations = exampleTabs.map(({ query }) => /^(?:query|mutation|subscription) (\w+)/m.exec(query)![1]);
    await page.locator('.graphiql-query-editor .view-lines').getByText(`query ${operations[0]}`).waitFor({ timeout: 60_000 });

    const tabs = page.locator('.graphiql-tab');
    expect(await tabs.count()).toBe(exampleTabs.length);
    // Last to first, so that every click changes the editor (the first tab is open already).
    for (const index of [...operations.keys()].reverse()) {
      await tabs.nth(index).locator('button').first().click();
      // Monaco draws spaces as no-break spaces, which \s matches.
      await page.waitForFunction(
        (name) =>
          new RegExp(`^(query|mutation|subscription)\\s${name}\\b`, 'm').test(
            (document.querySelector('.graphiql-query-editor .view-lines') as HTMLElement | null)?.innerText ?? '',
          ),
        operations[index],
        { timeout: 10_000 },
      );
      expect(await page.locator('.graphiql-tab-active').innerText()).toContain(operations[index]);
    }

    expect(encodings.size).toBeGreaterThanOrEqual(3);
    for (const [path, encoding] of encodings) expect([path, encoding]).toEqual([path, 'br']);
    await context.close();
  }, 120_000);
});
