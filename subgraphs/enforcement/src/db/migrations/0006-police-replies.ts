import { sql, type Kysely, type Migration } from 'kysely';

/**
 * What a transfer records of the police's later steps and the agency's replies: a forward
 * to another bureau (国务院令第310号 Art. 7), materials asked for and supplied (公安规定
 * Art. 180 para. 2), the seized items handed over (310 Art. 12), a reconsideration
 * requested and decided (Art. 9), the case closed by the police (公安规定 Art. 189).
 */
export const policeReplies: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('case_transfer')
      .addColumn('forwarded_at', 'timestamptz')
      .addColumn('materials_requested_at', 'timestamptz')
      .addColumn('missing_materials', sql`text[]`)
      .addColumn('materials_supplied_at', 'timestamptz')
      .addColumn('seized_items', sql`text[]`)
      .addColumn('reconsideration_requested_at', 'timestamptz')
      .addColumn('reconsideration_reason', 'text')
      .addColumn('reconsideration_decided_at', 'timestamptz')
      .addColumn('reconsideration_decision', 'text')
      .addColumn('police_closed_at', 'timestamptz')
      .addColumn('police_close_reason', 'text')
      .execute();
  },
};
