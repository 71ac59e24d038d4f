import { CHANGED_PENALTY_CHAIN, CHANGED_PENALTY_RAISE_FEN } from '@xianjie/subgraph-kit';
import { walk, WALK_UNITS, type WalkClient, type WalkResult } from '../../scripts/lib/walk';
import { DIALECTS, type Dialect, type GraphQLResponse, type Stack, startStack } from './harness';

/**
 * 核实上游记录 (issue 7, item 4): a judge confirms every upstream record a trial relies on —
 * the 起诉书, the 起诉意见书, the 移送书 and the penalty decision it carries — against what
 * the institution that issued it serves now, through the gateway; the offsets of 行政处罚法
 * Art. 35 are computed from the confirmed penalty only.
 */

const CONFIRMATION = 'recordId kind title number institution issuerOrg issuerName signatureValid digestAsSent digestServed status statusLabel reason parts { part label changed } offsets { computed reason article administrativeFine fineOffsetAmount detentionOffsetDays agreesWithJudgment }';
const UPSTREAM = /* GraphQL */ `
  query Upstream($id: ID!) {
    caseChain(id: $id) { trial { id upstreamRecords { id confirmation { ${CONFIRMATION} } } } }
  }`;

type Confirmation = {
  recordId: string; kind: string; title: string; number: string | null; institution: string; issuerOrg: string | null; signatureValid: boolean | null;
  digestAsSent: string | null; digestServed: string | null; status: string; statusLabel: string; reason: string;
  parts: { part: string; label: string; changed: boolean }[];
  offsets: { computed: boolean; reason: string; article: string; administrativeFine: string | null; fineOffsetAmount: string | null; detentionOffsetDays: number | null; agreesWithJudgment: boolean | null } | null;
};

const byKind = (res: GraphQLResponse) => {
  const records = (res.data?.caseChain?.trial?.upstreamRecords ?? []) as { id: string; confirmation: Confirmation | null }[];
  return Object.fromEntries(records.map((r) => [r.id.split(':')[0]!, r.confirmation]));
};
const statuses = (res: GraphQLResponse) => Object.fromEntries(Object.entries(byKind(res)).map(([k, c]) => [k, c?.status ?? null]));

describe.each(DIALECTS)('the court confirms upstream records over %s', (dialect: Dialect) => {
  let stack: Stack;
  let judged: WalkResult;
  let unpenalised: WalkResult;
  const client: WalkClient = {
    async as(role, org, query, variables) {
      const res = await stack.query(query, variables, await stack.token(role as never, org ?? undefined));
      if (res.errors?.length) throw new Error(`${role}@${org}: ${res.errors.map((e) => e.message).join('; ')}`);
      return res.data;
    },
  };
  const confirm = async (chainId: string, role: 'judge' | 'procurator' | 'police' | 'oversight' | 'enforcement' = 'judge', org?: string) =>
    stack.query(UPSTREAM, { id: chainId }, await stack.token(role, org ?? (role === 'judge' ? WALK_UNITS.court : role === 'enforcement' ? WALK_UNITS.agency : undefined)));
  const enforcementDb = () => stack.subgraphs.enforcement!.database.db;

  beforeAll(async () => {
    stack = await startStack(dialect);
    judged = await walk(client, undefined, 'judgment');
    unpenalised = await walk(client, undefined, 'judgment', { penalty: false });
  }, 300_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('confirms every record of a chain driven end to end, with the signatures verified and the offsets from the confirmed penalty', async () => {
    const res = await confirm(judged.chainId);
    expect(res.errors).toBeUndefined();
    const records = byKind(res);
    expect(Object.keys(records)).toEqual(['INDICTMENT', 'PROSECUTION_TRANSFER', 'CASE_TRANSFER', 'PENALTY_DECISION']);
    for (const c of Object.values(records)) {
      expect(c).toMatchObject({ status: 'CONFIRMED', statusLabel: '已核实', signatureValid: true });
      expect(c!.digestAsSent).toBe(c!.digestServed);
      expect(c!.parts.every((p) => !p.changed)).toBe(true);
    }
    expect(records.INDICTMENT).toMatchObject({ institution: 'procuratorate', issuerOrg: WALK_UNITS.procuratorate, title: '起诉书' });
    expect(records.PROSECUTION_TRANSFER).toMatchObject({ institution: 'police', issuerOrg: WALK_UNITS.bureau, title: '起诉意见书' });
    expect(records.CASE_TRANSFER).toMatchObject({ institution: 'enforcement', issuerOrg: WALK_UNITS.agency, title: '涉嫌犯罪案件移送书' });
    const penalty = records.PENALTY_DECISION!;
    expect(penalty.title).toBe('行政处罚决定书');
    // The walk's penalty: the benchmark's minimum fine, decided before the transfer.
    const decision = await enforcementDb().selectFrom('penaltyDecision').select(['documentNumber', 'fineFen']).where('caseId', '=', judged.ids.caseId).executeTakeFirstOrThrow();
    expect(penalty.number).toBe(decision.documentNumber);
    const fine = BigInt(decision.fineFen);
    const criminalFine = 8_000_000n; // 80,000.00 yuan, the walk's judgment
    const offset = fine < criminalFine ? fine : criminalFine;
    expect(penalty.offsets).toMatchObject({
      computed: true, article: '行政处罚法第三十五条', administrativeFine: (Number(fine) / 100).toFixed(2),
      fineOffsetAmount: (Number(offset) / 100).toFixed(2), detentionOffsetDays: 0, agreesWithJudgment: true,
    });
    expect(records.CASE_TRANSFER!.offsets).toBeNull();
  });

  it('shows the 移送书 CHANGED once the agency amends the case it sent, naming what changed; the rest stays confirmed', async () => {
    expect(statuses(await confirm(unpenalised.chainId))).toEqual({
      INDICTMENT: 'CONFIRMED', PROSECUTION_TRANSFER: 'CONFIRMED', CASE_TRANSFER: 'CONFIRMED', PENALTY_DECISION: 'CONFIRMED',
    });
    await client.as('enforcement', WALK_UNITS.agency, `mutation($id: ID!, $input: AmendCaseInput!) { amendCase(id: $id, input: $input) { id } }`, {
      id: unpenalised.ids.caseId, input: { facts: '当事人在咸安区横沟桥镇销售导体电阻不合格的电线电缆，执法人员查获同批次产品一百卷。', involvedAmount: '20000.00' },
    });
    const res = await confirm(unpenalised.chainId);
    const records = byKind(res);
    expect(records.CASE_TRANSFER).toMatchObject({ status: 'CHANGED', statusLabel: '已变更', signatureValid: true });
    expect(records.CASE_TRANSFER!.parts.filter((p) => p.changed).map((p) => p.label)).toEqual(['案件事实', '涉案金额、违法所得、数量']);
    expect(records.CASE_TRANSFER!.reason).toBe('涉嫌犯罪案件移送书送达后，行政执法机关修改了案件事实；涉案金额、违法所得、数量：与送达时不一致');
    expect(records.INDICTMENT!.status).toBe('CONFIRMED');
    expect(records.PROSECUTION_TRANSFER!.status).toBe('CONFIRMED');
  });

  it('does not count a later delivery or step as a change: the sender\'s delivery bookkeeping is not digested', async () => {
    await enforcementDb().updateTable('handoffOutbox').set({ deliveredAt: new Date(), attempts: 7 }).where('chainId', '=', judged.chainId).execute();
    expect(byKind(await confirm(judged.chainId)).CASE_TRANSFER!.status).toBe('CONFIRMED');
  });

  it('shows a penalty changed after it was sent, and then computes no offsets from it', async () => {
    const id = judged.ids.caseId;
    const before = await enforcementDb().selectFrom('penaltyDecision').select('fineFen').where('caseId', '=', id).executeTakeFirstOrThrow();
    await enforcementDb().updateTable('penaltyDecision').set({ fineFen: String(BigInt(before.fineFen) + 100_000n) }).where('caseId', '=', id).execute();
    try {
      const penalty = byKind(await confirm(judged.chainId)).PENALTY_DECISION!;
      expect(penalty).toMatchObject({ status: 'CHANGED', parts: [{ part: 'penalty', changed: true }] });
      expect(penalty.offsets).toMatchObject({ computed: false, fineOffsetAmount: null, detentionOffsetDays: null });
      expect(penalty.offsets!.reason).toMatch(/^行政处罚决定已变更（.*），不据以计算折抵/);
    } finally {
      await enforcementDb().updateTable('penaltyDecision').set({ fineFen: before.fineFen }).where('caseId', '=', id).execute();
    }
  });

  it('confirms a seeded judged chain: its hand-offs were seeded signed with each institution\'s key', async () => {
    const records = byKind(await confirm('XJ-0000005'));
    expect(Object.values(records).map((c) => [c!.kind, c!.status, c!.signatureValid])).toEqual([
      ['INDICTMENT', 'CONFIRMED', true], ['PROSECUTION_TRANSFER', 'CONFIRMED', true], ['CASE_TRANSFER', 'CONFIRMED', true], ['PENALTY_DECISION', 'CONFIRMED', true],
    ]);
    expect(records.CASE_TRANSFER!.number).toMatch(/^.+移〔\d{4}〕[1-9]\d*号$/);
    expect(records.PROSECUTION_TRANSFER!.number).toMatch(/^.+公（(经|食药环)）诉字〔\d{4}〕[1-9]\d*号$/);
    // The seeded judgment offset the fine carried in the documents: the confirmation agrees.
    expect(records.PENALTY_DECISION!.offsets).toMatchObject({ computed: true, agreesWithJudgment: true });
  });

  it(`catches the demo's changed upstream record: ${CHANGED_PENALTY_CHAIN}, whose fine the agency raised after sending the 移送书`, async () => {
    const records = byKind(await confirm(CHANGED_PENALTY_CHAIN, 'procurator'));
    expect(Object.fromEntries(Object.entries(records).map(([k, c]) => [k, c!.status]))).toEqual({
      INDICTMENT: 'CONFIRMED', PROSECUTION_TRANSFER: 'CONFIRMED', CASE_TRANSFER: 'CONFIRMED', PENALTY_DECISION: 'CHANGED',
    });
    expect(records.PENALTY_DECISION!.reason).toBe('行政处罚决定书送达后，行政执法机关修改了行政处罚决定（文号、罚款、其他处罚）：与送达时不一致');
    expect(records.PENALTY_DECISION!.offsets).toMatchObject({ computed: false, fineOffsetAmount: null });
    // What the agency serves now is the raised fine; the 移送书 carried the fine before it.
    const n = CHANGED_PENALTY_CHAIN.replace(/^XJ-/, '');
    const now = await enforcementDb().selectFrom('penaltyDecision').select('fineFen').where('caseId', '=', `AC-${n}`).executeTakeFirstOrThrow();
    const sent = await enforcementDb().selectFrom('handoffOutbox').select('document').where('id', '=', `CASE_TRANSFER:TR-${n}`).executeTakeFirstOrThrow();
    const carried = (typeof sent.document === 'string' ? JSON.parse(sent.document) : sent.document).content.penaltyDecision.fineFen;
    expect(BigInt(now.fineFen) - BigInt(carried)).toBe(CHANGED_PENALTY_RAISE_FEN);
  });

  it('shows a document whose signature does not verify as UNVERIFIABLE, with the reason', async () => {
    const id = `PROSECUTION_TRANSFER:${judged.ids.policeCaseId}`;
    const police = stack.subgraphs.police!.database.db;
    const row = await police.selectFrom('handoffOutbox').select(['document']).where('id', '=', id).executeTakeFirstOrThrow();
    const original = typeof row.document === 'string' ? JSON.parse(row.document) : row.document;
    // The bureau's copy altered after signing: a charge added, the signature left as it was.
    const altered = { ...original, content: { ...original.content, proposedCharges: [...original.content.proposedCharges, '非法经营罪'] } };
    await police.updateTable('handoffOutbox').set({ document: JSON.stringify(altered) as never }).where('id', '=', id).execute();
    try {
      const c = byKind(await confirm(judged.chainId)).PROSECUTION_TRANSFER!;
      expect(c).toMatchObject({ status: 'UNVERIFIABLE', statusLabel: '无法核实', signatureValid: false });
      expect(c.reason).toBe(`签名不能以公安机关（${WALK_UNITS.bureau}）的公钥验证：文书已被改动，或者不是该机关签发`);
    } finally {
      await police.updateTable('handoffOutbox').set({ document: JSON.stringify(original) as never }).where('id', '=', id).execute();
    }
    expect(byKind(await confirm(judged.chainId)).PROSECUTION_TRANSFER!.status).toBe('CONFIRMED');
  });

  it('says UNVERIFIABLE where the issuer has no signed document (a record from before the platform)', async () => {
    // The first seeded chains reach the court; before the platform their records carry no signed document.
    const seeded = await stack.subgraphs.court!.database.db.selectFrom('criminalTrial').select('chainId').where('indictmentId', 'is', null).orderBy('chainId').limit(1).executeTakeFirstOrThrow();
    const police = stack.subgraphs.police!.database.db;
    const n = seeded.chainId.replace(/^XJ-/, '');
    const kept = await police.selectFrom('handoffOutbox').selectAll().where('id', '=', `PROSECUTION_TRANSFER:PC-${n}`).executeTakeFirst();
    await police.deleteFrom('handoffOutbox').where('id', '=', `PROSECUTION_TRANSFER:PC-${n}`).execute();
    try {
      const c = byKind(await confirm(seeded.chainId)).PROSECUTION_TRANSFER!;
      expect(c).toMatchObject({ status: 'UNVERIFIABLE', signatureValid: null });
      expect(c.reason).toBe('公安机关没有这份起诉意见书的签名文书：系统上线前录入的记录未经本系统签发，无法核实');
    } finally {
      if (kept) await police.insertInto('handoffOutbox').values(kept as never).execute();
    }
  });

  it('when an issuer\'s system is down, its records cannot be confirmed (SUBGRAPH_UNAVAILABLE) while the others still are', async () => {
    await stack.kill('police');
    try {
      const res = await confirm(judged.chainId);
      expect(statuses(res)).toEqual({ INDICTMENT: 'CONFIRMED', PROSECUTION_TRANSFER: null, CASE_TRANSFER: 'CONFIRMED', PENALTY_DECISION: 'CONFIRMED' });
      expect(res.errors?.map((e) => e.extensions?.code)).toContain('SUBGRAPH_UNAVAILABLE');
    } finally {
      // (over PGlite in memory the revived bureau starts from a fresh database: nothing more to read from it here)
      await stack.revive('police');
    }
  });

  it('is for judges and procurators only', async () => {
    expect((await confirm(judged.chainId, 'procurator')).errors).toBeUndefined();
    for (const role of ['police', 'oversight', 'enforcement'] as const) {
      const res = await confirm(judged.chainId, role);
      const forbidden = (res.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path?.join('.'));
      expect(forbidden).toContain('caseChain.trial.upstreamRecords');
      expect(res.data?.caseChain?.trial?.upstreamRecords ?? null).toBeNull();
    }
  });

});
