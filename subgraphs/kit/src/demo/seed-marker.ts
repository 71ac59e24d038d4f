import { sql, type Kysely, type Migration } from 'kysely';
import type { DemoOptions } from './demo-options';

/**
 * Records that a database holds the demo data (seed, case count), so a restart does not
 * seed it twice and a database bulk-loaded by `npm run seed:bulk` is served as it is.
 */
export const seedMarkerMigration: Migration = {
  async up(db) {
    await db.schema
      .createTable('xianjie_seed')
      .addColumn('seed', 'integer', (c) => c.notNull())
      .addColumn('cases', 'integer', (c) => c.notNull())
      .addColumn('row_count', 'bigint', (c) => c.notNull())
      .addColumn('loaded_at', 'timestamptz', (c) => c.notNull())
      .execute();
  },
};

export async function seededWith(db: Kysely<any>): Promise<DemoOptions | undefined> {
  const { rows } = await sql<{ seed: number; cases: number }>`select seed, cases from xianjie_seed limit 1`.execute(db);
  return rows[0] ? { seed: Number(rows[0].seed), cases: Number(rows[0].cases) } : undefined;
}

export async function markSeeded(db: Kysely<any>, options: DemoOptions, rowCount: number): Promise<void> {
  await sql`insert into xianjie_seed (seed, cases, row_count, loaded_at) values (${options.seed}, ${options.cases}, ${rowCount}, now())`.execute(db);
}
