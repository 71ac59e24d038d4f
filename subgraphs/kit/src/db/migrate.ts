import { Migrator, type Kysely, type Migration } from 'kysely';

/**
 * Runs an institution's migrations to the latest. Migrations are modules exporting
 * `up` (and `down`), listed in order by the subgraph; names sort in that order.
 * Throws with the failing migration's name so a start-up never serves a half-migrated schema.
 */
export async function migrateToLatest(
  db: Kysely<any>,
  migrations: Record<string, Migration>,
  institution: string,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'kysely_migration',
    migrationLockTableName: 'kysely_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const which = failed ? ` (migration ${failed.migrationName})` : '';
    throw new Error(`${institution}: migration failed${which}: ${String((error as Error)?.message ?? error)}`);
  }
}
