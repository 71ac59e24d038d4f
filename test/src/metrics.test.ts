import { ServiceMetrics, serveMetrics } from '@xianjie/subgraph-kit';
import { DIALECTS, MODULES, startStack, TEST_DEMO, until, type Stack } from './harness';
import { CHAIN, op } from './operations';

/** Prometheus text → the value of the sample `name{labels}` whose labels include `labels` (summed over the others), 0 if none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const has = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => has[k] === v)) total += Number(match[3]);
  }
  return total;
}

const scrape = async (url: string) => {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
};

// Issue 10, item 2: every service's Prometheus metrics, on a port of its own (not the GraphQL one).
describe.each(DIALECTS)('metrics (%s)', (dialect) => {
  let stack: Stack;
  let urls: Record<string, string>;
  const scrapeAll = async () => Object.fromEntries(await Promise.all(Object.entries(urls).map(async ([n, u]) => [n, await scrape(u)] as const)));
  beforeAll(async () => {
    stack = await startStack(dialect, TEST_DEMO, { metrics: true });
    urls = { gateway: stack.gateway.metricsUrl!, ...Object.fromEntries(MODULES.map((m) => [m.name, stack.subgraphs[m.name]!.metricsUrl!])) };
  });
  afterAll(() => stack?.stop());

  it('serves /metrics on each service\'s own port, and nothing of it on the gateway\'s GraphQL port', async () => {
    for (const [name, url] of Object.entries(urls)) {
      expect([name, url]).toEqual([name, expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)]);
      const port = Number(new URL(url).port);
      expect(port).not.toBe(name === 'gateway' ? stack.gateway.port : stack.subgraphs[name]!.port);
      const text = await scrape(url);
      expect(text).toContain(`process_cpu_seconds_total{service="${name}"}`);
      // How busy its event loop was since the last scrape: more than nothing (it has just started and served), at most all the time.
      expect(text).toContain(`xianjie_eventloop_utilization{service="${name}"}`);
      const busy = sample(text, 'xianjie_eventloop_utilization', { service: name });
      expect(busy).toBeGreaterThan(0);
      expect(busy).toBeLessThanOrEqual(1);
      expect((await fetch(url.replace(/\/metrics$/, '/graphql'))).status).toBe(404);
    }
    const onGraphqlPort = await fetch(stack.gateway.url.replace(/\/graphql$/, '/metrics'));
    expect(onGraphqlPort.status).toBe(404);
    expect(await onGraphqlPort.text()).not.toContain('xianjie_');
  });

  it('counts requests by operation and result, latency, errors by code, refused queries, subgraph calls and audit appends', async () => {
    const before = await scrapeAll();
    const procurator = await stack.token('procurator');
    for (const id of [CHAIN.judged, CHAIN.filed]) expect((await stack.query(op.CaseChain, { id }, procurator)).errors).toBeUndefined();
    // Hostile: 16 aliases, refused before planning.
    const hostile = await stack.query(`query Flood { ${Array.from({ length: 16 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect(hostile.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    // Forbidden: the public may not filter cases by whether they were transferred.
    const forbidden = await stack.query(op.AdministrativeCases, { first: 5, filter: { transferred: true } });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const after = await scrapeAll();
    const moved = (service: string, name: string, labels: Record<string, string> = {}) => sample(after[service]!, name, labels) - sample(before[service]!, name, labels);

    const gateway = 'gateway';
    expect(moved(gateway, 'xianjie_graphql_requests_total', { operation: 'CaseChain', result: 'ok', service: gateway })).toBe(2);
    expect(moved(gateway, 'xianjie_graphql_request_duration_seconds_count', { operation: 'CaseChain' })).toBe(2);
    expect(moved(gateway, 'xianjie_graphql_request_duration_seconds_bucket', { operation: 'CaseChain', le: '+Inf' })).toBe(2);
    expect(moved(gateway, 'xianjie_graphql_requests_total', { result: 'refused' })).toBe(1);
    expect(moved(gateway, 'xianjie_graphql_refused_total', { reason: 'QUERY_TOO_COMPLEX' })).toBe(1);
    expect(moved(gateway, 'xianjie_graphql_errors_total', { code: 'QUERY_TOO_COMPLEX' })).toBe(1);
    expect(moved(gateway, 'xianjie_graphql_requests_total', { operation: 'AdministrativeCases', result: 'error' })).toBe(1);
    expect(moved(gateway, 'xianjie_graphql_errors_total', { code: 'FORBIDDEN' })).toBe(1);
    for (const { name } of MODULES) {
      expect([name, moved(gateway, 'xianjie_subgraph_requests_total', { subgraph: name, result: 'ok' })]).toEqual([name, name === 'enforcement' ? 3 : 2]);
      expect([name, moved(gateway, 'xianjie_subgraph_request_duration_seconds_count', { subgraph: name })]).toEqual([name, name === 'enforcement' ? 3 : 2]);
      // Each subgraph counts the calls it served under the gateway's operation names, and the procurator's audited reads.
      expect([name, moved(name, 'xianjie_graphql_requests_total', { result: 'ok' })]).toEqual([name, 2]);
      expect(after[name]).toMatch(new RegExp(`xianjie_graphql_requests_total\\{operation="CaseChain__${name}__\\d+",result="ok",service="${name}"\\}`));
      expect([name, moved(name, 'xianjie_audit_append_duration_seconds_count')]).toEqual([name, expect.any(Number)]);
      expect(moved(name, 'xianjie_audit_append_duration_seconds_count')).toBeGreaterThanOrEqual(1);
      expect(moved(name, 'xianjie_db_query_duration_seconds_count')).toBeGreaterThanOrEqual(2);
      expect(sample(after[name]!, 'xianjie_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
      expect(after[name]).toMatch(/xianjie_db_pool_connections\{state="waiting",service="\w+"\} \d+/);
    }
    // The forbidden filter was refused by the enforcement subgraph, which holds the rule.
    expect(moved('enforcement', 'xianjie_graphql_errors_total', { code: 'FORBIDDEN' })).toBe(1);
  });

  it('shows the hand-off backlog per receiver while a receiver cannot be reached, and the delivery lag once delivered', async () => {
    const police = stack.subgraphs.police!;
    const inbox = police.deliverer.peers.enforcement!;
    const before = await scrape(urls.police!);
    const { bureauCode, id } = (await stack.query(`{ policeCase(id: "PC-0000002") { id bureauCode state } }`, {}, await stack.token('police'))).data.policeCase;
    // The agency's inbox unreachable: the 立案告知书 waits in the police's outbox.
    police.deliverer.peers.enforcement = 'http://127.0.0.1:9/handoff/inbox';
    try {
      const filed = await stack.query(`mutation($id: ID!) { decideFiling(policeCaseId: $id, file: true, reason: "涉嫌销售伪劣产品罪，销售金额达到立案追诉标准") { id state } }`, { id }, await stack.token('police', bureauCode));
      expect(filed.errors).toBeUndefined();
      await until(() => scrape(urls.police!), (text) => sample(text, 'xianjie_handoff_delivery_attempts_total', { receiver: 'enforcement', result: 'retry' }) > sample(before, 'xianjie_handoff_delivery_attempts_total', { receiver: 'enforcement', result: 'retry' }), 'a failed delivery attempt');
      const waiting = await scrape(urls.police!);
      expect(sample(waiting, 'xianjie_handoff_backlog', { receiver: 'enforcement' })).toBe(1);
      expect(sample(waiting, 'xianjie_handoff_oldest_pending_seconds', { receiver: 'enforcement' })).toBeGreaterThan(0);
    } finally {
      police.deliverer.peers.enforcement = inbox;
    }
    const delivered = await until(() => scrape(urls.police!), (text) => sample(text, 'xianjie_handoff_delivery_lag_seconds_count', { receiver: 'enforcement' }) > sample(before, 'xianjie_handoff_delivery_lag_seconds_count', { receiver: 'enforcement' }), 'the delivery');
    expect(sample(delivered, 'xianjie_handoff_backlog', { receiver: 'enforcement' })).toBe(0);
    // Sent at the mutation, delivered after a retry one second later: the lag counts from the commit.
    const lag = sample(delivered, 'xianjie_handoff_delivery_lag_seconds_sum', { receiver: 'enforcement' }) - sample(before, 'xianjie_handoff_delivery_lag_seconds_sum', { receiver: 'enforcement' });
    expect(lag).toBeGreaterThanOrEqual(0.9);
    expect(sample(delivered, 'xianjie_handoff_delivery_lag_seconds_bucket', { receiver: 'enforcement', le: '0.5' }) - sample(before, 'xianjie_handoff_delivery_lag_seconds_bucket', { receiver: 'enforcement', le: '0.5' })).toBe(0);
  });
});

describe('a metrics endpoint with a token', () => {
  it('answers a scrape only with the bearer token', async () => {
    const metrics = new ServiceMetrics('test');
    const served = await serveMetrics(metrics, { port: 0, token: 'scrape-secret' });
    try {
      expect((await fetch(served.url)).status).toBe(401);
      expect((await fetch(served.url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      const ok = await fetch(served.url, { headers: { authorization: 'Bearer scrape-secret' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('xianjie_graphql_requests_total');
    } finally {
      await served.stop();
    }
  });
});
