import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder';
import './article';
import './statement';
import './speaker';
import './country';
import './organization';

// Sorted so that the printed SDL in schema/schema.graphql diffs cleanly between versions.
export const schema = lexicographicSortSchema(builder.toSchema());
