import { sql, type Compilable, type CompiledQuery, type Kysely, type RawBuilder } from 'kysely';

/** Stands for the keys while the statement is compiled: found again among its parameters by identity. */
const KEYS: readonly string[] = Object.freeze([]);

/**
 * A statement that reads rows by a list of keys, built and compiled once per database and
 * run with each batch's keys (a loader's batch function). The keys go as one array
 * parameter (`column = any($1)`), so every batch size shares one SQL text, which the
 * database prepares once (prepared-statements.ts), and no request pays for building and
 * compiling it: Kysely's builders, its camel-case transform and its compiler had cost
 * about a tenth of a subgraph's CPU per chain query.
 *
 * `build` gets `keys`, the expression to compare a key column with (`.where('c.id', '=', keys)`).
 * The statement may have no other parameter: a value taken from outside would be kept from
 * the first call, so it is refused (constants are written with `eb.lit` or `sql.lit`).
 *
 * @example
 * const trialsByChain = keyedStatement((db: Kysely<CourtDatabase>, keys) => db.selectFrom('criminalTrial').selectAll().where('chainId', '=', keys));
 * const trialByChainId = rowLoader((ids) => trialsByChain(db, ids), (r) => r.chainId);
 */
export function keyedStatement<DB, R>(
  build: (db: Kysely<DB>, keys: RawBuilder<string>) => Compilable<R>,
): (db: Kysely<DB>, keys: readonly string[]) => Promise<R[]> {
  // One compiled statement per database (a transaction's too): the same builder over two
  // Kysely instances may compile differently (their plugins).
  const compiled = new WeakMap<Kysely<DB>, { query: CompiledQuery<R> }>();
  const compile = (db: Kysely<DB>) => {
    const query = build(db, sql<string>`any(${KEYS})`).compile();
    if (query.parameters.length !== 1 || query.parameters[0] !== KEYS) {
      throw new Error(`keyedStatement: the statement must have its keys as its one parameter: ${query.sql}`);
    }
    const entry = { query };
    compiled.set(db, entry);
    return entry;
  };
  return async (db, keys) => {
    const { query } = compiled.get(db) ?? compile(db);
    return (await db.executeQuery<R>({ ...query, parameters: [keys] })).rows;
  };
}
