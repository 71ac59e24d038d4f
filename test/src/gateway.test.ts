import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwksConfig, operationMemo, startGateway, type RunningGateway } from '@xianjie/gateway';
import { composeSupergraph } from '@xianjie/schema';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { CHAIN, op } from './operations';
import { post, startStack, type Stack } from './harness';
import { buildConsole } from './web/browser';

describe('the gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('pglite');
  });
  afterAll(() => stack?.stop());

  it('reports its health and its subgraphs', async () => {
    const res = await fetch(new URL('/health', stack.gateway.url));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      gateway: 'ok',
      subgraphs: { enforcement: 'ok', police: 'ok', procuratorate: 'ok', court: 'ok' },
      // The worker that answered (node:cluster); 0 in one process, as here.
      worker: 0,
    });
  });

  // Issue 10: the federation Operation of a document is built once, not for every execution.
  it('answers a document asked again from the Operation it built, with each request\'s own variables', async () => {
    expect(operationMemo.installed).toBe(true);
    const procurator = await stack.token('procurator');
    const query = `query Stages($id: ID!, $withTrial: Boolean!) {
      caseChain(id: $id) { id ...Head trial @include(if: $withTrial) { caseNumber } }
    }
    fragment Head on CaseChain { administrativeCase { caseNumber } }`;
    const before = operationMemo.hits;
    const ask = async (id: string, withTrial: boolean) => (await stack.query(query, { id, withTrial }, procurator)).data.caseChain;
    const judged = await ask(CHAIN.judged, true);
    expect(judged.trial.caseNumber).toMatch(/刑初/);
    expect(await ask(CHAIN.judged, false)).toEqual({ id: CHAIN.judged, administrativeCase: judged.administrativeCase });
    const other = await ask(CHAIN.penaltyOnly, true);
    expect(other).toEqual({ id: CHAIN.penaltyOnly, administrativeCase: { caseNumber: expect.any(String) }, trial: null });
    expect(other.administrativeCase.caseNumber).not.toBe(judged.administrativeCase.caseNumber);
    expect(operationMemo.hits - before).toBeGreaterThanOrEqual(2);
  });

  it('shows no query sandbox outside development', async () => {
    const res = await fetch(stack.gateway.url, { headers: { accept: 'text/html' } });
    expect(await res.text()).not.toMatch(/<html/i);
  });

  it('serves the offline GraphQL IDE in development, from local files only', async () => {
    const webDir = buildConsole();
    const dev = await startGateway({
      webDir,
      supergraphSdl: composeSupergraph(),
      subgraphUrls: Object.fromEntries(Object.entries(stack.subgraphs).map(([n, s]) => [n, s.url])),
      assertionKey: stack.gatewayKeys.privateKey,
      userTokens: { key: stack.issuerKeys.publicKey, issuer: 'xianjie-dev-issuer', audience: 'xianjie' },
      development: true,
    });
    try {
      const res = await fetch(dev.url, { headers: { accept: 'text/html' } });
      const page = await res.text();
      expect(page).toMatch(/<title>衔接 GraphQL 调试台/);
      // Its script and styles come from the gateway itself (Apollo's landing page loaded them from a CDN).
      expect(page.match(/(?:src|href)="[^"]*"/g)).toEqual(['href="data:,"', 'href="/ide.css"', 'src="/ide.js"']);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect((await fetch(new URL('/ide.js', dev.url))).status).toBe(200);
    } finally {
      await dev.stop();
      rmSync(webDir, { recursive: true, force: true });
    }
  });

  describe('in production, with users\' keys from a JWKS', () => {
    let jwks: Server;
    let gateway: RunningGateway;
    let sign: (claims: Record<string, unknown>) => Promise<string>;
    beforeAll(async () => {
      const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
      const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
      jwks = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
      await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
      gateway = await startGateway({
        supergraphSdl: composeSupergraph(),
        subgraphUrls: Object.fromEntries(Object.entries(stack.subgraphs).map(([n, s]) => [n, s.url])),
        assertionKey: stack.gatewayKeys.privateKey,
        userTokens: jwksConfig(url, 'https://sso.xianning.example', 'xianjie-production'),
        development: false,
      });
      sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('u-1')
        .setIssuer('https://sso.xianning.example').setAudience('xianjie-production').setIssuedAt().setExpirationTime('5m').sign(privateKey);
    });
    afterAll(async () => {
      await gateway?.stop();
      jwks?.close();
    });

    it('accepts a token the identity provider signed', async () => {
      const token = await sign({ roles: ['procurator'], inst: 'procuratorate', org: 'PP-421200' });
      const res = await post(gateway.url, { query: op.CaseChain, variables: { id: CHAIN.judged } }, { authorization: `Bearer ${token}` });
      expect(res.errors).toBeUndefined();
      expect(res.data.caseChain.trial.judgment.verdict).toBe('GUILTY');
    });

    it('refuses a development token', async () => {
      const res = await post(gateway.url, { query: op.CaseChain, variables: { id: CHAIN.judged } }, { authorization: `Bearer ${await stack.token('procurator')}` });
      expect(res.status).toBe(401);
    });
  });

  it('gives up a subgraph that accepts the request and never answers', async () => {
    const hanging = createServer(() => undefined); // reads the request, never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const gateway = await startGateway({
      supergraphSdl: composeSupergraph(),
      subgraphUrls: {
        ...Object.fromEntries(Object.entries(stack.subgraphs).map(([n, s]) => [n, s.url])),
        court: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/graphql`,
      },
      assertionKey: stack.gatewayKeys.privateKey,
      userTokens: { key: stack.issuerKeys.publicKey, issuer: 'xianjie-dev-issuer', audience: 'xianjie' },
      subgraphTimeoutMs: 500,
    });
    try {
      const started = Date.now();
      const res = await post(gateway.url, { query: op.CaseChain, variables: { id: CHAIN.judged } }, { authorization: `Bearer ${await stack.token('procurator', 'PP-421200')}` });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(res.data.caseChain.trial).toBeNull();
      expect(res.data.caseChain.prosecution.decision).toBe('INDICTED');
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['SUBGRAPH_UNAVAILABLE']);
    } finally {
      await gateway.stop();
      hanging.closeAllConnections();
      hanging.close();
    }
  });

  // Last in this file: it takes the police subgraph down.
  it('serves the other stages when a subgraph is down, naming it and nothing of the network', async () => {
    const procurator = await stack.token('procurator', 'PP-421200');
    const police = stack.subgraphs.police!;
    await new Promise<void>((resolve) => {
      police.server.close(() => resolve());
      police.server.closeAllConnections();
    });
    const res = await stack.query(op.CaseChain, { id: CHAIN.judged }, procurator);
    expect(res.status).toBe(200);
    expect(res.data.caseChain.policeCase).toBeNull();
    expect(res.data.caseChain.administrativeCase.caseNumber).toBeTruthy();
    expect(res.data.caseChain.trial.judgment.verdict).toBe('GUILTY');
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: 'The police subgraph did not answer; its part of the response is missing',
        extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'police' }),
      }),
    ]);
    expect(JSON.stringify(res.errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
    const health = await fetch(new URL('/health', stack.gateway.url));
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'unavailable', subgraphs: { police: 'unavailable', court: 'ok' } });
  });
});
