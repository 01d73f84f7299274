import { and, eq, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { organizationKind, statementChangeKind, statementChanges } from '../../schema';
import { badUserInput } from '../core/errors';
import { databaseIdOf } from '../core/global-id';
import type { Loaders } from '../loaders';
import { articleFilter, countryFilter, organizationFilter, speakerFilter, statementFilter } from '../loaders/filter-arguments';
import { articleConditions, countryConditions, organizationConditions, speakerConditions, statementConditions } from '../loaders/filters';
import { exportDefinitions, type ExportType } from './columns';

/**
 * An export's query parameters: the filter fields of the GraphQL root connection of the same
 * name (`/export/statements.csv?speaker=<id>&publishedAfter=2022-01-01` is
 * `statements(filter: { speaker, publishedAfter })`), checked by the same code, plus `after`.
 */

const id = z.string().trim().min(1, 'must be a global ID');
// The GraphQL Date scalar hands resolvers midnight UTC; the shared filter code expects the same.
const day = z.iso.date('must be a date, YYYY-MM-DD').transform((text) => new Date(`${text}T00:00:00Z`));
const text = z.string();
// Several IDs: the parameter repeated, or one value with commas (global IDs never hold one).
const ids = z.array(id);

// The last ID a cut export delivered: it continues after it.
const resume = { after: id.optional() };

const parameterSchemas = {
  statements: z.strictObject({
    speaker: id.optional(),
    speakerCountry: id.optional(),
    speakerOrganization: id.optional(),
    speakerCountryMemberOf: id.optional(),
    article: id.optional(),
    mentions: ids.optional(),
    kind: z.enum(['DIRECT_QUOTE', 'PARAPHRASE']).optional(),
    sourceKind: z.enum(['PERSON', 'ORGANIZATION', 'UNNAMED', 'UNATTRIBUTED']).optional(),
    sourceOrganization: id.optional(),
    publishedAfter: day.optional(),
    publishedBefore: day.optional(),
    search: text.optional(),
    ...resume,
  }),
  articles: z.strictObject({
    publisher: id.optional(),
    mentions: ids.optional(),
    speaker: id.optional(),
    publishedAfter: day.optional(),
    publishedBefore: day.optional(),
    search: text.optional(),
    ...resume,
  }),
  speakers: z.strictObject({ country: id.optional(), organization: id.optional(), name: text.optional(), ...resume }),
  countries: z.strictObject({ name: text.optional(), memberOf: id.optional(), ...resume }),
  organizations: z.strictObject({
    kind: z.enum(organizationKind.enumValues).optional(),
    memberCountry: id.optional(),
    name: text.optional(),
    ...resume,
  }),
  history: z.strictObject({
    statement: id.optional(),
    kind: z.enum(statementChangeKind.enumValues).optional(),
    changedBy: text.optional(),
    ...resume,
  }),
} satisfies Record<ExportType, z.ZodObject>;

type Parameters<Type extends ExportType> = z.output<(typeof parameterSchemas)[Type]>;

/** The filter as SQL, through the same functions as the GraphQL root connections. */
const conditionsOf: { [Type in ExportType]: (loaders: Loaders, filter: Parameters<Type>) => Promise<SQL | undefined> } = {
  statements: async (loaders, filter) => statementConditions(await statementFilter(loaders, filter, '')),
  articles: async (loaders, filter) => articleConditions(await articleFilter(loaders, filter, '')),
  speakers: async (loaders, filter) => speakerConditions(await speakerFilter(loaders, filter, '')),
  countries: async (loaders, filter) => countryConditions(await countryFilter(loaders, filter, '')),
  organizations: async (loaders, filter) => organizationConditions(await organizationFilter(loaders, filter, '')),
  // A statement's entries as Statement.history lists them: its own, and relations' and links' at either end.
  history: async (_loaders, filter) => {
    const statementId = filter.statement === undefined ? undefined : databaseIdOf(filter.statement, 'Statement', 'statement');
    return and(
      statementId === undefined
        ? undefined
        : or(eq(statementChanges.statementId, statementId), eq(statementChanges.relatedStatementId, statementId)),
      filter.kind === undefined ? undefined : eq(statementChanges.kind, filter.kind),
      filter.changedBy === undefined ? undefined : eq(statementChanges.changedBy, filter.changedBy),
    );
  },
};

const LIST_PARAMETERS = new Set(['mentions']);

/** The names an export of this type takes, for the command line's options. */
export const parameterNames = (type: ExportType) => Object.keys(parameterSchemas[type].shape);

export const isListParameter = (name: string) => LIST_PARAMETERS.has(name);

export interface ExportPlan {
  type: ExportType;
  where: SQL | undefined;
  /** The database id the export starts after. */
  after: number | undefined;
}

function parametersObject(search: URLSearchParams): Record<string, string | string[]> {
  const object: Record<string, string | string[]> = {};
  for (const name of new Set(search.keys())) {
    const values = search.getAll(name);
    if (isListParameter(name)) {
      object[name] = values.flatMap((value) => value.split(',')).filter(Boolean);
    } else if (values.length > 1) {
      throw badUserInput(`\`${name}\` is given ${values.length} times; give it once.`, { argument: name });
    } else {
      object[name] = values[0];
    }
  }
  return object;
}

function refuse(type: ExportType, issue: z.core.$ZodIssue): never {
  if (issue.code === 'unrecognized_keys') {
    const [name] = issue.keys;
    throw badUserInput(`\`${name}\` is not a parameter of ${type} exports; they take ${parameterNames(type).join(', ')}.`, {
      argument: name,
    });
  }
  const name = String(issue.path[0]);
  throw badUserInput(`\`${name}\` ${issue.message.startsWith('must') ? issue.message : `is invalid: ${issue.message}`}.`, {
    argument: name,
  });
}

/**
 * Checks an export's parameters, as GraphQL checks a filter: an unknown parameter, a malformed
 * value or an ID that matches nothing is BAD_USER_INPUT naming the parameter, never an empty file.
 */
export async function planExport(loaders: Loaders, type: ExportType, search: URLSearchParams): Promise<ExportPlan> {
  const parsed = parameterSchemas[type].safeParse(parametersObject(search));
  if (!parsed.success) refuse(type, parsed.error.issues[0]);
  const { after, ...filter } = parsed.data;
  const afterId = after === undefined ? undefined : databaseIdOf(after, exportDefinitions[type].nodeType, 'after');
  const where = await (conditionsOf[type] as (loaders: Loaders, filter: object) => Promise<SQL | undefined>)(loaders, filter);
  return { type, where, after: afterId };
}
