import { seedDatabase } from '../../seeds/seed';
import { openConfiguredDatabase } from './database';

async function main() {
  const database = await openConfiguredDatabase();
  await database.migrate();
  await seedDatabase(database.db);
  await database.close();
  console.log(`seed loaded (${database.kind})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
