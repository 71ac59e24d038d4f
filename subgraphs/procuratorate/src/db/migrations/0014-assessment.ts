// 考核通报 (issue 7 item 5): the procuratorate's counters, by the agency where each case
// began, kept by triggers in each write's own transaction (kit assessment/counters.ts). The
// procuratorate does not record the violation category: its counters' category is empty.
import { assessmentCountMigration, completenessMeasures, STAGES, type CounterSource } from '@xianjie/subgraph-kit';

export const ASSESSMENT_SOURCES: CounterSource[] = [
  {
    table: 'prosecution_case', from: (rel) => `${rel} r`, agency: 'r.agency_id', category: `''`,
    measures: [
      { measure: 'RECEIVED', when: 'true', at: 'r.received_at' },
      { measure: 'INDICTED', when: `r.decision = 'INDICTED'`, at: 'r.decided_at' },
      { measure: 'NOT_PROSECUTED', when: `r.decision = 'NOT_PROSECUTED'`, at: 'r.decided_at' },
      ...completenessMeasures(STAGES.PROSECUTION),
    ],
  },
  {
    // Steps on the chains it reviews (a filing supervision without a prosecution case is not counted here).
    table: 'workflow_task', from: (rel) => `${rel} k join prosecution_case r on r.chain_id = k.chain_id`, agency: 'r.agency_id', category: `''`,
    measures: [
      { measure: 'STEPS_ON_TIME', when: 'not k.cancelled and k.done_at <= k.due_at', at: 'k.done_at' },
      { measure: 'STEPS_LATE', when: 'not k.cancelled and k.done_at > k.due_at', at: 'k.done_at' },
    ],
  },
];

export const assessment = assessmentCountMigration(ASSESSMENT_SOURCES);
