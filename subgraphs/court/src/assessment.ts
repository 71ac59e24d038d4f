// 考核通报 (issue 7 item 5): the courts' columns of each assessment row, from the counters
// kept with their own data (0014-assessment), by the agency where each case began.
import { contributedCompleteness, contributedCount, contributedRow } from '@xianjie/subgraph-kit';

export const assessmentResolvers = {
  AssessmentRow: {
    __resolveReference: contributedRow,
    trialsAccepted: contributedCount('ACCEPTED'),
    convicted: contributedCount('CONVICTED'),
    notConvicted: contributedCount('NOT_CONVICTED'),
    courtStepsOnTime: contributedCount('STEPS_ON_TIME'),
    courtStepsLate: contributedCount('STEPS_LATE'),
    courtCompleteness: contributedCompleteness('JUDGMENT'),
  },
};
