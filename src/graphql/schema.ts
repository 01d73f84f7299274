import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder';
import './article';
import './statement';
import './claim';
import './review';
import './speaker';
import './country';
import './organization';
import './search';
import './viewer';
import './import';

// Sorted so that the printed SDL in schema/schema.graphql diffs cleanly between versions.
export const schema = lexicographicSortSchema(builder.toSchema());

/** Where the printed SDL lives: the contract clients build against, checked by the tests. */
export const SDL_PATH = 'schema/schema.graphql';
export const printedSchema = () => `${printSchema(schema)}\n`;
