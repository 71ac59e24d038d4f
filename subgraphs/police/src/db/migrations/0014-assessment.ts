// 考核通报 (issue 7 item 5): the police's counters, by the agency that transferred each case,
// kept by triggers in each write's own transaction (kit assessment/counters.ts). The police
// do not record the violation category: their counters' category is empty.
import { assessmentCountMigration, completenessMeasures, STAGES, type CounterSource } from '@xianjie/subgraph-kit';

export const ASSESSMENT_SOURCES: CounterSource[] = [
  {
    table: 'police_case', from: (rel) => `${rel} p`, agency: 'p.agency_id', category: `''`,
    measures: [
      { measure: 'RECEIVED', when: 'true', at: 'p.received_at' },
      { measure: 'FILED', when: `p.filing_decision = 'FILED'`, at: 'p.filing_decided_at' },
      { measure: 'NOT_FILED', when: `p.filing_decision = 'NOT_FILED'`, at: 'p.filing_decided_at' },
      { measure: 'FOR_PROSECUTION', when: 'true', at: 'p.transferred_for_prosecution_at' },
      ...completenessMeasures(STAGES.FILING),
    ],
  },
  {
    table: 'reconsideration', from: (rel) => `${rel} x join police_case p on p.id = x.police_case_id`, agency: 'p.agency_id', category: `''`,
    measures: [{ measure: 'RECONSIDERATIONS', when: 'true', at: 'x.requested_at' }],
  },
  {
    table: 'workflow_task', from: (rel) => `${rel} k join police_case p on p.chain_id = k.chain_id`, agency: 'p.agency_id', category: `''`,
    measures: [
      { measure: 'STEPS_ON_TIME', when: 'not k.cancelled and k.done_at <= k.due_at', at: 'k.done_at' },
      { measure: 'STEPS_LATE', when: 'not k.cancelled and k.done_at > k.due_at', at: 'k.done_at' },
    ],
  },
];

export const assessment = assessmentCountMigration(ASSESSMENT_SOURCES);
