import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The linkage steps' own columns on a trial. A trial opened from an indictment awaits
 * acceptance (受理) before it has a case number; seeded trials keep theirs.
 */
export const workflow: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('criminal_trial').alterColumn('case_number', (c) => c.dropNotNull()).execute();
    await db.schema.alterTable('criminal_trial').alterColumn('accepted_at', (c) => c.dropNotNull()).execute();
    await db.schema.alterTable('criminal_trial')
      .addColumn('received_at', 'timestamptz')
      .addColumn('indictment_id', 'text')
      .addColumn('appealed_at', 'timestamptz')
      .addColumn('appealed_by', 'text', (c) => c.check(sql`appealed_by in ('DEFENDANT', 'PROCURATORATE')`))
      .addColumn('second_instance_ruling', 'text')
      .execute();
  },
};
