import { GraphQLError } from 'graphql';
import type { Transaction } from 'kysely';
import { appendAuditBatches } from '../audit/audit-log';
import type { Role } from '../auth/viewer';
import { badUserInput, forbidden } from '../graphql/errors';
import { forgetLoaded } from '../graphql/loaders';
import type { SubgraphContext } from '../subgraph/subgraph-module';
import { completeTask } from './tasks';

/**
 * A step of the linkage on one kind of record: who takes it, from which states, and the
 * article behind the transition. Each institution declares its steps; `takeStep` is the
 * one way they are taken.
 */
export interface StepRule {
  /** The mutation's name, e.g. decideFiling; also the step's name in the work lists. */
  step: string;
  /** What a person calls it, e.g. 立案决定. */
  title: string;
  /** The roles that take it. */
  roles: readonly Role[];
  /** The states the record must be in. */
  from: readonly string[];
  /** The article that allows or requires the step. */
  article: string;
}

/** A kind of record with a state: how it is named to people and found for a step. */
export interface RecordKind<Row> {
  /** The GraphQL type, e.g. PoliceCase; audit entries and tasks name it. */
  entity: string;
  /** What a person calls it, e.g. 公安受理案件. */
  title: string;
  /** Each state's name as people read it, e.g. { PENDING_FILING: '待立案审查' }. */
  states: Readonly<Record<string, string>>;
  stateOf(row: Row): string;
  /** The unit that acts on the record (the owning agency, the bureau …). */
  orgOf(row: Row): string;
  /** Reads the record for a step, locked until the step commits (select … for update). */
  lock(tx: Transaction<any>, id: string): Promise<Row | undefined>;
}

const notFound = (kind: RecordKind<unknown>, id: string) =>
  new GraphQLError(`${kind.title} ${id} 不存在，或不由你的单位办理`, { extensions: { code: 'NOT_FOUND' } });

/**
 * Takes a step on a record, in one transaction: checks the caller's role, that the record
 * exists and belongs to the caller's unit (a record of another unit answers exactly as one
 * that does not exist), and that it is in a state the step follows; runs the step; marks
 * the step done in the work list; appends the audit entry. A refused step changes nothing.
 */
export async function takeStep<Row, T>(
  ctx: SubgraphContext,
  kind: RecordKind<Row>,
  rule: StepRule,
  id: string,
  run: (tx: Transaction<any>, row: Row, at: Date) => Promise<T>,
): Promise<T> {
  const { viewer } = ctx;
  if (!viewer.roles.some((role) => rule.roles.includes(role))) {
    throw forbidden(`只有${rule.roles.map((r) => ROLE_TITLES[r] ?? r).join('或')}可以${rule.title}`);
  }
  if (!viewer.org) throw forbidden(`${rule.title}须以所在单位的身份办理：你的凭证没有单位代码`);
  const taken = await ctx.db.transaction().execute(async (tx) => {
    const row = await kind.lock(tx, id);
    if (!row || kind.orgOf(row) !== viewer.org) throw notFound(kind as RecordKind<unknown>, id);
    const state = kind.stateOf(row);
    if (!rule.from.includes(state)) {
      const allowed = rule.from.map((s) => `「${kind.states[s] ?? s}」`).join('、');
      throw badUserInput(`${kind.title} ${id} 处于「${kind.states[state] ?? state}」(${state})，不能${rule.title}：${rule.title}只能在${allowed}时办理`);
    }
    const at = new Date();
    const result = await run(tx, row, at);
    await completeTask(tx, id, rule.step, viewer, at);
    await appendAuditBatches(tx, [{ viewer, requestId: ctx.requestId, entries: [{ action: 'write', entity: kind.entity, recordId: id, fields: [rule.step] }] }], ctx.auditLatency);
    return result;
  });
  forgetLoaded(ctx.loaders);
  return taken;
}

/** Starts a new record (立案, a case entered): role and unit checked, audited, in one transaction. */
export async function createRecord<T>(
  ctx: SubgraphContext,
  rule: Omit<StepRule, "from"> & { entity: string },
  run: (tx: Transaction<any>, org: string, at: Date) => Promise<{ id: string; result: T }>,
): Promise<T> {
  const { viewer } = ctx;
  if (!viewer.roles.some((role) => rule.roles.includes(role))) {
    throw forbidden(`只有${rule.roles.map((r) => ROLE_TITLES[r] ?? r).join('或')}可以${rule.title}`);
  }
  if (!viewer.org) throw forbidden(`${rule.title}须以所在单位的身份办理：你的凭证没有单位代码`);
  const org = viewer.org;
  const created = await ctx.db.transaction().execute(async (tx) => {
    const at = new Date();
    const { id, result } = await run(tx, org, at);
    await appendAuditBatches(tx, [{ viewer, requestId: ctx.requestId, entries: [{ action: 'write', entity: rule.entity, recordId: id, fields: [rule.step] }] }], ctx.auditLatency);
    return result;
  });
  forgetLoaded(ctx.loaders);
  return created;
}

const ROLE_TITLES: Partial<Record<Role, string>> = {
  enforcement: '行政执法人员',
  'agency-head': '行政执法机关负责人',
  police: '公安机关',
  procurator: '检察官',
  judge: '审判人员',
  oversight: '法制部门',
};
