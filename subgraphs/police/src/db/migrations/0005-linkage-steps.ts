import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The police's later steps of the linkage: materials asked for and supplied (公安规定
 * Art. 180 para. 2), seized items received (国务院令第310号 Art. 12), a case closed (撤案,
 * 公安规定 Art. 189) or transferred for prosecution with its proposed charges (刑事诉讼法
 * Art. 162), and the forwards of a case that was not the bureau's (310 Art. 7).
 */
export const linkageSteps: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('police_case')
      .addColumn('materials_requested_at', 'timestamptz')
      .addColumn('missing_materials', sql`text[]`)
      .addColumn('materials_supplied_at', 'timestamptz')
      .addColumn('supplied_materials', sql`text[]`)
      .addColumn('seized_items', sql`text[]`)
      .addColumn('seized_items_received_at', 'timestamptz')
      .addColumn('closed_at', 'timestamptz')
      .addColumn('close_reason', 'text')
      .addColumn('proposed_charges', sql`text[]`)
      .execute();
    // The agency's grounds for asking (提请复议书, 国务院令第310号 Art. 9); seeded requests have none.
    await db.schema.alterTable('reconsideration').addColumn('request_reason', 'text').execute();
    await db.schema.createTable('case_forward')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('police_case_id', 'text', (c) => c.notNull())
      .addColumn('from_bureau_code', 'text', (c) => c.notNull())
      .addColumn('from_case_number', 'text', (c) => c.notNull())
      .addColumn('to_bureau_code', 'text', (c) => c.notNull())
      .addColumn('to_bureau_name', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('forwarded_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('case_forward_case_idx').on('case_forward').column('police_case_id').execute();
  },
};
