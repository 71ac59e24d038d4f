import { performance } from 'node:perf_hooks';
import * as enforcement from '@xianjie/enforcement';
import { DEV_AUDIENCE, DEV_ISSUER, patchPrunedFields, pruneDeniedFields, readAccessRules, startGateway } from '@xianjie/gateway';
import { composeSupergraph } from '@xianjie/schema';
import {
  analyzeOperation,
  DEFAULT_OPERATION_LIMITS,
  PUBLIC_VIEWER,
  readListSizes,
  signAssertion,
  startSubgraph,
  type Viewer,
} from '@xianjie/subgraph-kit';
import { buildSchema, getOperationAST, parse } from 'graphql';
import { post, startStack, type GraphQLResponse, type Stack } from './harness';
import { op } from './operations';

/**
 * Issue 9, items 1, 2, 11 (a, c) and 12: no operation can stall or flood the gateway or a
 * subgraph, and the limits answer the ordinary queries. Each test failed before its fix
 * (on 8d9ac89) unless it says otherwise.
 */

const chainIds = (n: number) => Array.from({ length: n }, (_, i) => `XJ-${String(i + 1).padStart(7, '0')}`);
const repeat = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join(' ');

/** `levels` fragments, each spreading the next twice: 2^levels copies of `leaf` once written out. */
function fragmentBomb(levels: number, options: { operation?: string; on?: string; leaf?: string } = {}): string {
  const { operation = '{ ...F0 }', on = 'Query', leaf = '__typename' } = options;
  let query = `${operation}\n`;
  for (let i = 0; i < levels; i++) query += `fragment F${i} on ${on} { ...F${i + 1} ...F${i + 1} }\n`;
  return `${query}fragment F${levels} on ${on} { ${leaf} }`;
}

/** `n` aliases of `__typename` in each of 100 case chains (55,000 of them make 1 MB). */
const aliasFlood = (n: number) => `{caseChains(ids:${JSON.stringify(chainIds(100))}){${repeat(n, (i) => `a${i}:__typename`)}}}`;

/** A selection `n` fields wide. */
const wideSelection = (n: number) => `{ agencies { ${repeat(n, () => 'id name')} } }`;

const expectRefused = (res: GraphQLResponse, message: string | RegExp) => {
  expect(res.status).toBe(400);
  expect(res.data).toBeUndefined();
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0]!.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  expect(res.errors![0]!.message).toMatch(message);
};

/** Every error is a FORBIDDEN of the viewer's rules: nothing refused, nothing failed. */
const onlyForbidden = (res: GraphQLResponse) => (res.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN');

/**
 * Runs `prepare(n)()` for each size (the fastest of five runs: a garbage collection or a
 * busy machine slows one run, rarely all five) and expects the time to grow no faster than
 * the size, with generous slack: a quadratic or exponential analysis fails, noise does not.
 */
async function expectLinearGrowth(sizes: number[], prepare: (n: number) => () => unknown, slack = 4) {
  const times: number[] = [];
  for (const n of sizes) {
    const run = prepare(n);
    await run(); // warm-up
    let fastest = Infinity;
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await run();
      fastest = Math.min(fastest, performance.now() - started);
    }
    times.push(fastest);
  }
  const growth = times.at(-1)! / times[0]!;
  const allowed = (sizes.at(-1)! / sizes[0]!) * slack;
  if (!(growth <= allowed)) {
    throw new Error(`sizes ${sizes.join(', ')} took ${times.map((t) => t.toFixed(2)).join(', ')} ms: ×${growth.toFixed(1)}, more than ×${allowed}`);
  }
}

describe('query analysis (issue 9: items 1, 2, 11, 12)', () => {
  let stack: Stack;
  let procurator: string;
  beforeAll(async () => {
    stack = await startStack('pglite');
    procurator = await stack.token('procurator');
  });
  afterAll(() => stack?.stop());

  const direct = async (subgraph: string, as: Viewer, query: string, variables?: Record<string, unknown>) => {
    const assertion = await signAssertion(as, subgraph, stack.gatewayKeys.privateKey);
    return post(stack.subgraphs[subgraph]!.url, { query, variables }, { authorization: `Bearer ${assertion}` });
  };

  describe('item 1: fragment bombs', () => {
    // Was: an 876-byte query without a token blocked the gateway for 11–27 s (/health too),
    // doubling per level: the cost estimate and the access pruning wrote out every spread.
    it('refuses a 20-level fragment bomb sent without a token, before planning it', async () => {
      const query = fragmentBomb(20);
      expect(query.length).toBeLessThan(900);
      stack.plans.length = 0;
      expectRefused(await stack.query(query), 'an estimated 1,048,576 values (at most 25,000)');
      expect(stack.plans).toHaveLength(0);
    });

    // Was: one FORBIDDEN error for every place the denied field was written (four for each
    // chain's policeCase here). Fragments are now pruned where they are defined, and the
    // response patched along the document, each fragment once per object.
    it('answers fragments spread in several places, each denied field null and FORBIDDEN once at each of its paths', async () => {
      const query = `query($ids: [ID!]!) { caseChains(ids: $ids) { ...Chain ... on CaseChain { ...Chain id } } }
        fragment Chain on CaseChain { id policeCase { id } ...Later }
        fragment Later on CaseChain { prosecution { id } policeCase { id } }`;
      // Three chains the public may see (those with a published decision; the rest answer as unknown).
      const listed = await stack.query('{ administrativeCases(first: 3) { edges { node { chain { id } } } } }');
      const ids: string[] = listed.data.administrativeCases.edges.map((e: { node: { chain: { id: string } } }) => e.node.chain.id);
      expect(ids).toHaveLength(3);
      const res = await stack.query(query, { ids });
      expect(res.status).toBe(200);
      expect(res.data.caseChains).toEqual(ids.map((id) => ({ id, policeCase: null, prosecution: null })));
      const paths = res.errors!.map((e) => [e.extensions?.code, ...e.path!].join('.')).sort();
      expect(paths).toEqual(
        [0, 1, 2].flatMap((i) => [`FORBIDDEN.caseChains.${i}.policeCase`, `FORBIDDEN.caseChains.${i}.prosecution`]).sort(),
      );
    });
  });

  describe('item 2: floods', () => {
    // Was: 1 MB in, 158 MB out, the gateway from 250 MB to 2.6 GB (4 minutes here).
    it('refuses the 1 MB flood of 55,000 __typename aliases in a 100-item list, reading no more than its token limit', async () => {
      const query = aliasFlood(55_000);
      expect(query.length).toBeGreaterThan(950_000); // the request body limit is 1 MiB
      expectRefused(await stack.query(query), 'The operation has more than 1000 tokens, the most this server reads');
    });

    it('limits aliases and directives, and counts every selection, meta-fields included', async () => {
      expectRefused(await stack.query(`{ ${repeat(16, (i) => `a${i}: __typename`)} }`), '16 aliases (at most 15)');
      expectRefused(await stack.query(`{ ${repeat(51, () => '__typename @include(if: true)')} }`), '51 directives (at most 50)');
      expectRefused(
        await stack.query(`query($ids: [ID!]!) { caseChains(ids: $ids) { ${'__typename '.repeat(300)} } }`, { ids: chainIds(100) }),
        'an estimated 30,100 values (at most 25,000)',
      );
      // Within the limits, answered.
      const res = await stack.query(`{ ${repeat(15, (i) => `a${i}: __typename`)} }`);
      expect(res.status).toBe(200);
      expect(res.data.a14).toBe('Query');
    });

    it('applies the same limits in every subgraph', async () => {
      for (const subgraph of Object.keys(stack.subgraphs)) {
        expectRefused(await direct(subgraph, PUBLIC_VIEWER, fragmentBomb(20)), 'an estimated 1,048,576 values');
        expectRefused(await direct(subgraph, PUBLIC_VIEWER, `{ ${repeat(16, (i) => `a${i}: __typename`)} }`), '16 aliases (at most 15)');
        expectRefused(await direct(subgraph, PUBLIC_VIEWER, `{ ${repeat(55_000, (i) => `a${i}: __typename`)} }`), 'more than 10000 tokens');
      }
    });

    it('does not send a response larger than its ceiling, from the gateway or a subgraph', async () => {
      const limits = { ...DEFAULT_OPERATION_LIMITS, maxResponseBytes: 2_000 };
      const gateway = await startGateway({
        supergraphSdl: composeSupergraph(),
        subgraphUrls: Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [name, s.url])),
        assertionKey: stack.gatewayKeys.privateKey,
        userTokens: { key: stack.issuerKeys.publicKey, issuer: DEV_ISSUER, audience: DEV_AUDIENCE },
        limits,
      });
      const subgraph = await startSubgraph(enforcement.subgraph, {
        database: { kind: 'pglite', dataDir: 'memory://' },
        assertionKey: stack.gatewayKeys.publicKey,
        seed: false,
        log: () => undefined,
        limits,
      });
      try {
        const big = await post(gateway.url, { query: '{ agencies { id name regionCode } }' });
        expect(big.status).toBe(400);
        expect(big.data).toBeUndefined();
        expect(big.errors![0]!.extensions?.code).toBe('RESPONSE_TOO_LARGE');
        expect(big.errors![0]!.message).toMatch(/^The response would be [\d,]+ bytes, more than the 2,000 this server sends; ask for fewer items or fields$/);
        expect((await post(gateway.url, { query: '{ agencies(regionCode: "421202") { id } }' })).status).toBe(200);

        const assertion = await signAssertion(PUBLIC_VIEWER, 'enforcement', stack.gatewayKeys.privateKey);
        const sdl = await post(subgraph.url, { query: '{ _service { sdl } }' }, { authorization: `Bearer ${assertion}` });
        expect(sdl.status).toBe(400);
        expect(sdl.errors![0]!.extensions?.code).toBe('RESPONSE_TOO_LARGE');
      } finally {
        await gateway.stop();
        await subgraph.stop();
      }
    });
  });

  describe('item 11: answers as documented', () => {
    // Was: `"errors": []` when a field pruned at the gateway touched no record.
    it('answers a pruned field that touched no record without an errors key', async () => {
      const res = await stack.query('{ caseChain(id: "XJ-9999999") { id policeCase { id } } }');
      expect(res.status).toBe(200);
      expect(res.data).toEqual({ caseChain: null });
      expect('errors' in res).toBe(false);
    });

    // Guard, not a regression: 8d9ac89 answered this selection with 100 ids (19,000 of 25,000).
    it('answers caseChains with its documented maximum of 100 ids and the contract selection, for every role', async () => {
      const query = op.CaseChain.replace('query CaseChain($id: ID!)', 'query CaseChains($ids: [ID!]!)').replace('caseChain(id: $id)', 'caseChains(ids: $ids)');
      const tokens = [undefined, await stack.token('enforcement', 'AG-421202-SCJG'), ...(await Promise.all((['police', 'procurator', 'judge', 'oversight'] as const).map((r) => stack.token(r))))];
      for (const token of tokens) {
        const res = await stack.query(query, { ids: chainIds(100) }, token);
        expect(res.status).toBe(200);
        expect(onlyForbidden(res)).toEqual([]);
        expect(res.data.caseChains).toHaveLength(100);
      }
    });
  });

  describe('item 12: list sizes from the schema and arguments', () => {
    // Every list a chain has, for the documented maximum of 100 chains. Was refused: every
    // list without `first` counted 20 items (37,000 estimated values); now 12,700.
    const everyList = `query($ids: [ID!]!) { caseChains(ids: $ids) {
      id
      administrativeCase {
        id caseNumber agency { id name regionCode } procedure violationCategory party { kind name idNumber }
        involvedAmount registeredAt officers { name certificateNumber }
        decision { documentNumber decidedAt fineAmount published otherPenalties }
        transfer { id approvedAt transferredAt materials }
      }
      policeCase {
        id caseNumber receivedAt filing { decision decidedAt reason } suspects { name idNumber } investigationNotes
        reconsiderations { requestedAt decidedAt decision reason }
      }
      prosecution { id caseNumber receivedAt decision decidedAt charges }
      trial { id caseNumber acceptedAt judgment { verdict charges prisonTermMonths fineAmount fineOffsetAmount effectiveAt } }
    } }`;

    it('answers ordinary nested federated queries', async () => {
      const chains = await stack.query(everyList, { ids: chainIds(100) }, procurator);
      expect(chains.status).toBe(200);
      expect(onlyForbidden(chains)).toEqual([]);
      expect(chains.data.caseChains).toHaveLength(100);
      expect(chains.data.caseChains[4].policeCase.suspects.length).toBeGreaterThan(0);

      const agencies = await stack.query(
        '{ agencies { id name officers { name certificateNumber } powerList { code name category legalBasis } discretionBenchmarks { code violation minFine maxFine } } }',
      );
      expect(agencies.status).toBe(200);
      expect(agencies.errors).toBeUndefined();

      const page = await stack.query(op.AdministrativeCases, { first: 100 }, procurator);
      expect(page.status).toBe(200);
      expect(page.errors).toBeUndefined();
      expect(page.data.administrativeCases.edges).toHaveLength(100);
    });

    it("counts an entity fetch's representations by their own type, not every branch for each", async () => {
      // What the gateway sends the police for chains and their transfers, 100 of each:
      // was refused (every representation counted with both branches and 20 of each list).
      const stage = 'policeCase { id caseNumber receivedAt filing { decision decidedAt reason } suspects { kind name idNumber } reconsiderations { requestedAt decidedAt decision reason } investigationNotes }';
      const representations = [
        ...chainIds(100).map((id) => ({ __typename: 'LinkedCaseChain', id })),
        ...chainIds(100).map((_, i) => ({ __typename: 'CaseTransfer', id: `TR-${String(i + 1).padStart(7, '0')}` })),
      ];
      const police: Viewer = { subject: 'analysis', institution: 'police', org: null, roles: ['police'], region: '421200' };
      const res = await direct('police', police, `query($r: [_Any!]!) { _entities(representations: $r) { ... on LinkedCaseChain { ${stage} } ... on CaseTransfer { ${stage} } } }`, {
        r: representations,
      });
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      expect(res.data._entities).toHaveLength(200);
    });

    it('keeps an entity fetch\u2019s analysis by the representations\u2019 types, so a small fetch answered first does not let a large one of the same text through', async () => {
      const stage = 'policeCase { id caseNumber suspects { kind name idNumber } reconsiderations { requestedAt decidedAt decision reason } investigationNotes }';
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on LinkedCaseChain { ${stage} } ... on CaseTransfer { ${stage} } } }`;
      const police: Viewer = { subject: 'analysis', institution: 'police', org: null, roles: ['police'], region: '421200' };
      const chains = (n: number) => Array.from({ length: n }, (_, i) => ({ __typename: 'LinkedCaseChain', id: `XJ-${String((i % 120) + 1).padStart(7, '0')}` }));
      for (let k = 0; k < 2; k++) {
        const small = await direct('police', police, query, { r: chains(2) });
        expect(small.errors).toBeUndefined();
        expect(small.data._entities).toHaveLength(2);
      }
      expectRefused(await direct('police', police, query, { r: chains(5000) }), /an estimated [\d,]+ values/);
      // And the small one again, from what was kept.
      expect((await direct('police', police, query, { r: chains(2) })).data._entities).toHaveLength(2);
    });

    it("refuses a fan-out through a connection, counting its `first` (was counted as 20 and answered)", async () => {
      const query = `{ administrativeCases(first: 100) { edges { node { agency { officers { agency { officers { name certificateNumber } } } } } } } }`;
      expectRefused(await stack.query(query, {}, procurator), /an estimated [\d,]+ values \(at most 25,000\)/);
    });
  });

  describe('property: analysis and refusal grow linearly with the document', () => {
    const supergraph = composeSupergraph();
    const schema = buildSchema(supergraph);
    const analyze = (query: string) => {
      const document = parse(query);
      const operation = getOperationAST(document)!;
      const listSizes = readListSizes(parse(supergraph));
      return () => analyzeOperation(schema, document, operation, {}, listSizes);
    };

    it('analyses fragment chains, alias floods and wide selections in linear time', async () => {
      // Chains of fragments each spreading the next twice (2^n written out).
      await expectLinearGrowth([100, 200, 400, 800], (n) => {
        const run = analyze(fragmentBomb(n));
        return () => {
          for (let i = 0; i < 20; i++) run();
        };
      });
      await expectLinearGrowth([5_000, 10_000, 20_000, 40_000], (n) => analyze(aliasFlood(n)));
      await expectLinearGrowth([5_000, 10_000, 20_000, 40_000], (n) => analyze(wideSelection(n)));
    });

    it('prunes denied fields and patches the response in linear time, however often a fragment is spread', async () => {
      const rules = readAccessRules(supergraph);
      const data = () => ({ caseChains: chainIds(20).map((id) => ({ id, __xianjie_pruned: 'LinkedCaseChain' })) });
      await expectLinearGrowth([100, 200, 400, 800], (n) => {
        const document = parse(fragmentBomb(n, { operation: '{ caseChains(ids: ["XJ-0000001"]) { ...F0 } }', on: 'CaseChain', leaf: 'id policeCase { id }' }));
        return () => {
          for (let i = 0; i < 5; i++) {
            const pruned = pruneDeniedFields(document, schema, rules, PUBLIC_VIEWER);
            const errors = patchPrunedFields(data(), undefined, schema, pruned);
            if (errors.length !== 20) throw new Error(`expected 20 FORBIDDEN errors, got ${errors.length}`);
          }
        };
      });
    });

    it('refuses growing documents at the gateway in time that grows no faster than their size', async () => {
      const refuse = (query: string) => async () => {
        const res = await stack.query(query);
        if (res.status !== 400) throw new Error(`expected a refusal, got ${res.status}`);
      };
      // 8 KB to 1 MB each: chains of fragments, aliases, wide selections.
      await expectLinearGrowth([8, 32, 128, 512], (n) => refuse(fragmentBomb(n * 20)));
      await expectLinearGrowth([150, 1_200, 9_600, 55_000], (n) => refuse(aliasFlood(n)));
      await expectLinearGrowth([1_000, 8_000, 64_000, 120_000], (n) => refuse(wideSelection(n)));
    });
  });
});
