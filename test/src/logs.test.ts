import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEV_AUDIENCE, DEV_ISSUER, startGateway, type RunningGateway } from '@xianjie/gateway';
import { composeSupergraph } from '@xianjie/schema';
import { configureLogging, redactText, serviceLogger } from '@xianjie/subgraph-kit';
import { captureLogs, type LogLine } from './log-capture';
import { post, startStack, type Stack } from './harness';
import { freePorts, runTs, type TestProcess } from './hardening-faults-processes';
import { CHAIN, op } from './operations';

const NOTE_NAME = '欧阳锋';

// Issue 10, item 3: JSON lines, each about a request with its request id and trace id;
// every failed subgraph call says why; no ID number or name in any line.
describe('logs', () => {
  const logs = captureLogs('debug');
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('pglite');
  });
  afterAll(() => stack?.stop());

  it('are JSON lines with level, time and service; a request\'s lines in every service carry its request id and trace id', async () => {
    const from = logs.lines.length;
    const res = await stack.query(op.CaseChain, { id: CHAIN.judged }, await stack.token('procurator'));
    expect(res.errors).toBeUndefined();
    const lines = logs.parsed(from);
    for (const line of lines) expect(line).toMatchObject({ level: expect.any(String), time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), service: expect.any(String), msg: expect.any(String) });
    const ofRequest = lines.filter((l) => l.requestId === res.requestId);
    // One request line per service (at debug), all with the gateway's trace id.
    expect(ofRequest.filter((l) => l.msg === 'request').map((l) => l.service).sort()).toEqual(['court', 'enforcement', 'gateway', 'police', 'procuratorate']);
    const traceIds = new Set(ofRequest.map((l) => l.traceId));
    expect(traceIds.size).toBe(1);
    expect([...traceIds][0]).toMatch(/^[\da-f]{32}$/);
    expect(ofRequest.find((l) => l.service === 'gateway')).toMatchObject({ operation: 'CaseChain', result: 'ok', status: 200, ms: expect.any(Number) });
  });

  it('hold no ID number and no name: person searches, a mutation with a name, refusals', async () => {
    const from = logs.lines.length;
    const police = await stack.token('police');
    const chain = (await stack.query(op.CaseChain, { id: CHAIN.judged }, await stack.token('procurator'))).data.caseChain;
    const persons = [chain.administrativeCase.party, ...chain.policeCase.suspects] as { name: string; idNumber: string }[];
    const search = `query Search($text: String!) { caseSearch(text: $text) { kind policeHits { field matched } enforcementHits { field matched } } }`;
    for (const person of persons) {
      for (const text of [person.idNumber, person.name]) {
        const found = await stack.query(search, { text }, police);
        expect(found.errors).toBeUndefined();
      }
    }
    // The public may not search persons: refused, with the name in the variables.
    expect((await stack.query(search, { text: persons[0]!.name })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A mutation with a name in it, on a filed case (刑事立案后的侦查情况).
    const { id, bureauCode } = (await stack.query(`{ policeCase(id: "PC-0000002") { id bureauCode } }`, {}, police)).data.policeCase;
    const bureau = await stack.token('police', bureauCode);
    const filed = await stack.query(
      `mutation File($id: ID!, $reason: String!) { decideFiling(policeCaseId: $id, file: true, reason: $reason) { id } }`,
      { id, reason: `犯罪嫌疑人${NOTE_NAME}涉嫌销售伪劣产品罪` },
      bureau,
    );
    expect(filed.errors).toBeUndefined();
    const note = `已对犯罪嫌疑人${NOTE_NAME}（身份证号 ${persons[0]!.idNumber}）依法取保候审`;
    const noted = await stack.query(`mutation Note($id: ID!, $note: String!) { addInvestigationNote(policeCaseId: $id, note: $note) { id investigationNotes } }`, { id, note }, bureau);
    expect(noted.errors).toBeUndefined();
    expect(noted.data.addInvestigationNote.investigationNotes).toContain(note);
    // A variable that does not parse, and a document that does not: refused with the values in them.
    await stack.query(`query Bad($id: ID!) { caseChain(id: $id) { id } }`, { id: { name: NOTE_NAME } }, police);
    await post(stack.gateway.url, { query: `{ caseSearch(text: "${NOTE_NAME}") { kind` });

    const text = logs.lines.slice(from).join('\n');
    expect(logs.lines.length - from).toBeGreaterThan(10);
    const secrets = [NOTE_NAME, ...persons.flatMap((p) => [p.name, p.idNumber])];
    for (const secret of secrets) expect([secret, text.includes(secret)]).toEqual([secret, false]);
  });

  it('redact an ID number or credit code that reaches a line anyway', () => {
    const from = logs.lines.length;
    serviceLogger('police').warn({ detail: '421202198005060031', list: ['91421202MA4K7P2Q0X'] }, 'a message with 42120219800506003X in it');
    const [line] = logs.parsed(from);
    expect(line).toMatchObject({ detail: '[redacted]', list: ['[redacted]'], msg: 'a message with [redacted] in it' });
    expect(redactText('XJ-0000005 and (2026)鄂1202刑初5号 and request 52359791-b100-435e-9af9-3714aec5fbd8')).toBe('XJ-0000005 and (2026)鄂1202刑初5号 and request 52359791-b100-435e-9af9-3714aec5fbd8');
  });

  it('take their level from XIANJIE_LOG_LEVEL and refuse an unknown one', () => {
    const lines: string[] = [];
    const warnOnly = configureLogging({ destination: { write: (l: string) => void lines.push(l) } }, { XIANJIE_LOG_LEVEL: 'warn' });
    warnOnly.info('not written');
    warnOnly.warn('written');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['written']);
    expect(() => configureLogging({}, { XIANJIE_LOG_LEVEL: 'verbose' })).toThrow('XIANJIE_LOG_LEVEL is "verbose": one of fatal, error, warn, info, debug, trace, silent');
    captureLogs('debug'); // back to this suite's capture for what follows
  });

  it('stop a service whose XIANJIE_LOG_LEVEL is unknown with one line that says so, no stack trace', async () => {
    const [port] = await freePorts(1);
    const proc = runTs('subgraphs/police/src/main.ts', { XIANJIE_LOG_LEVEL: 'verbose', XIANJIE_POLICE_PORT: String(port), XIANJIE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'xj-level-')) });
    const { code } = await proc.exited;
    expect(code).toBe(1);
    const lines = proc.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'fatal', msg: expect.stringContaining('日志级别配置无效') });
    expect(lines[0]).toContain('XIANJIE_LOG_LEVEL is \\"verbose\\"');
    expect(proc.output()).not.toMatch(/\n\s+at /);
  });
});

// A subgraph process killed while it holds a request: the gateway's line names the subgraph and why.
describe('a subgraph killed mid-request', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xianjie-logs-'));
  let logs: ReturnType<typeof captureLogs>;
  let stack: Stack;
  let police: TestProcess;
  let gateway: RunningGateway;
  beforeAll(async () => {
    stack = await startStack('pglite');
    logs = captureLogs('info');
    const [port] = await freePorts(1);
    police = runTs('subgraphs/police/src/main.ts', {
      XIANJIE_DATA_DIR: path.join(dir, 'data'),
      XIANJIE_KEY_DIR: path.join(dir, 'keys'),
      XIANJIE_GATEWAY_PUBLIC_KEY: stack.gatewayKeys.publicPem,
      XIANJIE_POLICE_PORT: String(port),
      XIANJIE_POLICE_DATABASE_URL: undefined,
      XIANJIE_DEMO_CASES: '20',
      XIANJIE_LOG_LEVEL: 'info',
    });
    const [, url] = await police.waitFor(/"msg":"serving (http:\/\/\S+?\/graphql)/, 240_000);
    gateway = await startGateway({
      supergraphSdl: composeSupergraph(),
      subgraphUrls: { ...Object.fromEntries(Object.entries(stack.subgraphs).map(([n, s]) => [n, s.url])), police: url! },
      assertionKey: stack.gatewayKeys.privateKey,
      userTokens: { key: stack.issuerKeys.publicKey, issuer: DEV_ISSUER, audience: DEV_AUDIENCE },
    });
  }, 300_000);
  afterAll(async () => {
    await gateway?.stop();
    await police?.stop();
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs which subgraph failed and why (the connection reset), under the request\'s id', async () => {
    const procurator = await stack.token('procurator');
    const query = () => post(gateway.url, { query: op.CaseChain, variables: { id: CHAIN.judged } }, { authorization: `Bearer ${procurator}` });
    expect((await query()).errors).toBeUndefined();
    // Its own lines are JSON too.
    const own = police.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
    expect(own.find((l) => l.msg.startsWith('serving '))).toMatchObject({ level: 'info', service: 'police' });

    // Frozen, the police process accepts the call but never answers; killed, its connection is reset.
    const from = logs.lines.length;
    process.kill(police.child.pid!, 'SIGSTOP');
    const pending = query();
    await new Promise((r) => setTimeout(r, 1000));
    process.kill(police.child.pid!, 'SIGKILL');
    const res = await pending;
    expect(res.data.caseChain.policeCase).toBeNull();
    expect(res.data.caseChain.trial).not.toBeNull();
    expect(res.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'police' }) })]);
    const failed = logs.parsed(from).filter((l) => l.subgraph === 'police');
    expect(failed).toEqual([
      expect.objectContaining({
        level: 'warn',
        service: 'gateway',
        requestId: res.requestId,
        traceId: expect.stringMatching(/^[\da-f]{32}$/),
        errno: 'ECONNRESET',
        reason: expect.stringMatching(/ECONNRESET/),
        msg: expect.stringMatching(/^the police subgraph call failed: .*ECONNRESET/),
      }),
    ]);
  });
});
