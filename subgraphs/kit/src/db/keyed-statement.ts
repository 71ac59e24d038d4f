import { sql, type Compilable, type CompiledQuery, type Kysely, type RawBuilder } from 'kysely';

/** Stands for the keys while the statement is compiled: found again among its parameters by identity. */
const KEYS: readonly string[] = Object.freeze([]);

/**
 * A statement that reads rows by a list of keys, built and compiled once per database and
 * run with each batch's keys (a loader's batch function). Several keys go as one array
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
  // Compiled per database (a transaction's too: the same builder over two Kysely instances
  // may compile differently, with their plugins), in two forms: `= $1` for one key (a chain's
  // record), whose prepared plan PostgreSQL keeps; `= any($1)` for several (a page's), whose
  // generic plan PostgreSQL estimates for ten keys and so plans anew each time, as it did `in`.
  const compiled = new WeakMap<Kysely<DB>, { one?: CompiledQuery<R>; many?: CompiledQuery<R> }>();
  const compile = (db: Kysely<DB>, many: boolean) => {
    const query = build(db, many ? sql<string>`any(${KEYS})` : sql<string>`${KEYS}`).compile();
    if (query.parameters.length !== 1 || query.parameters[0] !== KEYS) {
      throw new Error(`keyedStatement: the statement must have its keys as its one parameter: ${query.sql}`);
    }
    return query;
  };
  return async (db, keys) => {
    let forms = compiled.get(db);
    if (!forms) compiled.set(db, (forms = {}));
    const query = keys.length === 1 ? (forms.one ??= compile(db, false)) : (forms.many ??= compile(db, true));
    return (await db.executeQuery<R>({ ...query, parameters: keys.length === 1 ? keys : [keys] })).rows;
  };
}
