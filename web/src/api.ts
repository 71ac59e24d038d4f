import { label } from './format';

// The console's only way to the system: POST /graphql on this origin with the signed-in
// user's bearer token (none for the public), so it sees exactly what that role may see.

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; subgraph?: string };
}

/** A response with the paths of the fields the caller may not see (null + FORBIDDEN at the path). */
export interface Result<T> {
  data: T | null;
  errors: GraphQLError[];
  /** Paths (`caseChain.policeCase.investigationNotes`) the gateway refused as FORBIDDEN. */
  forbidden: Set<string>;
  /** Institutions whose subgraph did not answer (SUBGRAPH_UNAVAILABLE): their part is missing. */
  unavailable: Set<string>;
  /** A failure to show instead of the data: HTTP, network, or an error that is not FORBIDDEN. */
  failure?: string;
}

const TOKEN_KEY = 'xianjie.token';
const REASON_KEY = 'xianjie.signed-out-because';

/** Why the user was last sent back to the sign-in, once. */
export function signedOutBecause(): string | undefined {
  const reason = sessionStorage.getItem(REASON_KEY) ?? undefined;
  sessionStorage.removeItem(REASON_KEY);
  return reason;
}

export interface Session {
  token: string;
  roles: string[];
  org: string | null;
  subject: string;
  expiresAt: number;
}

/** The signed-in user, read from the token's claims (the gateway verifies it; this only displays them). */
export function session(): Session | null {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return null;
  try {
    const payload = JSON.parse(decodeURIComponent(escape(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))))) as Record<string, unknown>;
    const expiresAt = Number(payload.exp) * 1000;
    if (!(expiresAt > Date.now())) {
      sessionStorage.removeItem(TOKEN_KEY);
      return null;
    }
    return { token, roles: (payload.roles as string[]) ?? [], org: (payload.org as string | null) ?? null, subject: String(payload.sub ?? ''), expiresAt };
  } catch {
    return null;
  }
}

export function signIn(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

const failed = (failure: string): Result<never> => ({ data: null, errors: [], forbidden: new Set(), unavailable: new Set(), failure });

export const pathKey = (path: readonly (string | number)[]) => path.join('.');

export async function graphql<T>(query: string, variables: Record<string, unknown> = {}, options: { anonymous?: boolean } = {}): Promise<Result<T>> {
  // The token as stored, even one this page cannot read: the gateway judges it (401 with why).
  const token = options.anonymous ? null : sessionStorage.getItem(TOKEN_KEY);
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    return failed('无法连接服务器，请稍后重试');
  }
  let body: { data?: T | null; errors?: GraphQLError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    return failed(`服务器返回了无法识别的响应（HTTP ${response.status}）`);
  }
  const errors = body.errors ?? [];
  if (response.status === 401) {
    // The gateway refused the token (expired, wrongly signed …): back to the sign-in, saying why.
    signOut();
    const reason = `身份验证未通过，请重新登录（${errors[0]?.message ?? 'HTTP 401'}）`;
    if (!/^#\/signin/.test(location.hash)) {
      sessionStorage.setItem(REASON_KEY, reason);
      location.hash = '#/signin';
    }
    return failed(reason);
  }
  const forbidden = new Set(errors.filter((e) => e.extensions?.code === 'FORBIDDEN' && e.path).map((e) => pathKey(e.path!)));
  const other = errors.filter((e) => !(e.extensions?.code === 'FORBIDDEN' && e.path));
  const unavailable = new Set(errors.filter((e) => e.extensions?.code === 'SUBGRAPH_UNAVAILABLE').map((e) => String(e.extensions?.subgraph)));
  const failure = body.data == null || other.length > 0 ? describe(other, response.status) : undefined;
  return { data: body.data ?? null, errors, forbidden, unavailable, failure };
}

const CODES: Record<string, string> = {
  FORBIDDEN: '无权执行此操作',
  BAD_USER_INPUT: '输入有误',
  NOT_FOUND: '未找到',
  RESPONSE_TOO_LARGE: '结果过多，请缩小范围',
};

/** Said alone, without the server's English reason. */
const ALONE: Record<string, string> = {
  SERVER_BUSY: '系统繁忙，请稍后重试',
};

function describe(errors: GraphQLError[], status: number): string | undefined {
  if (errors.length === 0) return status >= 400 ? `请求失败（HTTP ${status}）` : undefined;
  return errors
    .map((e) =>
      e.extensions?.code === 'SUBGRAPH_UNAVAILABLE'
        ? `${label('Institution', e.extensions.subgraph)}的系统暂时无法访问，相应部分未显示`
        : ALONE[e.extensions?.code ?? ''] ?? `${CODES[e.extensions?.code ?? ''] ?? '请求出错'}：${e.message}`,
    )
    .join('；');
}
