import { z } from 'zod';
import { settingsSchema } from './config';

/**
 * The table of docs/configuration.md, made from the settings schema (src/config.ts) so that it
 * cannot drift from what the server reads: `npm run docs:config` writes it between the page's
 * markers, and test/docs-config.test.ts fails when the page holds anything else.
 */
export const CONFIGURATION_PAGE = 'docs/configuration.md';
export const TABLE_START = '<!-- configuration-table:start (npm run docs:config writes this table from src/config.ts) -->';
export const TABLE_END = '<!-- configuration-table:end -->';

type Schema = z.core.$ZodType;

/** The value a setting takes when its variable is unset; undefined when it stays unset. */
function defaultOf(schema: Schema): unknown {
  const def = schema._zod.def as { type: string; defaultValue?: unknown; in?: Schema };
  if (def.type === 'default') return def.defaultValue;
  if (def.type === 'pipe' && def.in) return defaultOf(def.in);
  return undefined;
}

function shownDefault(schema: Schema, meta: Record<string, unknown>): string {
  if (typeof meta.defaultText === 'string') return meta.defaultText;
  const value = defaultOf(schema);
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return 'unset';
  return `\`${Array.isArray(value) ? value.join(',') : String(value)}\``;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function configurationTable(): string {
  const rows = Object.entries(settingsSchema.shape).map(([name, schema]) => {
    const meta = (z.globalRegistry.get(schema) ?? {}) as Record<string, unknown>;
    if (typeof meta.description !== 'string' || meta.description.trim() === '') {
      throw new Error(`src/config.ts: ${name} has no description (.describe()) for ${CONFIGURATION_PAGE}`);
    }
    return `| \`${name}\` | ${cell(shownDefault(schema, meta))} | ${cell(meta.description)} |`;
  });
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The page with the table between its markers made anew; the rest of the page as it is. */
export function withConfigurationTable(page: string): string {
  const start = page.indexOf(TABLE_START);
  const end = page.indexOf(TABLE_END);
  if (start === -1 || end < start) {
    throw new Error(`${CONFIGURATION_PAGE} has lost its markers: ${TABLE_START} … ${TABLE_END}`);
  }
  return `${page.slice(0, start + TABLE_START.length)}\n${configurationTable()}\n${page.slice(end)}`;
}
