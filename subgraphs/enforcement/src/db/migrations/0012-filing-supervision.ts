import type { Kysely, Migration } from 'kysely';

/** 提请立案监督 (国务院令第310号 Art. 9): when the agency asked the procuratorate, and why. */
export const filingSupervision: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('case_transfer')
      .addColumn('filing_supervision_requested_at', 'timestamptz')
      .addColumn('filing_supervision_reason', 'text')
      .execute();
  },
};
