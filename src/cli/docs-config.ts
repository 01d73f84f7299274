import { readFileSync, writeFileSync } from 'node:fs';
import { CONFIGURATION_PAGE, withConfigurationTable } from '../config-table';

/**
 * `npm run docs:config` writes the settings table of docs/configuration.md from src/config.ts;
 * `npm run docs:config -- --check` fails when the page is stale (test/docs-config.test.ts checks
 * the same in CI).
 */
const page = readFileSync(CONFIGURATION_PAGE, 'utf8');
const made = withConfigurationTable(page);
if (process.argv.includes('--check')) {
  if (made !== page) {
    console.error(`${CONFIGURATION_PAGE} is stale: run \`npm run docs:config\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${CONFIGURATION_PAGE} is up to date`);
} else {
  writeFileSync(CONFIGURATION_PAGE, made);
  console.log(made === page ? `${CONFIGURATION_PAGE} was up to date` : `wrote ${CONFIGURATION_PAGE}`);
}
