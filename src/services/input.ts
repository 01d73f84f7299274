import slugify from 'slugify';
import { z } from 'zod';
import { decodeGlobalId, type NodeTypeName } from '../core/global-id';
import { ValidationError } from './errors';

/**
 * The rules every write input follows. The database checks the same things (formats, blank
 * names, date order); checking here first gives the client the field and a sentence instead of a
 * constraint name.
 */
const withoutNul = (schema: z.ZodString) => schema.refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');

export const rules = {
  name: withoutNul(z.string().trim().min(1, 'must not be blank').max(300, 'must be at most 300 characters')),
  title: withoutNul(z.string().trim().min(1, 'must not be blank').max(500, 'must be at most 500 characters')),
  description: withoutNul(z.string().trim().max(5000, 'must be at most 5000 characters')),
  note: withoutNul(z.string().trim().max(5000, 'must be at most 5000 characters')),
  // 2 MB of text is a book, not a news article; larger bodies are a mistake or an attack.
  body: withoutNul(z.string().min(1, 'must not be empty').max(2_000_000, 'must be at most 2,000,000 characters')),
  slug: z
    .string()
    .max(120, 'must be at most 120 characters')
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, like "joe-biden"'),
  url: z
    .string()
    .max(2000, 'must be at most 2000 characters')
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL without spaces')
    .pipe(z.url('must be a valid URL')),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as "en" or "fa-IR"'),
  wikidataId: z.string().regex(/^Q[1-9][0-9]*$/, 'must be a Wikidata item ID such as "Q42"'),
  alpha2: z.string().regex(/^[A-Z]{2}$/, 'must be two upper-case letters (ISO 3166-1 alpha-2)'),
  alpha3: z.string().regex(/^[A-Z]{3}$/, 'must be three upper-case letters (ISO 3166-1 alpha-3)'),
  aliases: z.array(withoutNul(z.string().trim().min(1, 'must not be blank').max(300))).max(100, 'at most 100 aliases'),
  offset: z.number().int().min(0, 'must not be negative').max(2_000_000),
  confidence: z.number().min(0).max(1),
  // Why an editor made a change, kept in the corrections history.
  reason: withoutNul(z.string().trim().min(1, 'must not be blank').max(2000, 'must be at most 2000 characters')),
};

/** An optional reason, as the review mutations take it. */
export const reasonSchema = z.object({ reason: rules.reason.nullish() });

/** Parses an input with its schema, or throws the first problem as a ValidationError with its path. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, base: string[] = ['input']): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const path = [...base, ...issue.path.map(String)];
  throw new ValidationError(`${path.slice(1).join('.') || path[0]} ${issue.message}`, path);
}

/** The database ID behind a global ID that must name a `type`; a malformed one is a ValidationError. */
export function idFromInput(globalId: string, type: NodeTypeName, path: string[]): number {
  try {
    const decoded = decodeGlobalId(globalId);
    if (decoded.typename === type) return Number(decoded.id);
    throw new ValidationError(`${path.join('.')}: "${globalId}" is the ID of a ${decoded.typename}, not of a ${type}.`, path);
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError(`${path.join('.')}: "${globalId}" is not a valid global ID.`, path);
  }
}

/** A Date scalar's value (a JS Date at UTC midnight) as the 'YYYY-MM-DD' the date columns take. */
export const dateFromInput = (date: Date) => date.toISOString().slice(0, 10);

/** `undefined` leaves a column as it is; `null` clears it (for nullable fields of update inputs). */
export function presentFields<Row extends Record<string, unknown>>(row: Row): Partial<Row> {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined)) as Partial<Row>;
}

/** A URL-safe slug from a name: "Hossein Amir-Abdollahian" → "hossein-amir-abdollahian". */
export function slugFrom(name: string): string {
  // A name in another script (Persian, Cyrillic without transliteration) can leave nothing.
  return slugify(name, { lower: true, strict: true, trim: true }).slice(0, 80).replace(/-+$/, '') || 'untitled';
}
