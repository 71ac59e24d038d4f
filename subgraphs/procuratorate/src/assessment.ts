// 考核通报 (issue 7 item 5): the procuratorate's columns of each assessment row, from the
// counters kept with its own data (0014-assessment), by the agency where each case began.
import { contributedCompleteness, contributedCount, contributedRow } from '@xianjie/subgraph-kit';

export const assessmentResolvers = {
  AssessmentRow: {
    __resolveReference: contributedRow,
    prosecutionsReceived: contributedCount('RECEIVED'),
    prosecuted: contributedCount('INDICTED'),
    notProsecuted: contributedCount('NOT_PROSECUTED'),
    procuratorateStepsOnTime: contributedCount('STEPS_ON_TIME'),
    procuratorateStepsLate: contributedCount('STEPS_LATE'),
    procuratorateCompleteness: contributedCompleteness('PROSECUTION'),
  },
};
