import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { countries, type CountryRow } from '../../schema';
import type { Database } from '../db';
import { idFromInput, parseInput, presentFields, rules } from './input';
import { mergeNames, requireRow } from './rows';
import { inTransaction } from './write';

export interface CountryInput {
  name?: string | null;
  officialName?: string | null;
  alpha2?: string | null;
  alpha3?: string | null;
  aliases?: string[] | null;
  demonyms?: string[] | null;
  wikidataId?: string | null;
}

const countrySchema = z.object({
  name: rules.name,
  officialName: rules.name.nullish(),
  alpha2: rules.alpha2,
  alpha3: rules.alpha3,
  aliases: rules.aliases.nullish(),
  demonyms: rules.aliases.nullish(),
  wikidataId: rules.wikidataId.nullish(),
});

const countryColumns = (input: Partial<z.output<typeof countrySchema>>) =>
  presentFields({
    name: input.name,
    officialName: input.officialName,
    alpha2: input.alpha2,
    alpha3: input.alpha3,
    aliases: input.aliases === null ? [] : input.aliases && mergeNames(input.aliases),
    demonyms: input.demonyms === null ? [] : input.demonyms && mergeNames(input.demonyms),
    wikidataId: input.wikidataId,
  });

/** The seed holds all 249 ISO countries; this is for a code ISO adds, or a territory a newsroom tracks. */
export function createCountry(db: Database, input: CountryInput): Promise<CountryRow> {
  const parsed = parseInput(countrySchema, input);
  return inTransaction(db, async (tx) => {
    const [row] = await tx
      .insert(countries)
      .values({ ...countryColumns(parsed), name: parsed.name, alpha2: parsed.alpha2, alpha3: parsed.alpha3 })
      .returning();
    return row;
  });
}

export function updateCountry(db: Database, input: CountryInput & { id: string }): Promise<CountryRow> {
  const id = idFromInput(input.id, 'Country', ['input', 'id']);
  const parsed = parseInput(
    countrySchema.partial().extend({ name: rules.name.optional(), alpha2: rules.alpha2.optional(), alpha3: rules.alpha3.optional() }),
    input,
  );
  return inTransaction(db, async (tx) => {
    const current = await requireRow(tx, countries, 'Country', id, ['input', 'id']);
    const columns = countryColumns(parsed);
    if (Object.keys(columns).length === 0) return current;
    const [row] = await tx.update(countries).set(columns).where(eq(countries.id, id)).returning();
    return row;
  });
}

/**
 * Memberships and mentions of the country go with it; a country that speakers, roles or
 * organizations belong to is refused (ConflictError), since they would lose part of who they are.
 */
export function deleteCountry(db: Database, globalId: string): Promise<string> {
  const id = idFromInput(globalId, 'Country', ['id']);
  return inTransaction(db, async (tx) => {
    await requireRow(tx, countries, 'Country', id, ['id']);
    await tx.delete(countries).where(eq(countries.id, id));
    return globalId;
  });
}
