// The web console (衔接控制台): sign-in, case search, the chain view, work lists, supervision
// (以罚代刑预警, 逾期事项), assessment (考核通报) and the public portal (阳光执法). Talks only to this origin's /graphql.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { session, signOut } from './api';
import { label } from './format';
import { SUPERVISING_ROLES, WORK_LISTS } from './queries';
import { go, useRoute } from './router';
import { unitName, useUnitNames } from './ui';
import './styles.css';
import { AssessmentView } from './views/assessment';
import { ChainView } from './views/chain';
import { PortalView } from './views/portal';
import { SearchView } from './views/search';
import { SignInView } from './views/sign-in';
import { SupervisionView } from './views/supervision';
import { WorkListView } from './views/work-list';

export interface ConsoleConfig {
  development: boolean;
  ide?: string;
  /** POST /dev/token is there (development with the local issuer key). */
  devSignIn?: boolean;
  organisations?: Record<string, { code: string; name: string }[]>;
}

function useConfig(): ConsoleConfig | null {
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  useEffect(() => {
    fetch('/console/config.json')
      .then((r) => r.json() as Promise<ConsoleConfig>)
      .then(setConfig, () => setConfig({ development: false }));
  }, []);
  return config;
}

const maySupervise = (roles: string[]) => roles.some((r) => SUPERVISING_ROLES.includes(r));
/** 考核通报: procurators and the legal-affairs office, all agencies; an agency, its own row. */
const mayAssess = maySupervise;

function Header(props: { config: ConsoleConfig }) {
  const user = session();
  const names = useUnitNames();
  const role = user?.roles.includes('agency-head') ? 'agency-head' : user?.roles[0];
  return (
    <header class="top">
      <a class="brand" href="#/">
        衔接 <small>行政执法与刑事司法衔接信息平台</small>
      </a>
      <nav aria-label="主导航">
        {user && <a href="#/search">案件检索</a>}
        {user && role && WORK_LISTS[role] && <a href="#/work">待办事项</a>}
        {user && maySupervise(user.roles) && <a href="#/supervision">监督</a>}
        {user && mayAssess(user.roles) && <a href="#/assessment">考核通报</a>}
        <a href="#/portal">阳光执法</a>
        {props.config.development && props.config.ide && (
          <a href={props.config.ide} target="_blank" rel="noopener">
            GraphQL 调试台
          </a>
        )}
      </nav>
      <div class="user">
        {user ? (
          <>
            <span aria-label="当前用户">
              {label('Role', role)}
              {user.org ? ` · ${unitName(names, user.org)}` : ''}
            </span>
            <button
              type="button"
              onClick={() => {
                signOut();
                go('#/signin');
              }}
            >
              退出
            </button>
          </>
        ) : (
          <a href="#/signin">登录</a>
        )}
      </div>
    </header>
  );
}

function App() {
  const config = useConfig();
  const route = useRoute();
  if (!config) return <p class="loading">正在加载…</p>;
  const user = session();
  const [page, arg] = route;
  let view;
  if (page === 'portal') view = <PortalView />;
  else if (!user || page === 'signin') view = <SignInView config={config} />;
  // Keyed by the chain: another chain is a new view, never the last one's data under a new title.
  else if (page === 'chain' && arg) view = <ChainView key={arg} id={arg} />;
  else if (page === 'work') view = <WorkListView />;
  else if (page === 'supervision' && maySupervise(user.roles)) view = <SupervisionView tab={arg} />;
  else if (page === 'assessment' && mayAssess(user.roles)) view = <AssessmentView />;
  else view = <SearchView config={config} />;
  return (
    <>
      <Header config={config} />
      <main>{view}</main>
      <footer>数据时间均为北京时间 · 金额单位：元</footer>
    </>
  );
}

render(<App />, document.getElementById('app')!);
