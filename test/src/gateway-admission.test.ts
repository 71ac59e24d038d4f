import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEV_AUDIENCE, DEV_ISSUER, startGateway, type RunningGateway } from '@xianjie/gateway';
import { composeSupergraph } from '@xianjie/schema';
import { post, startStack, type Stack } from './harness';
import { eventually } from './hardening-faults-processes';
import { captureLogs } from './log-capture';
import { CHAIN, op } from './operations';

/**
 * The police subgraph behind a gate: calls reach it only once the test opens the gate, so
 * a request through the gateway can be held under way for as long as the test needs.
 */
async function gatedProxy(target: string): Promise<{ url: string; held: () => number; open(): void; close(): Promise<void> }> {
  let opened!: () => void;
  const gate = new Promise<void>((resolve) => (opened = resolve));
  let held = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    held++;
    await gate;
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k))) as Record<string, string>;
    const answer = await fetch(target, { method: 'POST', headers, body: Buffer.concat(chunks) });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    held: () => held,
    open: opened,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

const metricValues = async (gateway: RunningGateway, name: string) => (await gateway.metrics.registry.getSingleMetric(name)!.get()).values;

// The gateway works on a bounded number of requests at once, first come first served, and
// refuses as busy what it cannot take (README, Operations: Scaling out).
describe('the gateway, when more requests come than it works on at once', () => {
  const logs = captureLogs('info');
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('pglite');
  });
  afterAll(() => stack?.stop());

  /** A gateway working on one request at once, one more waiting up to `maxWaitMs`; a first chain under way, held at the police. */
  async function oneHeld(maxWaitMs: number) {
    const police = await gatedProxy(stack.subgraphs.police!.url);
    const gateway = await startGateway({
      supergraphSdl: composeSupergraph(),
      subgraphUrls: { ...Object.fromEntries(Object.entries(stack.subgraphs).map(([n, s]) => [n, s.url])), police: police.url },
      assertionKey: stack.gatewayKeys.privateKey,
      userTokens: { key: stack.issuerKeys.publicKey, issuer: DEV_ISSUER, audience: DEV_AUDIENCE },
      admission: { maxInFlight: 1, maxQueued: 1, maxWaitMs },
    });
    const auth = { authorization: `Bearer ${await stack.token('procurator')}` };
    const ask = (id: string) => post(gateway.url, { query: op.CaseChain, variables: { id } }, auth);
    const first = ask(CHAIN.judged);
    for (let i = 0; i < 200 && police.held() === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(police.held()).toBe(1);
    return { police, gateway, auth, ask, first };
  }

  it('lets a request wait its turn, refuses one when the queue is full and one that waited too long, and goes on when the first is done', async () => {
    const { police, gateway, auth, ask, first } = await oneHeld(1_000);
    try {
      // The second waits its turn; a third finds the queue full and is refused at once.
      const second = ask(CHAIN.filed);
      await new Promise((r) => setTimeout(r, 50));
      const third = await ask(CHAIN.filed);
      expect(third.status).toBe(503);
      expect(third.errors).toEqual([{ message: 'The server is busy: 1 requests are already waiting; try again shortly', extensions: { code: 'SERVER_BUSY' } }]);
      expect(third.data).toBeUndefined();
      // The second waited its second and is refused too, without reaching any subgraph.
      const waited = await second;
      expect(waited.status).toBe(503);
      expect(waited.errors?.[0]?.message).toBe('The server is busy: the request waited 1000 ms for its turn; try again shortly');
      expect(police.held()).toBe(1);
      // A refusal says when to try again (this one waited its second too: the queue was empty).
      const refused = await fetch(gateway.url, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ query: op.CaseChain, variables: { id: CHAIN.filed } }) });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(await metricValues(gateway, 'xianjie_graphql_requests_in_progress')).toEqual(
        expect.arrayContaining([expect.objectContaining({ labels: { state: 'working' }, value: 1 }), expect.objectContaining({ labels: { state: 'waiting' }, value: 0 })]),
      );
      // The first is answered whole once the police answer; the place is free again.
      police.open();
      const answered = await first;
      expect(answered.errors).toBeUndefined();
      expect((answered.data as { caseChain: { trial: unknown } }).caseChain.trial).not.toBeNull();
      const next = await ask(CHAIN.filed);
      expect(next.status).toBe(200);
      expect(next.errors).toBeUndefined();
      const refusals = await metricValues(gateway, 'xianjie_graphql_refused_total');
      expect(refusals).toEqual(
        expect.arrayContaining([expect.objectContaining({ labels: { reason: 'QUEUE_FULL' }, value: 1 }), expect.objectContaining({ labels: { reason: 'QUEUE_TIMEOUT' }, value: 2 })]),
      );
      // The operator reads why, under each refused request's id.
      expect(logs.parsed().filter((l) => l.service === 'gateway' && l.msg === 'request refused: busy').map((l) => [l.level, l.reason, l.requestId])).toEqual([
        ['warn', 'QUEUE_FULL', third.requestId],
        ['warn', 'QUEUE_TIMEOUT', waited.requestId],
        ['warn', 'QUEUE_TIMEOUT', refused.headers.get('x-request-id')],
      ]);
      const waits = await metricValues(gateway, 'xianjie_graphql_queue_wait_seconds');
      expect((waits as { metricName?: string; value: number }[]).find((v) => v.metricName === 'xianjie_graphql_queue_wait_seconds_count')?.value).toBe(5);
    } finally {
      police.open();
      await gateway.stop();
      await police.close();
    }
  });

  it('lets a request whose client goes while it waits give up its place at once', async () => {
    const { police, gateway, auth, ask, first } = await oneHeld(60_000);
    try {
      // The second waits its turn, and its client gives up.
      const giveUp = new AbortController();
      const gone = fetch(gateway.url, { method: 'POST', signal: giveUp.signal, headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ query: op.CaseChain, variables: { id: CHAIN.filed } }) });
      const waiting = async () => (await metricValues(gateway, 'xianjie_graphql_requests_in_progress')).find((v) => v.labels.state === 'waiting')?.value;
      await eventually('the second request waiting', async () => (await waiting()) === 1, 10_000);
      giveUp.abort();
      await expect(gone).rejects.toThrow();
      // Its place is free at once, not when its turn would have come: the next one waits there instead of being refused.
      await eventually('the queue empty again', async () => (await waiting()) === 0, 10_000);
      const next = ask(CHAIN.filed);
      await eventually('the next request waiting', async () => (await waiting()) === 1, 10_000);
      police.open();
      expect((await first).errors).toBeUndefined();
      const answered = await next;
      expect(answered.status).toBe(200);
      expect(answered.errors).toBeUndefined();
      expect(police.held()).toBe(2); // the first and the next; the one that left, never
      expect((await metricValues(gateway, 'xianjie_graphql_refused_total')).filter((v) => v.value > 0)).toEqual([]);
      expect(logs.parsed().filter((l) => l.service === 'gateway' && l.msg === 'the client closed the connection before the answer').map((l) => l.reason)).toEqual([
        'aborted: the client closed the connection while its request waited its turn',
      ]);
    } finally {
      police.open();
      await gateway.stop();
      await police.close();
    }
  });

  it('refuses, at start-up, a limit that is not a positive whole number', async () => {
    const { gatewayOptionsFromEnv } = await import('@xianjie/gateway');
    await expect(gatewayOptionsFromEnv([], { XIANJIE_MAX_IN_FLIGHT: '0' })).rejects.toThrow('XIANJIE_MAX_IN_FLIGHT must be a positive whole number, got "0"');
    await expect(gatewayOptionsFromEnv([], { XIANJIE_QUEUE_TIMEOUT_MS: 'soon' })).rejects.toThrow('XIANJIE_QUEUE_TIMEOUT_MS must be a positive whole number, got "soon"');
    expect((await gatewayOptionsFromEnv([], {})).admission).toEqual({ maxInFlight: 64, maxQueued: 1000, maxWaitMs: 10_000 });
    expect((await gatewayOptionsFromEnv([], { XIANJIE_MAX_IN_FLIGHT: '16' })).admission).toEqual({ maxInFlight: 16, maxQueued: 1000, maxWaitMs: 10_000 });
  });
});
