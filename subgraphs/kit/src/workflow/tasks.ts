import { sql, type Generated, type Kysely, type Migration, type Transaction } from 'kysely';
import type { Viewer } from '../auth/viewer';
import { dueDate, type StatutoryPeriod } from '../time/deadlines';

/**
 * Every step an institution owes, with its statutory deadline: opened when the event it
 * follows happens (a transfer arrives, a filing is decided), done when the step is taken.
 * The work lists read the open ones, soonest due first; every record shows its own.
 */
export interface WorkflowTaskTable {
  id: Generated<string>;
  chainId: string;
  /** The record the step is taken on: its GraphQL type and id. */
  entity: string;
  recordId: string;
  /** The step, as its mutation is named (e.g. decideFiling), and its title (立案决定). */
  step: string;
  title: string;
  /** The unit that owes it (agency id, bureau, procuratorate or court code). */
  org: string;
  article: string;
  /** The event it follows, and when it is due under `article`. */
  startedAt: Date;
  dueAt: Date;
  /** The due day falls in a year whose holiday notice is not in the calendar yet. */
  provisional: boolean;
  doneAt: Date | null;
  doneBy: string | null;
  /** No longer owed: another step closed the record first (e.g. refused before it was due). */
  cancelled: Generated<boolean>;
}

/** Per unit, per kind of number, per year: the last serial given (numbers restart yearly). */
export interface DocumentSerialTable {
  unit: string;
  kind: string;
  year: number;
  last: number;
}

export interface WorkflowDatabase {
  workflowTask: WorkflowTaskTable;
  documentSerial: DocumentSerialTable;
}

export const workflowMigration: Migration = {
  async up(db) {
    await db.schema
      .createTable('workflow_task')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('chain_id', 'text', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('record_id', 'text', (c) => c.notNull())
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('article', 'text', (c) => c.notNull())
      .addColumn('started_at', 'timestamptz', (c) => c.notNull())
      .addColumn('due_at', 'timestamptz', (c) => c.notNull())
      .addColumn('provisional', 'boolean', (c) => c.notNull())
      .addColumn('done_at', 'timestamptz')
      .addColumn('done_by', 'text')
      .addColumn('cancelled', 'boolean', (c) => c.notNull().defaultTo(false))
      .execute();
    // The work list: a unit's open steps, soonest due first.
    await sql`create index workflow_task_open on workflow_task (org, due_at, id) where done_at is null and not cancelled`.execute(db);
    await db.schema.createIndex('workflow_task_record').on('workflow_task').columns(['record_id', 'step']).execute();
    await db.schema.createIndex('workflow_task_chain').on('workflow_task').column('chain_id').execute();
    await db.schema
      .createTable('document_serial')
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('last', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('document_serial_pk', ['unit', 'kind', 'year'])
      .execute();
  },
};

/**
 * Every unit's open steps by due time (the overdue steps across units, issue 7): the work
 * list's index leads with the unit, this one serves procurators and the legal-affairs office.
 */
export const overdueIndexMigration: Migration = {
  async up(db) {
    await sql`create index workflow_task_open_due on workflow_task (due_at, id) where done_at is null and not cancelled`.execute(db);
  },
};

/** A step owed from now on: what, by whom, since which event, under which period. */
export interface TaskDraft {
  chainId: string;
  entity: string;
  recordId: string;
  step: string;
  title: string;
  org: string;
  startedAt: Date;
  period: StatutoryPeriod;
}

/** Opens steps owed, each with its due time counted as its article says. */
export async function openTasks(tx: Transaction<any> | Kysely<any>, drafts: TaskDraft[]): Promise<void> {
  if (drafts.length === 0) return;
  await (tx as Kysely<WorkflowDatabase>)
    .insertInto('workflowTask')
    .values(
      drafts.map(({ period, ...task }) => {
        const deadline = dueDate(task.startedAt, period);
        return { ...task, article: deadline.article, dueAt: deadline.dueAt, provisional: deadline.provisional, doneAt: null, doneBy: null };
      }),
    )
    .execute();
}

/** Marks a record's open step done (a step taken with nothing owed, e.g. on the owner's own initiative, marks nothing). */
export async function completeTask(tx: Transaction<any>, recordId: string, step: string, viewer: Viewer, at: Date): Promise<void> {
  await (tx as Transaction<WorkflowDatabase>)
    .updateTable('workflowTask')
    .set({ doneAt: at, doneBy: viewer.subject })
    .where('recordId', '=', recordId)
    .where('step', '=', step)
    .where('doneAt', 'is', null)
    .where('cancelled', '=', false)
    .execute();
}

/** Closes a record's open steps that are no longer owed. */
export async function cancelTasks(tx: Transaction<any>, recordId: string, steps: string[]): Promise<void> {
  if (steps.length === 0) return;
  await (tx as Transaction<WorkflowDatabase>)
    .updateTable('workflowTask')
    .set({ cancelled: true })
    .where('recordId', '=', recordId)
    .where('step', 'in', steps)
    .where('doneAt', 'is', null)
    .execute();
}

/** The next serial of a unit's numbers of a kind in a year (立, 罚决, 移, 刑诉 …), atomically. */
export async function nextSerial(tx: Transaction<any>, unit: string, kind: string, year: number): Promise<number> {
  const row = await sql<{ last: number }>`
    insert into document_serial (unit, kind, year, last) values (${unit}, ${kind}, ${year}, 1)
    on conflict (unit, kind, year) do update set last = document_serial.last + 1
    returning last`.execute(tx);
  return row.rows[0]!.last;
}

/** What the API shows of a step: due, done, late, the article. */
export interface StepView {
  step: string;
  title: string;
  org: string;
  article: string;
  startedAt: Date;
  dueAt: Date;
  doneAt: Date | null;
  late: boolean;
  provisional: boolean;
  recordId: string;
  entity: string;
  chainId: string;
  /** The chain, as the CaseChain entity it links to. */
  chain: { id: string };
}

export function stepView(task: Omit<WorkflowTaskTable, 'id' | 'cancelled'>, now = new Date()): StepView {
  return {
    step: task.step, title: task.title, org: task.org, article: task.article, startedAt: task.startedAt, dueAt: task.dueAt,
    doneAt: task.doneAt, provisional: task.provisional, recordId: task.recordId, entity: task.entity, chainId: task.chainId, chain: { id: task.chainId },
    late: (task.doneAt ?? now).getTime() > task.dueAt.getTime(),
  };
}
