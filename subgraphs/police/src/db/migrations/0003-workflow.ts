import type { Kysely, Migration } from 'kysely';

/** The linkage steps' own columns on a police case. */
export const workflow: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('police_case')
      .addColumn('awaiting_receipt', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('receipt_signed_at', 'timestamptz')
      .addColumn('filing_number', 'text')
      .execute();
  },
};
