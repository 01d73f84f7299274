import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { GraphQLError, Kind, TypeInfo, validate, visit, visitWithTypeInfo, type ArgumentNode, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../graphql/errors';
import { DEFAULT_PAGE_SIZE } from '../loaders/pagination';

const PAGE_SIZE_ARGUMENTS = new Set(['first', 'last']);

/**
 * armor multiplies a connection's cost by `first`/`last` only when the number is written in the
 * query: `first: $n` would count as 1, and so would a connection that takes the default page.
 * This copy of the document, used only to cost it, has every page size written out.
 */
function withPageSizesWritten(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  const pageSize = (value: unknown) => String(Number.isInteger(value) ? value : DEFAULT_PAGE_SIZE);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(field) {
        const takesPageSize = typeInfo.getFieldDef()?.args.some((argument) => argument.name === 'first');
        if (!takesPageSize) return undefined;
        const written = (field.arguments ?? []).map((argument): ArgumentNode => {
          if (!PAGE_SIZE_ARGUMENTS.has(argument.name.value) || argument.value.kind !== Kind.VARIABLE) return argument;
          return { ...argument, value: { kind: Kind.INT, value: pageSize(variables[argument.value.name.value]) } };
        });
        if (!written.some((argument) => PAGE_SIZE_ARGUMENTS.has(argument.name.value))) {
          written.push({ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'first' }, value: { kind: Kind.INT, value: pageSize(undefined) } });
        }
        return { ...field, arguments: written };
      },
    }),
  );
}

/**
 * A query's cost, with armor's rule: 2 for each object and 1 for each scalar it can return at
 * most, each connection's part multiplied by its page size; checked once the variables are known.
 * armor's default also makes each level cost 1.5 times more than the one above; that is turned
 * off (factor 1), so that the cost reads as the size of the largest possible answer.
 */
export function useCostLimit(maxCost: number): Plugin {
  const rule = costLimitRule({
    maxCost,
    objectCost: 2,
    scalarCost: 1,
    depthCostFactor: 1,
    ignoreIntrospection: true,
    propagateOnRejection: false,
    onReject: [
      (validation, armorError) =>
        validation?.reportError(
          new GraphQLError(armorError.message.replace(/^Syntax Error: /, ''), {
            extensions: { code: ErrorCode.QUERY_TOO_COSTLY, limit: maxCost, http: { status: 400 } },
          }),
        ),
    ],
  });
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const costed = withPageSizesWritten(args.schema, args.document, (args.variableValues ?? {}) as Record<string, unknown>);
      const errors = validate(args.schema, costed, [rule]);
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
  };
}
