import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { installTracing, type Tracing } from '@xianjie/subgraph-kit';
import { DIALECTS, MODULES, startStack, type Stack } from './harness';
import { CHAIN, op } from './operations';

// Issue 10, item 1: one trace per request, from the gateway through each subgraph to each
// SQL statement, the W3C traceparent carried on every subgraph call; no personal data in
// any span. The stack runs in this process, so one in-memory exporter sees every service's spans.
// Once for the file: Apollo's gateway keeps the tracer of the first provider it sees.
const exporter = new InMemorySpanExporter();
let tracing: Tracing;
beforeAll(() => {
  tracing = installTracing('xianjie-test', [new SimpleSpanProcessor(exporter)]);
});
afterAll(() => tracing?.shutdown());

describe.each(DIALECTS)('traces of a CaseChain request (%s)', (dialect) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(dialect);
  });
  afterAll(() => stack?.stop());

  it('follows the request from the gateway to every subgraph and each SQL statement, with correct parents', async () => {
    exporter.reset();
    const res = await stack.query(op.CaseChain, { id: CHAIN.judged }, await stack.token('procurator'));
    expect(res.errors).toBeUndefined();
    await tracing.flush();
    const all = exporter.getFinishedSpans();
    const server = all.find((s) => s.name === 'POST /graphql' && s.attributes['xianjie.service'] === 'gateway' && s.attributes['xianjie.request_id'] === res.requestId);
    expect(server).toBeDefined();
    const traceId = server!.spanContext().traceId;
    const spans = all.filter((s) => s.spanContext().traceId === traceId);
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const parentOf = (s: ReadableSpan) => (s.parentSpanId ? byId.get(s.parentSpanId) : undefined);
    const children = (s: ReadableSpan) => spans.filter((c) => c.parentSpanId === s.spanContext().spanId);
    const ancestors = (s: ReadableSpan) => {
      const chain: ReadableSpan[] = [];
      for (let p = parentOf(s); p; p = parentOf(p)) chain.push(p);
      return chain;
    };

    if (process.env.XIANJIE_PRINT_TRACE) {
      const print = (s: ReadableSpan, depth: number): string[] => [`${'  '.repeat(depth)}${s.name} ${JSON.stringify(s.attributes).slice(0, 160)}`, ...children(s).flatMap((c) => print(c, depth + 1))];
      console.log(print(server!, 0).join('\n'));
    }
    // The gateway: its HTTP span starts the trace; Apollo's request span under it, planning and execution under that.
    expect(server!.parentSpanId).toBeUndefined();
    expect(server!.attributes['http.response.status_code']).toBe(200);
    expect(server!.attributes['graphql.operation.name']).toBe('CaseChain');
    const [request] = children(server!).filter((s) => s.name === 'gateway.request');
    expect(request).toBeDefined();
    expect(children(request!).map((s) => s.name)).toEqual(expect.arrayContaining(['gateway.plan', 'gateway.execute']));
    // Every span of the trace hangs from the gateway's HTTP span: one tree.
    for (const span of spans) if (span !== server) expect([span.name, ancestors(span).at(-1)?.name]).toEqual([span.name, 'POST /graphql']);

    // Each subgraph: the gateway's fetch → its call (CLIENT, traceparent) → the subgraph's HTTP span → its SQL statements.
    for (const { name } of MODULES) {
      const fetches = spans.filter((s) => s.name === 'gateway.fetch' && s.attributes.service === name);
      expect([name, fetches.length]).toEqual([name, expect.any(Number)]);
      expect(fetches.length).toBeGreaterThan(0);
      for (const fetch of fetches) {
        expect(ancestors(fetch)).toContain(request);
        const [call] = children(fetch).filter((s) => s.name === `POST ${name}`);
        expect(call).toBeDefined();
        const [handled] = children(call!);
        expect(handled).toMatchObject({ name: 'POST /graphql', attributes: expect.objectContaining({ 'xianjie.service': name, 'xianjie.request_id': res.requestId, 'http.response.status_code': 200 }) });
        const sql = spans.filter((s) => s.attributes['db.system'] === 'postgresql' && ancestors(s).includes(handled!));
        expect([name, sql.length > 0]).toEqual([name, true]);
        for (const statement of sql) {
          expect(statement.attributes['db.name']).toBe(name);
          expect(statement.attributes['xianjie.db.driver']).toBe(dialect);
          expect(String(statement.attributes['db.statement'])).toMatch(/^(select|insert|update|with|begin|commit)\b/i);
          // Inside its subgraph's span in time too.
          expect(statement.startTime[0] * 1e9 + statement.startTime[1]).toBeGreaterThanOrEqual(handled!.startTime[0] * 1e9 + handled!.startTime[1] - 1e6);
        }
      }
    }
    // The audit entries of the procurator's protected reads are one of the statements.
    expect(spans.some((s) => String(s.attributes['db.statement']).includes('audit_append'))).toBe(true);

    // No personal data in any attribute: the chain's persons' names and ID numbers, as the procurator saw them.
    const chain = res.data.caseChain;
    const persons = [chain.administrativeCase.party, ...chain.policeCase.suspects].flatMap((p: { name: string; idNumber: string }) => [p.name, p.idNumber]).filter(Boolean);
    expect(persons.length).toBeGreaterThanOrEqual(2);
    const attributes = all.flatMap((s) => Object.values(s.attributes).map(String));
    for (const value of persons) expect(attributes.filter((a) => a.includes(value))).toEqual([]);
    // Nor any value of the request: the chain id is a variable, never in an attribute.
    expect(attributes.filter((a) => a.includes(CHAIN.judged))).toEqual([]);
  });

  it('starts a new trace for every request, and records no SQL outside one', async () => {
    exporter.reset();
    const token = await stack.token('procurator');
    const [a, b] = await Promise.all([stack.query(op.CaseChain, { id: CHAIN.filed }, token), stack.query(op.CaseChain, { id: CHAIN.notFiled }, token)]);
    await tracing.flush();
    const spans = exporter.getFinishedSpans();
    const roots = spans.filter((s) => !s.parentSpanId);
    const traceOf = (requestId: string | null | undefined) => roots.find((s) => s.attributes['xianjie.request_id'] === requestId)!.spanContext().traceId;
    expect(traceOf(a.requestId)).not.toBe(traceOf(b.requestId));
    // Every root is a gateway request (the deliverers' polling and migrations start no trace).
    expect(roots.map((s) => s.attributes['xianjie.service'])).toEqual(['gateway', 'gateway']);
  });
});
