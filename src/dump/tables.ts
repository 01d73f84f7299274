import { getTableColumns } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import {
  apiTokens,
  articleRelations,
  articles,
  claimLinks,
  countries,
  memberships,
  mentions,
  organizations,
  speakerRoles,
  speakers,
  statementChanges,
  statementRelations,
  statements,
} from '../../schema';
import type { NodeTypeName } from '../core/global-id';

/**
 * What a dump holds: one JSON Lines file per table, in an order where every reference points to
 * a file before it, so a restore can check each one as it reads. docs/dump-format.md describes
 * the same thing for people.
 */

export type DumpField =
  /** A value as the database holds it: text, number, enum, array of text, or null. */
  | { kind: 'value'; column: string }
  /** A timestamptz, as ISO 8601 in UTC with microseconds: restored exactly. */
  | { kind: 'timestamp'; column: string }
  /** A date, YYYY-MM-DD. */
  | { kind: 'date'; column: string }
  /** A reference to another row, as its global ID (or null). */
  | { kind: 'reference'; column: string; type: NodeTypeName }
  /** A global ID of a row that may be gone (the history of a deleted statement): not checked against earlier files. */
  | { kind: 'identifier'; column: string; type: NodeTypeName };

export interface DumpTable {
  /** The file's name in the dump's folder. */
  file: string;
  table: PgTable;
  /** The type of the row's own `id` field (its global ID); absent for rows that are not nodes. */
  nodeType?: NodeTypeName;
  /** The primary key, in the order rows are written. */
  keys: string[];
  /** JSON field → where its value comes from, in the order fields are written. */
  fields: Record<string, DumpField>;
}

const value = (column: string): DumpField => ({ kind: 'value', column });
const timestamp = (column: string): DumpField => ({ kind: 'timestamp', column });
const date = (column: string): DumpField => ({ kind: 'date', column });
const reference = (type: NodeTypeName, column: string): DumpField => ({ kind: 'reference', column, type });
const identifier = (type: NodeTypeName, column: string): DumpField => ({ kind: 'identifier', column, type });
const timestamps = { createdAt: timestamp('createdAt'), updatedAt: timestamp('updatedAt') };

/** Every table of the knowledge base. API tokens come only on request: see apiTokensTable. */
export const knowledgeBaseTables: DumpTable[] = [
  {
    file: 'countries.jsonl',
    table: countries,
    nodeType: 'Country',
    keys: ['id'],
    fields: {
      alpha2: value('alpha2'),
      alpha3: value('alpha3'),
      name: value('name'),
      officialName: value('officialName'),
      aliases: value('aliases'),
      demonyms: value('demonyms'),
      wikidataId: value('wikidataId'),
      ...timestamps,
    },
  },
  {
    file: 'organizations.jsonl',
    table: organizations,
    nodeType: 'Organization',
    keys: ['id'],
    fields: {
      slug: value('slug'),
      name: value('name'),
      acronym: value('acronym'),
      kind: value('kind'),
      country: reference('Country', 'countryId'),
      description: value('description'),
      wikidataId: value('wikidataId'),
      aliases: value('aliases'),
      ...timestamps,
    },
  },
  {
    file: 'memberships.jsonl',
    table: memberships,
    nodeType: 'Membership',
    keys: ['id'],
    fields: {
      organization: reference('Organization', 'organizationId'),
      country: reference('Country', 'countryId'),
      since: date('since'),
      until: date('until'),
      ...timestamps,
    },
  },
  {
    file: 'speakers.jsonl',
    table: speakers,
    nodeType: 'Speaker',
    keys: ['id'],
    fields: {
      slug: value('slug'),
      name: value('name'),
      aliases: value('aliases'),
      country: reference('Country', 'countryId'),
      description: value('description'),
      wikidataId: value('wikidataId'),
      ...timestamps,
    },
  },
  {
    file: 'speaker-roles.jsonl',
    table: speakerRoles,
    nodeType: 'SpeakerRole',
    keys: ['id'],
    fields: {
      speaker: reference('Speaker', 'speakerId'),
      title: value('title'),
      organization: reference('Organization', 'organizationId'),
      country: reference('Country', 'countryId'),
      startDate: date('startDate'),
      endDate: date('endDate'),
      ...timestamps,
    },
  },
  {
    file: 'articles.jsonl',
    table: articles,
    nodeType: 'Article',
    keys: ['id'],
    fields: {
      slug: value('slug'),
      title: value('title'),
      body: value('body'),
      url: value('url'),
      publisher: reference('Organization', 'publisherId'),
      publishedAt: date('publishedAt'),
      dateline: value('dateline'),
      language: value('language'),
      ...timestamps,
    },
  },
  {
    file: 'article-relations.jsonl',
    table: articleRelations,
    keys: ['articleId', 'relatedArticleId'],
    fields: {
      article: reference('Article', 'articleId'),
      relatedArticle: reference('Article', 'relatedArticleId'),
      kind: value('kind'),
      position: value('position'),
      ...timestamps,
    },
  },
  {
    file: 'statements.jsonl',
    table: statements,
    nodeType: 'Statement',
    keys: ['id'],
    fields: {
      article: reference('Article', 'articleId'),
      position: value('position'),
      kind: value('kind'),
      location: value('location'),
      text: value('text'),
      spanStart: value('spanStart'),
      spanEnd: value('spanEnd'),
      speaker: reference('Speaker', 'speakerId'),
      speakerRole: reference('SpeakerRole', 'speakerRoleId'),
      sourceOrganization: reference('Organization', 'sourceOrganizationId'),
      sourceDescription: value('sourceDescription'),
      attributionVerb: value('attributionVerb'),
      attributionConfidence: value('attributionConfidence'),
      reviewStatus: value('reviewStatus'),
      reviewedBy: value('reviewedBy'),
      reviewedAt: timestamp('reviewedAt'),
      ...timestamps,
    },
  },
  {
    // Mentions are not nodes: they have no global ID, and their database ids are not kept.
    file: 'mentions.jsonl',
    table: mentions,
    keys: ['id'],
    fields: {
      article: reference('Article', 'articleId'),
      statement: reference('Statement', 'statementId'),
      country: reference('Country', 'countryId'),
      organization: reference('Organization', 'organizationId'),
      speaker: reference('Speaker', 'speakerId'),
      ...timestamps,
    },
  },
];

/**
 * API tokens, written only when asked for (`--with-tokens`): a dump is often made to be shared,
 * and token names and digests are credentials' metadata, not knowledge. Digests alone cannot be
 * sent as tokens, but a server restored from them accepts the original tokens: right for moving
 * a server, wrong for publishing a dump.
 */
export const apiTokensTable: DumpTable = {
  file: 'api-tokens.jsonl',
  table: apiTokens,
  nodeType: 'ApiToken',
  keys: ['id'],
  fields: {
    name: value('name'),
    scope: value('scope'),
    digest: value('digest'),
    createdAt: timestamp('createdAt'),
    revokedAt: timestamp('revokedAt'),
  },
};

/** Statement relations name the token that filed them; without tokens that field is null. */
export function statementRelationsTable(withTokens: boolean): DumpTable {
  return {
    file: 'statement-relations.jsonl',
    table: statementRelations,
    nodeType: 'StatementRelation',
    keys: ['id'],
    fields: {
      from: reference('Statement', 'fromStatementId'),
      to: reference('Statement', 'toStatementId'),
      kind: value('kind'),
      note: value('note'),
      assertedBy: value('assertedBy'),
      ...(withTokens ? { createdByToken: reference('ApiToken', 'createdByTokenId') } : {}),
      ...timestamps,
    },
  };
}

/**
 * What the clustering found and how editors settled it. Claims themselves are not dumped: the
 * triggers make them again from the REPEATS relations as a restore inserts them.
 */
export function claimLinksTable(withTokens: boolean): DumpTable {
  return {
    file: 'claim-links.jsonl',
    table: claimLinks,
    nodeType: 'ClaimLink',
    keys: ['id'],
    fields: {
      from: reference('Statement', 'fromStatementId'),
      to: reference('Statement', 'toStatementId'),
      score: value('score'),
      reason: value('reason'),
      status: value('status'),
      relation: reference('StatementRelation', 'relationId'),
      decidedBy: value('decidedBy'),
      ...(withTokens ? { decidedByToken: reference('ApiToken', 'decidedByTokenId') } : {}),
      decidedAt: timestamp('decidedAt'),
      ...timestamps,
    },
  };
}

/**
 * The corrections history, last: its entries keep the IDs of the statements they concern as
 * they were, deleted ones included, and `before` and `after` as the database holds them (column
 * names, database ids, which a restore keeps). A restore copies it without recording its own
 * inserts again (src/dump/restore.ts).
 */
export const statementChangesTable: DumpTable = {
  file: 'statement-changes.jsonl',
  table: statementChanges,
  nodeType: 'StatementChange',
  keys: ['id'],
  fields: {
    statement: identifier('Statement', 'statementId'),
    relatedStatement: identifier('Statement', 'relatedStatementId'),
    kind: value('kind'),
    before: value('before'),
    after: value('after'),
    changedBy: value('changedBy'),
    reason: value('reason'),
    createdAt: timestamp('createdAt'),
  },
};

/** The files of a dump, in the order they are written and restored. */
export function dumpTables(withTokens: boolean): DumpTable[] {
  return [
    ...knowledgeBaseTables,
    ...(withTokens ? [apiTokensTable] : []),
    statementRelationsTable(withTokens),
    claimLinksTable(withTokens),
    statementChangesTable,
  ];
}

export function columnOf(table: DumpTable, name: string): PgColumn {
  const column = getTableColumns(table.table)[name];
  if (!column) throw new Error(`${table.file}: the table has no column ${name}`);
  return column;
}
