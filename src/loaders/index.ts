import DataLoader from 'dataloader';
import { asc, eq, getTableName, inArray, or, type AnyColumn } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import {
  apiTokens,
  articles,
  claimLinks,
  claims,
  countries,
  memberships,
  mentions,
  organizations,
  statementRelations,
  speakerRoles,
  speakers,
  statementChanges,
  statements,
  type ApiTokenRow,
  type ArticleRow,
  type ClaimLinkRow,
  type ClaimRow,
  type CountryRow,
  type MembershipRow,
  type StatementRelationRow,
  type OrganizationRow,
  type SpeakerRoleRow,
  type SpeakerRow,
  type StatementChangeRow,
  type StatementRow,
} from '../../schema';
import type { NodeTypeName } from '../core/global-id';
import type { Database } from '../db';
import {
  countNested,
  countRoot,
  fetchNestedPages,
  fetchRootPage,
  pageRequest,
  requestSignature,
  ALL_COLUMNS,
  type ColumnChoice,
  type ConnectionArgs,
  type Page,
  type PageRequest,
} from './pagination';
import { columnsForQuery } from './columns';
import { isAnyOf, preparedQuery } from './prepared';
import { orderedRootSource, sources, type OrderDirection, type RootOrderField, type RootSourceName, rootSources } from './sources';
import type { SQL } from 'drizzle-orm';
import { claimByStatementLoader, claimSummaryLoader } from './claims';
import { pendingLinksByStatementLoader, reviewStateLoader } from './review-queue';
import { countSearchHits, fetchSearchPage, fetchSnippets, searchOrdering, type SearchKind } from '../search';

/**
 * A connection as resolvers return it. Each part is read only if the query selects it: a
 * client asking for `totalCount` alone costs one COUNT, not a page as well.
 */
export interface Connection<Node> {
  readonly edges: Promise<Page<Node>['edges']>;
  readonly pageInfo: Promise<Page<Node>['pageInfo']>;
  totalCount: () => Promise<number>;
}

function lazyConnection<Node>(loadPage: () => Promise<Page<Node>>, totalCount: () => Promise<number>): Connection<Node> {
  let page: Promise<Page<Node>> | undefined;
  const once = () => (page ??= loadPage());
  return {
    get edges() {
      return once().then((loaded) => loaded.edges);
    },
    get pageInfo() {
      return once().then((loaded) => loaded.pageInfo);
    },
    totalCount,
  };
}

/** A search hit's object, tagged with its type for the GraphQL union. */
export type SearchResult =
  | { kind: 'Article'; row: ArticleRow }
  | { kind: 'Statement'; row: StatementRow }
  | { kind: 'Speaker'; row: SpeakerRow }
  | { kind: 'Organization'; row: OrganizationRow }
  | { kind: 'Country'; row: CountryRow };

/** The rows behind the types that implement Node (NODE_TYPES, src/core/global-id.ts). */
type NodeRow =
  | ArticleRow
  | StatementRow
  | SpeakerRow
  | OrganizationRow
  | CountryRow
  | SpeakerRoleRow
  | MembershipRow
  | StatementRelationRow
  | ApiTokenRow
  | ClaimRow
  | ClaimLinkRow
  | StatementChangeRow;

export type MentionTarget =
  | { kind: 'Country'; row: CountryRow }
  | { kind: 'Organization'; row: OrganizationRow }
  | { kind: 'Speaker'; row: SpeakerRow };

/** Rows by a unique column, in key order, null where a key matches nothing. */
function rowLoader<Row, Key extends string | number>(
  db: Database,
  table: PgTable,
  column: AnyColumn,
  options: LoaderOptions,
  choice: ColumnChoice = ALL_COLUMNS,
) {
  const property = keyOf(table, column);
  const query = () =>
    preparedQuery(db, `rows:${getTableName(table)}:${column.name}:${choice.key}`, () =>
      db
        // The key column whatever the choice: the rows are matched to their keys by it.
        .select({ ...choice.columns(table), [property]: column } as never)
        .from(table)
        .where(isAnyOf(column, 'keys')),
    );
  return new DataLoader<Key, Row | null>(async (keys) => {
    const rows = (await query().execute({ keys: [...keys] })) as Record<string, unknown>[];
    const byKey = new Map(rows.map((row) => [row[property], row]));
    return keys.map((key) => (byKey.get(key) as Row | undefined) ?? null);
  }, options);
}

/** The row property a column is read into; looked up once per column, not per request. */
const propertyOfColumn = new WeakMap<AnyColumn, string>();
function keyOf(table: PgTable, column: AnyColumn): string {
  const known = propertyOfColumn.get(column);
  if (known !== undefined) return known;
  const entry = Object.entries(table).find(([, value]) => value === column);
  if (!entry) throw new Error(`column ${column.name} is not in the table`);
  propertyOfColumn.set(column, entry[0]);
  return entry[0];
}

/** Rows grouped by a parent column, each group in the given order. */
function groupLoader<Row>(db: Database, table: PgTable, column: AnyColumn, orderBy: AnyColumn[], options: LoaderOptions) {
  const property = keyOf(table, column);
  return new DataLoader<number, Row[]>(async (parentIds) => {
    const rows = (await db
      .select()
      .from(table)
      .where(inArray(column, [...parentIds]))
      .orderBy(...orderBy.map((c) => asc(c)))) as Record<string, unknown>[];
    const groups = new Map<number, Row[]>(parentIds.map((id) => [id, []]));
    for (const row of rows) groups.get(row[property] as number)?.push(row as Row);
    return parentIds.map((id) => groups.get(id)!);
  }, options);
}

type SourceKey = keyof typeof sources;
type NodeOf<Name extends SourceKey> = (typeof sources)[Name]['table']['$inferSelect'];
type RootNodeOf<Name extends RootSourceName> = (typeof rootSources)[Name]['table']['$inferSelect'];

/** DataLoader's loadMany reports failures as Error values; a node list wants them thrown. */
export async function loadAll<Key, Value>(loader: DataLoader<Key, Value>, keys: Key[]): Promise<Value[]> {
  const results = await loader.loadMany(keys);
  return results.map((result) => {
    if (result instanceof Error) throw result;
    return result;
  });
}

/**
 * The request's loaders. Made anew for every request (createContext), so nothing read for
 * one client is served to another, and a mutation never leaves a stale cache behind.
 */
export interface LoaderOptions {
  /**
   * false turns batching off, one query per key: the N+1 baseline the benchmark compares
   * against. Never off in the server.
   */
  batch: boolean;
}

/** What the request's query will read, known before it runs (createContext). */
export interface ReadPlan {
  /** The columns rows are read with: those the query's text can ask for (src/loaders/columns.ts). */
  columns: ColumnChoice;
}

/** The read plan for a query's text; no text (a persisted operation not yet resolved): every column. */
export function readPlanOf(query: string | null | undefined): ReadPlan {
  return { columns: columnsForQuery(query) };
}

export function createLoaders(db: Database, options: LoaderOptions = { batch: true }, plan: ReadPlan = { columns: ALL_COLUMNS }): Loaders {
  return new RequestLoaders(db, options, plan.columns);
}

/**
 * One request's loaders. Every loader is made on first use: a request touches two or three of
 * the twenty, and making them all took a noticeable share of a lookup's CPU (bench/FINDINGS.md).
 * A class, so that making one per request is one small object: its getters and methods live on
 * the prototype.
 */
class RequestLoaders {
  private readonly made = new Map<string, DataLoader<any, any>>();

  constructor(
    private readonly db: Database,
    private readonly options: LoaderOptions,
    private readonly choice: ColumnChoice,
  ) {}

  private once<Loader extends DataLoader<any, any>>(name: string, make: () => Loader): Loader {
    let loader = this.made.get(name) as Loader | undefined;
    if (!loader) {
      loader = make();
      this.made.set(name, loader);
    }
    return loader;
  }

  private rows<Row, Key extends string | number>(name: string, table: PgTable, column: AnyColumn) {
    return this.once(name, () => rowLoader<Row, Key>(this.db, table, column, this.options, this.choice));
  }

  private pageLoader(name: SourceKey) {
    const { db, options, choice } = this;
    return this.once(
      `page:${name}`,
      () =>
        new DataLoader<{ parentId: number; request: PageRequest }, Page<unknown>, string>(
          async (keys) => {
            // Parents asking for the same page (same size, same cursor) share one statement.
            const bySignature = new Map<string, { request: PageRequest; parentIds: number[] }>();
            for (const { parentId, request } of keys) {
              const signature = requestSignature(request);
              const group = bySignature.get(signature) ?? { request, parentIds: [] };
              group.parentIds.push(parentId);
              bySignature.set(signature, group);
            }
            const pages = new Map<string, Map<number, Page<unknown>>>();
            await Promise.all(
              [...bySignature].map(async ([signature, group]) => {
                pages.set(signature, await fetchNestedPages(db, sources[name], group.request, group.parentIds, choice));
              }),
            );
            return keys.map(({ parentId, request }) => pages.get(requestSignature(request))!.get(parentId)!);
          },
          { ...options, cacheKeyFn: ({ parentId, request }) => `${parentId}|${requestSignature(request)}` },
        ),
    );
  }

  private countLoader(name: SourceKey) {
    const { db, options } = this;
    return this.once(
      `count:${name}`,
      () =>
        new DataLoader<number, number>(async (parentIds) => {
          const counts = await countNested(db, sources[name], parentIds);
          return parentIds.map((id) => counts.get(id)!);
        }, options),
    );
  }

  // One loader per search text: the snippets of a page's hits are made in one statement.
  private snippetLoader(text: string) {
    const { db, options } = this;
    return this.once(
      `snippets:${text}`,
      () =>
        new DataLoader<{ kind: SearchKind; id: number }, string, string>((hits) => fetchSnippets(db, text, hits), {
          ...options,
          cacheKeyFn: ({ kind, id }) => `${kind}:${id}`,
        }),
    );
  }

  private nodeLoader(kind: NodeTypeName): DataLoader<number, NodeRow | null> {
    switch (kind) {
      case 'Article':
        return this.articleById;
      case 'Statement':
        return this.statementById;
      case 'Speaker':
        return this.speakerById;
      case 'Organization':
        return this.organizationById;
      case 'Country':
        return this.countryById;
      case 'SpeakerRole':
        return this.speakerRoleById;
      case 'Membership':
        return this.membershipById;
      case 'StatementRelation':
        return this.statementRelationById;
      case 'ApiToken':
        return this.apiTokenById;
      case 'Claim':
        return this.claimById;
      case 'ClaimLink':
        return this.claimLinkById;
      case 'StatementChange':
        return this.statementChangeById;
    }
  }

  get articleById() {
    return this.rows<ArticleRow, number>('articleById', articles, articles.id);
  }
  get articleBySlug() {
    return this.rows<ArticleRow, string>('articleBySlug', articles, articles.slug);
  }
  get articleByUrl() {
    return this.rows<ArticleRow, string>('articleByUrl', articles, articles.url);
  }
  get statementById() {
    return this.rows<StatementRow, number>('statementById', statements, statements.id);
  }
  get speakerById() {
    return this.rows<SpeakerRow, number>('speakerById', speakers, speakers.id);
  }
  get speakerBySlug() {
    return this.rows<SpeakerRow, string>('speakerBySlug', speakers, speakers.slug);
  }
  get speakerRoleById() {
    return this.rows<SpeakerRoleRow, number>('speakerRoleById', speakerRoles, speakerRoles.id);
  }
  get countryById() {
    return this.rows<CountryRow, number>('countryById', countries, countries.id);
  }
  get countryByAlpha2() {
    return this.rows<CountryRow, string>('countryByAlpha2', countries, countries.alpha2);
  }
  get countryByAlpha3() {
    return this.rows<CountryRow, string>('countryByAlpha3', countries, countries.alpha3);
  }
  get organizationById() {
    return this.rows<OrganizationRow, number>('organizationById', organizations, organizations.id);
  }
  get organizationBySlug() {
    return this.rows<OrganizationRow, string>('organizationBySlug', organizations, organizations.slug);
  }
  get membershipById() {
    return this.rows<MembershipRow, number>('membershipById', memberships, memberships.id);
  }
  get statementRelationById() {
    return this.rows<StatementRelationRow, number>('statementRelationById', statementRelations, statementRelations.id);
  }
  get apiTokenById() {
    return this.rows<ApiTokenRow, number>('apiTokenById', apiTokens, apiTokens.id);
  }
  get claimById() {
    return this.rows<ClaimRow, number>('claimById', claims, claims.id);
  }
  get claimLinkById() {
    return this.rows<ClaimLinkRow, number>('claimLinkById', claimLinks, claimLinks.id);
  }
  get statementChangeById() {
    return this.rows<StatementChangeRow, number>('statementChangeById', statementChanges, statementChanges.id);
  }
  /** Each statement's claim links waiting for an editor (the review queue's SUGGESTED_LINK). */
  get pendingLinksByStatement() {
    return this.once('pendingLinksByStatement', () => pendingLinksByStatementLoader(this.db, this.options));
  }
  /** What the review queue's reasons read of each statement. */
  get reviewState() {
    return this.once('reviewState', () => reviewStateLoader(this.db, this.options));
  }
  /** First appearance, counts of publishers and origins: one statement for a page of claims. */
  get claimSummary() {
    return this.once('claimSummary', () => claimSummaryLoader(this.db, this.options));
  }
  get claimByStatement() {
    return this.once('claimByStatement', () => claimByStatementLoader(this.db, this.options));
  }

  /** Relations that start or end at each statement, oldest first. */
  get relationsByStatement() {
    const { db, options } = this;
    return this.once(
      'relationsByStatement',
      () =>
        new DataLoader<number, StatementRelationRow[]>(async (statementIds) => {
          const rows = await db
            .select()
            .from(statementRelations)
            .where(
              or(
                inArray(statementRelations.fromStatementId, [...statementIds]),
                inArray(statementRelations.toStatementId, [...statementIds]),
              ),
            )
            .orderBy(asc(statementRelations.id));
          const byStatement = new Map<number, StatementRelationRow[]>(statementIds.map((id) => [id, []]));
          for (const row of rows) {
            byStatement.get(row.fromStatementId)?.push(row);
            if (row.toStatementId !== row.fromStatementId) byStatement.get(row.toStatementId)?.push(row);
          }
          return statementIds.map((id) => byStatement.get(id)!);
        }, options),
    );
  }

  get rolesBySpeaker() {
    return this.once('rolesBySpeaker', () =>
      groupLoader<SpeakerRoleRow>(this.db, speakerRoles, speakerRoles.speakerId, [speakerRoles.startDate, speakerRoles.id], this.options),
    );
  }

  get mentionTargets() {
    const { db, options } = this;
    return this.once(
      'mentionTargets',
      () =>
        new DataLoader<number, MentionTarget[]>(async (statementIds) => {
          // One statement for all three kinds of target: left joins, one of which matches per row.
          const rows = await db
            .select({ mention: mentions, country: countries, organization: organizations, speaker: speakers })
            .from(mentions)
            .leftJoin(countries, eq(mentions.countryId, countries.id))
            .leftJoin(organizations, eq(mentions.organizationId, organizations.id))
            .leftJoin(speakers, eq(mentions.speakerId, speakers.id))
            .where(inArray(mentions.statementId, [...statementIds]))
            .orderBy(asc(mentions.id));
          const byStatement = new Map<number, MentionTarget[]>(statementIds.map((id) => [id, []]));
          for (const { mention, country, organization, speaker } of rows) {
            const target: MentionTarget = country
              ? { kind: 'Country', row: country }
              : organization
                ? { kind: 'Organization', row: organization }
                : { kind: 'Speaker', row: speaker! };
            byStatement.get(mention.statementId!)?.push(target);
          }
          return statementIds.map((id) => byStatement.get(id)!);
        }, options),
    );
  }

  /** A root connection, filtered and ordered as the client asked. */
  rootConnection<Name extends RootSourceName>(
    name: Name,
    args: ConnectionArgs,
    refine: { where?: SQL; order: { field: RootOrderField<Name>; direction: OrderDirection } },
  ): Connection<RootNodeOf<Name>> {
    const { db, choice } = this;
    const source = orderedRootSource(name, refine.order, refine.where);
    const request = pageRequest(source, args);
    return lazyConnection(
      () => fetchRootPage<RootNodeOf<Name>>(db, source, request, choice),
      () => countRoot(db, source),
    );
  }

  /** Any node by its type name and database id, batched with every other load of that type. */
  nodeById(typename: NodeTypeName, id: number): Promise<NodeRow | null> {
    return this.nodeLoader(typename).load(id);
  }

  /** Ranked hits across types, each with its node loaded (batched per type) and branded. */
  search(args: ConnectionArgs, text: string, kinds: readonly SearchKind[]): Connection<SearchResult> {
    const { db } = this;
    const ordering = searchOrdering(text, kinds);
    const request = pageRequest(ordering, args);
    return lazyConnection(
      async () => {
        const page = await fetchSearchPage(db, ordering, request, text, kinds);
        const edges = await Promise.all(
          page.edges.map(async ({ cursor, node: hit }) => ({
            cursor,
            score: hit.score,
            snippet: () => this.snippetLoader(text).load({ kind: hit.kind, id: hit.id }),
            node: { kind: hit.kind, row: (await this.nodeLoader(hit.kind).load(hit.id))! } as SearchResult,
          })),
        );
        return { edges, pageInfo: page.pageInfo };
      },
      () => countSearchHits(db, text, kinds),
    );
  }

  /** How many rows one parent's nested connection holds, batched across parents. */
  count(name: SourceKey, parentId: number): Promise<number> {
    return this.countLoader(name).load(parentId);
  }

  /** One parent's nested connection, validated at once and paged together with its siblings. */
  connection<Name extends SourceKey>(name: Name, args: ConnectionArgs, parentId: number): Connection<NodeOf<Name>> {
    // Validated here, so bad arguments fail even when only totalCount is selected.
    const request = pageRequest(sources[name], args);
    return lazyConnection(
      () => this.pageLoader(name).load({ parentId, request }) as Promise<Page<NodeOf<Name>>>,
      () => this.countLoader(name).load(parentId),
    );
  }
}

export type Loaders = RequestLoaders;
