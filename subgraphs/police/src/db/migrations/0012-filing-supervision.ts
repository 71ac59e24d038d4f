import type { Kysely, Migration } from 'kysely';

/**
 * 立案监督 on a refused case: the procuratorate's 要求说明不立案理由通知书 as received (which
 * supervision, when, why) and the bureau's written explanation (检察规则 Art. 560; 公安规定 Art. 182).
 */
export const filingSupervision: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('police_case')
      .addColumn('supervision_id', 'text')
      .addColumn('explanation_requested_at', 'timestamptz')
      .addColumn('explanation_request_reason', 'text')
      .addColumn('non_filing_explanation', 'text')
      .addColumn('non_filing_explained_at', 'timestamptz')
      .addColumn('filing_notified_at', 'timestamptz')
      .addColumn('correction_noticed_at', 'timestamptz')
      .execute();
  },
};
