import { readFileSync } from 'node:fs';
import { settingsSchema } from '../src/config';
import { CONFIGURATION_PAGE, configurationTable, withConfigurationTable } from '../src/config-table';

/**
 * docs/configuration.md's table is written from the settings schema (npm run docs:config); this
 * fails when the page says anything else, so that the documented settings, their defaults and
 * their meanings cannot drift from what src/config.ts reads. When it fails: run
 * `npm run docs:config` and commit docs/configuration.md.
 */
describe('docs/configuration.md', () => {
  it('holds the table npm run docs:config makes from src/config.ts', () => {
    const page = readFileSync(CONFIGURATION_PAGE, 'utf8');
    expect(page).toBe(withConfigurationTable(page));
  });

  it("has a row, with a meaning, for every setting the server reads, in the schema's order", () => {
    const rows = configurationTable().split('\n').slice(2);
    expect(rows.map((row) => /^\| `([A-Z0-9_]+)` \|/.exec(row)?.[1])).toEqual(Object.keys(settingsSchema.shape));
    for (const row of rows) expect(row.split(' | ')[2]?.length).toBeGreaterThan(5);
  });
});
