// 衔接案件: one page per chain, the four stages as a timeline, then each stage's record,
// its steps with their deadlines and its hand-off documents with their delivery states.
import { useEffect, useState } from 'preact/hooks';
import { graphql, session, type Result } from '../api';
import { date, dateTime, label, money } from '../format';
import { CASE_CHAIN, UPSTREAM_CONFIRMATION } from '../queries';
import { Failure, isForbidden, Item, Restricted, Value } from '../ui';

interface Step { step: string; title: string; org: string; article: string; startedAt: string; dueAt: string; doneAt: string | null; late: boolean; provisional: boolean }
interface Doc { id: string; title: string; number: string; sender: string; senderOrg: string; receiver: string; receiverOrg: string; issuedAt: string; deliveryState: string; deliveredAt: string | null; nextStep: string | null; nextStepDueAt: string | null; nextStepArticle: string | null }
type Path = (string | number)[];

/* eslint-disable @typescript-eslint/no-explicit-any */
type Chain = any;

function StepsTable(props: { result: Result<unknown>; path: Path; steps: Step[] | null | undefined }) {
  if (isForbidden(props.result, props.path))
    return (
      <p>
        办理期限：<Restricted />
      </p>
    );
  const steps = props.steps ?? [];
  if (steps.length === 0) return <p class="empty">本阶段暂无期限记录。</p>;
  return (
    <table>
      <caption>办理期限</caption>
      <thead>
        <tr>
          <th scope="col">步骤</th>
          <th scope="col">起算</th>
          <th scope="col">应完成</th>
          <th scope="col">完成</th>
          <th scope="col">状态</th>
          <th scope="col">依据</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s) => {
          const state = s.doneAt ? (s.late ? '逾期完成' : '按期完成') : s.late ? '已逾期' : '办理中';
          return (
            <tr class={s.late ? 'late' : ''}>
              <td>{s.title}</td>
              <td>{dateTime(s.startedAt)}</td>
              <td>
                {dateTime(s.dueAt)}
                {s.provisional && <span class="muted">（节假日安排未公布，暂定）</span>}
              </td>
              <td>{s.doneAt ? dateTime(s.doneAt) : '—'}</td>
              <td>
                <span class={`state ${s.late ? 'state-late' : s.doneAt ? 'state-done' : 'state-open'}`}>{state}</span>
              </td>
              <td>{s.article}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function DocumentsTable(props: { result: Result<unknown>; path: Path; documents: Doc[] | null | undefined }) {
  if (isForbidden(props.result, props.path))
    return (
      <p>
        移送文书：<Restricted />
      </p>
    );
  const documents = props.documents ?? [];
  if (documents.length === 0) return <p class="empty">本阶段暂无移送文书。</p>;
  return (
    <table>
      <caption>移送文书</caption>
      <thead>
        <tr>
          <th scope="col">文书</th>
          <th scope="col">文号</th>
          <th scope="col">发送 → 接收</th>
          <th scope="col">制发时间</th>
          <th scope="col">送达状态</th>
          <th scope="col">下一步</th>
        </tr>
      </thead>
      <tbody>
        {documents.map((d) => (
          <tr>
            <td>{d.title}</td>
            <td>{d.number}</td>
            <td>
              {label('Institution', d.sender)}（{d.senderOrg}）→ {label('Institution', d.receiver)}（{d.receiverOrg}）
            </td>
            <td>{dateTime(d.issuedAt)}</td>
            <td>
              <span class={`delivery delivery-${d.deliveryState.toLowerCase()}`}>{label('DeliveryState', d.deliveryState)}</span>
              {d.deliveredAt && <span class="muted">（{dateTime(d.deliveredAt)}）</span>}
            </td>
            <td>{d.nextStep ? `${label('Step', d.nextStep)}，${dateTime(d.nextStepDueAt)}前（${d.nextStepArticle ?? ''}）` : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The four stages, each with the institution (subgraph) that answers for it. */
const STAGES = [
  { key: 'administrativeCase', title: '行政执法', institution: 'enforcement' },
  { key: 'policeCase', title: '公安立案侦查', institution: 'police' },
  { key: 'prosecution', title: '检察审查起诉', institution: 'procuratorate' },
  { key: 'trial', title: '法院审判', institution: 'court' },
] as const;

/** A stage missing because its institution's system did not answer (not: no record). */
const missing = (result: Result<unknown>, index: number, record: unknown) => !record && result.unavailable.has(STAGES[index]!.institution);
const UNAVAILABLE = (index: number) => `${label('Institution', STAGES[index]!.institution)}的系统暂时无法访问`;

/** A stage's one-line state and its date, for the timeline. */
function stageSummary(chain: Chain, key: (typeof STAGES)[number]['key']): { state: string; at?: string } {
  const record = chain[key];
  if (!record) return { state: '尚无记录' };
  switch (key) {
    case 'administrativeCase':
      return { state: record.transfer ? `${label('AdministrativeCaseState', record.state)}，${label('TransferState', record.transfer.state)}` : label('AdministrativeCaseState', record.state), at: record.registeredAt };
    case 'policeCase':
      return { state: label('PoliceCaseState', record.state), at: record.receivedAt };
    case 'prosecution':
      return { state: label('ProsecutionCaseState', record.state), at: record.receivedAt };
    case 'trial':
      return { state: label('CriminalTrialState', record.state), at: record.acceptedAt ?? undefined };
  }
}

function Timeline(props: { result: Result<{ caseChain: Chain }> }) {
  const chain = props.result.data!.caseChain;
  return (
    <ol class="timeline" aria-label="案件进程">
      {STAGES.map((stage, i) => {
        const forbidden = isForbidden(props.result, ['caseChain', stage.key]);
        const summary = forbidden ? { state: '无权查看' } : missing(props.result, i, chain[stage.key]) ? { state: UNAVAILABLE(i) } : stageSummary(chain, stage.key);
        const reached = !forbidden && Boolean(chain[stage.key]);
        return (
          <li class={reached ? 'reached' : forbidden ? 'restricted-stage' : 'pending'}>
            <a href={`#/chain/${encodeURIComponent(chain.id)}`} onClick={(e) => { e.preventDefault(); document.getElementById(`stage-${stage.key}`)?.scrollIntoView(); }}>
              <span class="stage-no">{i + 1}</span>
              <strong>{stage.title}</strong>
            </a>
            <span class="stage-state">{summary.state}</span>
            {summary.at && <span class="muted">{date(summary.at)}</span>}
          </li>
        );
      })}
    </ol>
  );
}

/** A value inside a record by its path (['transfer', 'documents']). */
const at = (record: any, path: Path): any => path.reduce((value, key) => (value == null ? value : value[key]), record);

/**
 * One stage: its record's facts (children), its steps with their deadlines and its hand-off
 * documents (`documentsAt` in the record: the administrative case's are its transfer's).
 */
function Stage(props: { result: Result<{ caseChain: Chain }>; index: number; documentsAt?: Path; children?: preact.ComponentChildren; after?: preact.ComponentChildren }) {
  const stage = STAGES[props.index]!;
  const path = ['caseChain', stage.key];
  const record = props.result.data!.caseChain[stage.key];
  const documentsAt = props.documentsAt ?? ['documents'];
  const documentsPath = [...path, ...documentsAt];
  const holder = documentsPath.slice(0, -1);
  return (
    <section class="stage" id={`stage-${stage.key}`} aria-labelledby={`stage-${stage.key}-title`}>
      <h2 id={`stage-${stage.key}-title`}>
        {['一', '二', '三', '四'][props.index]}、{stage.title}
      </h2>
      {isForbidden(props.result, path) ? (
        <p>
          本阶段记录：<Restricted />
        </p>
      ) : missing(props.result, props.index, record) ? (
        <p class="failure">{UNAVAILABLE(props.index)}，本阶段未能显示，请稍后重试。</p>
      ) : !record ? (
        <p class="empty">本阶段尚无记录。</p>
      ) : (
        <>
          <dl class="facts">{props.children}</dl>
          {props.after}
          <StepsTable result={props.result} path={[...path, 'steps']} steps={record.steps} />
          {(at(record, documentsAt.slice(0, -1)) || isForbidden(props.result, holder)) && (
            <DocumentsTable result={props.result} path={documentsPath} documents={at(record, documentsAt)} />
          )}
        </>
      )}
    </section>
  );
}

function Administrative(props: { result: Result<{ caseChain: Chain }> }) {
  const r = props.result;
  const c = r.data!.caseChain.administrativeCase;
  const p = ['caseChain', 'administrativeCase'];
  return (
    <Stage result={r} index={0} documentsAt={['transfer', 'documents']}>
      {c && (
        <>
            <Item term="执法机关">{c.agency.name}</Item>
            <Item term="案件编号">{c.caseNumber}</Item>
            <Item term="案件状态">{label('AdministrativeCaseState', c.state)}</Item>
            <Item term="违法类别">{label('ViolationCategory', c.violationCategory)}</Item>
            <Item term="程序">{label('Procedure', c.procedure)}</Item>
            <Item term="立案时间">{dateTime(c.registeredAt)}</Item>
            <Item term="当事人">
              <Value result={r} path={[...p, 'party', 'name']} value={c.party.name} /> <span class="muted">（{label('PartyKind', c.party.kind)}）</span>
            </Item>
            <Item term="证件号码">
              <Value result={r} path={[...p, 'party', 'idNumber']} value={c.party.idNumber} />
            </Item>
            <Item term="涉案金额">
              <Value result={r} path={[...p, 'involvedAmount']} value={c.involvedAmount as string | null} show={money} />
            </Item>
            <Item term="处罚决定书">
              <Value result={r} path={[...p, 'decision']} value={c.decision} empty="尚未作出处罚决定" show={(d: any) => `${d.documentNumber}，${dateTime(d.decidedAt)}，罚款 ${money(d.fineAmount)}${d.published ? '（已公开）' : ''}`} />
            </Item>
            <Item term="移送">
              <Value
                result={r}
                path={[...p, 'transfer']}
                value={c.transfer}
                empty="未移送"
                show={(t: any) => `${label('TransferState', t.state)}：${t.policeBureauName}${t.transferredAt ? `，${dateTime(t.transferredAt)} 移送` : ''}`}
              />
            </Item>
            {c.transfer && (
              <Item term="移送材料">
                <Value result={r} path={[...p, 'transfer', 'materials']} value={c.transfer.materials as string[] | null} show={(m) => m.join('、')} />
              </Item>
            )}
        </>
      )}
    </Stage>
  );
}

function Police(props: { result: Result<{ caseChain: Chain }> }) {
  const r = props.result;
  const c = r.data!.caseChain.policeCase;
  const p = ['caseChain', 'policeCase'];
  return (
    <Stage result={r} index={1}>
      {c && (
        <>
            <Item term="公安机关">{c.bureauName}</Item>
            <Item term="案件编号">{c.caseNumber}</Item>
            <Item term="案件状态">{label('PoliceCaseState', c.state)}</Item>
            <Item term="受案时间">{dateTime(c.receivedAt)}</Item>
            <Item term="立案决定">
              {label('FilingStatus', c.filing.decision)}
              {c.filing.decidedAt ? `，${dateTime(c.filing.decidedAt)}` : ''}
            </Item>
            <Item term="决定理由">
              <Value result={r} path={[...p, 'filing', 'reason']} value={c.filing.reason} />
            </Item>
            <Item term="犯罪嫌疑人">
              {c.suspects.length === 0 ? (
                <span class="empty">无</span>
              ) : (
                c.suspects.map((s: any, i: number) => (
                  <span class="suspect">
                    <Value result={r} path={[...p, 'suspects', i, 'name']} value={s.name} />（证件号码 <Value result={r} path={[...p, 'suspects', i, 'idNumber']} value={s.idNumber} />）
                  </span>
                ))
              )}
            </Item>
            <Item term="侦查记录">
              <Value result={r} path={[...p, 'investigationNotes']} value={c.investigationNotes as string[] | null} show={(notes) => <ul>{notes.map((n) => <li>{n}</li>)}</ul>} />
            </Item>
        </>
      )}
    </Stage>
  );
}

function Prosecution(props: { result: Result<{ caseChain: Chain }> }) {
  const r = props.result;
  const c = r.data!.caseChain.prosecution;
  const p = ['caseChain', 'prosecution'];
  return (
    <Stage result={r} index={2}>
      {c && (
        <>
            <Item term="人民检察院">{c.procuratorateName}</Item>
            <Item term="案件编号">
              <Value result={r} path={[...p, 'caseNumber']} value={c.caseNumber} empty="尚未受理" />
            </Item>
            <Item term="案件状态">{label('ProsecutionCaseState', c.state)}</Item>
            <Item term="收案时间">{dateTime(c.receivedAt)}</Item>
            <Item term="审查决定">
              {label('ProsecutionDecision', c.decision)}
              {c.decidedAt ? `，${dateTime(c.decidedAt)}` : ''}
            </Item>
            <Item term="罪名">
              <Value result={r} path={[...p, 'charges']} value={c.charges as string[]} show={(x) => x.join('、')} />
            </Item>
            <Item term="审查意见">
              <Value result={r} path={[...p, 'reviewOpinion']} value={c.reviewOpinion} />
            </Item>
        </>
      )}
    </Stage>
  );
}

function Trial(props: { result: Result<{ caseChain: Chain }> }) {
  const r = props.result;
  const c = r.data!.caseChain.trial;
  const p = ['caseChain', 'trial'];
  return (
    <Stage
      result={r}
      index={3}
      after={session()?.roles.some((role) => role === 'judge' || role === 'procurator') && <UpstreamConfirmation key={r.data!.caseChain.id} chainId={r.data!.caseChain.id} />}
    >
      {c && (
        <>
            <Item term="人民法院">{c.courtName}</Item>
            <Item term="案号">
              <Value result={r} path={[...p, 'caseNumber']} value={c.caseNumber} empty="尚未受理" />
            </Item>
            <Item term="案件状态">{label('CriminalTrialState', c.state)}</Item>
            <Item term="受理时间">
              <Value result={r} path={[...p, 'acceptedAt']} value={c.acceptedAt as string | null} show={dateTime} empty="尚未受理" />
            </Item>
            <Item term="被告人">
              <Value result={r} path={[...p, 'defendantName']} value={c.defendantName} />
            </Item>
            <Item term="判决">
              <Value
                result={r}
                path={[...p, 'judgment']}
                value={c.judgment}
                empty="尚未判决"
                show={(j: any) => (
                  <>
                    {label('Verdict', j.verdict)}
                    {j.charges.length ? `（${j.charges.join('、')}）` : ''}
                    {j.prisonTermMonths != null ? `，有期徒刑 ${j.prisonTermMonths} 个月` : ''}
                    {j.fineAmount ? `，罚金 ${money(j.fineAmount)}` : ''}
                    {j.fineOffsetAmount ? `，折抵行政罚款 ${money(j.fineOffsetAmount)}` : ''}，{dateTime(j.judgedAt)} 宣判
                    {j.effectiveAt ? `，${dateTime(j.effectiveAt)} 生效` : ''}
                  </>
                )}
              />
            </Item>
        </>
      )}
    </Stage>
  );
}

interface UpstreamRecord {
  __typename: string;
  id: string;
  confirmation: {
    title: string; number: string | null; institutionName: string; issuerName: string | null; issuerOrg: string | null; signatureValid: boolean | null;
    status: 'CONFIRMED' | 'CHANGED' | 'UNVERIFIABLE'; statusLabel: string; reason: string;
    offsets: { computed: boolean; reason: string; fineOffsetAmount: string | null; detentionOffsetDays: number | null; agreesWithJudgment: boolean | null } | null;
  } | null;
}

/** Whose system answers for a record the court could not reach. */
const ISSUERS: Record<string, string> = { EnforcementIssuedRecord: '行政执法机关', PoliceIssuedRecord: '公安机关', ProcuratorateIssuedRecord: '人民检察院' };

/** 核实上游记录 (judges and procurators): each record the trial relies on, against what its issuer serves now. */
function UpstreamConfirmation(props: { chainId: string }) {
  const [result, setResult] = useState<Result<{ caseChain: { trial: { upstreamRecords: UpstreamRecord[] } | null } }>>();
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    setResult(await graphql(UPSTREAM_CONFIRMATION, { id: props.chainId }));
    setBusy(false);
  };
  const records = result?.data?.caseChain?.trial?.upstreamRecords ?? [];
  const penalty = records.find((r) => r.confirmation?.offsets)?.confirmation;
  return (
    <div class="confirmation" role="group" aria-label="核实上游记录">
      <button type="button" onClick={() => void confirm()} disabled={busy}>
        {busy ? '正在核实…' : result ? '重新核实上游记录' : '核实上游记录'}
      </button>
      {result && <Failure message={result.failure} />}
      {records.length > 0 && (
        <table>
          <caption>上游记录核实</caption>
          <thead>
            <tr>
              <th scope="col">记录</th>
              <th scope="col">文号</th>
              <th scope="col">制发机关</th>
              <th scope="col">签名</th>
              <th scope="col">核实结果</th>
              <th scope="col">说明</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => {
              const c = r.confirmation;
              const status = c?.status ?? 'UNVERIFIABLE';
              return (
                <tr class={`confirmation-${status.toLowerCase()}`}>
                  <td>{c?.title ?? r.id}</td>
                  <td>{c?.number ?? '—'}</td>
                  <td>{c ? `${c.issuerName ?? c.institutionName}${c.issuerOrg ? `（${c.issuerOrg}）` : ''}` : ISSUERS[r.__typename]}</td>
                  <td>{c?.signatureValid == null ? '—' : c.signatureValid ? '验证通过' : '验证未通过'}</td>
                  <td>
                    <span class={`confirmation-state confirmation-state-${status.toLowerCase()}`}>{c?.statusLabel ?? '无法核实'}</span>
                  </td>
                  <td>{c ? c.reason : `${ISSUERS[r.__typename] ?? '制发机关'}的系统暂时无法访问`}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {penalty?.offsets && (
        <p class="offsets">
          折抵（行政处罚法第三十五条）：
          {penalty.offsets.computed
            ? `罚款折抵罚金 ${penalty.offsets.fineOffsetAmount ? money(penalty.offsets.fineOffsetAmount) : '—'}，行政拘留折抵刑期 ${penalty.offsets.detentionOffsetDays ?? 0} 日${penalty.offsets.agreesWithJudgment === false ? '（与判决所载折抵不一致）' : ''}`
            : penalty.offsets.reason}
        </p>
      )}
    </div>
  );
}

export function ChainView(props: { id: string }) {
  const [result, setResult] = useState<Result<{ caseChain: Chain }>>();
  useEffect(() => {
    performance.mark('chain-requested');
    void graphql<{ caseChain: Chain }>(CASE_CHAIN, { id: props.id }).then(setResult);
  }, [props.id]);
  useEffect(() => {
    // Time to first render, read by the browser tests: request to the chain drawn.
    if (result?.data?.caseChain) performance.measure('chain-first-render', 'chain-requested');
  }, [result]);
  if (!result) return <p class="loading">正在加载衔接案件 {props.id}…</p>;
  const chain = result.data?.caseChain;
  return (
    <article class="chain">
      <h1>衔接案件 {props.id}</h1>
      <Failure message={result.failure} />
      {!chain ? (
        !result.failure && <p class="empty">未找到衔接案件 {props.id}，或您无权查看。</p>
      ) : (
        <>
          <Timeline result={result} />
          <Administrative result={result} />
          <Police result={result} />
          <Prosecution result={result} />
          <Trial result={result} />
        </>
      )}
    </article>
  );
}
