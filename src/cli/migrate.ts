import { openConfiguredDatabase } from './database';
import { runCli } from './run';

async function main() {
  const database = await openConfiguredDatabase();
  await database.migrate();
  await database.close();
  console.log(`migrations applied (${database.kind})`);
}

runCli(main);
