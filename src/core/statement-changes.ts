import { encodeGlobalId, type NodeTypeName } from './global-id';

/**
 * The history keeps a change's values as the database names them (column names, database ids:
 * what migration 0014's triggers can write, and what a restore puts back unchanged). Clients read
 * them in the API's words: field names, and global IDs for references. GraphQL and the exports
 * both show them through this function.
 */

const REFERENCES: Record<string, { field: string; type: NodeTypeName }> = {
  article_id: { field: 'article', type: 'Article' },
  speaker_id: { field: 'speaker', type: 'Speaker' },
  speaker_role_id: { field: 'speakerRole', type: 'SpeakerRole' },
  source_organization_id: { field: 'sourceOrganization', type: 'Organization' },
  from_statement_id: { field: 'from', type: 'Statement' },
  to_statement_id: { field: 'to', type: 'Statement' },
  relation_id: { field: 'relation', type: 'StatementRelation' },
  claim_link_id: { field: 'claimLink', type: 'ClaimLink' },
};

// Which token filed a relation is for admins (ApiToken nodes); the history names it already.
const HIDDEN = new Set(['created_by_token_id']);

const camelCase = (name: string) => name.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());

/** A relation's own row carries its id: as a StatementRelation ID. */
const isRelationRow = (kind: string) => kind === 'RELATION_ADDED' || kind === 'RELATION_REMOVED';

export function presentChangeValues(kind: string, values: Record<string, unknown> | null): Record<string, unknown> | null {
  if (values == null) return null;
  const shown: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(values)) {
    if (HIDDEN.has(column)) continue;
    const reference = column === 'id' && isRelationRow(kind) ? { field: 'id', type: 'StatementRelation' as const } : REFERENCES[column];
    if (reference) shown[reference.field] = value == null ? null : encodeGlobalId(reference.type, value as number);
    else shown[camelCase(column)] = value;
  }
  return shown;
}
