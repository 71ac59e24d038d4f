import type { Kysely, Migration } from 'kysely';

/**
 * The procuratorate's 不起诉决定书 on a case the bureau transferred for prosecution
 * (刑事诉讼法 Art. 179), as received: when and under which number, so the case shows it.
 */
export const nonProsecution: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('police_case')
      .addColumn('not_prosecuted_at', 'timestamptz')
      .addColumn('non_prosecution_number', 'text')
      .execute();
  },
};
