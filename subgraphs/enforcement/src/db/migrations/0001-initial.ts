import { sql, type Kysely, type Migration } from 'kysely';

export const initial: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createTable('agency')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('region_code', 'text', (c) => c.notNull())
      .addColumn('credit_code', 'text', (c) => c.notNull().unique())
      .execute();
    await db.schema.createTable('officer')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('certificate_number', 'text', (c) => c.notNull().unique())
      .addColumn('valid_until', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('officer_agency_idx').on('officer').column('agency_id').execute();
    await db.schema.createTable('power_item')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('legal_basis', 'text', (c) => c.notNull())
      .addColumn('responsible_body', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('power_item_agency_idx').on('power_item').column('agency_id').execute();
    await db.schema.createTable('discretion_benchmark')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('violation', 'text', (c) => c.notNull())
      .addColumn('legal_basis', 'text', (c) => c.notNull())
      .addColumn('circumstance', 'text', (c) => c.notNull())
      .addColumn('min_fine_fen', 'bigint', (c) => c.notNull())
      .addColumn('max_fine_fen', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('benchmark_agency_idx').on('discretion_benchmark').column('agency_id').execute();
    // No foreign keys on the case tables: the bulk loader writes them in parallel batches.
    await db.schema.createTable('administrative_case')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('chain_id', 'text', (c) => c.notNull().unique())
      .addColumn('case_number', 'text', (c) => c.notNull().unique())
      .addColumn('agency_id', 'text', (c) => c.notNull())
      .addColumn('procedure', 'text', (c) => c.notNull())
      .addColumn('violation_category', 'text', (c) => c.notNull())
      .addColumn('facts', 'text', (c) => c.notNull())
      .addColumn('party_kind', 'text', (c) => c.notNull())
      .addColumn('party_name', 'text', (c) => c.notNull())
      .addColumn('party_id_number', 'text', (c) => c.notNull())
      .addColumn('involved_amount_fen', 'bigint', (c) => c.notNull())
      .addColumn('illegal_gains_fen', 'bigint', (c) => c.notNull())
      .addColumn('quantity', 'numeric')
      .addColumn('quantity_unit', 'text')
      .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
      .addColumn('officer_ids', sql`text[]`, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('case_agency_idx').on('administrative_case').columns(['agency_id', 'id']).execute();
    await db.schema.createTable('penalty_decision')
      .addColumn('case_id', 'text', (c) => c.primaryKey())
      .addColumn('document_number', 'text', (c) => c.notNull().unique())
      .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
      .addColumn('fine_fen', 'bigint', (c) => c.notNull())
      .addColumn('other_penalties', sql`text[]`, (c) => c.notNull())
      .addColumn('legal_basis', 'text', (c) => c.notNull())
      .addColumn('benchmark_id', 'text')
      .addColumn('published', 'boolean', (c) => c.notNull())
      .addColumn('published_at', 'timestamptz')
      .execute();
    await db.schema.createTable('case_transfer')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().unique())
      .addColumn('chain_id', 'text', (c) => c.notNull())
      .addColumn('agency_id', 'text', (c) => c.notNull())
      .addColumn('approved_by', 'text')
      .addColumn('approved_at', 'timestamptz')
      .addColumn('transferred_at', 'timestamptz')
      .addColumn('materials', sql`text[]`, (c) => c.notNull())
      .addColumn('police_bureau_code', 'text', (c) => c.notNull())
      .addColumn('police_bureau_name', 'text', (c) => c.notNull())
      .execute();
  },
};

export const publishedIndex: Migration = {
  async up(db: Kysely<any>) {
    await sql`create index penalty_decision_published_idx on penalty_decision (case_id desc) where published`.execute(db);
  },
};
