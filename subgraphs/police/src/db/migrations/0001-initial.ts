import { sql, type Kysely, type Migration } from 'kysely';

export const initial: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createTable('police_case')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('chain_id', 'text', (c) => c.notNull().unique())
      .addColumn('transfer_id', 'text', (c) => c.notNull().unique())
      .addColumn('case_number', 'text', (c) => c.notNull().unique())
      .addColumn('agency_id', 'text', (c) => c.notNull())
      .addColumn('bureau_code', 'text', (c) => c.notNull())
      .addColumn('bureau_name', 'text', (c) => c.notNull())
      .addColumn('received_at', 'timestamptz', (c) => c.notNull())
      .addColumn('filing_decision', 'text', (c) => c.notNull().check(sql`filing_decision in ('PENDING', 'FILED', 'NOT_FILED')`))
      .addColumn('filing_decided_at', 'timestamptz')
      .addColumn('filing_reason', 'text')
      .addColumn('investigation_notes', sql`text[]`, (c) => c.notNull())
      .addColumn('transferred_for_prosecution_at', 'timestamptz')
      .execute();
    await db.schema.createTable('reconsideration')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('police_case_id', 'text', (c) => c.notNull())
      .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
      .addColumn('decided_at', 'timestamptz')
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .execute();
    await db.schema.createIndex('reconsideration_case_idx').on('reconsideration').column('police_case_id').execute();
    await db.schema.createTable('suspect')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('police_case_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('id_number', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('suspect_case_idx').on('suspect').column('police_case_id').execute();
  },
};
