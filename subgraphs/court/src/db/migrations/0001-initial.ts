import { sql, type Kysely, type Migration } from 'kysely';

export const initial: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createTable('criminal_trial')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('chain_id', 'text', (c) => c.notNull().unique())
      .addColumn('prosecution_case_id', 'text', (c) => c.notNull().unique())
      .addColumn('case_number', 'text', (c) => c.notNull().unique())
      .addColumn('agency_id', 'text', (c) => c.notNull())
      .addColumn('court_code', 'text', (c) => c.notNull())
      .addColumn('court_name', 'text', (c) => c.notNull())
      .addColumn('accepted_at', 'timestamptz', (c) => c.notNull())
      .addColumn('defendant_name', 'text', (c) => c.notNull())
      .addColumn('verdict', 'text', (c) => c.check(sql`verdict in ('GUILTY', 'NOT_GUILTY', 'EXEMPT_FROM_PUNISHMENT')`))
      .addColumn('charges', sql`text[]`, (c) => c.notNull())
      .addColumn('prison_term_months', 'integer')
      .addColumn('fine_fen', 'bigint')
      .addColumn('fine_offset_fen', 'bigint')
      .addColumn('detention_offset_days', 'integer')
      .addColumn('judged_at', 'timestamptz')
      .addColumn('appealed', 'boolean', (c) => c.notNull())
      .addColumn('effective_at', 'timestamptz')
      .addColumn('deliberation_notes', 'text')
      .execute();
  },
};
