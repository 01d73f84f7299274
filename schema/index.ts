export * from './countries';
export * from './organizations';
export * from './speakers';
export * from './articles';
export * from './statements';
export * from './api-tokens';
export * from './idempotency-keys';
export * from './relations';
