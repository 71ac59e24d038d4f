import { randomBytes } from 'node:crypto';
import { DEV_AUDIENCE, DEV_ISSUER, issueDevToken, startGateway, type RunningGateway } from '@xianjie/gateway';
import { composeSupergraph } from '@xianjie/schema';
import { generateSigningKeys } from '@xianjie/subgraph-kit';
import pg from 'pg';
import { post, TEST_DATABASE_URL } from './harness';
import { eventually, expectAlive, freePorts, runTs, type TestProcess } from './hardening-faults-processes';

const POLICE_QUERY = '{ policeCase(id: "PC-0000005") { caseNumber investigationNotes } }';

// Issue 9, item 3. Was a hole: PostgreSQL terminating a connection the pool had handed out
// (pg_terminate_backend, a server restart, a failover) emitted 'error' on a pg client with
// no listener, and the subgraph process exited (57P01). The subgraph runs as its own
// process here, as under `npm start`, so a crash is observable.
(TEST_DATABASE_URL ? describe : describe.skip)('a subgraph over PostgreSQL whose connections the server drops', () => {
  const dbName = `xianjie_test_faults_police_${randomBytes(4).toString('hex')}`;
  let admin: pg.Client;
  let police: TestProcess;
  let health: string;
  let gateway: RunningGateway;
  let token: string;
  const terminate = async () =>
    (await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName])).rowCount ?? 0;
  const ask = () => post(gateway.url, { query: POLICE_QUERY }, { authorization: `Bearer ${token}` });
  const healthStatus = async () => (await fetch(health, { signal: AbortSignal.timeout(5000) })).status;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    const url = new URL(TEST_DATABASE_URL!);
    url.pathname = `/${dbName}`;
    const gatewayKeys = await generateSigningKeys();
    const issuerKeys = await generateSigningKeys();
    const [port] = await freePorts(1);
    police = runTs('subgraphs/police/src/main.ts', {
      XIANJIE_POLICE_DATABASE_URL: url.toString(),
      XIANJIE_POLICE_PORT: String(port),
      XIANJIE_GATEWAY_PUBLIC_KEY: gatewayKeys.publicPem,
      XIANJIE_DEMO_CASES: '20',
    });
    const [, serving] = await police.waitFor(/serving (http:\/\/\S+)\/graphql/, 120_000);
    health = `${serving}/health`;
    gateway = await startGateway({
      supergraphSdl: composeSupergraph(),
      subgraphUrls: { police: `${serving}/graphql` },
      assertionKey: gatewayKeys.privateKey,
      userTokens: { key: issuerKeys.publicKey, issuer: DEV_ISSUER, audience: DEV_AUDIENCE },
      development: false,
    });
    token = await issueDevToken({ subject: 'test-police', role: 'police' }, issuerKeys.privateKey);
  });
  afterAll(async () => {
    await gateway?.stop();
    await police?.stop();
    await admin?.query(`alter database ${dbName} allow_connections true`).catch(() => undefined);
    await admin?.query(`drop database if exists ${dbName} with (force)`);
    await admin?.end();
  });

  it('loses at most the requests in flight when its connections are terminated under load, and serves on without a restart', async () => {
    expect((await ask()).data.policeCase.caseNumber).toBeTruthy();
    const workers = 8;
    const outcomes = { ok: 0, failed: 0 };
    const failures = new Set<string>();
    let running = true;
    const load = Array.from({ length: workers }, async () => {
      while (running) {
        const res = await ask().catch(() => undefined);
        if (res?.status === 200 && !res.errors && res.data?.policeCase?.caseNumber) outcomes.ok += 1;
        else {
          outcomes.failed += 1;
          failures.add(JSON.stringify(res?.errors?.map((e) => [e.extensions?.code, e.message])));
        }
      }
    });
    const terminations = 4;
    let terminated = 0;
    for (let i = 0; i < terminations; i++) {
      await new Promise((r) => setTimeout(r, 400));
      terminated += await terminate();
    }
    await new Promise((r) => setTimeout(r, 400));
    running = false;
    await Promise.all(load);
    expect(terminated).toBeGreaterThan(0);
    // Still the same process: it was never down.
    expectAlive(police);
    // Each termination cost at most the requests in flight at that moment.
    expect(outcomes.failed).toBeLessThanOrEqual(workers * terminations);
    expect(outcomes.ok).toBeGreaterThan(outcomes.failed);
    // And said why: its stage was unavailable, as when the subgraph is down.
    for (const failure of failures) expect(failure).toMatch(/^\[\["SUBGRAPH_UNAVAILABLE","The police subgraph (cannot reach its database|is unavailable \(HTTP 503\)); its part of the response is missing"\]\]$/);
    // And everything after is served.
    const after = await Promise.all(Array.from({ length: workers }, ask));
    expect(after.map((r) => r.errors ?? r.data.policeCase.caseNumber)).toEqual(Array(workers).fill(expect.stringMatching(/.+/)));
    expect(await healthStatus()).toBe(200);
  });

  it('answers 503 on /health while it cannot reach its database, and serves again by itself when it can', async () => {
    await admin.query(`alter database ${dbName} allow_connections false`);
    await terminate();
    await eventually('/health 503', async () => (await healthStatus()) === 503);
    // A request meanwhile loses the police stage, and says why.
    const refused = await ask();
    expect(refused.data).toEqual({ policeCase: null });
    expect(refused.errors).toEqual([
      expect.objectContaining({
        message: 'The police subgraph cannot reach its database; its part of the response is missing',
        extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'police' }),
      }),
    ]);
    expectAlive(police);

    await admin.query(`alter database ${dbName} allow_connections true`);
    await eventually('/health 200', async () => (await healthStatus()) === 200);
    const res = await ask();
    expect(res.errors).toBeUndefined();
    expect(res.data.policeCase.caseNumber).toBeTruthy();
    expectAlive(police);
  });
});
