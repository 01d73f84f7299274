import { builder } from './builder';

/** The orderBy inputs that root connections share; their filters are decoded in src/loaders/filter-arguments.ts. */

export const OrderDirection = builder.enumType('OrderDirection', {
  values: { ASC: { description: 'Ascending.' }, DESC: { description: 'Descending.' } } as const,
});

/** A root connection's `orderBy` input: `{ field: <Type>OrderField!, direction: OrderDirection! }`. */
export function orderInput<const Field extends string>(typeName: string, fields: Record<Field, string>) {
  const fieldEnum = builder.enumType(`${typeName}Field`, {
    values: Object.fromEntries(Object.entries(fields).map(([name, description]) => [name, { description }])) as Record<
      Field,
      { description: string }
    >,
  });
  return builder.inputType(typeName, {
    fields: (t) => ({
      field: t.field({ type: fieldEnum, required: true }),
      direction: t.field({ type: OrderDirection, required: true }),
    }),
  });
}
