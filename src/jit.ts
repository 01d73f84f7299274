import { useGraphQlJit } from '@envelop/graphql-jit';
import {
  getOperationAST,
  GraphQLError,
  visit,
  BREAK,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type Source,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * graphql-jit (GRAPHQL_JIT) compiles each query document once, and then runs it instead of
 * graphql-js's interpreter. Only for queries: mutations (run one field after another, inside
 * the idempotency and timeout wrappers) and subscriptions stay with graphql-js, and so do
 * documents with @defer or @stream, whose incremental delivery is graphql-js's (yoga's
 * useDeferStream).
 *
 * graphql-jit 0.8.7 put the null of a rejected list item at the end of the list rather than at
 * its index (a `nodes(ids:)` with a missing ID got an extra null whenever a later item loaded
 * first): patches/@envelop+graphql-jit++graphql-jit+0.8.7.patch fixes that, and
 * test/nodes.test.ts pins it.
 *
 * Where graphql-jit answers differently from graphql-js, this wrapper gives graphql-js's answer:
 * - variables that do not coerce: graphql-jit words the error its own way, without locations,
 *   and yoga answers it 200; graphql-js's answer (400) is sent instead, by running graphql-js;
 * - its errors carry `locations` but no `nodes`, `source` or `positions`, from which yoga's
 *   response writer builds the error it sends: resolver errors lost their locations. They are
 *   rebuilt as graphql-js errors with the document's source and positions.
 *
 * Put it before the plugins that wrap the executor (idempotency keys, the request timeout, the
 * response cache): the last setExecuteFn wins, so a later jit would drop their wrappers.
 */
export function useJit(): Plugin[] {
  const fitsByDocument = new WeakMap<DocumentNode, boolean>();
  const jitFits = (document: DocumentNode, operationName?: string | null) => {
    let fits = fitsByDocument.get(document);
    if (fits === undefined) {
      fits = !hasIncrementalDirective(document);
      fitsByDocument.set(document, fits);
    }
    return fits && getOperationAST(document, operationName)?.operation === 'query';
  };
  // graphql-js's executor as the plugins before this one left it, per request.
  const interpreterOf = new WeakMap<object, ExecuteFn>();
  return [
    {
      onExecute({ args, executeFn }) {
        if (jitFits(args.document, args.operationName)) interpreterOf.set(args.contextValue as object, executeFn as ExecuteFn);
      },
    },
    useGraphQlJit({}, { enableIf: (args) => jitFits(args.document, args.operationName) }) as Plugin,
    {
      onExecute({ args, executeFn, setExecuteFn }) {
        const interpret = interpreterOf.get(args.contextValue as object);
        if (!interpret) return;
        interpreterOf.delete(args.contextValue as object);
        const compiled = executeFn as ExecuteFn;
        setExecuteFn(async (executeArgs) => {
          const result = (await compiled(executeArgs)) as ExecutionResult;
          // No data at all: the variables did not coerce (or the operation could not run).
          // graphql-js words those errors itself and yoga answers them 400: let it.
          if (!('data' in result)) return interpret(executeArgs);
          const source = executeArgs.document.loc?.source;
          if (!source || !result.errors?.some((error) => error.locations && !error.nodes && !error.positions)) return result;
          return { ...result, errors: result.errors.map((error) => withSourcePositions(error, source)) };
        });
      },
    },
  ];
}

type ExecuteFn = (args: ExecutionArgs) => unknown;

function hasIncrementalDirective(document: DocumentNode) {
  let found = false;
  visit(document, {
    Directive(node) {
      if (node.name.value === 'defer' || node.name.value === 'stream') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function withSourcePositions(error: GraphQLError, source: Source): GraphQLError {
  if (!error.locations || error.nodes || error.positions) return error;
  const lineStarts = [0];
  const body = source.body;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\n' || (body[i] === '\r' && body[i + 1] !== '\n')) lineStarts.push(i + 1);
  }
  const positions = error.locations.map(({ line, column }) => (lineStarts[line - 1] ?? 0) + column - 1);
  return new GraphQLError(error.message, {
    source,
    positions,
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
}
