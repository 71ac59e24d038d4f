import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { Role } from '../auth/viewer';
import { forbidden } from '../graphql/errors';
import { decodeCursor, pageSize, toConnection } from '../graphql/pagination';
import { storedDocument, type HandoffDocument } from '../handoff/document';
import type { HandoffDatabase } from '../handoff/outbox';
import type { SubgraphContext } from '../subgraph/subgraph-module';
import { stepView, type StepView, type WorkflowDatabase } from './tasks';

type Db = Kysely<WorkflowDatabase & HandoffDatabase>;

/** Per request: one loader per kind of lookup, keyed by the request's context. */
const loaders = new WeakMap<
  object,
  { steps: DataLoader<string, StepView[]>; documents: DataLoader<string, DocumentView[]>; received: DataLoader<string, DocumentView[]> }
>();

function loadersOf(ctx: SubgraphContext) {
  let found = loaders.get(ctx);
  if (!found) {
    const db = ctx.db as Db;
    found = {
      steps: new DataLoader(async (chainIds: readonly string[]) => {
        const rows = await db.selectFrom('workflowTask').selectAll().where('chainId', 'in', chainIds).where('cancelled', '=', false)
          .orderBy('startedAt').orderBy('dueAt').execute();
        const now = new Date();
        return chainIds.map((id) => rows.filter((r) => r.chainId === id).map((r) => stepView(r, now)));
      }),
      documents: new DataLoader(async (subjectIds: readonly string[]) => {
        const rows = await db.selectFrom('handoffOutbox').selectAll().where('subjectId', 'in', subjectIds).orderBy('createdAt').execute();
        return subjectIds.map((id) => rows.filter((r) => r.subjectId === id).map(outboxView));
      }),
      received: new DataLoader(async (chainIds: readonly string[]) => {
        const rows = await db.selectFrom('handoffInbox').selectAll().where('chainId', 'in', chainIds).orderBy('receivedAt').orderBy('id').execute();
        return chainIds.map((id) => rows.filter((r) => r.chainId === id).map(inboxView));
      }),
    };
    loaders.set(ctx, found);
  }
  return found;
}

/** The steps owed on a chain in this institution, done or not, in the order they started. */
export function stepsOf(ctx: SubgraphContext, chainId: string): Promise<StepView[]> {
  return loadersOf(ctx).steps.load(chainId);
}

export interface DocumentView {
  id: string; kind: string; title: string; number: string; sender: string; senderOrg: string; receiver: string; receiverOrg: string;
  issuedAt: Date; digest: string; deliveryState: string; deliveredAt: Date | null; attempts: number; lastError: string | null;
  nextStep: string | null; nextStepDueAt: Date | null; nextStepArticle: string | null;
  /** The documents it rests on, by id and digest. */
  upstream: HandoffDocument['upstream'];
}

/** What any copy of a document shows, sent or received: its own fields, as signed. */
function documentView(id: string, document: unknown, digest: string) {
  const d = storedDocument(document);
  return {
    id, kind: d.kind, title: d.title, number: d.number, sender: d.sender, senderOrg: d.senderOrg, receiver: d.receiver,
    receiverOrg: d.receiverOrg, issuedAt: new Date(d.issuedAt), digest, upstream: d.upstream,
    nextStep: d.nextStep?.step ?? null, nextStepDueAt: d.nextStep ? new Date(d.nextStep.dueAt) : null, nextStepArticle: d.nextStep?.article ?? null,
  };
}

function outboxView(row: { id: string; document: unknown; digest: string; state: string; deliveredAt: Date | null; attempts: number; lastError: string | null }): DocumentView {
  return {
    ...documentView(row.id, row.document, row.digest),
    deliveryState: row.state.toUpperCase(), deliveredAt: row.deliveredAt, attempts: row.attempts, lastError: row.lastError,
  };
}

/** The receiver's copy: RECEIVED when it was stored (once, however often it arrived). */
function inboxView(row: { id: string; document: unknown; digest: string; receivedAt: Date }): DocumentView {
  return { ...documentView(row.id, row.document, row.digest), deliveryState: 'RECEIVED', deliveredAt: row.receivedAt, attempts: 1, lastError: null };
}

/** The documents this institution sent about one of its records, with their delivery. */
export function documentsOf(ctx: SubgraphContext, subjectId: string): Promise<DocumentView[]> {
  return loadersOf(ctx).documents.load(subjectId);
}

/** The documents this institution received on a chain (its inbox's copies), in the order they came. */
export function receivedDocumentsOf(ctx: SubgraphContext, chainId: string): Promise<DocumentView[]> {
  return loadersOf(ctx).received.load(chainId);
}

/**
 * The work list of an institution's units: the open steps the caller's unit owes,
 * soonest due first (then by id), keyset-paginated on the open-steps index.
 */
export function workListResolver(roles: readonly Role[]) {
  return async (_: unknown, args: { first: number; after?: string | null; overdueOnly?: boolean | null }, ctx: SubgraphContext) => {
    if (!ctx.viewer.roles.some((r) => roles.includes(r)) || !ctx.viewer.org) throw forbidden('工作清单只对本单位的办案人员开放');
    return openStepsPage(ctx, ctx.viewer.org, !!args.overdueOnly, args);
  };
}

/** The roles that supervise every unit's steps (网上监督): procurators and the legal-affairs office. */
export const SUPERVISING_ROLES: readonly Role[] = ['procurator', 'oversight'];

/**
 * An institution's part of the overdue steps (OverdueSteps, issue 7): the steps its units
 * owe and have let pass their due time, longest overdue first, of every unit (`scope` *)
 * for procurators and the legal-affairs office, or of one unit; a unit's own people see
 * their own. Keyset-paginated on the open-steps indexes (0010-overdue-index for every unit).
 */
export function overdueStepsResolver() {
  return async (parent: { scope: string }, args: { first: number; after?: string | null }, ctx: SubgraphContext) => {
    const supervising = ctx.viewer.roles.some((r) => SUPERVISING_ROLES.includes(r));
    if (!supervising && (parent.scope === OVERDUE_ALL_UNITS || parent.scope !== ctx.viewer.org)) {
      throw forbidden('逾期事项只对检察机关、法制部门和本单位开放');
    }
    return openStepsPage(ctx, parent.scope === OVERDUE_ALL_UNITS ? null : parent.scope, true, args);
  };
}

/** The scope of the overdue steps of every unit. */
export const OVERDUE_ALL_UNITS = '*';

/** A unit's (or, with null, every unit's) open steps, soonest due first, a page after the cursor, with their count. */
async function openStepsPage(ctx: SubgraphContext, org: string | null, overdueOnly: boolean, args: { first: number; after?: string | null }) {
  const first = pageSize(args.first);
  const after = decodeCursor(args.after);
  const db = ctx.db as Db;
  const now = new Date();
  const open = () => {
    let q = db.selectFrom('workflowTask').where('doneAt', 'is', null).where('cancelled', '=', false);
    if (org !== null) q = q.where('org', '=', org);
    if (overdueOnly) q = q.where('dueAt', '<', now);
    return q;
  };
  let page = open().selectAll();
  if (after) {
    const [dueAt, id] = after.split('|') as [string, string];
    page = page.where((eb) => eb.or([eb('dueAt', '>', new Date(dueAt)), eb.and([eb('dueAt', '=', new Date(dueAt)), eb('id', '>', id)])]));
  }
  const rows = await page.orderBy('dueAt').orderBy('id').limit(first + 1).execute();
  const connection = toConnection(rows.map((r) => ({ ...stepView(r, now), key: `${r.dueAt.toISOString()}|${r.id}` })), first, (r) => r.key);
  const totalCount = async () => Number((await open().select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return { totalCount, ...connection };
}
