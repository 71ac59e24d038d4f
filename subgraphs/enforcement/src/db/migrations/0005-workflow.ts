import type { Kysely, Migration } from 'kysely';

/** The linkage steps' own columns on a transfer, and the procuratorial opinions received. */
export const workflow: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('case_transfer')
      .addColumn('proposed_at', 'timestamptz')
      .addColumn('proposed_by', 'text')
      .addColumn('reason', 'text')
      .addColumn('refused_at', 'timestamptz')
      .addColumn('refusal_reason', 'text')
      .addColumn('filing_decision', 'text')
      .addColumn('filing_noticed_at', 'timestamptz')
      .addColumn('items_handed_over_at', 'timestamptz')
      .execute();
    await db.schema.createTable('procuratorial_opinion')
      .addColumn('document_id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('prosecution_case_id', 'text', (c) => c.notNull())
      .addColumn('procuratorate_code', 'text', (c) => c.notNull())
      .addColumn('opinion', 'text', (c) => c.notNull())
      .addColumn('received_at', 'timestamptz', (c) => c.notNull())
      .addColumn('replied_at', 'timestamptz')
      .addColumn('reply', 'text')
      .execute();
    await db.schema.createIndex('procuratorial_opinion_case_idx').on('procuratorial_opinion').column('case_id').execute();
  },
};
