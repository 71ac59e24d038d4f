import type { Selectable } from 'kysely';
import type { StatutoryPeriod } from '../time/deadlines';
import type { WorkflowTaskTable } from '../workflow/tasks';
import { dueDate, type Deadline } from '../time/deadlines';

/**
 * A `workflow_task` row for a seeded step, as the workflow would have written it: opened
 * when the event it follows happened, due when its article says (the kit's `dueDate()`,
 * with the period the institution's own workflow declares), done when the step was taken,
 * or still open. Each subgraph's seed builds its own from its workflow's steps and periods.
 */
export type DemoTaskRow = Omit<Selectable<WorkflowTaskTable>, 'id'>;

export interface DemoTaskDraft {
  chainId: string;
  entity: string;
  recordId: string;
  step: { step: string; title: string };
  org: string;
  period: StatutoryPeriod;
  startedAt: Date;
  doneAt: Date | null;
  /** Who took it (the workflow records the viewer's subject; seeded steps name the demo). */
  doneBy?: string | null;
  /** No longer owed: another step closed the record first. */
  cancelled?: boolean;
}

/** Who the seed says took a seeded step. */
export const DEMO_ACTOR = 'demo-seed';

/**
 * dueDate() by the Beijing day an event falls on: a period counted in days or months ends on
 * a day that depends only on the day it starts, so a million seeded steps reuse a few
 * thousand answers (hours are counted from the instant, as dueDate does).
 */
const byDay = new Map<string, Deadline>();
function dueDateOf(startedAt: Date, period: StatutoryPeriod): Deadline {
  if (period.unit === 'hours') return dueDate(startedAt, period);
  const key = `${Math.floor((startedAt.getTime() + 8 * 3_600_000) / 86_400_000)}|${period.count}|${period.unit}|${period.inCustody ? 1 : 0}|${period.article}`;
  let deadline = byDay.get(key);
  if (!deadline) {
    if (byDay.size > 100_000) byDay.clear();
    byDay.set(key, (deadline = dueDate(startedAt, period)));
  }
  return deadline;
}

export function demoTask(draft: DemoTaskDraft): DemoTaskRow {
  const deadline = dueDateOf(draft.startedAt, draft.period);
  return {
    chainId: draft.chainId, entity: draft.entity, recordId: draft.recordId, step: draft.step.step, title: draft.step.title, org: draft.org,
    article: deadline.article, startedAt: draft.startedAt, dueAt: deadline.dueAt, provisional: deadline.provisional,
    doneAt: draft.doneAt, doneBy: draft.doneAt ? (draft.doneBy ?? DEMO_ACTOR) : null, cancelled: draft.cancelled ?? false,
  };
}
