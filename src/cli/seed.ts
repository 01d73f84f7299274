import { seedDatabase } from '../../seeds/seed';
import { openConfiguredDatabase } from './database';
import { runCli } from './run';

async function main() {
  const database = await openConfiguredDatabase();
  await database.migrate();
  await seedDatabase(database.db);
  await database.close();
  console.log(`seed loaded (${database.kind})`);
}

runCli(main);
