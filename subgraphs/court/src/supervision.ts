// Supervision (issue 7): this institution's overdue steps in the list across the four institutions.
import { overdueStepsResolver } from '@xianjie/subgraph-kit';

export const supervisionResolvers = {
  OverdueSteps: {
    __resolveReference: (ref: { scope: string }) => ({ scope: ref.scope }),
    courtSteps: overdueStepsResolver(),
  },
};
