import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { repoRoot, signAssertion, type Viewer } from '@xianjie/subgraph-kit';
import { CHAIN } from './operations';
import { post, startStack, type Stack } from './harness';

/**
 * Found in a security review of issue 3's work: each test states the correct behaviour
 * and failed before its fix.
 */
const viewer = (roles: Viewer['roles'], org: string | null = null, institution: string | null = null): Viewer => ({
  subject: 'reviewer', institution, org, roles, region: '421200',
});
const PUBLIC = viewer(['public']);

/** Sends raw bytes to a server and returns what it answers (or TIMEOUT when it answers nothing). */
function rawRequest(url: string, request: string, timeoutMs = 2000): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let out = '';
    const socket = net.connect(Number(port), hostname, () => socket.write(request));
    socket.on('data', (d) => (out += d));
    socket.on('end', () => resolve(out));
    socket.on('error', () => resolve(`ERROR ${out}`));
    setTimeout(() => {
      socket.destroy();
      resolve(`TIMEOUT ${out}`);
    }, timeoutMs);
  });
}

describe('security', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('pglite');
  });
  afterAll(() => stack?.stop());

  const direct = async (subgraph: string, as: Viewer, query: string, variables?: Record<string, unknown>) => {
    const assertion = await signAssertion(as, subgraph, stack.gatewayKeys.privateKey);
    return post(stack.subgraphs[subgraph]!.url, { query, variables }, { authorization: `Bearer ${assertion}` });
  };

  // Type rules hold for entity lookups sent straight to a subgraph, for the
  // owning subgraph's types and for the stubs other subgraphs declare.
  it('refuses protected entities and their nested stages to the public and another agency via _entities', async () => {
    const other = viewer(['enforcement'], 'AG-421202-SCJG', 'enforcement'); // chain 5 belongs to AG-421224-LY
    const cases: [string, string, string, string, (string | number)[]][] = [
      ['enforcement', 'CaseTransfer', 'TR-0000005', 'id materials approvedBy', ['_entities', 0]],
      ['police', 'PoliceCase', 'PC-0000005', 'id filing { reason } suspects { name }', ['_entities', 0]],
      ['police', 'CaseTransfer', 'TR-0000005', 'policeCase { id filing { reason } }', ['_entities', 0, 'policeCase']],
      ['police', 'LinkedCaseChain', CHAIN.judged, 'policeCase { id filing { reason } }', ['_entities', 0, 'policeCase']],
      ['procuratorate', 'ProsecutionCase', 'PR-0000005', 'id charges', ['_entities', 0]],
      ['procuratorate', 'PoliceCase', 'PC-0000005', 'prosecution { id charges }', ['_entities', 0, 'prosecution']],
      ['procuratorate', 'LinkedCaseChain', CHAIN.judged, 'prosecution { id charges }', ['_entities', 0, 'prosecution']],
    ];
    for (const as of [PUBLIC, other]) {
      for (const [subgraph, typename, id, selection, path] of cases) {
        const res = await direct(subgraph, as, `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { ${selection} } } }`, {
          r: [{ __typename: typename, id }],
        });
        expect(res.status).toBe(200);
        if (as === PUBLIC) expect(res.errors?.find((e) => e.extensions?.code === 'FORBIDDEN')?.path).toEqual(path);
        else expect([res.errors, path.reduce((v: any, k) => v?.[k], res.data)]).toEqual([undefined, null]); // hidden: as if unknown (issue 9)
        expect(JSON.stringify(res.data)).not.toMatch(/reason|charges|materials|"name"/);
      }
    }
  });

  // Was a hole: type-level rules were enforced but not audited. A police case's filing and
  // reasons, a prosecution's decision and charges are protected (issue 3); reading them must
  // write an audit entry, as reading a field with its own @access rule does.
  it('audits reads of records protected by a type-level rule (police case filing, prosecution charges)', async () => {
    const token = await stack.token('oversight', 'LA-421200');
    const res = await post(
      stack.gateway.url,
      { query: '{ policeCase(id: "PC-0000005") { filing { decision reason } } prosecutionCase(id: "PR-0000005") { decision charges } }' },
      { authorization: `Bearer ${token}` },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.policeCase.filing.reason).toBeTruthy();
    const entries = async (subgraph: string) =>
      (await (stack.subgraphs[subgraph]!.database.db as any)
        .selectFrom('auditLog').selectAll().where('requestId', '=', res.requestId!).execute()) as { entity: string; recordId: string }[];
    expect((await entries('police')).map((e) => [e.entity, e.recordId])).toContainEqual(['PoliceCase', 'PC-0000005']);
    expect((await entries('procuratorate')).map((e) => [e.entity, e.recordId])).toContainEqual(['ProsecutionCase', 'PR-0000005']);
  });

  // Was a hole (low): an empty Authorization header is a malformed credential, not the public.
  it('answers 401, not public data, for an empty Authorization header', async () => {
    const res = await post(stack.gateway.url, { query: '{ agencies { id } }' }, { authorization: '' });
    expect(res.status).toBe(401);
    expect(res.data).toBeUndefined();
  });

  // Was a hole: no depth or cost limit. A 232-byte query without a token made the gateway and
  // the enforcement subgraph build ~6 MB in ~6 s; one more level ~44 MB in ~45 s. The cost
  // limit (kit/graphql/operation-limits.ts) refuses it before planning.
  it('refuses, before executing it, a small public query that fans out to ~100,000 objects', async () => {
    let selection = 'id name certificateNumber';
    for (let i = 0; i < 3; i++) selection = `id name certificateNumber agency { id name officers { ${selection} } }`;
    const query = `{ agencies { id officers { ${selection} } } }`;
    expect(query.length).toBeLessThan(300);
    const started = Date.now();
    const res = await post(stack.gateway.url, { query });
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  // Was a hole: serve-apollo.ts parsed req.url outside its try/catch, so a request line such
  // as `GET //[ HTTP/1.1` made the handler reject, and Node 20 exited the process — before
  // authentication, for the gateway and every subgraph. Run in a child process, as in
  // production, so a crash is observable.
  it('answers 400 to a request whose target is not a valid URL, and keeps serving', async () => {
    const code = `
      const { ApolloServer } = require('@apollo/server');
      const { serveApollo } = require(${JSON.stringify(path.join(repoRoot, 'subgraphs/kit/src/http/serve-apollo.ts'))});
      (async () => {
        const apollo = new ApolloServer({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } });
        await apollo.start();
        const running = await serveApollo({ apollo, context: async () => ({}), health: async () => ({}) });
        console.log('PORT ' + running.port);
      })();`;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const port = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = /PORT (\d+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', () => reject(new Error('server did not start')));
      });
      const url = `http://127.0.0.1:${port}/graphql`;
      const answer = await rawRequest(url, 'GET //[ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
      expect(answer).toMatch(/^HTTP\/1\.1 400/);
      await new Promise((r) => setTimeout(r, 300));
      expect(child.exitCode).toBeNull(); // still running
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
    } finally {
      child.kill();
    }
  });
});
