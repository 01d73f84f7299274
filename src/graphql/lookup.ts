import { badUserInput, notFound } from '../core/errors';

type Finders<Row> = Record<string, (value: string) => Promise<Row | null>>;

/**
 * The single-object root fields (article, speaker, country, organization) take several
 * alternative keys; exactly one must be given, and a miss is NOT_FOUND rather than null so a
 * script cannot mistake a typo for an empty result.
 */
export async function findOneBy<Row>(
  typeName: string,
  args: Record<string, string | number | null | undefined>,
  finders: Finders<Row>,
): Promise<Row> {
  const keys = Object.keys(finders);
  const given = keys.filter((name) => args[name] != null);
  if (given.length !== 1) {
    const names = keys.map((name) => `\`${name}\``);
    throw badUserInput(`Pass exactly one of ${names.join(', ')} to look up a ${typeName}.`, {
      argument: given[1] ?? keys[0],
    });
  }
  const [name] = given;
  const value = String(args[name]);
  // Postgres text cannot hold NUL; no stored key contains one.
  if (value.includes('\u0000')) throw badUserInput(`\`${name}\` must not contain NUL characters.`, { argument: name });
  const row = await finders[name](value);
  if (!row) throw notFound(`No ${typeName} has the ${name} "${value}".`, { argument: name });
  return row;
}
