/**
 * A dump's manifest.json: what the folder holds, so a restore can tell a dump it understands
 * from anything else, and a truncated file from a whole one. It holds no date, so that dumping
 * the same data twice gives identical folders.
 */

export const MANIFEST_FILE = 'manifest.json';
export const DUMP_FORMAT = 'newskb-dump';
/** Raised when a file's fields change meaning; a restore refuses versions it does not know. */
// 2: statements.jsonl gained reviewStatus, reviewedBy, reviewedAt; statement-changes.jsonl, the history.
export const DUMP_FORMAT_VERSION = 2;

export interface DumpManifest {
  format: typeof DUMP_FORMAT;
  version: number;
  /** Whether api-tokens.jsonl is included (npm run dump -- --with-tokens). */
  apiTokens: boolean;
  /** In restore order: every reference points to a file listed before. */
  files: { file: string; type: string | null; rows: number }[];
}

/** A dump that cannot be restored, or a database that cannot take it: said plainly, for people. */
export class DumpError extends Error {}
