import { rm } from 'node:fs/promises';
import { adminConnection, pgliteEmptyTemplateFile, pgliteTemplateFile, postgresPrefix } from './databases';

export default async function globalTeardown() {
  await Promise.all([rm(pgliteTemplateFile(), { force: true }), rm(pgliteEmptyTemplateFile(), { force: true })]);
  if (!process.env.TEST_DATABASE_URL) return;
  const admin = adminConnection();
  // Test files drop their own copies; this drops the templates and any copy a crash left behind.
  const leftovers = await admin<{ datname: string }[]>`
    SELECT datname FROM pg_database WHERE starts_with(datname, ${postgresPrefix()})`;
  for (const { datname } of leftovers) {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  await admin.end();
}
