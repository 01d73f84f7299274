import { eq } from 'drizzle-orm';
import { articles, statements } from '../schema';
import { encodeGlobalId } from '../src/core/global-id';
import { insertNewsroom } from './support/fixtures';
import { onlyError, openTestApp, type TestApp } from './support/harness';

let kb: TestApp;
let ids: Record<string, string>;

beforeAll(async () => {
  kb = await openTestApp();
  const result = await kb.data(`{
    amir: speaker(slug: "hossein-amir-abdollahian") { id }
    biden: speaker(slug: "joe-biden") { id }
    iran: country(code: "IR") { id }
    germany: country(code: "DE") { id }
    us: country(code: "US") { id }
    group: organization(slug: "group-of-friends-in-defense-of-the-un-charter") { id }
    ministry: organization(slug: "ministry-of-foreign-affairs-of-iran") { id }
    iranPress: organization(slug: "iran-press") { id }
    article: article(slug: "iran-sold-drones-to-russia-before-ukraine-war") { id }
  }`);
  ids = Object.fromEntries(Object.entries(result).map(([name, value]: [string, any]) => [name, value.id]));
});
afterAll(() => kb.close());

const statementsWhere = async (filter: Record<string, unknown>, extra = '') => {
  const { statements } = await kb.data(
    `query ($filter: StatementFilter) { statements(first: 100, filter: $filter ${extra}) { totalCount edges { node { position text } } } }`,
    { filter },
  );
  return { total: statements.totalCount, positions: statements.edges.map((e: any) => e.node.position) };
};

describe('statements(filter:)', () => {
  it('answers "what did Iran\'s foreign minister say about drones" in one query', async () => {
    expect(await statementsWhere({ speaker: ids.amir, search: 'drones' })).toEqual({ total: 3, positions: [1, 2, 3] });
  });

  it('answers "who mentioned Germany"', async () => {
    expect(await statementsWhere({ mentions: [ids.germany] })).toEqual({ total: 1, positions: [7] });
  });

  it('takes mentions as any of several countries, organizations or speakers', async () => {
    expect(await statementsWhere({ mentions: [ids.germany, ids.biden, ids.group] })).toEqual({ total: 3, positions: [4, 6, 7] });
  });

  it('answers "statements from members of the Group of Friends" (speaker nationality)', async () => {
    expect((await statementsWhere({ speakerCountryMemberOf: ids.group })).total).toBe(7);
    const { statements } = await kb.data(
      `query ($g: ID!) { statements(filter: { speakerCountryMemberOf: $g }) { edges { node { speaker { country { name } } } } } }`,
      { g: ids.group },
    );
    for (const { node } of statements.edges) expect(node.speaker.country.name).toBe('Iran');
  });

  it("filters by the speaker's country, their organization (role of the day), kind and article", async () => {
    expect((await statementsWhere({ speakerCountry: ids.iran })).total).toBe(7);
    expect((await statementsWhere({ speakerCountry: ids.us })).total).toBe(0);
    expect((await statementsWhere({ speakerOrganization: ids.ministry })).total).toBe(7);
    // The minister's paraphrase, first in the seed article, and the claim in a related article's headline.
    const { statements: paraphrases } = await kb.data(
      `{ statements(filter: { kind: PARAPHRASE }) { totalCount edges { node { position location article { slug } } } } }`,
    );
    expect(paraphrases.totalCount).toBe(2);
    expect(paraphrases.edges.map((e: any) => e.node)).toEqual([
      { position: 1, location: 'BODY', article: { slug: 'iran-sold-drones-to-russia-before-ukraine-war' } },
      { position: 1, location: 'HEADLINE', article: { slug: 'spokesman-iran-will-not-give-russia-drones' } },
    ]);
    expect((await statementsWhere({ article: ids.article, kind: 'DIRECT_QUOTE' })).total).toBe(6);
  });

  it('filters by publication date, inclusive on both ends', async () => {
    expect((await statementsWhere({ publishedAfter: '2022-11-05', publishedBefore: '2022-11-05' })).total).toBe(7);
    expect((await statementsWhere({ publishedAfter: '2022-11-06' })).total).toBe(0);
    expect((await statementsWhere({ publishedBefore: '2022-11-04' })).total).toBe(0);
  });

  it('ANDs every condition', async () => {
    expect(await statementsWhere({ speaker: ids.amir, mentions: [ids.us], search: 'regime' })).toEqual({ total: 1, positions: [5] });
    expect((await statementsWhere({ mentions: [ids.germany], kind: 'PARAPHRASE' })).total).toBe(0);
  });

  it.each([
    ['an unknown speaker', { speaker: encodeGlobalId('Speaker', 999999) }, 'filter.speaker'],
    ['an ID of the wrong type', { speakerCountry: encodeGlobalId('Speaker', 1) }, 'filter.speakerCountry'],
    ['a malformed ID', { article: 'nonsense' }, 'filter.article'],
    ['an unknown mention', { mentions: [encodeGlobalId('Country', 999999)] }, 'filter.mentions'],
    ['a statement as a mention', { mentions: [encodeGlobalId('Statement', 1)] }, 'filter.mentions'],
    ['an empty mentions list', { mentions: [] }, 'filter.mentions'],
    ['an empty search', { search: '   ' }, 'filter.search'],
    ['an inverted date range', { publishedAfter: '2023-01-01', publishedBefore: '2022-01-01' }, 'filter'],
  ])('refuses %s with BAD_USER_INPUT naming it', async (_, filter, argument) => {
    const result = await kb.graphql(`query ($filter: StatementFilter) { statements(filter: $filter) { totalCount } }`, { filter });
    expect(onlyError(result).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  });

  it('refuses a malformed date through the Date scalar', async () => {
    const result = await kb.graphql(`{ statements(filter: { publishedAfter: "5 Nov 2022" }) { totalCount } }`);
    expect(result.errors?.[0].message).toMatch(/Date/);
  });

  it('treats search input as words, never as SQL', async () => {
    for (const search of ["'; DROP TABLE statements; --", 'drones & | ! (', '"unclosed', 'a:* <-> b']) {
      const result = await kb.graphql(`query ($s: String!) { statements(filter: { search: $s }) { totalCount } }`, { s: search });
      expect(result.errors).toBeUndefined();
    }
    expect((await statementsWhere({})).total).toBe(8);
  });
});

describe('other filters', () => {
  it('articles: by publisher, speaker, mentions, date and search', async () => {
    const query = `query ($filter: ArticleFilter) { articles(filter: $filter, first: 50) { totalCount edges { node { slug } } } }`;
    const total = async (filter: Record<string, unknown>) => (await kb.data(query, { filter })).articles.totalCount;
    expect(await total({ publisher: ids.iranPress })).toBe(6);
    expect(await total({ speaker: ids.amir })).toBe(1);
    expect(await total({ mentions: [ids.germany] })).toBe(1);
    expect(await total({ publishedAfter: '2022-01-01' })).toBe(1);
    expect(await total({ search: 'drones' })).toBe(4);
    expect(await total({ search: 'drones', publishedAfter: '2022-01-01' })).toBe(1);
  });

  it('speakers: by country, organization (roles) and name, aliases and typos included', async () => {
    const query = `query ($filter: SpeakerFilter) { speakers(filter: $filter) { edges { node { slug } } } }`;
    const slugs = async (filter: Record<string, unknown>) => (await kb.data(query, { filter })).speakers.edges.map((e: any) => e.node.slug);
    expect(await slugs({ country: ids.iran })).toEqual(['ebrahim-raisi', 'hossein-amir-abdollahian']);
    expect(await slugs({ organization: ids.ministry })).toEqual(['hossein-amir-abdollahian']);
    expect(await slugs({ name: 'Amir Abdolahian' })).toEqual(['hossein-amir-abdollahian']);
    expect(await slugs({ name: 'Joseph R. Biden' })).toEqual(['joe-biden']);
    expect(await slugs({ name: 'Bid' })).toEqual(['joe-biden']);
    expect(await slugs({ name: 'Raisi', country: ids.us })).toEqual([]);
  });

  it('organizations and countries: by kind, member country, membership and name', async () => {
    const result = await kb.data(
      `query ($iran: ID!, $group: ID!) {
      media: organizations(filter: { kind: MEDIA }) { edges { node { slug } } }
      iranIn: organizations(filter: { memberCountry: $iran }) { edges { node { slug } } }
      friends: organizations(filter: { name: "Group of Friends" }) { edges { node { slug } } }
      acronym: organizations(filter: { name: "UN" }) { edges { node { slug } } }
      members: countries(filter: { memberOf: $group }) { totalCount }
      membersNamedI: countries(filter: { memberOf: $group, name: "Iran" }) { edges { node { alpha2 } } }
      demonym: countries(filter: { name: "German" }) { edges { node { alpha2 } } }
    }`,
      { iran: ids.iran, group: ids.group },
    );
    const slugs = (key: string) => result[key].edges.map((e: any) => e.node.slug ?? e.node.alpha2);
    expect(slugs('media')).toEqual(['iran-press']);
    expect(slugs('iranIn')).toEqual(['group-of-friends-in-defense-of-the-un-charter']);
    expect(slugs('friends')).toEqual(['group-of-friends-in-defense-of-the-un-charter']);
    expect(slugs('acronym')).toContain('united-nations');
    expect(result.members.totalCount).toBe(19);
    expect(slugs('membersNamedI')).toEqual(['IR']);
    expect(slugs('demonym')).toContain('DE');
  });
});

describe('orderBy', () => {
  beforeAll(async () => {
    await insertNewsroom(kb.db, { tag: 'order', articleCount: 12, statementsPerArticle: 3, speakerCount: 4 });
  });

  it('orders articles by date or title, either way, and walks them with keyset cursors', async () => {
    const walk = async (orderBy: Record<string, string>) => {
      const seen: any[] = [];
      let after: string | null = null;
      for (;;) {
        const { articles: page }: any = await kb.data(
          `query ($orderBy: ArticleOrder, $after: String) { articles(first: 5, after: $after, orderBy: $orderBy) { edges { node { title publishedAt } } pageInfo { hasNextPage endCursor } } }`,
          { orderBy, after },
        );
        seen.push(...page.edges.map((e: any) => e.node));
        if (!page.pageInfo.hasNextPage) return seen;
        after = page.pageInfo.endCursor;
      }
    };
    const byDateDesc = await walk({ field: 'PUBLISHED_AT', direction: 'DESC' });
    expect(byDateDesc).toHaveLength(18);
    const dates = byDateDesc.map((a) => a.publishedAt ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
    const byDateAsc = await walk({ field: 'PUBLISHED_AT', direction: 'ASC' });
    expect(byDateAsc.map((a) => a.title)).toEqual(byDateDesc.map((a) => a.title).reverse());
    const byTitle = await walk({ field: 'TITLE', direction: 'ASC' });
    expect(new Set(byTitle.map((a) => a.title)).size).toBe(18);
  });

  it("orders statements by their article's date", async () => {
    const { statements } = await kb.data(
      `{ statements(first: 100, orderBy: { field: PUBLISHED_AT, direction: DESC }) { totalCount edges { node { article { publishedAt } } } } }`,
    );
    const dates = statements.edges.map((e: any) => e.node.article.publishedAt);
    expect(statements.totalCount).toBe(44);
    // Newest first; an undated article counts as the oldest, so the related headline's statement comes last.
    expect(dates.at(-1)).toBeNull();
    expect(dates.slice(0, -1)).toEqual([...dates.slice(0, -1)].sort().reverse());
  });

  it('refuses a cursor made under another order', async () => {
    const { articles } = await kb.data(`{ articles(first: 2, orderBy: { field: TITLE, direction: ASC }) { pageInfo { endCursor } } }`);
    const result = await kb.graphql(`query ($after: String) { articles(first: 2, after: $after) { totalCount } }`, {
      after: articles.pageInfo.endCursor,
    });
    expect(onlyError(result).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'cursor' });
  });

  it('keeps a filtered walk exact while matching rows are inserted behind and ahead of the cursor', async () => {
    const bySlug = async (slug: string) => (await kb.db.select().from(articles).where(eq(articles.slug, slug)))[0];
    // A paraphrase's text is the first seven characters of its article's body ("Speaker").
    const paraphrase = (article: typeof articles.$inferSelect, position: number) =>
      kb.db.insert(statements).values({
        articleId: article.id,
        position,
        kind: 'PARAPHRASE',
        text: article.body!.slice(0, 7),
        spanStart: 0,
        spanEnd: 7,
      });
    const [seed, headline, early, middle, late] = await Promise.all([
      bySlug('iran-sold-drones-to-russia-before-ukraine-war'),
      bySlug('spokesman-iran-will-not-give-russia-drones'),
      bySlug('order-article-0'),
      bySlug('order-article-5'),
      bySlug('order-article-11'),
    ]);
    await paraphrase(middle, 50);
    const query = `query ($after: String) { statements(first: 1, after: $after, filter: { kind: PARAPHRASE }) { edges { node { article { slug } } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let page = (await kb.data(query)).statements;
    seen.push(...page.edges.map((e: any) => e.node.article.slug));
    while (seen.at(-1) !== middle.slug && page.pageInfo.hasNextPage) {
      page = (await kb.data(query, { after: page.pageInfo.endCursor })).statements;
      seen.push(...page.edges.map((e: any) => e.node.article.slug));
    }
    // The cursor stands on article 5's paraphrase, past the seed's two: the minister's and the related headline's.
    expect(seen).toEqual([seed.slug, headline.slug, middle.slug]);
    // Now one behind the cursor (article 0 sorts before article 5) and one ahead of it.
    await paraphrase(early, 50);
    await paraphrase(late, 50);
    while (page.pageInfo.hasNextPage || seen.length < 4) {
      page = (await kb.data(query, { after: page.pageInfo.endCursor })).statements;
      seen.push(...page.edges.map((e: any) => e.node.article.slug));
      if (!page.edges.length) break;
    }
    expect(seen).toEqual([seed.slug, headline.slug, middle.slug, late.slug]);
  });
});

describe('counts', () => {
  it('are batched: one grouped query for all rows of a page, whatever their number', async () => {
    const query = (n: number) => `{
      speakers(first: ${n}) { edges { node { statementCount } } }
      countries(first: ${n}) { edges { node { mentionCount } } }
      organizations(first: ${n}) { edges { node { memberCount } } }
    }`;
    const small = await kb.countQueries(() => kb.data(query(2)));
    const large = await kb.countQueries(() => kb.data(query(50)));
    expect(large.length).toBe(small.length);
    expect(large.length).toBe(6);
  });

  it('agree with the connections they summarise', async () => {
    const result = await kb.data(`{
      speaker(slug: "hossein-amir-abdollahian") { statementCount statements { totalCount } }
      country(code: "US") { mentionCount mentionedIn { totalCount } }
      organization(slug: "group-of-friends-in-defense-of-the-un-charter") { memberCount members { totalCount } }
    }`);
    expect(result.speaker).toEqual({ statementCount: 7, statements: { totalCount: 7 } });
    expect(result.country).toEqual({ mentionCount: 3, mentionedIn: { totalCount: 3 } });
    expect(result.organization).toEqual({ memberCount: 19, members: { totalCount: 19 } });
  });
});
