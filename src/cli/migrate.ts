import { openConfiguredDatabase } from './database';

async function main() {
  const database = await openConfiguredDatabase();
  await database.migrate();
  await database.close();
  console.log(`migrations applied (${database.kind})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
