import { driverErrorOf } from '../core/errors';
import type { Database } from '../db';
import { ConflictError, isUserError, ValidationError } from './errors';

/** A transaction handle; the services take it so that one mutation's writes commit together. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Executor = Database | Transaction;

/**
 * Runs a mutation's writes in one transaction and turns what the database refused into typed
 * failures. The services check what they can first, for clearer messages; the constraints still
 * have the last word, for instance when two requests race for the same slug.
 */
export async function inTransaction<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(work);
  } catch (error) {
    throw userErrorFromDatabase(error) ?? error;
  }
}

/** SQLSTATE codes only: five digits or capitals, where connection failures have words. */
const isSqlState = (code: string) => /^[0-9A-Z]{5}$/.test(code);

/**
 * What each named constraint means to a client: the input field it concerns and a sentence.
 * Constraints missing here still give a typed failure, with the constraint's name.
 */
const CONSTRAINT_MEANINGS: Record<string, { path: string[]; message: string }> = {
  articles_url_unique: { path: ['input', 'url'], message: 'Another article already has this URL.' },
  articles_slug_unique: { path: ['input', 'slug'], message: 'Another article already has this slug.' },
  speakers_slug_unique: { path: ['input', 'slug'], message: 'Another speaker already has this slug.' },
  speakers_wikidata_id_unique: { path: ['input', 'wikidataId'], message: 'Another speaker already has this Wikidata ID.' },
  organizations_slug_unique: { path: ['input', 'slug'], message: 'Another organization already has this slug.' },
  organizations_wikidata_id_unique: { path: ['input', 'wikidataId'], message: 'Another organization already has this Wikidata ID.' },
  countries_alpha2_unique: { path: ['input', 'alpha2'], message: 'Another country already has this alpha-2 code.' },
  countries_alpha3_unique: { path: ['input', 'alpha3'], message: 'Another country already has this alpha-3 code.' },
  countries_wikidata_id_unique: { path: ['input', 'wikidataId'], message: 'Another country already has this Wikidata ID.' },
  memberships_organization_country_since_key: {
    path: ['input', 'since'],
    message: 'The country already has a membership of this organization starting then.',
  },
  speaker_roles_speaker_title_start_key: {
    path: ['input', 'title'],
    message: 'The speaker already has a role with this title starting then.',
  },
  mentions_target_key: { path: ['input', 'target'], message: 'This mention is already recorded.' },
  statement_relations_from_to_kind_key: { path: ['input', 'kind'], message: 'This relation is already recorded.' },
  statements_article_position_key: { path: ['input', 'article'], message: 'Another statement took this position; retry.' },
  statements_one_source: {
    path: ['input', 'speaker'],
    message: 'A statement said by a named speaker has no source organization or unnamed-source description: give one or the other.',
  },
  statements_span_matches_body: {
    path: ['input', 'spanStart'],
    message: "The span no longer holds the statement's text: the article's text and its statements must agree.",
  },
};

const RESTRICTING_REFERENCES: Record<string, string> = {
  statements_speaker_id_speakers_id_fk: 'statements are attributed to it (merge it into another speaker instead)',
  statements_speaker_role_fk: 'statements carry this role',
  speakers_country_id_countries_id_fk: 'speakers have this nationality',
  speaker_roles_country_id_countries_id_fk: 'speaker roles serve this country',
  speaker_roles_organization_id_organizations_id_fk: 'speaker roles belong to it',
  statements_source_organization_id_organizations_id_fk: 'statements are attributed to it (merge it into another organization instead)',
  organizations_country_id_countries_id_fk: 'organizations are based in it',
  articles_publisher_id_organizations_id_fk: 'articles name it as their publisher',
};

export function userErrorFromDatabase(error: unknown) {
  if (isUserError(error)) return error;
  const found = driverErrorOf(error, isSqlState);
  if (!found) return null;
  const meaning = found.constraint ? CONSTRAINT_MEANINGS[found.constraint] : undefined;
  switch (found.code) {
    case '23505': // unique_violation
      return new ConflictError(
        meaning?.message ?? `The value is already taken (${found.constraint}).`,
        meaning?.path ?? ['input'],
        found.constraint,
      );
    case '23001': // restrict_violation
    case '23503': {
      // foreign_key_violation: on delete, something still points at the row.
      const reason = found.constraint ? RESTRICTING_REFERENCES[found.constraint] : undefined;
      return new ConflictError(
        reason ? `Cannot delete it: ${reason}.` : `The row is still referenced (${found.constraint}).`,
        ['id'],
        found.constraint,
      );
    }
    case '23514': // check_violation
    case '23502': // not_null_violation
    case '22001': // string_data_right_truncation
      return new ValidationError(
        meaning?.message ?? `The input breaks the rule ${found.constraint ?? found.code}.`,
        meaning?.path ?? ['input'],
      );
    default:
      return null;
  }
}
