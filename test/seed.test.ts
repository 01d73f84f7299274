import { asc, sql } from 'drizzle-orm';
import * as tables from '../schema';
import { GROUP_OF_FRIENDS_MEMBERS } from '../seeds/annotation';
import { readSeedArticle, seedDatabase } from '../seeds/seed';
import { openTestApp, type TestApp } from './support/harness';

const ARTICLE = 'iran-sold-drones-to-russia-before-ukraine-war';
let kb: TestApp;

beforeAll(async () => {
  kb = await openTestApp();
});
afterAll(() => kb.close());

const statementsQuery = /* GraphQL */ `
  query ($slug: String!) {
    article(slug: $slug) {
      body
      statements(first: 20) {
        totalCount
        edges {
          node {
            position
            kind
            text
            attributionVerb
            span { start end }
            speaker { slug name }
            speakerRole { title organization { slug } country { alpha2 } startDate endDate }
            mentions {
              __typename
              ... on Country { alpha2 }
              ... on Organization { slug }
              ... on Speaker { slug }
            }
          }
        }
      }
    }
  }
`;

describe('the seed article', () => {
  it('is stored verbatim with its metadata and publisher', async () => {
    const { article } = await kb.data(
      `query ($slug: String!) {
        article(slug: $slug) {
          title body url publishedAt dateline language
          publisher { name acronym kind country { name } }
        }
      }`,
      { slug: ARTICLE },
    );
    expect(article.body).toBe(readSeedArticle('000_3536842f9f6d9ee2.txt'));
    expect(article).toMatchObject({
      publishedAt: '2022-11-05',
      dateline: 'Tehran',
      language: 'en',
      url: null,
      publisher: { name: 'Iran Press', acronym: 'IP', kind: 'MEDIA', country: { name: 'Iran' } },
    });
  });

  it('holds six direct quotations and the paraphrased lead, all by Amir-Abdollahian as foreign minister', async () => {
    const { article } = await kb.data(statementsQuery, { slug: ARTICLE });
    const statements = article.statements.edges.map((edge: any) => edge.node);
    expect(article.statements.totalCount).toBe(7);
    expect(statements.map((s: any) => s.kind)).toEqual(['PARAPHRASE', ...Array(6).fill('DIRECT_QUOTE')]);
    expect(statements.map((s: any) => s.attributionVerb)).toEqual(['stressed', 'said', 'added', 'said', 'noted', 'said', 'said']);
    expect(statements.map((s: any) => s.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const statement of statements) {
      expect(statement.speaker).toEqual({ slug: 'hossein-amir-abdollahian', name: 'Hossein Amir-Abdollahian' });
      expect(statement.speakerRole).toEqual({
        title: 'Minister of Foreign Affairs',
        organization: { slug: 'ministry-of-foreign-affairs-of-iran' },
        country: { alpha2: 'IR' },
        startDate: '2021-08-25',
        endDate: '2024-05-19',
      });
    }
    expect(statements[0].text).toBe('the country had sold several drones to Russia before the Russia-Ukraine war');
    expect(statements[1].text).toMatch(/^Selling missiles is completely untrue, but\u00a0the drone is true\./);
    expect(statements[1].text).toMatch(/we had sold few drones to Russia\.$/);
  });

  it('gives every statement a span whose slice of the body is its text, quotation marks outside', async () => {
    const { article } = await kb.data(statementsQuery, { slug: ARTICLE });
    for (const { node } of article.statements.edges) {
      expect(article.body.slice(node.span.start, node.span.end)).toBe(node.text);
      if (node.kind === 'DIRECT_QUOTE') {
        expect(article.body[node.span.start - 1]).toBe('"');
        expect(article.body[node.span.end]).toBe('"');
      }
    }
  });

  it('records what each statement names', async () => {
    const { article } = await kb.data(statementsQuery, { slug: ARTICLE });
    const named = article.statements.edges.map(({ node }: any) => node.mentions.map((m: any) => m.alpha2 ?? m.slug).sort());
    expect(named).toEqual([
      ['IR', 'RU', 'UA'],
      ['RU', 'UA'],
      ['IR', 'RU', 'UA', 'ministry-of-foreign-affairs-of-ukraine'],
      ['US', 'ebrahim-raisi', 'joe-biden'],
      ['IR', 'US'],
      ['group-of-friends-in-defense-of-the-un-charter'],
      ['DE', 'IR', 'UA', 'US'],
    ]);
  });

  it('answers "who mentioned Germany" and "who mentioned Biden"', async () => {
    const result = await kb.data(`{
      country(code: "DEU") { name mentionedIn(first: 5) { totalCount edges { node { position speaker { name } } } } }
      speaker(slug: "joe-biden") { mentionedIn(first: 5) { edges { node { position speaker { name } } } } }
    }`);
    expect(result.country.name).toBe('Germany');
    expect(result.country.mentionedIn.totalCount).toBe(1);
    expect(result.country.mentionedIn.edges[0].node).toEqual({ position: 7, speaker: { name: 'Hossein Amir-Abdollahian' } });
    expect(result.speaker.mentionedIn.edges.map((e: any) => e.node.position)).toEqual([4]);
  });

  it('lists the 19 member states of the Group of Friends', async () => {
    const { organization } = await kb.data(`{
      organization(slug: "group-of-friends-in-defense-of-the-un-charter") {
        name kind description
        members(first: 100) { totalCount edges { node { alpha2 name } } }
      }
    }`);
    expect(organization.name).toBe('Group of Friends in Defense of the Charter of the United Nations');
    expect(organization.kind).toBe('INTERGOVERNMENTAL');
    expect(organization.description).toMatch(/19 countries/);
    expect(organization.members.totalCount).toBe(19);
    const members = organization.members.edges.map((e: any) => e.node);
    expect(members.map((m: any) => m.alpha2).sort()).toEqual([...GROUP_OF_FRIENDS_MEMBERS].sort());
    expect(members.map((m: any) => m.name)).toEqual([
      'Algeria',
      'Angola',
      'Belarus',
      'Bolivia',
      'Cambodia',
      'China',
      'Cuba',
      'Equatorial Guinea',
      'Eritrea',
      'Iran',
      'Laos',
      'Nicaragua',
      'North Korea',
      'Palestine',
      'Russia',
      'Saint Vincent and the Grenadines',
      'Syria',
      'Venezuela',
      'Zimbabwe',
    ]);
  });

  it('knows a member country from its side: Iran belongs to the Group, dates unrecorded', async () => {
    const { country } = await kb.data(`{
      country(code: "ir") {
        organizations(first: 10) { edges { node { slug } } }
        memberships(first: 10) { totalCount edges { node { organization { slug } country { alpha2 } since until } } }
      }
    }`);
    expect(country.organizations.edges.map((e: any) => e.node.slug)).toEqual(['group-of-friends-in-defense-of-the-un-charter']);
    expect(country.memberships.totalCount).toBe(1);
    expect(country.memberships.edges[0].node).toEqual({
      organization: { slug: 'group-of-friends-in-defense-of-the-un-charter' },
      country: { alpha2: 'IR' },
      since: null,
      until: null,
    });
  });

  it('keeps membership periods: a country that left and rejoined is one member with two memberships', async () => {
    const [{ id: organizationId }] = await kb.db
      .insert(tables.organizations)
      .values({ slug: 'test-union', name: 'Test Union', kind: 'INTERGOVERNMENTAL' })
      .returning();
    const [{ id: countryId }] = await kb.db.select().from(tables.countries).where(sql`alpha2 = 'GB'`);
    await kb.db.insert(tables.memberships).values([
      { organizationId, countryId, since: '1973-01-01', until: '2020-01-31' },
      { organizationId, countryId, since: '2031-01-01' },
    ]);
    const { organization } = await kb.data(`{
      organization(slug: "test-union") {
        members(first: 5) { totalCount }
        memberships(first: 5) { totalCount edges { node { country { name } since until } } }
      }
    }`);
    expect(organization.members.totalCount).toBe(1);
    expect(organization.memberships.totalCount).toBe(2);
    expect(organization.memberships.edges.map((e: any) => [e.node.since, e.node.until])).toEqual([
      ['1973-01-01', '2020-01-31'],
      ['2031-01-01', null],
    ]);
  });

  it('has Joe Biden and Ebrahim Raisi with the roles they held', async () => {
    const result = await kb.data(`{
      biden: speaker(slug: "joe-biden") { name wikidataId country { alpha2 } roles { title country { alpha2 } startDate endDate } }
      raisi: speaker(slug: "ebrahim-raisi") { name country { alpha2 } roles { title country { alpha2 } startDate endDate } }
    }`);
    expect(result.biden).toEqual({
      name: 'Joe Biden',
      wikidataId: 'Q6279',
      country: { alpha2: 'US' },
      roles: [{ title: 'President of the United States', country: { alpha2: 'US' }, startDate: '2021-01-20', endDate: '2025-01-20' }],
    });
    expect(result.raisi).toEqual({
      name: 'Ebrahim Raisi',
      country: { alpha2: 'IR' },
      roles: [{ title: 'President of Iran', country: { alpha2: 'IR' }, startDate: '2021-08-03', endDate: '2024-05-19' }],
    });
  });

  it('names the United Nations, the Group and Iran Press among the organizations it mentions', async () => {
    const { article } = await kb.data(
      `query ($slug: String!) {
        article(slug: $slug) {
          mentionedOrganizations(first: 20) { edges { node { slug acronym } } }
          mentionedCountries(first: 100) { totalCount }
          speakers(first: 10) { edges { node { slug } } }
        }
      }`,
      { slug: ARTICLE },
    );
    expect(article.mentionedOrganizations.edges.map((e: any) => e.node.slug).sort()).toEqual([
      'group-of-friends-in-defense-of-the-un-charter',
      'iran-press',
      'ministry-of-foreign-affairs-of-ukraine',
      'united-nations',
    ]);
    // The 19 members, plus Ukraine, the United States and Germany.
    expect(article.mentionedCountries.totalCount).toBe(22);
    expect(article.speakers.edges.map((e: any) => e.node.slug)).toEqual(['hossein-amir-abdollahian']);
  });

  it('links the five related headlines in the order the article shows them', async () => {
    const { article } = await kb.data(
      `query ($slug: String!) {
        article(slug: $slug) {
          relatedArticles(first: 10) { totalCount edges { kind node { title body publisher { slug } } } }
        }
      }`,
      { slug: ARTICLE },
    );
    expect(article.relatedArticles.totalCount).toBe(5);
    expect(article.relatedArticles.edges.map((e: any) => e.node.title)).toEqual([
      'Movement of students on November 4 completes process of fight against arrogance',
      'Tehran hosts meeting of coordinators of United Nations Charter defense',
      'Amir-Abdollahian: Iran ready for talks with Ukraine over drone claims',
      'Spokesman: Iran will not give Russia drones',
      'UN probe into alleged use of country drones in Ukraine, illegal',
    ]);
    expect(article.relatedArticles.edges.map((e: any) => e.kind)).toEqual([
      'RELATED_NEWS',
      'RELATED_NEWS',
      'READ_MORE',
      'READ_MORE',
      'READ_MORE',
    ]);
    for (const { node } of article.relatedArticles.edges) {
      expect(node).toMatchObject({ body: null, publisher: { slug: 'iran-press' } });
    }
  });

  it('sets "we had sold few drones to Russia" against the headline "Spokesman: Iran will not give Russia drones"', async () => {
    const { article } = await kb.data(`{ article(slug: "iran-sold-drones-to-russia-before-ukraine-war") {
      statements(first: 2) { nodes { text relations { kind note assertedBy from { text } to { text location span { start end } speaker { name } article { title } } } } } } }`);
    const quote = article.statements.nodes[1];
    expect(quote.text).toContain('we had sold few drones to Russia');
    expect(quote.relations).toEqual([
      {
        kind: 'CONTRADICTS',
        note: expect.stringContaining('will not give Russia drones'),
        assertedBy: 'newskb seed annotation',
        from: { text: quote.text },
        to: {
          text: 'Iran will not give Russia drones',
          location: 'HEADLINE',
          span: { start: 11, end: 43 },
          speaker: null,
          article: { title: 'Spokesman: Iran will not give Russia drones' },
        },
      },
    ]);
    // Listed from the other end as well.
    const { article: headline } = await kb.data(
      '{ article(slug: "spokesman-iran-will-not-give-russia-drones") { body statements { nodes { relations { kind from { position } } } } } }',
    );
    expect(headline).toEqual({ body: null, statements: { nodes: [{ relations: [{ kind: 'CONTRADICTS', from: { position: 2 } }] }] } });
  });

  it('loads every ISO 3166-1 country with aliases and demonyms', async () => {
    const result = await kb.data(`{
      countries(first: 1) { totalCount }
      us: country(code: "US") { name alpha3 aliases demonyms }
    }`);
    expect(result.countries.totalCount).toBe(249);
    expect(result.us.name).toBe('United States');
    expect(result.us.alpha3).toBe('USA');
    expect(result.us.aliases).toEqual(expect.arrayContaining(['US', 'United States of America', 'America']));
    expect(result.us.demonyms).toEqual(['American']);
  });
});

describe('seeding', () => {
  async function snapshot() {
    const snapshotTables = [
      tables.countries,
      tables.organizations,
      tables.memberships,
      tables.speakers,
      tables.speakerRoles,
      tables.articles,
      tables.articleRelations,
      tables.statements,
      tables.mentions,
      tables.statementRelations,
    ];
    return Promise.all(snapshotTables.map((table) => kb.db.select().from(table).orderBy(asc(sql`1`), asc(sql`2`))));
  }

  it('stamps rows: updatedAt moves on a real change, not on a rewrite of the same values', async () => {
    const query = `{ speaker(slug: "joe-biden") { createdAt updatedAt } }`;
    const before = (await kb.data(query)).speaker;
    expect(new Date(before.createdAt).getTime()).toBeLessThanOrEqual(new Date(before.updatedAt).getTime());
    await kb.db.update(tables.speakers).set({ name: 'Joe Biden' }).where(sql`slug = 'joe-biden'`);
    expect((await kb.data(query)).speaker).toEqual(before);
    await kb.db.update(tables.speakers).set({ description: 'Changed.' }).where(sql`slug = 'joe-biden'`);
    const after = (await kb.data(query)).speaker;
    expect(after.createdAt).toBe(before.createdAt);
    expect(new Date(after.updatedAt).getTime()).toBeGreaterThan(new Date(before.updatedAt).getTime());
    await seedDatabase(kb.db);
  });

  it('changes nothing when run again', async () => {
    const before = await snapshot();
    await seedDatabase(kb.db);
    expect(await snapshot()).toEqual(before);
  });
});
