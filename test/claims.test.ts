import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app';
import { createToken } from '../src/auth/tokens';
import { writeDump } from '../src/dump/dump';
import { restoreDump } from '../src/dump/restore';
import { openTestApp, onlyError, type TestApp } from './support/harness';
import { emptyScratchDatabase } from './support/scratch-databases';

/**
 * Quotation clusters (issue 17, part 2): what filing a statement links to what is stored, the
 * claims that come of it, and the editors' suggestions, through GraphQL requests.
 */

let kb: TestApp;
let writer: string;
let reader: string;
let admin: string;
beforeAll(async () => {
  kb = await openTestApp();
  writer = (await createToken(kb.db, { name: 'claims desk', scope: 'write' })).token;
  reader = (await createToken(kb.db, { name: 'claims reader', scope: 'read' })).token;
  admin = (await createToken(kb.db, { name: 'claims admin', scope: 'admin' })).token;
});
afterAll(() => kb.close());

let urls = 0;

async function organization(name: string): Promise<string> {
  const result = await kb.data(
    `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { ... on CreateOrganizationSuccess { organization { id } } } }`,
    { input: { name, kind: 'MEDIA' } },
    writer,
  );
  return result.createOrganization.organization.id;
}

async function speaker(name: string): Promise<string> {
  const result = await kb.data(
    `mutation($input: CreateSpeakerInput!) { createSpeaker(input: $input) { ... on CreateSpeakerSuccess { speaker { id } } } }`,
    { input: { name } },
    writer,
  );
  return result.createSpeaker.speaker.id;
}

const linkFields = 'id score reason status decidedBy relation { kind assertedBy } from { id } to { id }';

/** An article holding `body`, and a statement filed by createStatement for `quote` in it. */
async function file(options: { body: string; quote: string; publisher: string | null; publishedAt: string; speaker?: string | null }) {
  urls += 1;
  const created = await kb.data(
    `mutation($input: CreateArticleInput!) { createArticle(input: $input) { ... on CreateArticleSuccess { article { id } } } }`,
    {
      input: {
        title: `Report ${urls}`,
        body: options.body,
        url: `https://claims.example/${urls}`,
        publisher: options.publisher,
        publishedAt: options.publishedAt,
      },
    },
    writer,
  );
  const article = created.createArticle.article.id;
  const start = options.body.indexOf(options.quote);
  expect(start).toBeGreaterThanOrEqual(0);
  const result = await kb.data(
    `mutation($input: CreateStatementInput!) { createStatement(input: $input) {
      __typename ... on CreateStatementSuccess { statement { id claim { id } } } ... on UserError { message } } }`,
    { input: { article, kind: 'DIRECT_QUOTE', spanStart: start, spanEnd: start + options.quote.length, speaker: options.speaker ?? null } },
    writer,
  );
  expect(result.createStatement.__typename).toBe('CreateStatementSuccess');
  return result.createStatement.statement as { id: string; claim: { id: string } | null };
}

const claimQuery = `query($id: ID!) { node(id: $id) { ... on Statement { claim { id publisherCount independentOriginCount
  firstAppearance { id text }
  appearances(first: 10) { totalCount edges { meaningChanged meaningChanges node { id text article { publishedAt } } } } } } } }`;

async function claimOf(statementId: string) {
  return (await kb.data(claimQuery, { id: statementId })).node.claim;
}

async function linksFrom(statementId: string) {
  const result = await kb.data(`{ claimLinks(first: 100) { nodes { ${linkFields} } } }`);
  return result.claimLinks.nodes.filter((link: any) => link.from.id === statementId);
}

describe('claims formed when statements are filed', () => {
  it("joins a second outlet's report of the same remark in other words, with the earliest published as first appearance", async () => {
    const [one, two, kanaani] = await Promise.all([organization('Outlet One'), organization('Outlet Two'), speaker('Nasser Kanaani')]);
    // The later article is filed first: the first appearance goes by publication date.
    const later = await file({
      body: 'The spokesman said Tehran would not supply any drones to Russia for its war in Ukraine. He spoke in Tehran.',
      quote: 'Tehran would not supply any drones to Russia for its war in Ukraine',
      publisher: two,
      publishedAt: '2024-03-02',
      speaker: kanaani,
    });
    expect(later.claim).toBeNull();
    const earlier = await file({
      body: 'Kanaani said: "Iran will not supply drones to Russia for the war in Ukraine." The remarks came at a weekly briefing.',
      quote: 'Iran will not supply drones to Russia for the war in Ukraine.',
      publisher: one,
      publishedAt: '2024-03-01',
      speaker: kanaani,
    });
    expect(earlier.claim).not.toBeNull();
    const claim = await claimOf(later.id);
    expect(claim.id).toBe(earlier.claim!.id);
    expect(claim.firstAppearance.id).toBe(earlier.id);
    expect(claim.appearances.edges.map((edge: any) => edge.node.id)).toEqual([earlier.id, later.id]);
    expect(claim).toMatchObject({ publisherCount: 2, independentOriginCount: 2 });
    const [link] = await linksFrom(earlier.id);
    expect(link).toMatchObject({
      status: 'LINKED',
      decidedBy: 'newskb:auto-cluster',
      relation: { kind: 'REPEATS', assertedBy: 'newskb:auto-cluster' },
      to: { id: later.id },
    });
    expect(link.reason).toMatch(/^same speaker, shared words 0\.\d\d$/);
    expect(link.score).toBeGreaterThanOrEqual(0.75);
  });

  it('counts a wire story run by three publishers as one independent origin', async () => {
    const [zakharova, ...publishers] = await Promise.all([
      speaker('Maria Zakharova'),
      organization('Wire Daily'),
      organization('Wire Weekly'),
      organization('Wire Times'),
      organization('Own Reporter'),
    ]);
    const wire =
      'MOSCOW (Wire) - Maria Zakharova said: "The sanctions will only hurt the countries that imposed them on us." She gave no details of any response.';
    const quote = 'The sanctions will only hurt the countries that imposed them on us.';
    const copies = [];
    for (const publisher of publishers.slice(0, 3))
      copies.push(await file({ body: wire, quote, publisher, publishedAt: '2024-04-10', speaker: zakharova }));
    const own = await file({
      body: 'At her weekly briefing Zakharova repeated: "The sanctions will only hurt the countries that imposed them on us." Our correspondent asked about gas.',
      quote,
      publisher: publishers[3],
      publishedAt: '2024-04-11',
      speaker: zakharova,
    });
    const claim = await claimOf(own.id);
    expect(claim.appearances.totalCount).toBe(4);
    expect(claim).toMatchObject({ publisherCount: 4, independentOriginCount: 2, firstAppearance: { id: copies[0].id } });
    const reasons = (await linksFrom(copies[1].id)).map((link: any) => link.reason);
    expect(reasons).toContain('same speaker, same text');
    expect(claim.appearances.edges.every((edge: any) => edge.meaningChanged === false)).toBe(true);
  });

  it('flags a cut that drops a negation, and a fragment', async () => {
    const [minister, paper] = await Promise.all([speaker('Anna Lindqvist'), organization('Nordic Post')]);
    const first = await file({
      body: 'Lindqvist said: "We will never accept a deal that leaves our allies without protection in the north." Talks continue.',
      quote: 'We will never accept a deal that leaves our allies without protection in the north.',
      publisher: paper,
      publishedAt: '2024-05-01',
      speaker: minister,
    });
    const cut = await file({
      body: 'The minister signalled she would "accept a deal that leaves our allies without protection in the north", critics said.',
      quote: 'accept a deal that leaves our allies without protection in the north',
      publisher: null,
      publishedAt: '2024-05-02',
      speaker: minister,
    });
    expect(first.claim).toBeNull();
    const claim = await claimOf(cut.id);
    expect(claim.id).toBe(cut.claim?.id);
    expect(claim.firstAppearance.id).toBe(first.id);
    const edges = new Map(claim.appearances.edges.map((edge: any) => [edge.node.id, edge]));
    expect(edges.get(first.id)).toMatchObject({ meaningChanged: false, meaningChanges: [] });
    expect(edges.get(cut.id)).toMatchObject({ meaningChanged: true, meaningChanges: ['NEGATION_LOST'] });
    const [link] = await linksFrom(cut.id);
    expect(link.reason).toBe('same speaker, contained in it (word similarity 1.00)');
    // An article without a publisher is not a publisher.
    expect(claim.publisherCount).toBe(1);
  });

  it('does not cluster unrelated statements by the same speaker on the same day', async () => {
    const [mayor, paper] = await Promise.all([speaker('Petra Novak'), organization('City Paper')]);
    const budget = await file({
      body: 'Novak said: "The city budget will grow by four percent next year to pay for new schools." She spoke at noon.',
      quote: 'The city budget will grow by four percent next year to pay for new schools.',
      publisher: paper,
      publishedAt: '2024-06-03',
      speaker: mayor,
    });
    const tram = await file({
      body: 'Novak also said: "The tram line to the airport opens in the spring, on time." The line cost millions.',
      quote: 'The tram line to the airport opens in the spring, on time.',
      publisher: paper,
      publishedAt: '2024-06-03',
      speaker: mayor,
    });
    expect(budget.claim).toBeNull();
    expect(tram.claim).toBeNull();
    expect(await linksFrom(tram.id)).toEqual([]);
  });
});

describe('claims formed on import', () => {
  it("joins a quotation that importArticle files to the same speaker's earlier report, in the same transaction", async () => {
    const mutation = `mutation($input: ImportArticleInput!) { importArticle(input: $input) { ... on ImportArticleSuccess { articleImport {
      statements { id text speaker { name } claim { id appearances { totalCount } publisherCount firstAppearance { article { publishedAt } } } } } } } }`;
    const quote = 'The ceasefire must hold for at least seven days before any aid convoy can move.';
    const first = await kb.data(
      mutation,
      {
        input: {
          url: 'https://claims.example/import-1',
          title: 'Convoys wait',
          publisher: 'Import Herald',
          publishedAt: '2024-09-01',
          body: `"${quote}" said Karim Haddad, the UN envoy.`,
        },
      },
      writer,
    );
    const [filed] = first.importArticle.articleImport.statements;
    expect(filed).toMatchObject({ text: quote, speaker: { name: 'Karim Haddad' }, claim: null });
    const second = await kb.data(
      mutation,
      {
        input: {
          url: 'https://claims.example/import-2',
          title: 'Envoy repeats call',
          publisher: 'Import Gazette',
          publishedAt: '2024-09-03',
          body: `Aid agencies waited at the border. "${quote}" said Karim Haddad on Tuesday.`,
        },
      },
      writer,
    );
    const [again] = second.importArticle.articleImport.statements;
    expect(again.claim).toMatchObject({
      appearances: { totalCount: 2 },
      publisherCount: 2,
      firstAppearance: { article: { publishedAt: '2024-09-01' } },
    });
    const [link] = await linksFrom(again.id);
    expect(link).toMatchObject({ status: 'LINKED', reason: 'same speaker, same text', to: { id: filed.id } });
  });
});

describe('suggestions an editor settles', () => {
  let target: { id: string };
  let targetClaim: string;
  let suggestions: any[];
  beforeAll(async () => {
    const [spokesman, paper] = await Promise.all([speaker('Jonas Berg'), organization('Harbour News')]);
    const quote = 'The harbour will stay closed to all tankers until the inquiry has finished its work.';
    target = await file({
      body: `Berg said: "${quote}" He took no questions.`,
      quote,
      publisher: paper,
      publishedAt: '2024-07-01',
      speaker: spokesman,
    });
    await file({
      body: `Berg later said: "${quote}" Shipping firms protested.`,
      quote,
      publisher: paper,
      publishedAt: '2024-07-02',
      speaker: spokesman,
    });
    // The same words with no named source: never linked at once, only suggested.
    const unattributed = await file({
      body: `Officials said: "${quote}" No date was given.`,
      quote,
      publisher: null,
      publishedAt: '2024-07-02',
    });
    const second = await file({
      body: `A notice read: "${quote}" It was posted at dawn.`,
      quote,
      publisher: null,
      publishedAt: '2024-07-03',
    });
    expect(unattributed.claim).toBeNull();
    targetClaim = (await claimOf(target.id)).id;
    suggestions = [...(await linksFrom(unattributed.id)), ...(await linksFrom(second.id))].filter((link) => link.status === 'SUGGESTED');
  });

  it('files a statement with no named source as suggestions with a score and a reason, listed in the queue', async () => {
    expect(suggestions.length).toBeGreaterThanOrEqual(2);
    expect(suggestions[0]).toMatchObject({
      status: 'SUGGESTED',
      reason: 'no named source, same text',
      score: 1,
      relation: null,
      decidedBy: null,
    });
    const queue = await kb.data(
      `{ claimLinks(first: 100, filter: { status: SUGGESTED }, orderBy: { field: SCORE, direction: DESC }) { nodes { id status } } }`,
    );
    expect(queue.claimLinks.nodes.every((link: any) => link.status === 'SUGGESTED')).toBe(true);
    expect(queue.claimLinks.nodes.map((link: any) => link.id)).toEqual(expect.arrayContaining(suggestions.map((link) => link.id)));
  });

  it('needs a write token to confirm or reject', async () => {
    const mutation = `mutation($id: ID!) { confirmClaimLink(id: $id) { __typename } }`;
    expect(onlyError(await kb.graphql(mutation, { id: suggestions[0].id })).extensions?.code).toBe('UNAUTHENTICATED');
    expect(onlyError(await kb.graphql(mutation, { id: suggestions[0].id }, reader)).extensions?.code).toBe('FORBIDDEN');
  });

  it('confirming files a REPEATS relation by the editor and joins the claim; settling twice is a conflict', async () => {
    const mutation = `mutation($id: ID!) { confirmClaimLink(id: $id) { __typename
      ... on ConfirmClaimLinkSuccess { claimLink { status decidedBy relation { kind assertedBy } from { claim { id } } } }
      ... on ConflictError { message constraint } } }`;
    const confirmed = await kb.data(mutation, { id: suggestions[0].id }, writer);
    expect(confirmed.confirmClaimLink.claimLink).toMatchObject({
      status: 'CONFIRMED',
      decidedBy: 'claims desk',
      relation: { kind: 'REPEATS', assertedBy: 'claims desk' },
      from: { claim: { id: targetClaim } },
    });
    const again = await kb.data(mutation, { id: suggestions[0].id }, writer);
    expect(again.confirmClaimLink).toMatchObject({ __typename: 'ConflictError', constraint: 'claim_links_decision' });
  });

  it('rejecting keeps the statement out of the claim', async () => {
    const rejected = await kb.data(
      `mutation($id: ID!) { rejectClaimLink(id: $id) { ... on RejectClaimLinkSuccess { claimLink { status decidedBy relation { id } from { id } } } } }`,
      { id: suggestions[1].id },
      writer,
    );
    expect(rejected.rejectClaimLink.claimLink).toMatchObject({ status: 'REJECTED', decidedBy: 'claims desk', relation: null });
  });

  it('answers an ID of another type, or a link that does not exist, with a typed failure', async () => {
    const mutation = `mutation($id: ID!) { rejectClaimLink(id: $id) { __typename ... on UserError { message path } } }`;
    const wrongType = await kb.data(mutation, { id: target.id }, writer);
    expect(wrongType.rejectClaimLink).toMatchObject({ __typename: 'ValidationError', path: ['id'] });
    const missing = await kb.data(mutation, { id: Buffer.from('ClaimLink:999999').toString('base64url') }, writer);
    expect(missing.rejectClaimLink).toMatchObject({ __typename: 'NotFoundError', path: ['id'] });
  });
});

describe('claims stay connected components', () => {
  it('splits a claim when a REPEATS relation is deleted, and joins two claims when an editor links them', async () => {
    const [person, paper] = await Promise.all([speaker('Lena Hartmann'), organization('Valley Courier')]);
    const a = 'Our factory in the valley will keep every one of its nine hundred jobs this year.';
    const b = 'The new bridge across the river will be finished before the winter comes this year.';
    const first = await file({ body: `Hartmann said: "${a}"`, quote: a, publisher: paper, publishedAt: '2024-08-01', speaker: person });
    const second = await file({
      body: `Hartmann said again: "${a}"`,
      quote: a,
      publisher: paper,
      publishedAt: '2024-08-02',
      speaker: person,
    });
    const third = await file({ body: `Hartmann said: "${b}"`, quote: b, publisher: paper, publishedAt: '2024-08-01', speaker: person });
    const fourth = await file({
      body: `Hartmann said again: "${b}"`,
      quote: b,
      publisher: paper,
      publishedAt: '2024-08-02',
      speaker: person,
    });
    const firstClaim = (await claimOf(first.id)).id;
    expect(second.claim!.id).toBe(firstClaim);
    expect((await claimOf(third.id)).id).toBe(fourth.claim!.id);
    expect(fourth.claim!.id).not.toBe(firstClaim);

    const related = await kb.data(
      `mutation($input: CreateStatementRelationInput!) { createStatementRelation(input: $input) { ... on CreateStatementRelationSuccess { relation { id } } } }`,
      { input: { from: third.id, to: second.id, kind: 'REPEATS' } },
      writer,
    );
    const joined = await Promise.all([first, second, third, fourth].map((statement) => claimOf(statement.id)));
    expect(new Set(joined.map((claim) => claim.id)).size).toBe(1);
    expect(joined[0].appearances.totalCount).toBe(4);
    // The older claim's id is kept.
    expect(joined[0].id).toBe(firstClaim);

    await kb.data(
      `mutation($id: ID!) { deleteStatementRelation(id: $id) { __typename } }`,
      { id: related.createStatementRelation.relation.id },
      admin,
    );
    const split = await Promise.all([first, second, third, fourth].map((statement) => claimOf(statement.id)));
    expect(split[0].id).toBe(split[1].id);
    expect(split[2].id).toBe(split[3].id);
    expect(split[0].id).not.toBe(split[2].id);

    // Deleting a statement cascades to its relations: a two-statement claim goes with it.
    await kb.data(`mutation($id: ID!) { deleteStatement(id: $id) { __typename } }`, { id: fourth.id }, admin);
    expect(await claimOf(third.id)).toBeNull();
    expect(onlyError(await kb.graphql(`query($id: ID!) { node(id: $id) { id } }`, { id: split[2].id })).extensions?.code).toBe('NOT_FOUND');
  });
});

describe('finding claims', () => {
  it('filters claims by speaker, date, number of publishers and words, and reads a page of them in a bounded number of statements', async () => {
    const zakharova = (await kb.data(`{ speakers(filter: { name: "Maria Zakharova" }) { nodes { id } } }`)).speakers.nodes[0].id;
    const bySpeaker = await kb.data(
      `query($speaker: ID!) { claims(filter: { speaker: $speaker }) { totalCount nodes { firstAppearance { speaker { name } } } } }`,
      { speaker: zakharova },
    );
    expect(bySpeaker.claims).toEqual({ totalCount: 1, nodes: [{ firstAppearance: { speaker: { name: 'Maria Zakharova' } } }] });
    const wide = await kb.data(`{ claims(filter: { minPublishers: 3 }) { nodes { publisherCount } } }`);
    expect(wide.claims.nodes).toEqual([{ publisherCount: 4 }]);
    const dated = await kb.data(
      `{ claims(filter: { publishedAfter: "2024-03-01", publishedBefore: "2024-03-01" }) { nodes { firstAppearance { article { publishedAt } } } } }`,
    );
    expect(dated.claims.nodes).toEqual([{ firstAppearance: { article: { publishedAt: '2024-03-01' } } }]);
    const searched = await kb.data(`{ claims(filter: { search: "drones Ukraine" }) { nodes { firstAppearance { text } } } }`);
    expect(searched.claims.nodes).toEqual([{ firstAppearance: { text: 'Iran will not supply drones to Russia for the war in Ukraine.' } }]);

    const bad = await kb.graphql(`{ claims(filter: { minPublishers: 0 }) { totalCount } }`);
    expect(onlyError(bad).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.minPublishers' });
    const unknown = await kb.graphql(`query($id: ID!) { claims(filter: { speaker: $id }) { totalCount } }`, {
      id: Buffer.from('Speaker:999999').toString('base64url'),
    });
    expect(onlyError(unknown).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.speaker' });

    const queries = await kb.countQueries(() =>
      kb.data(`{ claims(first: 20) { nodes { id publisherCount independentOriginCount firstAppearance { text speaker { name } }
        appearances(first: 5) { edges { meaningChanged node { text article { title } } } } } } }`),
    );
    // The page, its claims' summaries, their appearances' pages, the first appearances, speakers, articles.
    expect(queries.length).toBeLessThanOrEqual(6);
  });
});

describe('claims in dumps', () => {
  it('keeps the links and their decisions, and makes the same claims again from the REPEATS relations', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'newskb-claims-dump-'));
    const scratch = await emptyScratchDatabase();
    const restored = await scratch.open();
    try {
      await writeDump(kb.db, folder);
      await restoreDump(restored.db, folder);
      const query = `{ claims(first: 100) { nodes { appearances(first: 20) { nodes { id } } } }
        claimLinks(first: 100) { nodes { id score reason status decidedBy relation { id } from { id } to { id } } } }`;
      const shape = (data: any) => ({
        claims: data.claims.nodes
          .map((claim: any) =>
            claim.appearances.nodes
              .map((node: any) => node.id)
              .sort()
              .join(' '),
          )
          .sort(),
        claimLinks: data.claimLinks.nodes,
      });
      const before = shape(await kb.data(query));
      const response = await createApp({ db: restored.db }).fetch('http://newskb.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      const after = shape(((await response.json()) as any).data);
      expect(before.claims.length).toBeGreaterThan(3);
      expect(before.claimLinks.some((link: any) => link.status === 'CONFIRMED')).toBe(true);
      expect(after).toEqual(before);
    } finally {
      await restored.close();
      await scratch.remove();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
