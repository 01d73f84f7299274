import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createApp } from '../src/app';
import { createToken } from '../src/auth/tokens';
import { driverErrorOf } from '../src/core/errors';
import { databaseIdOf } from '../src/core/global-id';
import { rowsOf } from '../src/db';
import { writeDump } from '../src/dump/dump';
import { restoreDump } from '../src/dump/restore';
import { createStatement } from '../src/services/statements';
import { openTestApp, onlyError, type TestApp } from './support/harness';
import { emptyScratchDatabase } from './support/scratch-databases';

/**
 * The review queue and the corrections history (issue 17, part 3), through GraphQL: what waits
 * for an editor, the editors' actions, and every change recorded, with the scope rules (write to
 * act, a token to see).
 */

let kb: TestApp;
let writer: string;
let reader: string;
let admin: string;
beforeAll(async () => {
  kb = await openTestApp();
  writer = (await createToken(kb.db, { name: 'review desk', scope: 'write' })).token;
  reader = (await createToken(kb.db, { name: 'review reader', scope: 'read' })).token;
  admin = (await createToken(kb.db, { name: 'review admin', scope: 'admin' })).token;
});
afterAll(() => kb.close());

const databaseId = (globalId: string) => databaseIdOf(globalId, 'Statement');

const create = (mutation: string, input: Record<string, unknown>, result: string) => kb.created(mutation, input, result, writer);

let urls = 0;
async function article(body: string, publisher: string | null, publishedAt = '2024-11-01') {
  urls += 1;
  return create(
    'createArticle',
    { title: `Review ${urls}`, body, url: `https://review.example/${urls}`, publisher, publishedAt },
    'article',
  );
}

/** A statement for `quote` in a new article; with `confidence`, filed as the importer files one. */
async function statement(options: { body: string; quote: string; publisher: string | null; speaker?: string; confidence?: number }) {
  const articleId = await article(options.body, options.publisher);
  const start = options.body.indexOf(options.quote);
  const input = { article: articleId, kind: 'DIRECT_QUOTE' as const, spanStart: start, spanEnd: start + options.quote.length };
  if (options.confidence !== undefined) {
    const row = await createStatement(kb.db, { ...input, speaker: options.speaker }, { attributionConfidence: options.confidence });
    return Buffer.from(`Statement:${row.id}`).toString('base64url');
  }
  return create('createStatement', { ...input, speaker: options.speaker ?? null }, 'statement');
}

const queueQuery = `query($filter: ReviewQueueFilter, $orderBy: ReviewQueueOrder) {
  reviewQueue(first: 100, filter: $filter, orderBy: $orderBy) { totalCount edges { reasons suggestedLinks { id status } node { id text } } } }`;

async function queue(filter: Record<string, unknown> = {}, orderBy?: Record<string, string>) {
  const data = await kb.data(queueQuery, { filter, orderBy }, reader);
  return data.reviewQueue.edges as { reasons: string[]; suggestedLinks: { id: string }[]; node: { id: string; text: string } }[];
}
const idsIn = (edges: { node: { id: string } }[]) => edges.map((edge) => edge.node.id);

const historyQuery = `query($id: ID!) { node(id: $id) { ... on Statement { reviewStatus editorConfirmed reviewedBy attributionConfidence
  history(first: 50) { totalCount nodes { id kind changedBy reason before after createdAt statement { id } relatedStatement { id } } } } } }`;

async function historyOf(id: string) {
  return (await kb.data(historyQuery, { id }, reader)).node;
}

let heraldId: string;
let postId: string;
let speakerId: string;
const ids: Record<string, string> = {};
let started: string;

beforeAll(async () => {
  started = new Date(Date.now() - 1000).toISOString();
  heraldId = await create('createOrganization', { name: 'Review Herald', kind: 'MEDIA' }, 'organization');
  postId = await create('createOrganization', { name: 'Review Post', kind: 'MEDIA' }, 'organization');
  speakerId = await create('createSpeaker', { name: 'Ilse Brandt' }, 'speaker');
  ids.unattributed = await statement({
    body: 'A voice in the crowd shouted: "We will march again next Sunday, and every Sunday after."',
    quote: 'We will march again next Sunday, and every Sunday after.',
    publisher: heraldId,
  });
  ids.misread = await statement({
    body: 'The sign read: "Closed for the holidays until further notice, sorry." Nobody knew who put it up.',
    quote: 'Closed for the holidays until further notice',
    publisher: heraldId,
  });
  ids.doubtful = await statement({
    body: 'Brandt, it seemed, said: "The budget talks have failed for this year." Others disagreed.',
    quote: 'The budget talks have failed for this year.',
    publisher: postId,
    speaker: speakerId,
    confidence: 0.6,
  });
  ids.sure = await statement({
    body: 'Brandt said: "The bridge reopens on Monday morning at six o\'clock." She was firm.',
    quote: "The bridge reopens on Monday morning at six o'clock.",
    publisher: postId,
    speaker: speakerId,
    confidence: 0.95,
  });
  ids.byEditor = await statement({
    body: 'Brandt said: "Our schools will stay open through the whole winter season." She smiled.',
    quote: 'Our schools will stay open through the whole winter season.',
    publisher: postId,
    speaker: speakerId,
  });
  // The same words again with no named source: a suggested claim link from it.
  ids.echo = await statement({
    body: 'A leaflet said: "Our schools will stay open through the whole winter season." It was unsigned.',
    quote: 'Our schools will stay open through the whole winter season.',
    publisher: null,
  });
});

describe('the review queue', () => {
  it('lists unattributed, low-confidence and suggested-link statements with their reasons, oldest first', async () => {
    const edges = await queue();
    const byId = new Map(edges.map((edge) => [edge.node.id, edge]));
    expect(byId.get(ids.unattributed)?.reasons).toEqual(['UNATTRIBUTED']);
    expect(byId.get(ids.doubtful)?.reasons).toEqual(['LOW_CONFIDENCE']);
    expect(byId.get(ids.echo)?.reasons).toEqual(['UNATTRIBUTED', 'SUGGESTED_LINK']);
    expect(byId.get(ids.echo)?.suggestedLinks).toEqual([expect.objectContaining({ status: 'SUGGESTED' })]);
    expect(byId.has(ids.sure)).toBe(false);
    expect(byId.has(ids.byEditor)).toBe(false);
    const ours = idsIn(edges).filter((id) => Object.values(ids).includes(id));
    expect(ours).toEqual([ids.unattributed, ids.misread, ids.doubtful, ids.echo]);
  });

  it('filters by publisher, speaker, confidence, age and reason, and orders by confidence', async () => {
    expect(idsIn(await queue({ publisher: heraldId }))).toEqual([ids.unattributed, ids.misread]);
    expect(idsIn(await queue({ speaker: speakerId }))).toEqual([ids.doubtful]);
    expect(idsIn(await queue({ minConfidence: 0.5, maxConfidence: 0.7 }))).toContain(ids.doubtful);
    expect(idsIn(await queue({ minConfidence: 0.5 }))).not.toContain(ids.unattributed);
    expect(idsIn(await queue({ reason: 'SUGGESTED_LINK' }))).toContain(ids.echo);
    expect(idsIn(await queue({ reason: 'SUGGESTED_LINK' }))).not.toContain(ids.unattributed);
    expect(idsIn(await queue({ filedBefore: started, publisher: heraldId }))).toEqual([]);
    expect(idsIn(await queue({ filedAfter: started, publisher: heraldId }))).toEqual([ids.unattributed, ids.misread]);
    const byConfidence = idsIn(await queue({ speaker: speakerId }, { field: 'CONFIDENCE', direction: 'DESC' }));
    expect(byConfidence).toEqual([ids.doubtful]);
    const unknown = await kb.graphql(
      queueQuery,
      { filter: { publisher: Buffer.from('Organization:999999').toString('base64url') } },
      reader,
    );
    expect(onlyError(unknown).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.publisher' });
    const outside = await kb.graphql(queueQuery, { filter: { maxConfidence: 2 } }, reader);
    expect(onlyError(outside).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.maxConfidence' });
  });

  it('needs a token to see', async () => {
    expect(onlyError(await kb.graphql(queueQuery, {})).extensions?.code).toBe('UNAUTHENTICATED');
    const history = await kb.graphql(`query($id: ID!) { node(id: $id) { ... on Statement { text history { totalCount } } } }`, {
      id: ids.doubtful,
    });
    expect(onlyError(history).extensions?.code).toBe('UNAUTHENTICATED');
  });
});

const confirm = `mutation($input: ReviewStatementInput!) { confirmStatement(input: $input) { __typename
  ... on ConfirmStatementSuccess { statement { reviewStatus editorConfirmed reviewedBy attributionConfidence } } ... on UserError { message path } } }`;

describe("the editors' actions", () => {
  it('need a write token', async () => {
    expect(onlyError(await kb.graphql(confirm, { input: { id: ids.doubtful } })).extensions?.code).toBe('UNAUTHENTICATED');
    expect(onlyError(await kb.graphql(confirm, { input: { id: ids.doubtful } }, reader)).extensions?.code).toBe('FORBIDDEN');
    expect((await historyOf(ids.doubtful)).history.totalCount).toBe(0);
  });

  it('confirming keeps the importer’s confidence, shows the editor, takes the statement out of the queue and records it', async () => {
    const data = await kb.data(confirm, { input: { id: ids.doubtful, reason: 'Checked the recording.' } }, writer);
    expect(data.confirmStatement.statement).toEqual({
      reviewStatus: 'CONFIRMED',
      editorConfirmed: true,
      reviewedBy: 'review desk',
      attributionConfidence: 0.6,
    });
    expect(idsIn(await queue())).not.toContain(ids.doubtful);
    const { history } = await historyOf(ids.doubtful);
    expect(history.nodes).toEqual([
      expect.objectContaining({
        kind: 'CONFIRMED',
        changedBy: 'review desk',
        reason: 'Checked the recording.',
        before: { reviewStatus: null, reviewedBy: null, reviewedAt: null },
        after: expect.objectContaining({ reviewStatus: 'CONFIRMED', reviewedBy: 'review desk' }),
        statement: { id: ids.doubtful },
        relatedStatement: null,
      }),
    ]);
  });

  it('reattributing names the source, clears the confidence, confirms, and records before and after', async () => {
    const data = await kb.data(
      `mutation($input: ReattributeStatementInput!) { reattributeStatement(input: $input) { __typename
        ... on ReattributeStatementSuccess { statement { speaker { id } editorConfirmed attributionConfidence sourceKind } } } }`,
      { input: { id: ids.unattributed, speaker: speakerId, reason: 'Named in the video.' } },
      writer,
    );
    expect(data.reattributeStatement.statement).toEqual({
      speaker: { id: speakerId },
      editorConfirmed: true,
      attributionConfidence: null,
      sourceKind: 'PERSON',
    });
    expect(idsIn(await queue())).not.toContain(ids.unattributed);
    const [change] = (await historyOf(ids.unattributed)).history.nodes;
    expect(change).toMatchObject({ kind: 'REATTRIBUTED', changedBy: 'review desk', reason: 'Named in the video.' });
    expect(change.before).toMatchObject({ speaker: null, reviewStatus: null });
    expect(change.after).toMatchObject({ speaker: speakerId, reviewStatus: 'CONFIRMED' });

    const empty = await kb.data(
      `mutation($input: ReattributeStatementInput!) { reattributeStatement(input: $input) { __typename ... on UserError { path } } }`,
      { input: { id: ids.misread } },
      writer,
    );
    expect(empty.reattributeStatement).toEqual({ __typename: 'ValidationError', path: ['input', 'speaker'] });
  });

  it('correcting the span changes the text, keeps the statement waiting, and records the old span', async () => {
    const body = 'The sign read: "Closed for the holidays until further notice, sorry." Nobody knew who put it up.';
    const start = body.indexOf('Closed');
    const end = body.indexOf(', sorry') + ', sorry'.length;
    const data = await kb.data(
      `mutation($input: CorrectStatementSpanInput!) { correctStatementSpan(input: $input) { __typename
        ... on CorrectStatementSpanSuccess { statement { text reviewStatus } } ... on UserError { message } } }`,
      { input: { id: ids.misread, spanStart: start, spanEnd: end, reason: 'The quotation runs on.' } },
      writer,
    );
    expect(data.correctStatementSpan.statement).toEqual({ text: body.slice(start, end), reviewStatus: null });
    expect(idsIn(await queue())).toContain(ids.misread);
    const [change] = (await historyOf(ids.misread)).history.nodes;
    expect(change).toMatchObject({
      kind: 'SPAN_CORRECTED',
      before: {
        spanEnd: start + 'Closed for the holidays until further notice'.length,
        text: 'Closed for the holidays until further notice',
      },
      after: { spanEnd: end, text: body.slice(start, end) },
    });
  });

  it('rejecting takes it out of the queue and keeps it stored', async () => {
    const data = await kb.data(
      `mutation($input: ReviewStatementInput!) { rejectStatement(input: $input) { ... on RejectStatementSuccess { statement { id reviewStatus editorConfirmed } } } }`,
      { input: { id: ids.misread } },
      writer,
    );
    expect(data.rejectStatement.statement).toEqual({ id: ids.misread, reviewStatus: 'REJECTED', editorConfirmed: false });
    expect(idsIn(await queue())).not.toContain(ids.misread);
    expect((await historyOf(ids.misread)).history.nodes.map((change: any) => [change.kind, change.reason])).toEqual([
      ['SPAN_CORRECTED', 'The quotation runs on.'],
      ['REJECTED', null],
    ]);
  });

  it('settling a suggested link records the decision and its relation in both statements’ histories', async () => {
    const [edge] = (await queue({ reason: 'SUGGESTED_LINK' })).filter((item) => item.node.id === ids.echo);
    const result = await kb.data(
      `mutation($id: ID!, $reason: String) { confirmClaimLink(id: $id, reason: $reason) { __typename } }`,
      { id: edge.suggestedLinks[0].id, reason: 'Same leaflet text.' },
      writer,
    );
    expect(result.confirmClaimLink.__typename).toBe('ConfirmClaimLinkSuccess');
    expect(idsIn(await queue({ reason: 'SUGGESTED_LINK' }))).not.toContain(ids.echo);
    const kinds = (await historyOf(ids.echo)).history.nodes.map((change: any) => [change.kind, change.changedBy, change.reason]);
    expect(kinds).toEqual([
      ['RELATION_ADDED', 'review desk', 'Same leaflet text.'],
      ['LINK_CONFIRMED', 'review desk', 'Same leaflet text.'],
    ]);
    const other = (await historyOf(ids.byEditor)).history.nodes;
    expect(other.map((change: any) => [change.kind, change.relatedStatement?.id ?? change.statement.id])).toEqual([
      ['RELATION_ADDED', ids.byEditor],
      ['LINK_CONFIRMED', ids.byEditor],
    ]);
    expect(other[0].after).toMatchObject({ kind: 'REPEATS', from: ids.echo, to: ids.byEditor, assertedBy: 'review desk' });
  });
});

describe('the corrections history', () => {
  it('records every edit, relation and deletion, with the token name, and outlives the statement', async () => {
    await kb.data(
      `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { __typename } }`,
      { input: { id: ids.sure, attributionVerb: 'insisted' } },
      writer,
    );
    const related = await kb.data(
      `mutation($input: CreateStatementRelationInput!) { createStatementRelation(input: $input) { ... on CreateStatementRelationSuccess { relation { id } } } }`,
      { input: { from: ids.sure, to: ids.doubtful, kind: 'CONTRADICTS' } },
      writer,
    );
    const relationId = related.createStatementRelation.relation.id;
    await kb.data(`mutation($id: ID!) { deleteStatementRelation(id: $id) { __typename } }`, { id: relationId }, admin);
    const { history } = await historyOf(ids.sure);
    expect(history.nodes.map((change: any) => [change.kind, change.changedBy])).toEqual([
      ['EDITED', 'review desk'],
      ['RELATION_ADDED', 'review desk'],
      ['RELATION_REMOVED', 'review admin'],
    ]);
    expect(history.nodes[0]).toMatchObject({ before: { attributionVerb: null }, after: { attributionVerb: 'insisted' } });
    expect(history.nodes[2].before).toMatchObject({ id: relationId, kind: 'CONTRADICTS' });
    // The other end sees the relation too.
    expect((await historyOf(ids.doubtful)).history.nodes.map((change: any) => change.kind)).toEqual([
      'CONFIRMED',
      'RELATION_ADDED',
      'RELATION_REMOVED',
    ]);

    await kb.data(`mutation($id: ID!) { deleteStatement(id: $id) { __typename } }`, { id: ids.sure }, admin);
    // Deleted, the statement is gone from its history's own field, but its history stays.
    const kinds = rowsOf(
      await kb.db.execute(sql`SELECT kind FROM statement_changes WHERE statement_id = ${databaseId(ids.sure)} ORDER BY id`),
    );
    expect(kinds.map((row) => row.kind)).toEqual(['EDITED', 'RELATION_ADDED', 'RELATION_REMOVED', 'DELETED']);
  });

  it('reads a change by its ID with a token only; a deleted statement’s last change holds it as it was', async () => {
    const [{ id }] = rowsOf(
      await kb.db.execute(sql`SELECT id FROM statement_changes WHERE statement_id = ${databaseId(ids.sure)} AND kind = 'DELETED'`),
    );
    const changeId = Buffer.from(`StatementChange:${id}`).toString('base64url');
    const query = `query($id: ID!) { node(id: $id) { ... on StatementChange { kind statement { id } before after changedBy } } }`;
    expect(onlyError(await kb.graphql(query, { id: changeId })).extensions?.code).toBe('NOT_FOUND');
    const { node } = await kb.data(query, { id: changeId }, reader);
    expect(node).toMatchObject({ kind: 'DELETED', statement: null, after: null, changedBy: 'review admin' });
    expect(node.before).toMatchObject({
      text: "The bridge reopens on Monday morning at six o'clock.",
      speaker: speakerId,
      attributionVerb: 'insisted',
    });
  });

  it('records a merge of speakers and a new import of an article under the token that made them', async () => {
    const twin = await create('createSpeaker', { name: 'I. Brandt' }, 'speaker');
    const quote = 'The harbour tax will be cut by half for every small fishing boat.';
    const moved = await statement({ body: `Brandt said: "${quote}"`, quote, publisher: postId, speaker: twin });
    const merged = await kb.data(
      `mutation($input: MergeSpeakersInput!) { mergeSpeakers(input: $input) { __typename } }`,
      { input: { keep: speakerId, absorb: twin } },
      admin,
    );
    expect(merged.mergeSpeakers.__typename).toBe('MergeSpeakersSuccess');
    const [change] = (await historyOf(moved)).history.nodes;
    expect(change).toMatchObject({ kind: 'EDITED', changedBy: 'review admin', before: { speaker: twin }, after: { speaker: speakerId } });

    const importMutation = `mutation($input: ImportArticleInput!) { importArticle(input: $input) { ... on ImportArticleSuccess { articleImport { statements { id } } } } }`;
    const input = { url: 'https://review.example/import', title: 'Harbour', body: `"${quote}" said Ilse Brandt on Monday.` };
    const [imported] = (await kb.data(importMutation, { input }, writer)).importArticle.articleImport.statements;
    await kb.data(
      `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { __typename } }`,
      { input: { id: imported.id, attributionVerb: 'stated' } },
      admin,
    );
    await kb.data(importMutation, { input: { ...input, title: 'Harbour tax' } }, writer);
    const kinds = (await historyOf(imported.id)).history.nodes.map((node: any) => [node.kind, node.changedBy]);
    // The editor's change, then the new import's rewrite of what it keeps, under the importer's token.
    expect(kinds.length).toBeGreaterThan(1);
    expect(kinds).toEqual([['EDITED', 'review admin'], ...kinds.slice(1).map(() => ['EDITED', 'review desk'])]);
  });

  it('names the seed as who filed its relations', async () => {
    const data = await kb.data(
      `{ statements(first: 20) { nodes { relations { assertedBy } history { nodes { kind changedBy } } } } }`,
      {},
      reader,
    );
    const related = data.statements.nodes.filter((node: any) =>
      node.relations.some((relation: any) => relation.assertedBy === 'newskb seed annotation'),
    );
    expect(related.length).toBeGreaterThan(0);
    for (const node of related) expect(node.history.nodes).toContainEqual({ kind: 'RELATION_ADDED', changedBy: 'newskb:seed' });
  });

  it('names the clustering as who filed its own links', async () => {
    const quote = 'The new ferry line will carry its first passengers in the spring.';
    const first = await statement({ body: `Brandt said: "${quote}"`, quote, publisher: postId, speaker: speakerId });
    await statement({ body: `Brandt said again: "${quote}"`, quote, publisher: heraldId, speaker: speakerId });
    const [added] = (await historyOf(first)).history.nodes;
    expect(added).toMatchObject({ kind: 'RELATION_ADDED', changedBy: 'newskb:auto-cluster' });
  });

  it('is never rewritten: the database refuses UPDATE, DELETE and TRUNCATE, whoever asks', async () => {
    const count = async () =>
      rowsOf(
        await kb.db.execute(
          sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE reason = 'rewritten')::int AS rewritten FROM statement_changes`,
        ),
      )[0];
    const before = await count();
    expect(before.n).toBeGreaterThan(10);
    for (const statement of [
      sql`UPDATE statement_changes SET reason = 'rewritten'`,
      sql`DELETE FROM statement_changes`,
      sql`TRUNCATE statement_changes`,
    ]) {
      const refused = await kb.db.execute(statement).then(
        () => null,
        (error: unknown) => driverErrorOf(error),
      );
      expect(refused?.message).toMatch(/^statement_changes is append-only/);
    }
    expect(await count()).toEqual({ n: before.n, rewritten: 0 });
  });
});

describe('the history in dumps', () => {
  it('round-trips: the same entries, reviews and IDs, none recorded again by the restore', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'newskb-history-dump-'));
    const scratch = await emptyScratchDatabase();
    const restored = await scratch.open();
    try {
      const manifest = await writeDump(kb.db, folder);
      expect(manifest.version).toBe(2);
      expect(manifest.files.at(-1)).toMatchObject({ file: 'statement-changes.jsonl', type: 'StatementChange' });
      await restoreDump(restored.db, folder);
      const token = (await createToken(restored.db, { name: 'restored reader', scope: 'read' })).token;
      const query = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Statement { id reviewStatus reviewedBy reviewedAt attributionConfidence
        history(first: 50) { nodes { id kind changedBy reason before after createdAt statement { id } relatedStatement { id } } } } } }`;
      const variables = { ids: [ids.unattributed, ids.misread, ids.doubtful, ids.echo, ids.byEditor] };
      const before = await kb.data(query, variables, reader);
      const response = await createApp({ db: restored.db }).fetch('http://newskb.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const after = ((await response.json()) as any).data;
      expect(before.nodes.flatMap((node: any) => node.history.nodes).length).toBeGreaterThan(8);
      expect(after).toEqual(before);
      const count = async (db: typeof kb.db) =>
        rowsOf(await db.execute(sql`SELECT count(*)::int AS n, max(id) AS last FROM statement_changes`))[0];
      expect(await count(restored.db)).toEqual(await count(kb.db));
      // The deleted statement's history came along, and the restored history is as append-only.
      const deleted = rowsOf(
        await restored.db.execute(sql`SELECT kind FROM statement_changes WHERE statement_id = ${databaseId(ids.sure)} ORDER BY id`),
      );
      expect(deleted.map((row) => row.kind)).toEqual(['EDITED', 'RELATION_ADDED', 'RELATION_REMOVED', 'DELETED']);
      await expect(restored.db.execute(sql`DELETE FROM statement_changes`)).rejects.toThrow();
    } finally {
      await restored.close();
      await scratch.remove();
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('the history in exports', () => {
  const fetchHistory = (query: string, token?: string) =>
    kb.app.fetch(`http://newskb.test/export/history.${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('needs a token, and lists a statement’s entries as Statement.history does', async () => {
    const refused = await fetchHistory('ndjson');
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const response = await fetchHistory(`ndjson?statement=${ids.echo}`, reader);
    expect(response.status).toBe(200);
    const rows = (await response.text())
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    const { history } = await historyOf(ids.echo);
    expect(rows).toEqual(
      history.nodes.map((change: any) => ({
        id: change.id,
        statementId: change.statement.id,
        relatedStatementId: change.relatedStatement?.id ?? null,
        kind: change.kind,
        before: change.before,
        after: change.after,
        changedBy: change.changedBy,
        reason: change.reason,
        createdAt: change.createdAt,
      })),
    );
    const csv = await (await fetchHistory(`csv?kind=CONFIRMED&changedBy=review%20desk`, reader)).text();
    expect(csv.split('\n')[0]).toBe('id,statementId,relatedStatementId,kind,before,after,changedBy,reason,createdAt');
    // One CONFIRMED entry by the desk in this file (the doubtful statement), its values as JSON in the field.
    expect(csv.trim().split('\n')).toHaveLength(2);
    expect(csv).toContain(`${ids.doubtful},,CONFIRMED,`);
    expect(csv).toContain('""reviewStatus"":""CONFIRMED""');
  });

  it('shows the verdict in the statements export', async () => {
    const rows = (await (await kb.app.fetch('http://newskb.test/export/statements.ndjson')).text())
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(rows.find((row) => row.id === ids.doubtful)).toMatchObject({ reviewStatus: 'CONFIRMED', reviewedBy: 'review desk' });
  });
});
