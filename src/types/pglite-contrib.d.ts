// PGlite's package maps the types of its contrib extensions to ES-module declarations only, which
// a CommonJS build cannot import; at run time `require` finds its .cjs build. This states the one
// export newskb uses.
declare module '@electric-sql/pglite/contrib/pg_trgm' {
  import type { Extension } from '@electric-sql/pglite';
  export const pg_trgm: Extension;
}
