// 监督: 以罚代刑预警 (cases meeting a prosecution threshold and not transferred, as the API
// orders them) and 逾期事项 (the four institutions' overdue steps). A procurator turns a
// warning into a 建议移送 (检察规则第五百五十七条第三款); an agency officer answers one received.
import { useEffect, useState } from 'preact/hooks';
import { graphql, session } from '../api';
import { dateTime, label, money, timeLeft } from '../format';
import { AGENCIES, ANSWER_TRANSFER_SUGGESTION, overdueStepsQuery, SUGGEST_TRANSFER, SUPERVISION_WARNINGS } from '../queries';
import { chainHref, type Connection, Failure, More, unitName, useUnitNames, usePages } from '../ui';

interface Suggestion { number: string; procuratorateCode: string; reason: string; receivedAt: string; answerDueAt: string; answerTransfer: boolean | null; answerReason: string | null; answeredAt: string | null }
interface Warning {
  administrativeCase: { id: string; caseNumber: string };
  chain: { id: string };
  agency: { id: string; name: string };
  due: string;
  dueSince: string;
  dueAt: string | null;
  article: string;
  raisedAt: string;
  criteria: { value: string | null; criterion: { id: string; offence: string; criminalArticle: string; text: string; basis: string } }[];
  suggestion: Suggestion | null;
}
interface Step { step: string; title: string; org: string; article: string; startedAt: string; dueAt: string; late: boolean; provisional: boolean; chainId: string }

const PAGE = 20;
const INSTITUTIONS = [
  { field: 'enforcementSteps', institution: 'enforcement' },
  { field: 'policeSteps', institution: 'police' },
  { field: 'procuratorateSteps', institution: 'procuratorate' },
  { field: 'courtSteps', institution: 'court' },
] as const;

/** The case's figure as the API measures it (`120000.00元`), money written with separators. */
const figure = (value: string | null) => {
  if (!value) return '';
  const yuan = /^(\d+(?:\.\d+)?)元$/.exec(value);
  return yuan ? money(yuan[1]) : value;
};

const unit = unitName;

export function SupervisionView(props: { tab?: string }) {
  const tab = props.tab === 'overdue' ? 'overdue' : 'warnings';
  const names = useUnitNames();
  return (
    <div>
      <h1>监督</h1>
      <nav class="tabs" aria-label="监督事项">
        <a href="#/supervision" aria-current={tab === 'warnings' ? 'page' : undefined}>
          以罚代刑预警
        </a>
        <a href="#/supervision/overdue" aria-current={tab === 'overdue' ? 'page' : undefined}>
          逾期事项
        </a>
      </nav>
      {tab === 'warnings' ? <Warnings names={names} /> : <OverdueSteps names={names} />}
    </div>
  );
}

function Warnings(props: { names: Record<string, string> }) {
  const user = session();
  const procurator = !!user?.roles.includes('procurator');
  const { items, setItems, page, failure, more } = usePages<Warning>(async (after) => {
    const result = await graphql<{ supervisionWarnings: Connection<Warning> }>(SUPERVISION_WARNINGS, { first: PAGE, after });
    return { page: result.data?.supervisionWarnings, failure: result.failure };
  }, []);
  const replace = (updated: Warning) => setItems((list) => list?.map((w) => (w.administrativeCase.id === updated.administrativeCase.id ? updated : w)));
  return (
    <section aria-label="以罚代刑预警">
      <p class="hint">
        {procurator || user?.roles.includes('oversight') ? '各执法机关' : `${user?.org ?? ''} `}
        已达刑事立案追诉标准而未移送公安机关的行政执法案件，最新的在前。{page ? `共 ${page.totalCount} 件。` : ''}
      </p>
      <Failure message={failure} />
      {!items ? (
        failure ? null : <p class="loading">正在加载…</p>
      ) : items.length === 0 ? (
        <p class="empty">暂无以罚代刑预警。</p>
      ) : (
        <table class="warnings">
          <caption>以罚代刑预警</caption>
          <thead>
            <tr>
              <th scope="col">执法机关</th>
              <th scope="col">案件</th>
              <th scope="col">达到的立案追诉标准</th>
              <th scope="col">应办事项</th>
              <th scope="col">起算</th>
              <th scope="col">建议移送</th>
            </tr>
          </thead>
          <tbody>
            {items.map((warning) => (
              <WarningRow key={warning.administrativeCase.id} names={props.names} warning={warning} procurator={procurator} answering={!!user?.roles.includes('enforcement')} onAnswered={replace} />
            ))}
          </tbody>
        </table>
      )}
      <More more={more} />
    </section>
  );
}

function WarningRow(props: { names: Record<string, string>; warning: Warning; procurator: boolean; answering: boolean; onAnswered: (w: Warning) => void }) {
  const { warning } = props;
  const [sent, setSent] = useState<{ number: string; answerDueAt: string }>();
  const suggestion = warning.suggestion;
  return (
    <tr>
      <td>{warning.agency.name}</td>
      <td>
        <a href={chainHref(warning.chain.id)}>{warning.chain.id}</a>
        <div class="muted">{warning.administrativeCase.caseNumber}</div>
      </td>
      <td>
        <ul class="criteria">
          {warning.criteria.map(({ value, criterion }) => (
            <li>
              <strong>{criterion.offence}</strong>（{criterion.criminalArticle}）：{criterion.text}
              {value && <>；本案 {figure(value)}</>}
              <div class="muted">{criterion.basis}</div>
            </li>
          ))}
        </ul>
      </td>
      <td>
        {warning.due}
        <div class="muted">{warning.article}</div>
        {warning.dueAt && <div class="muted">期限 {dateTime(warning.dueAt)}</div>}
      </td>
      <td>{dateTime(warning.dueSince)}</td>
      <td>
        {suggestion ? (
          <SuggestionState names={props.names} suggestion={suggestion} />
        ) : sent ? (
          <span class="state state-done">已发出建议移送 {sent.number}，应于 {dateTime(sent.answerDueAt)} 前回复</span>
        ) : props.procurator ? (
          <SuggestForm warning={warning} onSent={setSent} />
        ) : (
          <span class="empty">未建议移送</span>
        )}
        {suggestion && !suggestion.answeredAt && props.answering && <AnswerForm warning={warning} onAnswered={props.onAnswered} />}
      </td>
    </tr>
  );
}

function SuggestionState(props: { names: Record<string, string>; suggestion: Suggestion }) {
  const s = props.suggestion;
  return (
    <div>
      <span class="state state-done">
        {unit(props.names, s.procuratorateCode)}已建议移送 {s.number}
      </span>
      <details>
        <summary class="muted">{dateTime(s.receivedAt)} 送达 · 理由</summary>
        {s.reason}
      </details>
      {s.answeredAt ? (
        <div>
          {dateTime(s.answeredAt)} 回复：{s.answerTransfer ? '已移送' : '不移送'}（{s.answerReason}）
        </div>
      ) : (
        <div class="state state-open">待回复，应于 {dateTime(s.answerDueAt)} 前</div>
      )}
    </div>
  );
}

/** 建议移送: the reason prefilled from the thresholds met (the procurator may rewrite it). */
function SuggestForm(props: { warning: Warning; onSent: (s: { number: string; answerDueAt: string }) => void }) {
  const { warning } = props;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState(() =>
    warning.criteria.map(({ criterion }) => `${criterion.text}，已达${criterion.offence}立案追诉标准（${criterion.basis}）`).join('；') + '，建议依法移送公安机关。',
  );
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        建议移送
      </button>
    );
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const result = await graphql<{ suggestTransfer: { number: string; answerDueAt: string } }>(SUGGEST_TRANSFER, {
      input: { caseId: warning.administrativeCase.id, agencyId: warning.agency.id, reason },
    });
    setBusy(false);
    setFailure(result.failure);
    if (result.data?.suggestTransfer) props.onSent(result.data.suggestTransfer);
  };
  return (
    <form class="inline-form" aria-label={`建议移送 ${warning.chain.id}`} onSubmit={submit}>
      <label>
        建议移送的理由
        <textarea rows={4} value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
      </label>
      <Failure message={failure} />
      <div class="actions">
        <button type="submit" disabled={busy || !reason.trim()}>
          发送建议移送
        </button>
        <button type="button" class="secondary" onClick={() => setOpen(false)}>
          取消
        </button>
      </div>
    </form>
  );
}

/** 回复建议移送: transferred (a transfer proposed and not refused) or not, with the reason. */
function AnswerForm(props: { warning: Warning; onAnswered: (w: Warning) => void }) {
  const { warning } = props;
  const [transfer, setTransfer] = useState(false);
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const result = await graphql<{ answerTransferSuggestion: Warning }>(ANSWER_TRANSFER_SUGGESTION, { caseId: warning.administrativeCase.id, input: { transfer, reason } });
    setBusy(false);
    setFailure(result.failure);
    if (result.data?.answerTransferSuggestion) props.onAnswered(result.data.answerTransferSuggestion);
  };
  return (
    <form class="inline-form" aria-label={`回复建议移送 ${warning.chain.id}`} onSubmit={submit}>
      <fieldset>
        <legend>回复</legend>
        <label class="inline">
          <input type="radio" name={`answer-${warning.chain.id}`} checked={transfer} onChange={() => setTransfer(true)} />
          已移送
        </label>
        <label class="inline">
          <input type="radio" name={`answer-${warning.chain.id}`} checked={!transfer} onChange={() => setTransfer(false)} />
          不移送
        </label>
      </fieldset>
      <label>
        理由
        <textarea rows={3} value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
      </label>
      <Failure message={failure} />
      <button type="submit" disabled={busy || !reason.trim()}>
        提交回复
      </button>
    </form>
  );
}

function OverdueSteps(props: { names: Record<string, string> }) {
  const user = session();
  // An agency is shown its own steps; the other institutions' are for procurators and oversight.
  const lists = user?.roles.some((r) => r === 'procurator' || r === 'oversight') ? INSTITUTIONS : INSTITUTIONS.filter((i) => i.field === 'enforcementSteps');
  const [names, setNames] = useState(props.names);
  useEffect(() => {
    // Agencies' names (public), besides the sign-in's lists.
    void graphql<{ agencies: { id: string; name: string }[] }>(AGENCIES, {}, { anonymous: true }).then((r) =>
      setNames((known) => ({ ...known, ...Object.fromEntries((r.data?.agencies ?? []).map((a) => [a.id, a.name])) })),
    );
  }, []);
  return (
    <section aria-label="逾期事项">
      <p class="hint">超过法定期限仍未办结的步骤，逾期最久的在前；时间均为北京时间。</p>
      {lists.map((list) => (
        <OverdueList key={list.field} {...list} names={names} />
      ))}
    </section>
  );
}

/** One institution's overdue steps (its own field of `overdueSteps`), paged on its own. */
function OverdueList(props: { field: string; institution: string; names: Record<string, string> }) {
  const { field } = props;
  const { items, page, failure, more } = usePages<Step>(async (after) => {
    const result = await graphql<{ overdueSteps: Record<string, Connection<Step> | null> }>(overdueStepsQuery(field), { first: PAGE, after });
    return { page: result.data?.overdueSteps[field], failure: result.failure };
  }, [field]);
  const institution = label('Institution', props.institution);
  const title = `${institution}逾期事项`;
  const now = Date.now();
  return (
    <div>
      <h2>
        {title} {page && <small class="muted">共 {page.totalCount} 项</small>}
      </h2>
      <Failure message={failure} />
      {!items ? (
        failure ? null : <p class="loading">正在加载…</p>
      ) : items.length === 0 ? (
        <p class="empty">{institution}暂无逾期事项。</p>
      ) : (
        <table>
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">机关</th>
              <th scope="col">步骤</th>
              <th scope="col">承办单位</th>
              <th scope="col">应完成</th>
              <th scope="col">逾期</th>
              <th scope="col">依据</th>
              <th scope="col">衔接案件</th>
            </tr>
          </thead>
          <tbody>
            {items.map((step) => (
              <tr class="late">
                <td>{institution}</td>
                <td>{step.title}</td>
                <td>{unit(props.names, step.org)}</td>
                <td>
                  {dateTime(step.dueAt)}
                  {step.provisional && <span class="muted">（暂定）</span>}
                </td>
                <td>
                  <span class="state state-late">{timeLeft(step.dueAt, true, now)}</span>
                </td>
                <td>{step.article}</td>
                <td>
                  <a href={chainHref(step.chainId)}>{step.chainId}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <More more={more}>加载更多{title}</More>
    </div>
  );
}
