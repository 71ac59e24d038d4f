import { signAssertion, type Viewer } from '@xianjie/subgraph-kit';
import { auditServer } from 'graphql-http';
import { DIALECTS, post, startStack, type GraphQLResponse, type Stack } from './harness';

/**
 * Issue 9, items 10 and 13: a client's mistake is answered with a 4xx (or, for a client
 * that asks for `application/json`, the 200 the GraphQL-over-HTTP spec asks for) and an
 * error that says what is wrong, never a 500 or an INTERNAL_SERVER_ERROR; the same at the
 * gateway and at a subgraph called directly with a valid assertion. Each test failed
 * before its fix.
 */
const PROCURATOR: Viewer = { subject: 'protocol-test', institution: 'procuratorate', org: null, roles: ['procurator'], region: '421200' };

const FILTERED = 'query Filtered($f: AdministrativeCaseFilter) { administrativeCases(first: 5, filter: $f) { totalCount } }';

describe.each(DIALECTS)('client mistakes over %s', (dialect) => {
  let stack: Stack;
  let token: string;
  beforeAll(async () => {
    stack = await startStack(dialect);
    token = await stack.token('procurator');
  });
  afterAll(() => stack?.stop());

  const assertionHeader = async (subgraph: string) => ({
    authorization: `Bearer ${await signAssertion(PROCURATOR, subgraph, stack.gatewayKeys.privateKey)}`,
  });
  /** The same request sent to the gateway (with a procurator's token) and to the subgraph directly. */
  const both = async (subgraph: string, body: unknown, headers: Record<string, string> = {}): Promise<[string, GraphQLResponse][]> => [
    ['gateway', await post(stack.gateway.url, body, { authorization: `Bearer ${token}`, ...headers })],
    [subgraph, await post(stack.subgraphs[subgraph]!.url, body, { ...(await assertionHeader(subgraph)), ...headers })],
  ];
  /** A request error: 400, no data, and the first error's message says what is wrong. */
  const expectRefused = (where: string, res: GraphQLResponse, code: string, message: RegExp) => {
    const seen = { where, status: res.status, data: res.data, code: res.errors?.[0]?.extensions?.code, message: res.errors?.[0]?.message };
    expect(seen).toEqual({ where, status: 400, data: undefined, code, message: expect.stringMatching(message) });
  };

  it('answers 400 naming the mistake for a subscription, an operation type the schema lacks, an unknown operationName and several operations without one', async () => {
    const cases: [string, unknown, string, RegExp][] = [
      ['enforcement', { query: 'subscription { agencies { id } }' }, 'GRAPHQL_VALIDATION_FAILED', /does not support subscription operations/],
      ['enforcement', { query: 'query A { agencies { id } }', operationName: 'B' }, 'OPERATION_RESOLUTION_FAILURE', /Unknown operation named "B".*defines A/],
      ['enforcement', { query: 'query A { agencies { id } } query B { agencies { name } }' }, 'OPERATION_RESOLUTION_FAILURE', /2 operations \(A, B\).*operationName/],
      ['enforcement', { query: 'query { agencies { id } } query { agencies { name } }' }, 'GRAPHQL_VALIDATION_FAILED', /anonymous operation must be the only defined operation/],
      ['enforcement', { query: '{ agencies { id } }', operationName: 'A' }, 'OPERATION_RESOLUTION_FAILURE', /Unknown operation named "A".*defines one anonymous operation/],
    ];
    for (const [subgraph, body, code, message] of cases) {
      for (const [where, res] of await both(subgraph, body)) expectRefused(where, res, code, message);
    }
    // A subscription sent to a subgraph directly is a client's mistake too.
    const subscription = await post(stack.subgraphs.police!.url, { query: 'subscription { __typename }' }, await assertionHeader('police'));
    expectRefused('police', subscription, 'GRAPHQL_VALIDATION_FAILED', /does not support subscription operations/);
  });

  // PostgreSQL refuses U+0000 in text (22021): it reached the database and came back as
  // INTERNAL_SERVER_ERROR. Every string of a request is checked, whatever the argument.
  it('refuses a NUL character in any string of a request with BAD_USER_INPUT, in variables, nested inputs, lists and literals', async () => {
    const nul = 'A\u0000B';
    const cases: [string, unknown, string][] = [
      ['enforcement', { query: 'query($r: String) { agencies(regionCode: $r) { id } }', variables: { r: `42${nul}` } }, 'BAD_USER_INPUT'],
      ['court', { query: 'query($n: String) { criminalTrial(caseNumber: $n) { id } }', variables: { n: nul } }, 'BAD_USER_INPUT'],
      ['enforcement', { query: FILTERED, variables: { f: { regionCode: nul } } }, 'BAD_USER_INPUT'],
      ['enforcement', { query: 'query($ids: [ID!]!) { caseChains(ids: $ids) { id } }', variables: { ids: ['XJ-0000001', `XJ-${nul}`] } }, 'BAD_USER_INPUT'],
      ['enforcement', { query: '{ administrativeCase(caseNumber: "A\\u0000B") { id } }' }, 'GRAPHQL_VALIDATION_FAILED'],
      ['police', { query: '{ policeCase(caseNumber: """x""", id: "\\u{0}") { id } }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ];
    for (const [subgraph, body, code] of cases) {
      for (const [where, res] of await both(subgraph, body)) expectRefused(where, res, code, /NUL character \(U\+0000\)/);
    }
  });

  it('refuses a DateTime that is malformed, lacks an offset, names no real day or lies outside years 0001-9999, saying the format expected', async () => {
    const bad = [
      'yesterday',
      '1',
      '2024-03-01',
      '2024-03-01T09:00:00',
      '2024-03-01 09:00:00+08:00',
      '2024-02-30T09:00:00+08:00',
      '2024-03-01T24:00:00Z',
      '+275760-09-13T00:00:00.000Z',
      '10000-01-01T00:00:00Z',
      '9999-12-31T23:00:00-05:00',
      '0001-01-01T00:00:00+08:00',
    ];
    const format = /DateTime must be an ISO 8601 date-time with a UTC offset.*2024-03-01T09:00:00\+08:00/;
    for (const value of bad) {
      for (const [where, res] of await both('enforcement', { query: FILTERED, variables: { f: { registeredFrom: value } } })) {
        expectRefused(`${where} ${value}`, res, 'BAD_USER_INPUT', format);
        expect(res.errors![0]!.message).toContain(JSON.stringify(value));
      }
      const literal = `{ administrativeCases(first: 5, filter: { registeredTo: ${JSON.stringify(value)} }) { totalCount } }`;
      for (const [where, res] of await both('enforcement', { query: literal })) expectRefused(`${where} ${value}`, res, 'GRAPHQL_VALIDATION_FAILED', format);
    }
    // The same instant in any offset filters the same; fractions of a second are kept. The
    // instant is midnight UTC of a day in the middle of the demo's registrations.
    const registered = await stack.query('{ administrativeCases(first: 100) { edges { node { registeredAt } } } }', {}, token);
    const times = (registered.data.administrativeCases.edges as { node: { registeredAt: string } }[]).map((e) => Date.parse(e.node.registeredAt)).sort((a, b) => a - b);
    const day = new Date(times[Math.floor(times.length / 2)]!).toISOString().slice(0, 10);
    const previousDay = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const counts = [];
    for (const value of [`${day}T08:00:00+08:00`, `${day}T00:00:00Z`, `${previousDay}T19:00:00.000000-05:00`, '0001-01-01T00:00:00Z']) {
      const res = await stack.query(FILTERED, { f: { registeredFrom: value } }, token);
      expect(res).toMatchObject({ status: 200, data: { administrativeCases: { totalCount: expect.any(Number) } } });
      expect(res.errors).toBeUndefined();
      counts.push(res.data.administrativeCases.totalCount);
    }
    expect(new Set(counts.slice(0, 3)).size).toBe(1);
    expect(counts[3]).toBeGreaterThan(counts[0]);
  });

  it('gives no field, argument, type, enum or input-field suggestions ("Did you mean"), at the gateway or a subgraph', async () => {
    const cases: [unknown, RegExp][] = [
      [{ query: '{ agencie { id } }' }, /Cannot query field "agencie" on type "Query"/],
      [{ query: '{ agencies(regionCod: "421202") { id } }' }, /Unknown argument "regionCod"/],
      [{ query: 'query($k: AgencyKnd) { agencies(kind: $k) { id } }' }, /Unknown type "AgencyKnd"/],
      [{ query: '{ agencies(kind: SCJ) { id } }' }, /Value "SCJ" does not exist in "AgencyKind" enum/],
      [{ query: 'query($k: AgencyKind) { agencies(kind: $k) { id } }', variables: { k: 'SCJ' } }, /Value "SCJ" does not exist in "AgencyKind" enum/],
      [{ query: FILTERED, variables: { f: { regionCod: '421202' } } }, /Field "regionCod" is not defined by type "AdministrativeCaseFilter"/],
    ];
    for (const [body, message] of cases) {
      for (const [where, res] of await both('enforcement', body)) {
        expect({ where, status: res.status, message: res.errors?.[0]?.message }).toEqual({ where, status: 400, message: expect.stringMatching(message) });
        expect(JSON.stringify(res.errors)).not.toMatch(/Did you mean/i);
      }
    }
  });

  // graphql-http's audit of the GraphQL-over-HTTP spec warned three times: a client that asks
  // for application/json must get 200 for parse, validation and variable coercion errors.
  it('passes the graphql-http GraphQL-over-HTTP audit without a warning or error, at the gateway and at a subgraph', async () => {
    const subgraphHeaders = await assertionHeader('enforcement');
    const targets: [string, Parameters<typeof auditServer>[0]][] = [
      ['gateway', { url: stack.gateway.url }],
      [
        'enforcement',
        {
          url: stack.subgraphs.enforcement!.url,
          fetchFn: (input: string | URL | Request, init?: RequestInit) =>
            fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers).entries()), ...subgraphHeaders } }),
        },
      ],
    ];
    for (const [where, options] of targets) {
      const results = await auditServer(options);
      expect(results.length).toBeGreaterThan(40);
      const failed = results.filter((r) => r.status === 'warn' || r.status === 'error').map((r) => `${where} ${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`);
      expect(failed).toEqual([]);
    }
  });

  it('uses 200 for request errors only for a client that asks for application/json; 400 for application/graphql-response+json or any type', async () => {
    const requests: [string, unknown][] = [
      ['parse', { query: '{ agencies { id }' }],
      ['validation', { query: '{ agencie { id } }' }],
      ['operation', { query: 'query A { agencies { id } }', operationName: 'B' }],
      ['subscription', { query: 'subscription { agencies { id } }' }],
      ['coercion', { query: FILTERED, variables: { f: { registeredFrom: 'yesterday' } } }],
      ['nul', { query: 'query($r: String) { agencies(regionCode: $r) { id } }', variables: { r: '\u0000' } }],
    ];
    for (const [what, body] of requests) {
      for (const [accept, status, type] of [
        ['application/json', 200, 'application/json'],
        ['application/graphql-response+json', 400, 'application/graphql-response+json'],
        ['*/*', 400, 'application/json'],
      ] as const) {
        for (const [where, url, headers] of [
          ['gateway', stack.gateway.url, { authorization: `Bearer ${token}` }],
          ['enforcement', stack.subgraphs.enforcement!.url, await assertionHeader('enforcement')],
        ] as const) {
          const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept, ...headers }, body: JSON.stringify(body) });
          const json = (await response.json()) as { data?: unknown; errors?: unknown[] };
          expect({ what, accept, where, status: response.status, type: response.headers.get('content-type'), data: json.data, errors: json.errors?.length })
            .toEqual({ what, accept, where, status, type: expect.stringContaining(type), data: undefined, errors: expect.any(Number) });
        }
      }
    }
    // A request that is not a well-formed GraphQL-over-HTTP request stays 400 whatever the client accepts.
    const malformed = await fetch(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{"qeury": "{ __typename }"}' });
    expect(malformed.status).toBe(400);
  });
});
