// 考核通报 (issue 7 item 5): the courts' counters, by the agency where each case began, kept
// by triggers in each write's own transaction (kit assessment/counters.ts). The courts do not
// record the violation category: their counters' category is empty.
import { assessmentCountMigration, completenessMeasures, STAGES, type CounterSource } from '@xianjie/subgraph-kit';

export const ASSESSMENT_SOURCES: CounterSource[] = [
  {
    table: 'criminal_trial', from: (rel) => `${rel} j`, agency: 'j.agency_id', category: `''`,
    measures: [
      { measure: 'ACCEPTED', when: 'true', at: 'j.accepted_at' },
      { measure: 'CONVICTED', when: `j.verdict = 'GUILTY'`, at: 'j.judged_at' },
      { measure: 'NOT_CONVICTED', when: `j.verdict in ('NOT_GUILTY', 'EXEMPT_FROM_PUNISHMENT')`, at: 'j.judged_at' },
      ...completenessMeasures(STAGES.JUDGMENT),
    ],
  },
  {
    table: 'workflow_task', from: (rel) => `${rel} k join criminal_trial j on j.chain_id = k.chain_id`, agency: 'j.agency_id', category: `''`,
    measures: [
      { measure: 'STEPS_ON_TIME', when: 'not k.cancelled and k.done_at <= k.due_at', at: 'k.done_at' },
      { measure: 'STEPS_LATE', when: 'not k.cancelled and k.done_at > k.due_at', at: 'k.done_at' },
    ],
  },
];

export const assessment = assessmentCountMigration(ASSESSMENT_SOURCES);
