import worldCountries from 'world-countries';

/**
 * Names the news uses that world-countries does not list. Kept short on purpose: everything
 * else (codes, common and official names, alternative spellings, demonyms) comes from the package.
 */
const NEWS_ALIASES: Record<string, string[]> = {
  US: ['America', 'U.S.', 'U.S.A.'],
  GB: ['Britain', 'U.K.'],
  KP: ['DPRK'],
};

export interface CountrySeed {
  alpha2: string;
  alpha3: string;
  name: string;
  officialName: string;
  aliases: string[];
  demonyms: string[];
}

const unique = (values: string[], exclude: string) => [
  ...new Set(values.map((value) => value.trim()).filter((value) => value && value !== exclude)),
];

/** Every officially assigned ISO 3166-1 country (Kosovo's user-assigned XK is left out). */
export function countrySeeds(): CountrySeed[] {
  return worldCountries
    .filter((country) => country.status === 'officially-assigned')
    .map((country) => {
      const english = country.demonyms?.eng;
      return {
        alpha2: country.cca2,
        alpha3: country.cca3,
        name: country.name.common,
        officialName: country.name.official,
        aliases: unique([country.name.official, ...country.altSpellings, ...(NEWS_ALIASES[country.cca2] ?? [])], country.name.common),
        demonyms: unique(english ? [english.m, english.f] : [], ''),
      };
    });
}
