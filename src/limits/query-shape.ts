import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../graphql/errors';

export interface QueryShapeLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  fieldSuggestions: boolean;
}

/**
 * graphql-armor's rejections are plain "Syntax Error: …" errors with no code. Each is reported
 * again with a stable code and the limit, so that a client can tell which limit it hit. The
 * limits are public (exposeLimits): GitHub's are documented too, and a client cannot keep under
 * a limit it is not told.
 */
function rejectWith(code: ErrorCode, limit: number): GraphQLArmorRejectCallback[] {
  return [
    (validation, armorError) => {
      const error = new GraphQLError(armorError.message.replace(/^Syntax Error: /, ''), {
        extensions: { code, limit, http: { status: 400 } },
      });
      // Token counting happens while parsing, before any validation context exists: throwing
      // ends the parse with this error instead of armor's.
      if (!validation) throw error;
      validation.reportError(error);
    },
  ];
}

/** Depth, aliases (`__typename` included), directives and tokens, checked before execution. */
export function useQueryShapeLimits(limits: QueryShapeLimits): Plugin[] {
  return [
    maxTokensPlugin({ n: limits.maxTokens, onReject: rejectWith(ErrorCode.TOO_MANY_TOKENS, limits.maxTokens) }),
    maxDepthPlugin({
      n: limits.maxDepth,
      // Introspection is deeper than any data query (GraphiQL's is 13 levels) and costs no SQL.
      ignoreIntrospection: true,
      propagateOnRejection: false,
      onReject: rejectWith(ErrorCode.QUERY_TOO_DEEP, limits.maxDepth),
    }),
    maxAliasesPlugin({
      n: limits.maxAliases,
      // armor lets `__typename` be aliased without limit by default: 10,000 aliased
      // `__typename`s still cost the server a response of that size.
      allowList: [],
      propagateOnRejection: false,
      onReject: rejectWith(ErrorCode.TOO_MANY_ALIASES, limits.maxAliases),
    }),
    maxDirectivesPlugin({
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: rejectWith(ErrorCode.TOO_MANY_DIRECTIVES, limits.maxDirectives),
    }),
    ...(limits.fieldSuggestions ? [] : [blockFieldSuggestionsPlugin()]),
  ] as Plugin[];
}
