import { createToken } from '../src/auth/tokens';
import { openTestApp, onlyError, type TestApp } from './support/harness';

/**
 * schema.org out (issue 17, part 4): statements and claims read as `Claim` JSON-LD, through the
 * GraphQL field `jsonLd` and the routes /claims/<ID>.jsonld and /statements/<ID>.jsonld.
 */

let kb: TestApp;
let writer: string;
beforeAll(async () => {
  kb = await openTestApp();
  writer = (await createToken(kb.db, { name: 'json-ld desk', scope: 'write' })).token;
});
afterAll(() => kb.close());

// The third argument names the node's field in the result, as the call sites read best.
const create = (mutation: string, input: Record<string, unknown>, _field: string, result: string) =>
  kb.created(mutation, input, result, writer);

let urls = 0;
async function file(options: {
  body: string;
  quote: string;
  publisher?: string | null;
  publishedAt: string;
  source: Record<string, string>;
}) {
  urls += 1;
  const article = await create(
    'createArticle',
    {
      title: `Briefing report ${urls}`,
      body: options.body,
      url: `https://jsonld.example/${urls}`,
      publisher: options.publisher ?? null,
      publishedAt: options.publishedAt,
      language: 'en',
    },
    'article',
    'article',
  );
  const start = options.body.indexOf(options.quote);
  const statement = await create(
    'createStatement',
    { article, kind: 'DIRECT_QUOTE', spanStart: start, spanEnd: start + options.quote.length, ...options.source },
    'statement',
    'statement',
  );
  return { article, statement };
}

const jsonLdQuery = `query($id: ID!) { node(id: $id) { ... on Statement { jsonLd claim { id jsonLd } } ... on Claim { jsonLd } } }`;

let ministry: string;
let herald: string;
let gazette: string;
let speaker: string;
let first: { article: string; statement: string };
let second: { article: string; statement: string };
let claimId: string;
const quote = 'Our ports will stay open to every grain ship that carries food to the hungry this winter.';

beforeAll(async () => {
  ministry = await create('createOrganization', { name: 'Ministry of Shipping', kind: 'GOVERNMENT' }, 'organization', 'organization');
  herald = await create(
    'createOrganization',
    { name: 'Harbour Herald', kind: 'MEDIA', wikidataId: 'Q7000001' },
    'organization',
    'organization',
  );
  gazette = await create('createOrganization', { name: 'Grain Gazette', kind: 'MEDIA' }, 'organization', 'organization');
  speaker = await create('createSpeaker', { name: 'Mira Tamm', wikidataId: 'Q7000002' }, 'speaker', 'speaker');
  const role = await create(
    'addSpeakerRole',
    { speaker, title: 'Minister of Shipping', organization: ministry, startDate: '2023-01-01' },
    'role',
    'role',
  );
  // The later report is filed first: the first appearance goes by publication date.
  second = await file({
    body: `Tamm told reporters: "${quote}" Exporters welcomed it.`,
    quote,
    publisher: gazette,
    publishedAt: '2024-10-03',
    source: { speaker, speakerRole: role },
  });
  first = await file({
    body: `At the briefing Tamm said: "${quote}" She took questions.`,
    quote,
    publisher: herald,
    publishedAt: '2024-10-01',
    source: { speaker, speakerRole: role },
  });
  const data = await kb.data(jsonLdQuery, { id: first.statement });
  claimId = data.node.claim.id;
});

const personTamm = {
  '@type': 'Person',
  name: 'Mira Tamm',
  sameAs: 'https://www.wikidata.org/wiki/Q7000002',
  jobTitle: 'Minister of Shipping',
  affiliation: { '@type': 'Organization', name: 'Ministry of Shipping' },
};

const appearanceOf = (article: string, url: number, datePublished: string, publisher: Record<string, unknown>) => ({
  '@type': 'NewsArticle',
  identifier: article,
  headline: `Briefing report ${url}`,
  url: `https://jsonld.example/${url}`,
  datePublished,
  inLanguage: 'en',
  publisher: expect.objectContaining(publisher),
});

describe('a statement as schema.org Claim JSON-LD', () => {
  it('has its text, its author with sameAs Wikidata and the role of the day, its article, and its claim’s first appearance', async () => {
    const { node } = await kb.data(jsonLdQuery, { id: second.statement });
    expect(node.jsonLd).toEqual({
      '@context': 'https://schema.org',
      '@type': 'Claim',
      identifier: second.statement,
      text: quote,
      author: expect.objectContaining({ ...personTamm, identifier: speaker, affiliation: expect.objectContaining(personTamm.affiliation) }),
      datePublished: '2024-10-01',
      appearance: [appearanceOf(second.article, 1, '2024-10-03', { '@type': 'Organization', name: 'Grain Gazette', identifier: gazette })],
      firstAppearance: appearanceOf(first.article, 2, '2024-10-01', {
        name: 'Harbour Herald',
        sameAs: 'https://www.wikidata.org/wiki/Q7000001',
      }),
    });
    // No sameAs is invented for a publisher without a Wikidata ID.
    expect(node.jsonLd.appearance[0].publisher).not.toHaveProperty('sameAs');
  });

  it('names an institution that spoke in its own name as an Organization, and leaves an unnamed source out', async () => {
    const institution = await file({
      body: 'The ministry said in a statement that "all grain corridors remain open for now".',
      quote: 'all grain corridors remain open for now',
      publishedAt: '2024-10-05',
      source: { sourceOrganization: ministry },
    });
    const unnamed = await file({
      body: 'A port official said "the queue of ships is the longest in years".',
      quote: 'the queue of ships is the longest in years',
      publishedAt: '2024-10-05',
      source: { sourceDescription: 'a port official' },
    });
    const byInstitution = (await kb.data(jsonLdQuery, { id: institution.statement })).node;
    expect(byInstitution.claim).toBeNull();
    expect(byInstitution.jsonLd.author).toEqual({ '@type': 'Organization', identifier: ministry, name: 'Ministry of Shipping' });
    // With no claim, the first appearance is its own article; an article without a publisher names none.
    expect(byInstitution.jsonLd.firstAppearance).toEqual(byInstitution.jsonLd.appearance[0]);
    expect(byInstitution.jsonLd.firstAppearance).not.toHaveProperty('publisher');
    const byUnnamed = (await kb.data(jsonLdQuery, { id: unnamed.statement })).node.jsonLd;
    expect(byUnnamed).not.toHaveProperty('author');
    expect(byUnnamed.text).toBe('the queue of ships is the longest in years');
  });
});

describe('a claim as schema.org Claim JSON-LD', () => {
  it('has the first wording and author, every article it appeared in, earliest first, and the earliest as firstAppearance', async () => {
    const { node } = await kb.data(jsonLdQuery, { id: claimId });
    expect(node.jsonLd).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Claim',
      identifier: claimId,
      text: quote,
      author: { ...personTamm, identifier: speaker, affiliation: { ...personTamm.affiliation, identifier: ministry } },
      datePublished: '2024-10-01',
      firstAppearance: { '@type': 'NewsArticle', identifier: first.article, datePublished: '2024-10-01', url: 'https://jsonld.example/2' },
    });
    expect(node.jsonLd.appearance.map((article: any) => [article.identifier, article.datePublished, article.publisher.name])).toEqual([
      [first.article, '2024-10-01', 'Harbour Herald'],
      [second.article, '2024-10-03', 'Grain Gazette'],
    ]);
  });

  it('reads a page of claims with their JSON-LD in a bounded number of statements', async () => {
    const queries = await kb.countQueries(() =>
      kb.data(`{ claims(first: 20) { nodes { jsonLd appearances(first: 5) { nodes { jsonLd } } } } }`),
    );
    // The page, summaries, appearances' pages, statements, claims of statements, articles, speakers, roles, organizations.
    expect(queries.length).toBeLessThanOrEqual(10);
  });
});

describe('the JSON-LD routes', () => {
  const get = (path: string, init: RequestInit = {}) => kb.app.fetch(`http://newskb.test${path}`, init);

  it('serves a claim and a statement as application/ld+json, the same documents as the GraphQL field', async () => {
    const graphql = (await kb.data(jsonLdQuery, { id: second.statement })).node;
    const claim = await get(`/claims/${claimId}.jsonld`);
    expect(claim.status).toBe(200);
    expect(claim.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    expect(await claim.json()).toEqual(graphql.claim.jsonLd);
    const statement = await get(`/statements/${second.statement}.jsonld`);
    expect(await statement.json()).toEqual(graphql.jsonLd);
  });

  it('answers an unknown ID with NOT_FOUND, an ID of another type with BAD_USER_INPUT, and a bad token with UNAUTHENTICATED', async () => {
    const missing = await get(`/claims/${Buffer.from('Claim:999999').toString('base64url')}.jsonld`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
    const wrongType = await get(`/statements/${claimId}.jsonld`);
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const nowhere = await get('/claims/');
    expect(nowhere.status).toBe(404);
    const badToken = await get(`/claims/${claimId}.jsonld`, { headers: { authorization: 'Bearer nope' } });
    expect(badToken.status).toBe(401);
    expect((await get(`/claims/${claimId}.jsonld`, { method: 'POST' })).status).toBe(405);
  });

  it('is refused through GraphQL for an ID of another type', async () => {
    const result = await kb.graphql(`query($id: ID!) { claim(id: $id) { jsonLd } }`, { id: first.statement });
    expect(onlyError(result).extensions?.code).toBe('BAD_USER_INPUT');
  });
});
