import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { Kind, visit, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { clientError, ErrorCode } from '../core/errors';

export interface QueryShapeLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxRepeatedFields: number;
  fieldSuggestions: boolean;
}

const mostRepeated = new WeakMap<DocumentNode, { name: string; count: number }>();

/**
 * The response name selected most often in any one selection set of the document. Remembered per
 * document: yoga's parser cache hands the same DocumentNode to every request with the same text,
 * and still calls onParse's after-hook for each (a walk of the whole document per request).
 */
function mostRepeatedField(document: DocumentNode): { name: string; count: number } {
  let cached = mostRepeated.get(document);
  if (!cached) {
    cached = countMostRepeatedField(document);
    mostRepeated.set(document, cached);
  }
  return cached;
}

function countMostRepeatedField(document: DocumentNode): { name: string; count: number } {
  let worst = { name: '', count: 0 };
  visit(document, {
    SelectionSet(selectionSet) {
      const counts = new Map<string, number>();
      for (const selection of selectionSet.selections) {
        if (selection.kind !== Kind.FIELD) continue;
        const name = selection.alias?.value ?? selection.name.value;
        const count = (counts.get(name) ?? 0) + 1;
        counts.set(name, count);
        if (count > worst.count) worst = { name, count };
      }
    },
  });
  return worst;
}

/**
 * The same field selected many times in one place ("500 repeated __typename") is legal and
 * merges into one answer, but checking that the copies agree compares every pair of them, with
 * the defer/stream plugin's rule printing the arguments of each: 700 copies took half a second
 * of CPU. Refused right after parsing, before validation starts.
 */
function useRepeatedFieldLimit(max: number): Plugin {
  return {
    onParse:
      () =>
      ({ result, replaceParseResult }) => {
        if (!result || (result as DocumentNode).kind !== Kind.DOCUMENT) return;
        const { name, count } = mostRepeatedField(result as DocumentNode);
        if (count <= max) return;
        replaceParseResult(
          clientError(
            ErrorCode.TOO_MANY_REPEATED_FIELDS,
            `The field "${name}" is selected ${count} times in one selection set; the limit is ${max}.`,
            {
              limit: max,
              http: { status: 400 },
            },
          ),
        );
      },
  };
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
      const error = clientError(code, armorError.message.replace(/^Syntax Error: /, ''), { limit, http: { status: 400 } });
      // Token counting happens while parsing, before any validation context exists: throwing
      // ends the parse with this error instead of armor's.
      if (!validation) throw error;
      validation.reportError(error);
    },
  ];
}

/** Tokens, repeated fields, depth, aliases (`__typename` included) and directives, before execution. */
export function useQueryShapeLimits(limits: QueryShapeLimits): Plugin[] {
  return [
    maxTokensPlugin({ n: limits.maxTokens, onReject: rejectWith(ErrorCode.TOO_MANY_TOKENS, limits.maxTokens) }),
    useRepeatedFieldLimit(limits.maxRepeatedFields),
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
