import { DEV_AUDIENCE, DEV_ISSUER, startGateway } from '@xianjie/gateway';
import { composeSupergraph } from '@xianjie/schema';
import { generateSigningKeys } from '@xianjie/subgraph-kit';
import { post, startStack, type Stack } from './harness';
import { captureLogs } from './log-capture';

// Issue 9, item 5. Was a gap: a subgraph call that failed (down, timed out, refused) became
// SUBGRAPH_UNAVAILABLE / SUBGRAPH_ERROR for the client, and the gateway's log said nothing,
// so the operator could not tell why. Now it logs the reason under the request's id, and
// nothing of the request or response text (which may carry a person's data).
describe('the gateway, when a subgraph call fails', () => {
  const NAME = '欧阳锋';
  const QUERY = 'query ByNumber($n: String) { policeCase(caseNumber: $n) { caseNumber } }';
  const logs = captureLogs('info');
  let stack: Stack;
  let from = 0;
  beforeAll(async () => {
    stack = await startStack('pglite');
  });
  afterAll(() => stack?.stop());
  beforeEach(() => {
    from = logs.lines.length;
  });
  const failures = () => logs.parsed(from).filter((line) => line.service === 'gateway' && line.subgraph);
  const logged = () => logs.lines.slice(from).join('\n');

  it('logs the HTTP status and error code a subgraph refused a call with', async () => {
    // A gateway whose assertion key the subgraphs do not know: each call is refused (401).
    const gateway = await startGateway({
      supergraphSdl: composeSupergraph(),
      subgraphUrls: Object.fromEntries(Object.entries(stack.subgraphs).map(([n, s]) => [n, s.url])),
      assertionKey: (await generateSigningKeys()).privateKey,
      userTokens: { key: stack.issuerKeys.publicKey, issuer: DEV_ISSUER, audience: DEV_AUDIENCE },
    });
    try {
      const res = await post(gateway.url, { query: QUERY, variables: { n: NAME } }, { authorization: `Bearer ${await stack.token('police')}` });
      expect(res.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_ERROR');
      expect(failures()).toEqual([
        expect.objectContaining({ level: 'warn', requestId: res.requestId, subgraph: 'police', status: 401, reason: 'HTTP 401 (UNAUTHENTICATED)', msg: 'the police subgraph call failed: HTTP 401 (UNAUTHENTICATED)' }),
      ]);
      expect(logged()).not.toContain(NAME);
    } finally {
      await gateway.stop();
    }
  });

  // Last: it takes the police subgraph down.
  it('logs the network error when a subgraph does not answer', async () => {
    const police = stack.subgraphs.police!;
    await new Promise<void>((resolve) => {
      police.server.close(() => resolve());
      police.server.closeAllConnections();
    });
    const res = await stack.query(QUERY, { n: NAME }, await stack.token('police'));
    expect(res.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(failures()).toEqual([
      expect.objectContaining({
        level: 'warn',
        requestId: res.requestId,
        subgraph: 'police',
        errno: 'ECONNREFUSED',
        reason: `connect ECONNREFUSED 127.0.0.1:${police.port}`,
        msg: `the police subgraph call failed: connect ECONNREFUSED 127.0.0.1:${police.port}`,
      }),
    ]);
    expect(logged()).not.toContain(NAME);
  });
});

// Issue 10, noticed in the soak: the gateway kept idle connections to a subgraph for as
// long as the subgraph did (65 s), so a call could be written to a connection the subgraph
// was closing at that moment and fail with ECONNRESET. It now closes them first.
describe('the gateway\u2019s connections to a subgraph', () => {
  it('are closed by the gateway when idle, before the subgraph\u2019s keep-alive ends', async () => {
    const { createServer } = await import('node:http');
    const { createHttpFetcher, SUBGRAPH_IDLE_MS } = await import('@xianjie/gateway');
    expect(SUBGRAPH_IDLE_MS).toBeLessThan(65_000);
    const closed: number[] = [];
    const server = createServer((_req, res) => res.end('{"data":{}}'));
    server.keepAliveTimeout = 65_000; // as the subgraphs' (serveApollo)
    server.on('connection', (socket) => socket.on('close', () => closed.push(Date.now())));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const fetcher = createHttpFetcher(5_000, 4, 300);
    try {
      const url = `http://127.0.0.1:${port}/graphql`;
      let opened = 0;
      server.on('connection', () => (opened += 1));
      for (let call = 0; call < 6; call++) expect(await (await fetcher(url, { method: 'POST', body: '{}' })).json()).toEqual({ data: {} });
      const answered = Date.now();
      // Reused while busy within the idle time: six calls one after the other open at most
      // two connections (undici may open a second while the first is being released).
      expect(opened).toBeGreaterThanOrEqual(1);
      expect(opened).toBeLessThanOrEqual(2);
      expect(closed).toHaveLength(0);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // Then closed by the gateway once idle for its 300 ms, long before the server's 65 s.
      expect(closed).toHaveLength(opened);
      for (const at of closed) expect(at - answered).toBeGreaterThanOrEqual(250);
    } finally {
      fetcher.close();
      server.close();
    }
  });
});
