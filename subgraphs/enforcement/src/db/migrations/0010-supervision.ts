import { THRESHOLD_CATALOGUE } from '@xianjie/subgraph-kit';
import { sql, type Kysely, type Migration } from 'kysely';
import { evaluateCases } from '../../supervision-evaluate';

/**
 * Supervision (issue 7): the facts a threshold tests that a case did not record yet (the
 * kind of conduct, the sales, the unsold goods' value), the threshold catalogue (version 1,
 * from the kit's law data), and the 以罚代刑 warnings it raises, each case once. The
 * warnings of cases already stored are computed here; seeded ones after the seed.
 */
export const supervision: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table administrative_case add column conduct text, add column sales_fen bigint, add column unsold_value_fen bigint`.execute(db);
    await db.schema.createTable('threshold_catalogue')
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('changed_at', 'timestamptz', (c) => c.notNull())
      .addColumn('changed_by', 'text')
      .addColumn('note', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createTable('threshold_criterion')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('offence', 'text', (c) => c.notNull())
      .addColumn('criminal_article', 'text', (c) => c.notNull())
      .addColumn('categories', sql`text[]`, (c) => c.notNull())
      .addColumn('conduct', 'text')
      .addColumn('presumed', 'boolean', (c) => c.notNull())
      .addColumn('fact', 'text')
      .addColumn('fact_label', 'text')
      .addColumn('unit', 'text')
      .addColumn('figure', 'numeric')
      .addColumn('prior_penalties', 'integer')
      .addColumn('prior_months', 'integer')
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('basis', 'text', (c) => c.notNull())
      .execute();
    await db.insertInto('threshold_catalogue').values({ version: 1, changed_at: new Date(), changed_by: null, note: '立案追诉标准（初始目录）' }).execute();
    await db.insertInto('threshold_criterion').values(THRESHOLD_CATALOGUE.map((k) => ({
      id: k.id, offence: k.offence, criminal_article: k.criminalArticle, categories: sql`${sql.val([...k.categories])}::text[]`, conduct: k.conduct,
      presumed: k.presumed, fact: k.fact, fact_label: k.factLabel, unit: k.unit, figure: k.figure, prior_penalties: k.priorPenalties,
      prior_months: k.priorMonths, text: k.text, basis: k.basis,
    }))).execute();
    await db.schema.createTable('supervision_warning')
      .addColumn('case_id', 'text', (c) => c.primaryKey())
      .addColumn('chain_id', 'text', (c) => c.notNull())
      .addColumn('agency_id', 'text', (c) => c.notNull())
      .addColumn('criteria', sql`text[]`, (c) => c.notNull())
      .addColumn('catalogue_version', 'integer', (c) => c.notNull())
      .addColumn('raised_at', 'timestamptz', (c) => c.notNull())
      .addColumn('closed_at', 'timestamptz')
      .addColumn('close_reason', 'text')
      // 建议移送 (检察规则 Art. 557 para. 3) received from a procuratorate, and the agency's answer.
      .addColumn('suggestion_document_id', 'text')
      .addColumn('suggestion_number', 'text')
      .addColumn('suggestion_procuratorate', 'text')
      .addColumn('suggestion_reason', 'text')
      .addColumn('suggestion_received_at', 'timestamptz')
      .addColumn('answer_transfer', 'boolean')
      .addColumn('answer_reason', 'text')
      .addColumn('answered_at', 'timestamptz')
      .execute();
    // The lists: every open warning newest first, and an agency's.
    await sql`create index supervision_warning_open on supervision_warning (raised_at desc, case_id desc) where closed_at is null`.execute(db);
    await sql`create index supervision_warning_agency_open on supervision_warning (agency_id, raised_at desc, case_id desc) where closed_at is null`.execute(db);
    await sql`create index supervision_warning_all on supervision_warning (raised_at desc, case_id desc)`.execute(db);
    // Prior penalties of a party: by ID number (0007 has upper(party_id_number)), the decision by case.
    await sql`create index penalty_decision_decided on penalty_decision (case_id, decided_at)`.execute(db);
    await evaluateCases(db);
  },
};
