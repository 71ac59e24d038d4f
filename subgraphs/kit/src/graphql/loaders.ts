import DataLoader from 'dataloader';

/**
 * A per-request DataLoader whose batch function issues one SQL statement for all keys
 * and returns rows in key order (`null` for a missing key), as DataLoader requires.
 *
 * @example
 * const caseById = rowLoader((ids) => db.selectFrom('administrative_case').selectAll().where('id', 'in', ids).execute(), (r) => r.id);
 */
export function rowLoader<K extends string, R>(
  fetch: (keys: readonly K[]) => Promise<R[]>,
  keyOf: (row: R) => K,
): DataLoader<K, R | null> {
  return new DataLoader<K, R | null>(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map(rows.map((row) => [keyOf(row), row] as const));
    return keys.map((key) => byKey.get(key) ?? null);
  }, { maxBatchSize: 1000 });
}

/** Like rowLoader, for one-to-many: every key gets the (possibly empty) list of its rows. */
export function groupLoader<K extends string, R>(
  fetch: (keys: readonly K[]) => Promise<R[]>,
  keyOf: (row: R) => K,
): DataLoader<K, R[]> {
  return new DataLoader<K, R[]>(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map<K, R[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const list = byKey.get(key);
      if (list) list.push(row);
      else byKey.set(key, [row]);
    }
    return keys.map((key) => byKey.get(key) ?? []);
  }, { maxBatchSize: 1000 });
}

/**
 * Forgets what a request's loaders have read: called when its write commits, so that what
 * the mutation answers is read after it (a loader primes rows of other tables with the row
 * it reads, such as a case with its decision, which the write may just have added).
 */
export function forgetLoaded(loaders: unknown): void {
  for (const loader of Object.values((loaders ?? {}) as Record<string, unknown>)) {
    if (loader instanceof DataLoader) loader.clearAll();
  }
}
