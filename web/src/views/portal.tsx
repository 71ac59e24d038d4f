// 阳光执法: what sunshine enforcement publishes, for anyone, without signing in (the
// requests carry no token even when someone is signed in): each agency's power list,
// officers with their certificate numbers and whether each is valid today, discretion
// benchmarks, and the published penalty decisions with persons' names masked.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { graphql } from '../api';
import { beijingDay, date, dateTime, entries, label, money } from '../format';
import { AGENCIES, EFFECTIVE_JUDGMENT, PUBLISHED_DECISIONS, SUNSHINE_AGENCY } from '../queries';
import { useRoute } from '../router';
import { Failure, Item } from '../ui';

interface AgencyRef { id: string; name: string; kind: string; regionCode: string }
interface Decision { documentNumber: string; decidedAt: string; agency: { name: string }; partyName: string | null; violationCategory: string; legalBasis: string; fineAmount: string }

const anonymous = { anonymous: true };

function useAgencies(): AgencyRef[] {
  const [agencies, setAgencies] = useState<AgencyRef[]>([]);
  useEffect(() => {
    void graphql<{ agencies: AgencyRef[] }>(AGENCIES, {}, anonymous).then((r) => setAgencies(r.data?.agencies ?? []));
  }, []);
  return agencies;
}

function AgencySelect(props: { agencies: AgencyRef[]; value: string; onChange: (id: string) => void; all?: boolean }) {
  return (
    <label>
      执法机关
      <select aria-label="执法机关" value={props.value} onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
        {props.all && <option value="">全部机关</option>}
        {props.agencies.map((a) => (
          <option value={a.id}>{a.name}</option>
        ))}
      </select>
    </label>
  );
}

function AgencyInfo(props: { agencies: AgencyRef[] }) {
  const [id, setId] = useState('');
  const [agency, setAgency] = useState<any>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    if (!id && props.agencies[0]) setId(props.agencies[0].id);
  }, [props.agencies.length]);
  useEffect(() => {
    if (!id) return;
    void graphql<{ agency: any }>(SUNSHINE_AGENCY, { id }, anonymous).then((r) => {
      setFailure(r.failure);
      setAgency(r.data?.agency ?? null);
    });
  }, [id]);
  const today = beijingDay(new Date());
  return (
    <section aria-labelledby="agency-title">
      <h2 id="agency-title">执法机关公示</h2>
      <AgencySelect
        agencies={props.agencies}
        value={id}
        onChange={(next) => {
          setAgency(undefined);
          setId(next);
        }}
      />
      <Failure message={failure} />
      {agency === undefined ? (
        <p class="loading">正在加载…</p>
      ) : agency === null ? (
        <p class="empty">未找到该机关。</p>
      ) : (
        <>
          <table>
            <caption>行政权力清单（{agency.name}）</caption>
            <thead>
              <tr>
                <th scope="col">编码</th>
                <th scope="col">事项名称</th>
                <th scope="col">类别</th>
                <th scope="col">设定依据</th>
              </tr>
            </thead>
            <tbody>
              {agency.powerList.map((p: any) => (
                <tr>
                  <td>{p.code}</td>
                  <td>{p.name}</td>
                  <td>{p.category}</td>
                  <td>{p.legalBasis}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>执法人员</caption>
            <thead>
              <tr>
                <th scope="col">姓名</th>
                <th scope="col">执法证号</th>
                <th scope="col">有效期至</th>
                <th scope="col">今日是否有效</th>
              </tr>
            </thead>
            <tbody>
              {agency.officers.map((o: any) => {
                const valid = beijingDay(o.validUntil) >= today;
                return (
                  <tr>
                    <td>{o.name}</td>
                    <td>{o.certificateNumber}</td>
                    <td>{date(o.validUntil)}</td>
                    <td>
                      <span class={`state ${valid ? 'state-done' : 'state-late'}`}>{valid ? '有效' : '已过期'}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <table>
            <caption>行政处罚裁量基准</caption>
            <thead>
              <tr>
                <th scope="col">编码</th>
                <th scope="col">违法行为</th>
                <th scope="col">情节</th>
                <th scope="col">罚款幅度</th>
                <th scope="col">依据</th>
              </tr>
            </thead>
            <tbody>
              {agency.discretionBenchmarks.map((b: any) => (
                <tr>
                  <td>{b.code}</td>
                  <td>{b.violation}</td>
                  <td>{b.circumstance}</td>
                  <td>
                    {money(b.minFine)} 至 {money(b.maxFine)}
                  </td>
                  <td>{b.legalBasis}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

const PAGE = 100;
/** Rows shown at once; 显示更多 shows the next ones. */
const SHOWN = 20;

function Decisions(props: { agencies: AgencyRef[] }) {
  const [agencyId, setAgencyId] = useState('');
  const [category, setCategory] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [number, setNumber] = useState('');
  const [loaded, setLoaded] = useState<Decision[]>();
  const [next, setNext] = useState<string | null>(null);
  const [failure, setFailure] = useState<string>();
  const [limit, setLimit] = useState(SHOWN);
  const load = async (after: string | null, previous: Decision[]) => {
    const r = await graphql<{ publishedDecisions: { edges: { node: Decision }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
      PUBLISHED_DECISIONS,
      { first: PAGE, after, agencyId: agencyId || null },
      anonymous,
    );
    setFailure(r.failure);
    const connection = r.data?.publishedDecisions;
    if (!connection) return;
    setLoaded([...previous, ...connection.edges.map((e) => e.node)]);
    setNext(connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null);
  };
  useEffect(() => {
    void load(null, []);
  }, [agencyId]);
  useEffect(() => setLimit(SHOWN), [agencyId, category, from, to, number]);
  // Category, date and number narrow what is loaded (the API filters decisions by agency only).
  const shown = useMemo(
    () =>
      (loaded ?? []).filter(
        (d) =>
          (!category || d.violationCategory === category) &&
          (!from || beijingDay(d.decidedAt) >= from) &&
          (!to || beijingDay(d.decidedAt) <= to) &&
          (!number.trim() || d.documentNumber.includes(number.trim())),
      ),
    [loaded, category, from, to, number],
  );
  return (
    <section aria-labelledby="decisions-title">
      <h2 id="decisions-title">行政处罚决定公开</h2>
      <form class="filters" role="search" aria-label="筛选处罚决定" onSubmit={(e) => e.preventDefault()}>
        <AgencySelect
          agencies={props.agencies}
          value={agencyId}
          onChange={(id) => {
            // Cleared in the same render, so no other agency's decisions show meanwhile.
            setLoaded(undefined);
            setAgencyId(id);
          }}
          all
        />
        <label>
          违法类别
          <select value={category} onChange={(e) => setCategory((e.target as HTMLSelectElement).value)}>
            <option value="">全部类别</option>
            {entries('ViolationCategory').map(([value, text]) => (
              <option value={value}>{text}</option>
            ))}
          </select>
        </label>
        <label>
          决定日期自
          <input type="date" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          至
          <input type="date" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          决定书文号
          <input type="search" value={number} placeholder="如 咸市监罚决〔2026〕" onInput={(e) => setNumber((e.target as HTMLInputElement).value)} />
        </label>
      </form>
      <Failure message={failure} />
      {!loaded ? (
        <p class="loading">正在加载…</p>
      ) : (
        <>
          <p class="hint">
            符合条件 {shown.length} 条，显示 {Math.min(limit, shown.length)} 条（已加载 {loaded.length} 条{next ? '，还有更多' : ''}）。自然人姓名按规定隐去。
          </p>
          <table>
            <caption>已公开的行政处罚决定</caption>
            <thead>
              <tr>
                <th scope="col">决定书文号</th>
                <th scope="col">决定日期</th>
                <th scope="col">执法机关</th>
                <th scope="col">当事人</th>
                <th scope="col">违法类别</th>
                <th scope="col">罚款</th>
                <th scope="col">依据</th>
              </tr>
            </thead>
            <tbody>
              {shown.slice(0, limit).map((d) => (
                <tr>
                  <td>{d.documentNumber}</td>
                  <td>{date(d.decidedAt)}</td>
                  <td>{d.agency.name}</td>
                  <td>{d.partyName ?? '—'}</td>
                  <td>{label('ViolationCategory', d.violationCategory)}</td>
                  <td class="num">{money(d.fineAmount)}</td>
                  <td>{d.legalBasis}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown.length > limit ? (
            <button type="button" onClick={() => setLimit(limit + SHOWN)}>
              显示更多
            </button>
          ) : (
            next && (
              <button type="button" onClick={() => void load(next, loaded)}>
                加载更多
              </button>
            )
          )}
        </>
      )}
    </section>
  );
}

/** 生效裁判: an effective criminal judgment by its case number; one not yet effective is not public. */
function Judgments() {
  const [text, setText] = useState('');
  const [found, setFound] = useState<{ text: string; trial: any; failure?: string }>();
  const submit = async (event: Event) => {
    event.preventDefault();
    const caseNumber = text.trim();
    setFound(undefined);
    const r = await graphql<{ criminalTrial: any }>(EFFECTIVE_JUDGMENT, { caseNumber }, anonymous);
    setFound({ text: caseNumber, trial: r.data?.criminalTrial ?? null, failure: r.data ? undefined : r.failure });
  };
  const trial = found?.trial;
  const j = trial?.judgment;
  return (
    <section aria-labelledby="judgments-title">
      <h2 id="judgments-title">生效刑事裁判查询</h2>
      <form class="search" role="search" aria-label="查询生效裁判" onSubmit={submit}>
        <label>
          案号
          <input type="search" value={text} placeholder="如 (2022)鄂1224刑初5号" onInput={(e) => setText((e.target as HTMLInputElement).value)} required />
        </label>
        <button type="submit">查询</button>
      </form>
      <p class="hint">仅公开已发生法律效力的判决；被告人姓名按规定隐去。</p>
      {found && (
        <section aria-label={`案号“${found.text}”的查询结果`}>
          <Failure message={found.failure} />
          {!trial ? (
            !found.failure && <p class="empty">未找到案号为“{found.text}”的已生效判决。</p>
          ) : (
            <dl class="facts">
              <Item term="案号">{trial.caseNumber}</Item>
              <Item term="人民法院">{trial.courtName}</Item>
              <Item term="被告人">{trial.defendantName ?? '—'}</Item>
              <Item term="判决结果">
                {label('Verdict', j.verdict)}
                {j.charges.length ? `（${j.charges.join('、')}）` : ''}
              </Item>
              <Item term="刑罚">
                {[j.prisonTermMonths != null ? `有期徒刑 ${j.prisonTermMonths} 个月` : '', j.fineAmount ? `罚金 ${money(j.fineAmount)}` : '', j.fineOffsetAmount ? `折抵行政罚款 ${money(j.fineOffsetAmount)}` : ''].filter(Boolean).join('，') || '无'}
              </Item>
              <Item term="宣判">{dateTime(j.judgedAt)}</Item>
              <Item term="生效">{dateTime(j.effectiveAt)}</Item>
            </dl>
          )}
        </section>
      )}
    </section>
  );
}

export function PortalView() {
  const [, tab] = useRoute();
  const agencies = useAgencies();
  return (
    <div class="portal">
      <h1>阳光执法</h1>
      <p class="hint">行政执法公示信息，公众无需登录即可查阅。</p>
      <nav class="tabs" aria-label="公示栏目">
        <a href="#/portal" aria-current={tab !== 'decisions' && tab !== 'judgments' ? 'page' : undefined}>
          机关与执法人员
        </a>
        <a href="#/portal/decisions" aria-current={tab === 'decisions' ? 'page' : undefined}>
          处罚决定公开
        </a>
        <a href="#/portal/judgments" aria-current={tab === 'judgments' ? 'page' : undefined}>
          生效裁判查询
        </a>
      </nav>
      {tab === 'decisions' ? <Decisions agencies={agencies} /> : tab === 'judgments' ? <Judgments /> : <AgencyInfo agencies={agencies} />}
    </div>
  );
}
