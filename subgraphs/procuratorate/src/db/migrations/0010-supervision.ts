import { sql, type Kysely, type Migration } from 'kysely';

/** 建议移送 (检察规则 Art. 557 para. 3): each one the procuratorate sent, and the agency's answer as it came back. */
export const supervision: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createTable('transfer_suggestion')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('number', 'text', (c) => c.notNull().unique())
      .addColumn('chain_id', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('agency_id', 'text', (c) => c.notNull())
      .addColumn('procuratorate_code', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
      .addColumn('answer_due_at', 'timestamptz', (c) => c.notNull())
      .addColumn('answer_transfer', 'boolean')
      .addColumn('answer_reason', 'text')
      .addColumn('answered_at', 'timestamptz')
      .execute();
    await sql`create index transfer_suggestion_case on transfer_suggestion (case_id, sent_at desc)`.execute(db);
  },
};
