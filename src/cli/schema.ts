import { readFileSync, writeFileSync } from 'node:fs';
import { printedSchema, SDL_PATH } from '../graphql/schema';

/**
 * `schema print` writes schema/schema.graphql, the contract clients build against;
 * `schema check` fails when that file no longer matches the code.
 */
const command = process.argv[2];
if (command === 'print') {
  writeFileSync(SDL_PATH, printedSchema());
  console.log(`wrote ${SDL_PATH}`);
} else if (command === 'check') {
  let current = '';
  try {
    current = readFileSync(SDL_PATH, 'utf8');
  } catch {
    // A missing file is stale too.
  }
  if (current !== printedSchema()) {
    console.error(`${SDL_PATH} is stale: run \`npm run schema:print\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${SDL_PATH} is up to date`);
} else {
  console.error('usage: schema print|check');
  process.exit(2);
}
