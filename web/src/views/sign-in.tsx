// Sign-in. In development: choose a role and an organisation and get a development token
// (POST /dev/token, as `npm run token`). Always: paste the bearer token the institution's
// sign-on issued (production).
import { useEffect, useState } from 'preact/hooks';
import { graphql, signedOutBecause, signIn, signOut } from '../api';
import { label } from '../format';
import type { ConsoleConfig } from '../main';
import { AGENCIES } from '../queries';
import { go } from '../router';
import { Failure } from '../ui';

const ROLES = ['procurator', 'police', 'judge', 'enforcement', 'agency-head', 'oversight'] as const;
/** Which list a role's organisation comes from; oversight has none. */
const ORG_SOURCE: Record<string, 'agency' | 'police' | 'procurator' | 'judge' | undefined> = {
  enforcement: 'agency',
  'agency-head': 'agency',
  police: 'police',
  procurator: 'procurator',
  judge: 'judge',
};

function DevSignIn(props: { config: ConsoleConfig }) {
  const [role, setRole] = useState<string>('procurator');
  const [org, setOrg] = useState('');
  const [agencies, setAgencies] = useState<{ id: string; name: string }[]>([]);
  const [error, setError] = useState<string>();
  const source = ORG_SOURCE[role];
  useEffect(() => {
    void graphql<{ agencies: { id: string; name: string }[] }>(AGENCIES, {}, { anonymous: true }).then((r) => setAgencies(r.data?.agencies ?? []));
  }, []);
  const options = source === 'agency' ? agencies.map((a) => ({ code: a.id, name: a.name })) : source ? (props.config.organisations?.[source] ?? []) : [];
  useEffect(() => setOrg(options[0]?.code ?? ''), [role, agencies.length]);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    const response = await fetch('/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role, org: source ? org : null }) });
    const body = (await response.json().catch(() => ({}))) as { token?: string; error?: string };
    if (!body.token) return setError(`无法获取开发令牌：${body.error ?? `HTTP ${response.status}`}`);
    signIn(body.token);
    go('#/search');
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="dev-title">
      <h2 id="dev-title">开发环境登录</h2>
      <p class="hint">选择角色和所属单位，系统签发开发令牌（与 npm run token 相同）。生产环境不提供此方式。</p>
      <label>
        角色
        <select value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value)}>
          {ROLES.map((r) => (
            <option value={r}>{label('Role', r)}</option>
          ))}
        </select>
      </label>
      {source && (
        <label>
          所属单位
          <select value={org} onChange={(e) => setOrg((e.target as HTMLSelectElement).value)}>
            {options.map((o) => (
              <option value={o.code}>
                {o.name}（{o.code}）
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="submit">登录</button>
      <Failure message={error} />
    </form>
  );
}

function TokenSignIn() {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (event: Event) => {
    event.preventDefault();
    signIn(token);
    // The gateway decides: a token it refuses is a 401 with the reason.
    const check = await graphql<{ __typename: string }>('query SignInCheck { __typename }');
    if (check.failure) {
      signOut();
      return setError(check.failure);
    }
    go('#/search');
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="token-title">
      <h2 id="token-title">令牌登录</h2>
      <p class="hint">粘贴本单位统一身份认证签发的访问令牌（Bearer token）。令牌仅保存在本浏览器标签页中，关闭即失效。</p>
      <label>
        访问令牌
        <textarea rows={3} value={token} onInput={(e) => setToken((e.target as HTMLTextAreaElement).value)} required />
      </label>
      <button type="submit">使用令牌登录</button>
      <Failure message={error} />
    </form>
  );
}

export function SignInView(props: { config: ConsoleConfig }) {
  const [reason] = useState(signedOutBecause);
  return (
    <div class="sign-in">
      <h1>登录</h1>
      <Failure message={reason} />
      <p>
        公众无需登录即可查看 <a href="#/portal">阳光执法公开信息</a>。
      </p>
      <div class="cards">
        {props.config.devSignIn && <DevSignIn config={props.config} />}
        <TokenSignIn />
      </div>
    </div>
  );
}
