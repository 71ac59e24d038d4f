// 考核通报 (issue 7 item 5): the agencies' counters, kept by triggers in each write's own
// transaction (kit assessment/counters.ts), and the special campaigns (专项行动).
import { sql } from 'kysely';
import { assessmentCountMigration, completenessMeasures, STAGES, type CounterSource } from '@xianjie/subgraph-kit';

const ON_TIME = 'not k.cancelled and k.done_at <= k.due_at';
const PROCEDURES = ['GENERAL', 'SIMPLIFIED'];
/**
 * The case list's counts (administrativeCases totalCount, issue 7 item 6): every case, the
 * transferred and the published ones, per procedure, in the month the case was registered
 * (the list's registeredFrom/To), whichever table's write changes them.
 */
const listMeasures = (measure: string, when: string) =>
  PROCEDURES.map((p) => ({ measure: `${measure}:${p}`, when: `c.procedure = '${p}' and (${when})`, at: 'c.registered_at' }));
const LATE = 'not k.cancelled and k.done_at > k.due_at';

/** What each of the agencies' tables counts: the agency where the case began and its violation category. */
export const ASSESSMENT_SOURCES: CounterSource[] = [
  {
    table: 'administrative_case', from: (rel) => `${rel} c`, agency: 'c.agency_id', category: 'c.violation_category',
    measures: [{ measure: 'CASES', when: 'true', at: 'c.registered_at' }, ...completenessMeasures(STAGES.REGISTRATION), ...listMeasures('LIST_CASES', 'true')],
  },
  {
    table: 'penalty_decision', from: (rel) => `${rel} d join administrative_case c on c.id = d.case_id`, agency: 'c.agency_id', category: 'c.violation_category',
    measures: [{ measure: 'PENALTIES', when: 'true', at: 'd.decided_at', amount: 'd.fine_fen' }, ...completenessMeasures(STAGES.PENALTY), ...listMeasures('LIST_PUBLISHED', 'd.published')],
  },
  {
    table: 'case_transfer', from: (rel) => `${rel} t join administrative_case c on c.id = t.case_id`, agency: 't.agency_id', category: 'c.violation_category',
    measures: [{ measure: 'TRANSFERS', when: 'true', at: 't.transferred_at' }, ...completenessMeasures(STAGES.TRANSFER), ...listMeasures('LIST_TRANSFERRED', 'true')],
  },
  {
    table: 'supervision_warning', from: (rel) => `${rel} w join administrative_case c on c.id = w.case_id`, agency: 'w.agency_id', category: 'c.violation_category',
    measures: [
      { measure: 'WARNINGS_RAISED', when: 'true', at: 'w.raised_at' },
      { measure: 'WARNINGS_RESOLVED', when: 'true', at: 'w.closed_at' },
      // The warnings list's count (open ones; closed = raised − open).
      { measure: 'LIST_WARNINGS_OPEN', when: 'w.closed_at is null', at: 'w.raised_at' },
    ],
  },
  {
    // The agencies' own steps (the unit is the agency), under the category of the chain's case.
    table: 'workflow_task', from: (rel) => `${rel} k left join administrative_case c on c.chain_id = k.chain_id`, agency: 'k.org', category: `coalesce(c.violation_category, '')`,
    measures: [{ measure: 'STEPS_ON_TIME', when: ON_TIME, at: 'k.done_at' }, { measure: 'STEPS_LATE', when: LATE, at: 'k.done_at' }],
  },
];

export const assessment = assessmentCountMigration(ASSESSMENT_SOURCES, async (db) => {
  await sql`create table special_campaign (
    id text primary key,
    name text not null,
    categories text[] not null,
    region_codes text[] not null,
    starts_on date not null,
    ends_on date not null,
    defined_at timestamptz not null default now(),
    defined_by text)`.execute(db);
  // The campaigns are defined by the legal-affairs office (defineSpecialCampaign); the demo seeds three.
});
