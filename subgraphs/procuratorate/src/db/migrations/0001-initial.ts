import { sql, type Kysely, type Migration } from 'kysely';

export const initial: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createTable('prosecution_case')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('chain_id', 'text', (c) => c.notNull().unique())
      .addColumn('police_case_id', 'text', (c) => c.notNull().unique())
      .addColumn('case_number', 'text', (c) => c.notNull().unique())
      .addColumn('agency_id', 'text', (c) => c.notNull())
      .addColumn('procuratorate_code', 'text', (c) => c.notNull())
      .addColumn('procuratorate_name', 'text', (c) => c.notNull())
      .addColumn('received_at', 'timestamptz', (c) => c.notNull())
      .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('PENDING', 'INDICTED', 'NOT_PROSECUTED')`))
      .addColumn('decided_at', 'timestamptz')
      .addColumn('charges', sql`text[]`, (c) => c.notNull())
      .addColumn('review_opinion', 'text')
      .execute();
    await db.schema.createTable('reverse_transfer')
      .addColumn('prosecution_case_id', 'text', (c) => c.primaryKey())
      .addColumn('agency_id', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
      .addColumn('opinion', 'text', (c) => c.notNull())
      .execute();
  },
};
