// 待办事项: the steps the signed-in unit owes, soonest due first (as the API orders them),
// overdue ones marked; "只看逾期" asks the API for the late ones only.
import { useEffect, useState } from 'preact/hooks';
import { graphql, session } from '../api';
import { dateTime } from '../format';
import { WORK_LISTS, workListQuery } from '../queries';
import { chainHref, Failure } from '../ui';

interface WorkItem { step: string; title: string; org: string; article: string; startedAt: string; dueAt: string; doneAt: string | null; late: boolean; provisional: boolean; entity: string; recordId: string; chainId: string }
interface Page { totalCount: number; edges: { node: WorkItem }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }

const PAGE = 50;
const DAY = 86_400_000;

/** Time left or overdue, in whole days, or in hours within the last or first day. */
function remaining(item: WorkItem, now: number): string {
  const ms = new Date(item.dueAt).getTime() - now;
  const span = Math.abs(ms);
  const amount = span < DAY ? `${Math.max(1, Math.ceil(span / 3_600_000))} 小时` : `${Math.floor(span / DAY)} 天`;
  return item.late || ms < 0 ? `已逾期 ${amount}` : `剩余 ${amount}`;
}

export function WorkListView() {
  const user = session();
  const role = user?.roles.includes('agency-head') ? 'agency-head' : (user?.roles[0] ?? '');
  const list = WORK_LISTS[role];
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [items, setItems] = useState<WorkItem[]>();
  const [page, setPage] = useState<Page>();
  const [failure, setFailure] = useState<string>();
  const load = async (after: string | null, previous: WorkItem[]) => {
    if (!list) return;
    const result = await graphql<{ list: Page }>(workListQuery(list.field), { first: PAGE, after, overdueOnly });
    setFailure(result.failure);
    if (result.data) {
      setPage(result.data.list);
      setItems([...previous, ...result.data.list.edges.map((e) => e.node)]);
    }
  };
  useEffect(() => {
    void load(null, []);
  }, [overdueOnly, role]);
  if (!list) return <p class="empty">您的角色没有待办事项清单（法制监督的视图将随监督功能提供）。</p>;
  const now = Date.now();
  return (
    <div>
      <h1>{list.title}</h1>
      <p class="hint">
        {user?.org} 应办理的步骤，按应完成时间先后排列；已逾期的标红。{page ? `共 ${page.totalCount} 项。` : ''}
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
                  <span class={`state ${item.late ? 'state-late' : 'state-open'}`}>{remaining(item, now)}</span>
                </td>
                <td>{item.article}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page?.pageInfo.hasNextPage && (
        <button type="button" onClick={() => void load(page.pageInfo.endCursor, items ?? [])}>
          加载更多
        </button>
      )}
    </div>
  );
}
