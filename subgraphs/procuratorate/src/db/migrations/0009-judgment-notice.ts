import type { Kysely, Migration } from 'kysely';

/**
 * The court's 刑事判决书 on a case the procuratorate indicted (刑事诉讼法 Arts. 202, 259), as
 * received: the judgment's number, its verdict and when it took effect, so the case shows it.
 */
export const judgmentNotice: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('prosecution_case')
      .addColumn('judgment_number', 'text')
      .addColumn('judgment_verdict', 'text')
      .addColumn('judgment_effective_at', 'timestamptz')
      .execute();
  },
};
