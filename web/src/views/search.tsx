// 案件检索: by chain id, record id or any institution's case number (src/search.ts).
import { useState } from 'preact/hooks';
import type { ConsoleConfig } from '../main';
import { findCases, type Found } from '../search';
import { label } from '../format';
import { chainHref, Failure } from '../ui';

/** The demo's first six chains, one per scenario (README). */
const EXAMPLES: [string, string][] = [
  ['XJ-0000001', '仅行政处罚，未移送'],
  ['XJ-0000002', '已移送公安，待立案决定'],
  ['XJ-0000003', '不予立案，提请复议'],
  ['XJ-0000004', '已立案侦查'],
  ['XJ-0000005', '提起公诉并判决有罪，罚款折抵罚金'],
  ['XJ-0000006', '不起诉，制发检察意见（反向衔接）'],
];

export function SearchView(props: { config: ConsoleConfig }) {
  const [text, setText] = useState('');
  const [found, setFound] = useState<Found & { text: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFound(undefined);
    setFound({ ...(await findCases(text)), text });
    setBusy(false);
  };
  return (
    <div>
      <h1>案件检索</h1>
      <form class="search" role="search" onSubmit={submit}>
        <label>
          衔接编号、案件编号或当事人
          <input
            type="search"
            value={text}
            placeholder="如 XJ-0000005、通山林罚决〔2022〕5号、(2022)鄂1224刑初5号、身份证号或姓名"
            onInput={(e) => setText((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          检索
        </button>
      </form>
      <p class="hint">可输入衔接编号（XJ-）、行政执法、公安、检察、法院任一机关的案件编号或文书文号（括号、空格、序号前的 0 均可不论）、身份证号或统一社会信用代码、当事人或犯罪嫌疑人、被告人姓名。您无权查看的案件不会出现在结果中。</p>
      {found && (
        <section aria-labelledby="results-title">
          <h2 id="results-title">“{found.text}”的检索结果</h2>
          <Failure message={found.failure} />
          {found.refused.length > 0 && <p class="notice">您的角色无权在{found.refused.join('、')}按人员检索，相应结果未显示。</p>}
          {found.chains.length === 0 && !found.failure ? (
            <p class="empty">未找到与“{found.text}”相符的案件。</p>
          ) : (
            <ul class="hits">
              {found.chains.map((chain) => (
                <li>
                  <a href={chainHref(chain.chainId)}>衔接案件 {chain.chainId}</a>
                  <ul>
                    {chain.hits.map((hit) => (
                      <li>
                        {label('RecordType', hit.recordType)} {hit.number}
                        <span class="muted">
                          （{hit.field}：{hit.matched}）
                        </span>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {props.config.development && (
        <section class="examples" aria-labelledby="examples-title">
          <h2 id="examples-title">演示案件</h2>
          <ul>
            {EXAMPLES.map(([id, what]) => (
              <li>
                <a href={chainHref(id)}>{id}</a> {what}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
