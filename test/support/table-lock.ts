import postgres from 'postgres';

/**
 * Holds an exclusive lock on `countries`, from a connection of the test's own, until the returned
 * function is called: a statement that reads the table waits, so a test can run past a deadline.
 * Postgres only: PGlite runs one statement at a time in-process, so nothing can hold a lock.
 */
export async function lockCountries(url: string): Promise<() => Promise<void>> {
  const locker = postgres(url, { max: 1, onnotice: () => {} });
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const transaction = locker.begin(async (sql) => {
    await sql`LOCK TABLE countries IN ACCESS EXCLUSIVE MODE`;
    locked();
    await released;
  });
  await isLocked;
  return async () => {
    release();
    await transaction;
    await locker.end();
  };
}
