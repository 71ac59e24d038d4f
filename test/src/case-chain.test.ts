import type { IncomingMessage } from 'node:http';
import { CHAIN, op } from './operations';
import { DIALECTS, startStack, type Stack } from './harness';

function fetchNodes(node: any): any[] {
  if (!node) return [];
  if (node.kind === 'Fetch') return [node];
  return [...(node.nodes ?? []), ...(node.node ? [node.node] : [])].flatMap(fetchNodes);
}

for (const dialect of DIALECTS) {
  describe(`the case chain through the gateway (${dialect})`, () => {
    let stack: Stack;
    let procurator: string;
    beforeAll(async () => {
      stack = await startStack(dialect);
      procurator = await stack.token('procurator', 'PP-421200');
    });
    afterAll(() => stack?.stop());

    it('follows a judged case through all four institutions in one query', async () => {
      const res = await stack.query(op.CaseChain, { id: CHAIN.judged }, procurator);
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      const chain = res.data.caseChain;
      expect(chain.id).toBe(CHAIN.judged);
      expect(chain.administrativeCase.caseNumber).toMatch(/〔\d{4}〕\d+号$/);
      expect(chain.administrativeCase.agency.regionCode).toMatch(/^4212\d\d$/);
      expect(chain.administrativeCase.transfer.materials.length).toBeGreaterThanOrEqual(4);
      expect(chain.policeCase.filing.decision).toBe('FILED');
      expect(chain.policeCase.suspects.length).toBeGreaterThan(0);
      expect(chain.prosecution.decision).toBe('INDICTED');
      expect(chain.prosecution.charges.length).toBeGreaterThan(0);
      // First instance in a basic court, full-width brackets (laws/README.md, number formats).
      expect(chain.trial.caseNumber).toMatch(/^（\d{4}）鄂12(02|21|22|23|24|81)刑初[1-9]\d*号$/);
      expect(chain.trial.judgment.verdict).toBe('GUILTY');
      // 行政处罚法 Art. 35: the administrative fine already paid is offset against the criminal fine.
      expect(chain.trial.judgment.fineOffsetAmount).toBe(chain.administrativeCase.decision.fineAmount);
      expect(chain.trial.judgment.fineAmount).toMatch(/^\d+\.\d{2}$/);
    });

    it('plans the three downstream stages of caseChain in parallel, by chain id, for linked chains only', async () => {
      stack.plans.length = 0;
      await stack.query(op.CaseChain, { id: CHAIN.judged }, procurator);
      const { plan } = stack.plans.find((p) => p.operationName === 'CaseChain')!;
      const root = plan.node as any;
      expect(root.kind).toBe('Sequence');
      expect(root.nodes[0]).toMatchObject({ kind: 'Fetch', serviceName: 'enforcement' });
      const parallel = root.nodes[1];
      expect(parallel.kind).toBe('Parallel');
      const byChain = fetchNodes(parallel).filter((f) => JSON.stringify(f.requires).includes('LinkedCaseChain'));
      expect(byChain.map((f) => f.serviceName).sort()).toEqual(['court', 'police', 'procuratorate']);
    });

    it('asks the police, the procuratorate and the court nothing of a chain the agency never transferred', async () => {
      const later = ['police', 'procuratorate', 'court'];
      const callsDuring = async (work: () => Promise<unknown>) => {
        const calls = Object.fromEntries(later.map((name) => [name, 0]));
        // GraphQL requests only: a hand-off delivered meanwhile posts to /handoff/inbox.
        const counters = later.map((name) => [name, (req: IncomingMessage) => void (req.url?.startsWith('/graphql') && calls[name]!++)] as const);
        for (const [name, count] of counters) stack.subgraphs[name]!.server.on('request', count);
        try {
          await work();
        } finally {
          for (const [name, count] of counters) stack.subgraphs[name]!.server.off('request', count);
        }
        return calls;
      };
      const ask = (id: string, token?: string) => stack.query(`query($id: ID!) { caseChain(id: $id) { __typename policeCase { id } prosecution { id } trial { id } } }`, { id }, token);
      let res = await ask(CHAIN.penaltyOnly, procurator);
      const never = await callsDuring(async () => (res = await ask(CHAIN.penaltyOnly, procurator)));
      expect(res.errors).toBeUndefined();
      expect(res.data.caseChain).toEqual({ __typename: 'AgencyCaseChain', policeCase: null, prosecution: null, trial: null });
      expect(never).toEqual({ police: 0, procuratorate: 0, court: 0 });
      // The agency knows: none of the later institutions holds a record of that chain.
      for (const name of later) {
        const table = { police: 'policeCase', procuratorate: 'prosecutionCase', court: 'criminalTrial' }[name]!;
        const held = await (stack.subgraphs[name]!.database.db as any).selectFrom(table).select('id').where('chainId', '=', CHAIN.penaltyOnly).execute();
        expect([name, held]).toEqual([name, []]);
      }
      const judged = await callsDuring(async () => (res = await ask(CHAIN.judged, procurator)));
      expect(res.data.caseChain.__typename).toBe('LinkedCaseChain');
      expect(res.data.caseChain.trial.id).toBeTruthy();
      expect(judged).toEqual({ police: 1, procuratorate: 1, court: 1 });
    });

    it('still asks the procuratorate for the filing supervision of a chain the agency never transferred', async () => {
      // A supervision is opened from a police case's number; the police refuse one for a case
      // they do not have only when it reaches them, so the record exists meanwhile.
      const { bureauCode } = await (stack.subgraphs.police!.database.db as any).selectFrom('policeCase').select('bureauCode').executeTakeFirstOrThrow();
      const opened = await stack.query(`mutation($input: OpenFilingSupervisionInput!) { openFilingSupervision(input: $input) { id } }`,
        { input: { policeCaseId: CHAIN.penaltyOnly.replace('XJ-', 'PC-'), bureauCode, reason: '行政处罚后未移送，公安机关应当说明不立案理由' } }, procurator);
      expect(opened.errors).toBeUndefined();
      const res = await stack.query(`query($id: ID!) { caseChain(id: $id) { __typename policeCase { id } filingSupervision { id } } }`, { id: CHAIN.penaltyOnly }, procurator);
      expect(res.errors).toBeUndefined();
      expect(res.data.caseChain).toEqual({ __typename: 'AgencyCaseChain', policeCase: null, filingSupervision: { id: opened.data.openFilingSupervision.id } });
    });

    it('patches the fields it may not show under the chain, and adds nothing the caller did not ask', async () => {
      // The public may not read a case's quantity: pruned at the gateway, answered null + FORBIDDEN.
      const res = await stack.query(`query($id: ID!) { a: caseChain(id: $id) { id } b: caseChain(id: $id) { id administrativeCase { quantity } } }`, { id: CHAIN.penaltyOnly });
      expect(res.data).toEqual({ a: { id: CHAIN.penaltyOnly }, b: { id: CHAIN.penaltyOnly, administrativeCase: { quantity: null } } });
      expect(res.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['b.administrativeCase.quantity', 'FORBIDDEN']]);
    });

    it('returns each scenario at its stage', async () => {
      const stageOf = async (id: string) => (await stack.query(op.CaseChain, { id }, procurator)).data.caseChain;
      const penalty = await stageOf(CHAIN.penaltyOnly);
      expect(penalty.administrativeCase.decision.documentNumber).toBeTruthy();
      expect([penalty.administrativeCase.transfer, penalty.policeCase, penalty.prosecution, penalty.trial]).toEqual([null, null, null, null]);
      const awaiting = await stageOf(CHAIN.awaitingPolice);
      expect(awaiting.administrativeCase.transfer.transferredAt).toBeTruthy();
      expect(awaiting.policeCase === null || awaiting.policeCase.filing.decision === 'PENDING').toBe(true);
      const notFiled = await stageOf(CHAIN.notFiled);
      expect(notFiled.policeCase.filing).toMatchObject({ decision: 'NOT_FILED' });
      expect(notFiled.policeCase.filing.reason).toBeTruthy();
      const filed = await stageOf(CHAIN.filed);
      expect(filed.policeCase.filing.decision).toBe('FILED');
      expect(filed.trial).toBeNull();
      const notProsecuted = await stageOf(CHAIN.notProsecuted);
      expect(notProsecuted.prosecution.decision).toBe('NOT_PROSECUTED');
      expect(notProsecuted.trial).toBeNull();
    });

    it('follows the chain link by link, downstream from the penalty', async () => {
      const chain = (await stack.query(op.CaseChain, { id: CHAIN.judged }, procurator)).data.caseChain;
      const res = await stack.query(op.FromPenaltyToJudgment, { caseNumber: chain.administrativeCase.caseNumber }, procurator);
      expect(res.errors).toBeUndefined();
      const admin = res.data.administrativeCase;
      expect(admin.chain.id).toBe(CHAIN.judged);
      const prosecution = admin.transfer.policeCase.prosecution;
      expect(prosecution.caseNumber).toBe(chain.prosecution.caseNumber);
      expect(prosecution.trial.caseNumber).toBe(chain.trial.caseNumber);
      expect(prosecution.trial.judgment.fineOffsetAmount).toBe(admin.decision.fineAmount);
    });

    it('follows the chain upstream, from the trial to the penalty', async () => {
      const chain = (await stack.query(op.CaseChain, { id: CHAIN.judged }, procurator)).data.caseChain;
      const judge = await stack.token('judge', 'CO-421202');
      const res = await stack.query(op.CourtConfirmsUpstream, { caseNumber: chain.trial.caseNumber }, judge);
      expect(res.errors).toBeUndefined();
      const trial = res.data.criminalTrial;
      expect(trial.chain.id).toBe(CHAIN.judged);
      expect(trial.prosecution.policeCase.caseNumber).toBe(chain.policeCase.caseNumber);
      const admin = trial.prosecution.policeCase.transfer.administrativeCase;
      expect(admin.caseNumber).toBe(chain.administrativeCase.caseNumber);
      expect(admin.decision.documentNumber).toBe(chain.administrativeCase.decision.documentNumber);
      expect(admin.agency.name).toBe(chain.administrativeCase.agency.name);
    });

    it('answers null, not an error, for an unknown id or case number', async () => {
      const unknownChain = await stack.query(op.CaseChain, { id: 'XJ-9999999' }, procurator);
      expect(unknownChain).toMatchObject({ status: 200, data: { caseChain: null } });
      expect(unknownChain.errors).toBeUndefined();
      const unknownCase = await stack.query(op.FromPenaltyToJudgment, { caseNumber: '不存在〔2024〕1号' }, procurator);
      expect(unknownCase.data).toEqual({ administrativeCase: null });
      const unknownTrial = await stack.query(op.CourtConfirmsUpstream, { caseNumber: '(2024)鄂1202刑初999999号' }, procurator);
      expect(unknownTrial.data).toEqual({ criminalTrial: null });
    });

    it('pages through administrative cases with cursors', async () => {
      const first = await stack.query(op.AdministrativeCases, { first: 25 }, procurator);
      expect(first.errors).toBeUndefined();
      const page1 = first.data.administrativeCases;
      expect(page1.totalCount).toBe(120);
      expect(page1.edges).toHaveLength(25);
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const second = await stack.query(op.AdministrativeCases, { first: 100, after: page1.pageInfo.endCursor }, procurator);
      const page2 = second.data.administrativeCases;
      expect(page2.edges).toHaveLength(95);
      expect(page2.pageInfo.hasNextPage).toBe(false);
      const numbers = [...page1.edges, ...page2.edges].map((e: any) => e.node.caseNumber);
      expect(new Set(numbers).size).toBe(120);
      const transferred = await stack.query(op.AdministrativeCases, { first: 100, filter: { transferred: true } }, procurator);
      const nodes = transferred.data.administrativeCases.edges.map((e: any) => e.node);
      expect(nodes.length).toBeGreaterThan(0);
      expect(nodes.every((n: any) => n.transfer !== null)).toBe(true);
      expect(transferred.data.administrativeCases.totalCount).toBe(nodes.length);
    });

    it('serves sunshine enforcement to the public without a token', async () => {
      const decisions = await stack.query(op.PublishedDecisions, { first: 20 });
      expect(decisions.errors).toBeUndefined();
      const nodes = decisions.data.publishedDecisions.edges.map((e: any) => e.node);
      expect(nodes.length).toBe(20);
      const agencyId = (await stack.query('{ agencies { id } }')).data.agencies[0].id;
      const agency = await stack.query(op.SunshineAgency, { id: agencyId });
      expect(agency.errors).toBeUndefined();
      expect(agency.data.agency.powerList.length).toBeGreaterThan(0);
      expect(agency.data.agency.officers[0].certificateNumber).toBeTruthy();
      expect(agency.data.agency.discretionBenchmarks[0].maxFine).toMatch(/^\d+\.\d{2}$/);
    });

    describe('bad input', () => {
      const expectBadInput = (res: any, pattern: RegExp) => {
        expect(res.status).toBeLessThan(500);
        expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(res.errors[0].message).toMatch(pattern);
        expect(JSON.stringify(res)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
      };
      it('refuses first above 100 or below 1', async () => {
        expectBadInput(await stack.query(op.AdministrativeCases, { first: 101 }, procurator), /first must be between 1 and 100, got 101/);
        expectBadInput(await stack.query(op.AdministrativeCases, { first: 0 }, procurator), /got 0/);
        expectBadInput(await stack.query(op.PublishedDecisions, { first: 500 }), /got 500/);
      });
      it('refuses a malformed cursor', async () => {
        expectBadInput(await stack.query(op.AdministrativeCases, { first: 5, after: 'not-a-cursor!' }, procurator), /not a valid cursor/);
        expectBadInput(await stack.query(op.PublishedDecisions, { first: 5, after: 'eyJ4IjoxfQ' }), /not a valid cursor/);
      });
      it('refuses a malformed id', async () => {
        expectBadInput(await stack.query(op.CaseChain, { id: "1' or 1=1" }, procurator), /not a valid chain id/);
        expectBadInput(await stack.query(op.SunshineAgency, { id: 'nope' }), /not a valid agency id/);
      });
    });
  });
}
