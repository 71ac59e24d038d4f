// 考核通报 (issue 7 item 5): the police's columns of each assessment row, from the counters
// kept with their own data (0014-assessment), by the agency that transferred each case.
import { contributedCompleteness, contributedCount, contributedRow } from '@xianjie/subgraph-kit';

export const assessmentResolvers = {
  AssessmentRow: {
    __resolveReference: contributedRow,
    transfersReceived: contributedCount('RECEIVED'),
    filed: contributedCount('FILED'),
    notFiled: contributedCount('NOT_FILED'),
    reconsiderations: contributedCount('RECONSIDERATIONS'),
    transferredForProsecution: contributedCount('FOR_PROSECUTION'),
    policeStepsOnTime: contributedCount('STEPS_ON_TIME'),
    policeStepsLate: contributedCount('STEPS_LATE'),
    policeCompleteness: contributedCompleteness('FILING'),
  },
};
