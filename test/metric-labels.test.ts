import { createMetrics } from '../src/observability/metrics';
import { openTestApp, type TestApp } from './support/harness';

/** Operation names are the client's to choose: /metrics must not grow with each new one. */
const metrics = createMetrics();
let kb: TestApp;
beforeAll(async () => {
  kb = await openTestApp({ app: { metrics } });
});
afterAll(() => kb.close());

async function send(query: string) {
  await kb.send(query);
}

const scrape = async () => (await kb.app.fetch('http://newskb.test/metrics')).text();

async function sendNamed(from: number, to: number) {
  for (let index = from; index < to; index += 1) {
    // An error at a path of the client's choosing too: the errors' counter is labelled by path.
    await send(`query Probe${index} { __typename alias${index}: speaker(slug: "nobody-${index}") { name } }`);
  }
}

describe('/metrics under operation names chosen by clients', () => {
  it('stays the same size after 2,000 more distinct names, which share one label', async () => {
    await sendNamed(0, 300);
    const settled = await scrape();
    await sendNamed(300, 2_300);
    const after = await scrape();
    // Counter values gain digits; nothing else may grow.
    expect(after.length - settled.length).toBeLessThan(2_000);
    expect(after).toMatch(/graphql_envelop_request_duration_count\{operationName="other",operationType="query"\} [1-9]/);
    expect(after).not.toContain('Probe2299');
    expect(after).not.toContain('alias2299');
  }, 120_000);

  it("labels GraphiQL's examples by name whatever came before", async () => {
    await send('query WhoSaidWhat { __typename }');
    expect(await scrape()).toMatch(/graphql_envelop_request_duration_count\{operationName="WhoSaidWhat",operationType="query"\} 1/);
  });
});
