import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * Dates and timestamps formatted by Postgres, as text: postgres.js and PGlite would parse them
 * into different JavaScript values, and exports and dumps must read the same from both.
 */

const TIMESTAMP_FORMATS = {
  // What the API's DateTime shows: JavaScript dates hold milliseconds.
  milliseconds: `YYYY-MM-DD"T"HH24:MI:SS.MS"Z"`,
  // What Postgres stores, so a dump restores every timestamp exactly.
  microseconds: `YYYY-MM-DD"T"HH24:MI:SS.US"Z"`,
};

/** A timestamptz in UTC, ISO 8601; null stays null. */
export const isoTimestamp = (column: SQLWrapper, precision: keyof typeof TIMESTAMP_FORMATS): SQL<string | null> =>
  sql`to_char(${column} at time zone 'UTC', ${sql.raw(`'${TIMESTAMP_FORMATS[precision]}'`)})`;

/** A date as YYYY-MM-DD, whatever the session's DateStyle; null stays null. */
export const isoDate = (column: SQLWrapper): SQL<string | null> => sql`to_char(${column}, 'YYYY-MM-DD')`;
