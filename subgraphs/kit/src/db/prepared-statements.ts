import type pg from 'pg';

/**
 * Named (prepared) statements on PostgreSQL connections: a statement text the service runs
 * again and again is parsed and analysed once per connection, and PostgreSQL may keep its
 * plan, instead of doing both for every execution (an unnamed statement). The statements of
 * a request are few and always the same texts (loaders' lookups, the counters' sums), so
 * this is most of what PostgreSQL spends on a chain.
 *
 * Named: statements with parameters and without LIMIT. A page (… order by … limit n) is
 * left unnamed, since its best plan depends on its values (an agency with a hundred cases
 * or with a hundred thousand) and a plan kept for all of them could be the wrong one.
 * At most `limit` distinct texts get a name (a DataLoader batch of n keys is a text of its
 * own); the rest run unnamed. Off with XIANJIE_PG_PREPARE=false, as a pooler in transaction
 * mode (PgBouncer before 1.21) requires.
 */
export class StatementNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly limit = 500) {}

  /** The name for a statement text, or undefined when it runs unnamed. */
  nameFor(text: string): string | undefined {
    let name = this.names.get(text);
    if (name !== undefined || this.names.size >= this.limit || /\blimit\b/i.test(text)) return name;
    name = `xj${this.names.size + 1}`;
    this.names.set(text, name);
    return name;
  }

  /** A new name for a text whose kept plan no longer fits its tables. */
  private rename(text: string): string {
    const name = `xj${this.names.size + 1}r${Date.now().toString(36)}`;
    this.names.set(text, name);
    return name;
  }

  /**
   * Makes a connection run its statements named: pg prepares a name on the connection the
   * first time it is used there and then sends only Bind and Execute.
   */
  prepareOn(client: pg.PoolClient): void {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
      if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
        const name = this.nameFor(config);
        if (name) {
          return (query({ name, text: config, values }) as Promise<unknown>).catch((error: { code?: string; message?: string }) => {
            // A migration changed a table under a kept plan (another instance migrated):
            // prepare the text again under a new name, once.
            if (error.code !== '0A000' || !/cached plan/.test(error.message ?? '')) throw error;
            return query({ name: this.rename(config), text: config, values });
          });
        }
      }
      return callback === undefined ? (values === undefined ? query(config) : query(config, values)) : query(config, values, callback);
    };
  }
}
