// 待办事项: the steps the signed-in unit owes, soonest due first (as the API orders them),
// overdue ones marked; "只看逾期" asks the API for the late ones only.
import { useState } from 'preact/hooks';
import { graphql, session } from '../api';
import { dateTime, timeLeft } from '../format';
import { WORK_LISTS, workListQuery } from '../queries';
import { chainHref, type Connection, Failure, More, unitName, useUnitNames, usePages } from '../ui';

interface WorkItem { step: string; title: string; org: string; article: string; startedAt: string; dueAt: string; doneAt: string | null; late: boolean; provisional: boolean; entity: string; recordId: string; chainId: string }

const PAGE = 50;

export function WorkListView() {
  const user = session();
  const names = useUnitNames();
  const role = user?.roles.includes('agency-head') ? 'agency-head' : (user?.roles[0] ?? '');
  const list = WORK_LISTS[role];
  const [overdueOnly, setOverdueOnly] = useState(false);
  const { items, setItems, page, failure, more } = usePages<WorkItem>(async (after) => {
    if (!list) return {};
    const result = await graphql<{ list: Connection<WorkItem> }>(workListQuery(list.field), { first: PAGE, after, overdueOnly });
    return { page: result.data?.list, failure: result.failure };
  }, [overdueOnly, role]);
  if (!list) return <p class="empty">您的角色没有待办事项清单；以罚代刑预警和各机关的逾期事项见“监督”。</p>;
  const now = Date.now();
  return (
    <div>
      <h1>{list.title}</h1>
      <p class="hint">
        {unitName(names, user?.org)} 应办理的步骤，按应完成时间先后排列；已逾期的标红。{page ? `共 ${page.totalCount} 项。` : ''}
      </p>
      <label class="inline">
        <input
          type="checkbox"
          checked={overdueOnly}
          onChange={(e) => {
            // Cleared in the same render as the filter changes, so no list shows under the wrong caption.
            setItems(undefined);
            setOverdueOnly((e.target as HTMLInputElement).checked);
          }}
        />
        只看逾期
      </label>
      <Failure message={failure} />
      {!items ? (
        <p class="loading">正在加载…</p>
      ) : items.length === 0 ? (
        <p class="empty">{overdueOnly ? '没有逾期的待办事项。' : '暂无待办事项。'}</p>
      ) : (
        <table class="work-list">
          <caption>{overdueOnly ? '逾期待办事项' : '待办事项'}</caption>
          <thead>
            <tr>
              <th scope="col">步骤</th>
              <th scope="col">衔接案件</th>
              <th scope="col">起算</th>
              <th scope="col">应完成</th>
              <th scope="col">期限</th>
              <th scope="col">依据</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr class={item.late ? 'late' : ''}>
                <td>{item.title}</td>
                <td>
                  <a href={chainHref(item.chainId)}>{item.chainId}</a>
                </td>
                <td>{dateTime(item.startedAt)}</td>
                <td>
                  {dateTime(item.dueAt)}
                  {item.provisional && <span class="muted">（暂定）</span>}
                </td>
                <td>
                  <span class={`state ${item.late ? 'state-late' : 'state-open'}`}>{timeLeft(item.dueAt, item.late, now)}</span>
                </td>
                <td>{item.article}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <More more={more} />
    </div>
  );
}
