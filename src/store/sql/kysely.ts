import { createRequire } from 'node:module';
import type * as KyselyModule from 'kysely';

/**
 * kysely for the store's statements, loaded with `require` (its CommonJS build) instead of `import`. Its ESM build
 * is about 980 modules: under tsx (how `npm start` and the benches run) loading them took ~25 MiB of RSS and
 * ~200 ms, the CommonJS build ~5 MiB and ~50 ms; under plain Node (the built `dist/`) ~18 against ~13 MiB. Only the
 * statements use kysely, once, at definition (see `defineStatement`), so nothing is lost. Every module under src/
 * takes kysely from here, so the process holds one copy of it.
 */
const kysely = createRequire(import.meta.url)('kysely') as typeof KyselyModule;

export const {
  sql,
  Kysely,
  DummyDriver,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} = kysely;

/** kysely's query builder over the tables `DB` (the class's instance type, beside the class above). */
export type Kysely<DB> = KyselyModule.Kysely<DB>;

export type { Compilable, ExpressionBuilder, Generated, RawBuilder, Selectable, UpdateObject } from 'kysely';
