import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The linkage steps' own columns on a prosecution case and a reverse transfer. A case that
 * arrives through the inbox waits for acceptance (受理) and gets its number then, so the
 * number is null until accepted; seeded cases are inserted after this migration with
 * their numbers and read as accepted.
 */
export const workflow: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table prosecution_case alter column case_number drop not null`.execute(db);
    await db.schema.alterTable('prosecution_case')
      .addColumn('awaiting_acceptance', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('accepted_at', 'timestamptz')
      .addColumn('review_extended_at', 'timestamptz')
      .addColumn('review_extension_reason', 'text')
      .addColumn('sentencing_recommendation', 'text')
      .addColumn('non_prosecution_grounds', 'text')
      .addColumn('non_prosecution_article', 'text')
      .execute();
    await db.schema.alterTable('reverse_transfer')
      .addColumn('reply', 'text')
      .addColumn('replied_at', 'timestamptz')
      .addColumn('reply_penalty', 'jsonb')
      .execute();
  },
};
