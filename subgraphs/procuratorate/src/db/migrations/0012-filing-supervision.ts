import { sql, type Kysely, type Migration } from 'kysely';

/**
 * 立案监督 (检察规则 Arts. 557–564): one case per police case the procuratorate supervises, opened
 * on its own initiative or on the agency's request (国务院令第310号 Art. 9), with each step's
 * time and document as it went: the request to explain the refusal, the police's reasons, the
 * finding on them, the 通知立案书, the filing as the police report it and the 纠正违法通知书.
 */
export const filingSupervision: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createTable('filing_supervision')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('chain_id', 'text', (c) => c.notNull().unique())
      .addColumn('police_case_id', 'text', (c) => c.notNull().unique())
      .addColumn('bureau_code', 'text', (c) => c.notNull())
      .addColumn('agency_id', 'text')
      .addColumn('procuratorate_code', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
      .addColumn('explanation_requested_at', 'timestamptz')
      .addColumn('explanation_request_number', 'text')
      .addColumn('explanation', 'text')
      .addColumn('explained_at', 'timestamptz')
      .addColumn('transfer_id', 'text')
      .addColumn('finding', 'text', (c) => c.check(sql`finding in ('SOUND', 'NOT_SOUND')`))
      .addColumn('finding_reason', 'text')
      .addColumn('reviewed_at', 'timestamptz')
      .addColumn('filing_notified_at', 'timestamptz')
      .addColumn('filing_notice_number', 'text')
      .addColumn('filed_at', 'timestamptz')
      .addColumn('filing_number', 'text')
      .addColumn('correction_noticed_at', 'timestamptz')
      .addColumn('correction_number', 'text')
      .execute();
    await sql`create index filing_supervision_procuratorate on filing_supervision (procuratorate_code, opened_at desc)`.execute(db);
  },
};
