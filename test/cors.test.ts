import { createApp } from '../src/app';
import { openTestApp, postGraphQL, type TestApp } from './support/harness';

/** Which pages may call the API from a browser: none but its own origin, unless listed. */
let kb: TestApp;
beforeAll(async () => {
  kb = await openTestApp();
});
afterAll(() => kb.close());

const preflight = (app: ReturnType<typeof createApp>, origin: string) =>
  app.fetch('http://newskb.test/graphql', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
  });
const post = (app: ReturnType<typeof createApp>, origin: string) => postGraphQL(app, '{ __typename }', { headers: { origin } });

it('by default, allows no other origin (yoga alone would allow every one, with credentials)', async () => {
  const answer = await preflight(kb.app, 'https://elsewhere.example');
  expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  expect((await post(kb.app, 'https://elsewhere.example')).headers.get('access-control-allow-origin')).toBeNull();
});

it('allows the listed origins, without credentials, and lets their scripts read the pacing headers', async () => {
  const app = createApp({ db: kb.db, corsOrigins: ['https://desk.example', 'https://factcheck.example'] });
  const allowed = await preflight(app, 'https://desk.example');
  expect(allowed.headers.get('access-control-allow-origin')).toBe('https://desk.example');
  expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
  expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
  const answer = await post(app, 'https://factcheck.example');
  expect(answer.headers.get('access-control-allow-origin')).toBe('https://factcheck.example');
  expect(answer.headers.get('access-control-expose-headers')).toContain('x-ratelimit-remaining');
  expect((await preflight(app, 'https://elsewhere.example')).headers.get('access-control-allow-origin')).toBeNull();
});

it('allows any origin with *', async () => {
  const app = createApp({ db: kb.db, corsOrigins: ['*'] });
  expect((await post(app, 'https://anyone.example')).headers.get('access-control-allow-origin')).toBe('https://anyone.example');
});
