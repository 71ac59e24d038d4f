import { walk, WALK_PARTY, WALK_UNITS, type WalkClient, type WalkResult } from '../../scripts/lib/walk';
import { DIALECTS, type Dialect, type GraphQLResponse, type Stack, startStack, until } from './harness';

/**
 * The whole linkage as its users do it (issue 6, item 7): two new cases driven through
 * the gateway by GraphQL mutations only, each step with a token of the role and unit that
 * takes it — the same walks as `npm run walk` (scripts/lib/walk.ts) — one to an effective
 * judgment, one from a non-prosecution back to an administrative penalty (反向衔接). Then
 * each chain is read as a procurator, a judge and the public: every stage, every document
 * with its delivery and the digests it rests on, every step with its deadline, and what
 * each may not see (schema/PERMISSIONS.md).
 */

const DOCUMENT = 'id kind title number sender senderOrg receiver receiverOrg digest deliveryState nextStep nextStepDueAt nextStepArticle upstream { id digest }';
const STEP = 'step title org article startedAt dueAt doneAt late';
const CHAIN = /* GraphQL */ `
  query Chain($id: ID!) {
    caseChain(id: $id) {
      id
      administrativeCase {
        id caseNumber state facts party { name idNumber }
        decision { documentNumber fineAmount published }
        steps { ${STEP} }
        procuratorialOpinions { opinion reply replyDocument { ${DOCUMENT} } }
        transfer { id state documents { ${DOCUMENT} } receivedDocuments { ${DOCUMENT} } }
      }
      policeCase {
        id caseNumber state filingNumber nonProsecutionNumber notProsecutedAt investigationNotes suspects { name idNumber }
        steps { ${STEP} } documents { ${DOCUMENT} } receivedDocuments { ${DOCUMENT} }
      }
      prosecution {
        id caseNumber state decision reviewOpinion judgmentNumber judgmentVerdict judgmentEffectiveAt
        reverseTransfer { opinion reply penaltyDecision { documentNumber fineAmount } }
        steps { ${STEP} } documents { ${DOCUMENT} } receivedDocuments { ${DOCUMENT} }
      }
      trial {
        id caseNumber state defendantName deliberationNotes judgment { verdict fineAmount fineOffsetAmount effectiveAt }
        steps { ${STEP} } documents { ${DOCUMENT} } receivedDocuments { ${DOCUMENT} }
      }
    }
  }`;

type Doc = { id: string; kind: string; number: string; sender: string; receiver: string; digest: string; deliveryState: string; upstream: { id: string; digest: string }[] };
type Step = { step: string; article: string; dueAt: string; doneAt: string | null; late: boolean };

/** The documents each institution sent about the chain, and those it received, by kind (sorted). */
function documentsOf(chain: any) {
  const transfer = chain.administrativeCase?.transfer;
  // The agency's reply to a 检察意见 is a document of its case, shown with the opinion.
  const replies = (chain.administrativeCase?.procuratorialOpinions ?? []).map((o: { replyDocument: Doc | null }) => o.replyDocument).filter(Boolean);
  const stages = {
    enforcement: transfer && { ...transfer, documents: [...(transfer.documents ?? []), ...replies] },
    police: chain.policeCase,
    procuratorate: chain.prosecution,
    court: chain.trial,
  } as Record<string, { documents: Doc[] | null; receivedDocuments: Doc[] | null } | null>;
  const kinds = (docs: Doc[] | null | undefined) => (docs ?? []).map((d) => d.kind).sort();
  return {
    sent: Object.fromEntries(Object.entries(stages).map(([k, s]) => [k, kinds(s?.documents)])),
    received: Object.fromEntries(Object.entries(stages).map(([k, s]) => [k, kinds(s?.receivedDocuments)])),
    all: Object.values(stages).flatMap((s) => [...(s?.documents ?? []), ...(s?.receivedDocuments ?? [])]),
    sentDocs: Object.values(stages).flatMap((s) => s?.documents ?? []),
  };
}

/** Every step of every stage, as `institution:step`. */
const stepsOf = (chain: any): (Step & { where: string })[] =>
  (['administrativeCase', 'policeCase', 'prosecution', 'trial'] as const).flatMap((stage) =>
    ((chain[stage]?.steps ?? []) as Step[]).map((s) => ({ ...s, where: `${stage}:${s.step}` })));

/** The paths of the FORBIDDEN errors of a response, as strings. */
const forbidden = (res: GraphQLResponse) =>
  (res.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path!.join('.')).sort();

describe.each(DIALECTS)('the linkage end to end over %s', (dialect: Dialect) => {
  let stack: Stack;
  const walked: Partial<Record<'judgment' | 'non-prosecution', WalkResult>> = {};
  const client: WalkClient = {
    async as(role, org, query, variables) {
      const res = await stack.query(query, variables, await stack.token(role as never, org ?? undefined));
      if (res.errors?.length) throw new Error(`${role}@${org}: ${res.errors.map((e) => e.message).join('; ')}`);
      return res.data;
    },
  };
  const read = async (id: string, role?: 'procurator' | 'judge') => stack.query(CHAIN, { id }, role && (await stack.token(role)));
  /**
   * The chain as a procurator reads it once every document sent about it is delivered. Read
   * once more then: a sender marks a document delivered after its receiver has stored it, but
   * one federated read may have fetched the receiver's part before that and the sender's after.
   */
  const settled = (id: string) =>
    until(() => read(id, 'procurator'), (res) => {
      const { sentDocs } = documentsOf(res.data.caseChain);
      return sentDocs.length > 0 && sentDocs.every((d) => d.deliveryState === 'DELIVERED');
    }, `every document of ${id} delivered`).then(() => read(id, 'procurator'));

  beforeAll(async () => {
    stack = await startStack(dialect);
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('drives a new case from registration to an effective judgment, each step as its role', async () => {
    const result = await walk(client, undefined, 'judgment');
    walked.judgment = result;
    expect(result.chainId).toMatch(/^XJ-\d{7}$/);
    expect(result.steps.map((s) => `${s.role}@${s.org}`)).toEqual([
      ...Array(4).fill(`enforcement@${WALK_UNITS.agency}`), `agency-head@${WALK_UNITS.agency}`, `enforcement@${WALK_UNITS.agency}`,
      ...Array(3).fill(`police@${WALK_UNITS.bureau}`), `enforcement@${WALK_UNITS.agency}`, ...Array(2).fill(`police@${WALK_UNITS.bureau}`),
      ...Array(2).fill(`procurator@${WALK_UNITS.procuratorate}`), ...Array(4).fill(`judge@${WALK_UNITS.court}`), `procurator@${WALK_UNITS.procuratorate}`,
    ]);
    // Every step that produced a number shows it; every step that opened the next shows its deadline and article.
    for (const s of result.steps.filter((x) => x.next)) expect(s.next!.dueAt > new Date().toISOString() && s.next!.article.length > 0).toBe(true);
    expect(result.steps.at(-1)!.title).toBe('刑事判决书送达，检察院登记判决生效');
  });

  it('drives another from non-prosecution back to an administrative penalty (反向衔接)', async () => {
    const result = await walk(client, undefined, 'non-prosecution');
    walked['non-prosecution'] = result;
    expect(result.steps.slice(-6).map((s) => s.title.replace(/（.*$/, ''))).toEqual([
      '不起诉', '提出检察意见', '不起诉决定书送达，公安机关案件登记不起诉', expect.stringMatching(/^回复检察意见并作出行政处罚决定 /), '公示行政处罚决定', '检察意见回复函送达检察院',
    ]);
    expect(result.ids.trialId).toBeUndefined();
  });

  it('shows a procurator the judged chain: every stage, every document delivered once with its upstream digests, every deadline met', async () => {
    const res = await settled(walked.judgment!.chainId);
    // A procurator sees everything but the panel's deliberation notes.
    expect(forbidden(res)).toEqual(['caseChain.trial.deliberationNotes']);
    const chain = res.data.caseChain;
    const { ids } = walked.judgment!;
    expect(chain.administrativeCase).toMatchObject({ id: ids.caseId, state: 'DECIDED', party: { name: WALK_PARTY.name, idNumber: WALK_PARTY.idNumber }, decision: { published: true } });
    expect(chain.administrativeCase.transfer).toMatchObject({ id: ids.transferId, state: 'ITEMS_HANDED_OVER' });
    expect(chain.policeCase).toMatchObject({ id: ids.policeCaseId, state: 'TRANSFERRED_FOR_PROSECUTION', suspects: [{ name: WALK_PARTY.name, idNumber: WALK_PARTY.idNumber }] });
    expect(chain.prosecution).toMatchObject({ id: ids.prosecutionId, state: 'JUDGMENT_EFFECTIVE', decision: 'INDICTED', judgmentVerdict: 'GUILTY', judgmentNumber: chain.trial.caseNumber });
    expect(chain.prosecution.judgmentEffectiveAt).toBe(chain.trial.judgment.effectiveAt);
    expect(chain.trial).toMatchObject({ id: ids.trialId, state: 'EFFECTIVE', defendantName: WALK_PARTY.name, deliberationNotes: null, judgment: { verdict: 'GUILTY', fineAmount: '80000.00' } });
    expect(chain.trial.caseNumber).toMatch(/^（\d{4}）鄂1202刑初\d+号$/);
    // The administrative fine already imposed is offset against the criminal fine (行政处罚法 Art. 35).
    expect(chain.trial.judgment.fineOffsetAmount).toBe(chain.administrativeCase.decision.fineAmount);

    const docs = documentsOf(chain);
    expect(docs.sent).toEqual({
      enforcement: ['CASE_TRANSFER', 'SEIZED_ITEMS_HANDOVER'],
      police: ['FILING_NOTICE', 'PROSECUTION_TRANSFER', 'TRANSFER_RECEIPT'],
      procuratorate: ['INDICTMENT'],
      court: ['JUDGMENT_NOTICE', 'JUDGMENT_NOTICE'],
    });
    // What each received is what the others sent to it: each document once.
    expect(docs.received).toEqual({
      enforcement: ['FILING_NOTICE', 'JUDGMENT_NOTICE', 'TRANSFER_RECEIPT'],
      police: ['CASE_TRANSFER', 'SEIZED_ITEMS_HANDOVER'],
      procuratorate: ['JUDGMENT_NOTICE', 'PROSECUTION_TRANSFER'],
      court: ['INDICTMENT'],
    });
    expectDocumentsConsistent(docs);
    const byKind = (kind: string) => docs.sentDocs.filter((d) => d.kind === kind);
    // Each rests on the one before it, by digest: 起诉意见书 on the 移送书, 起诉书 on the 起诉意见书, 判决书 on the 起诉书.
    expect(byKind('PROSECUTION_TRANSFER')[0]!.upstream.map((u) => u.id)).toContain(`CASE_TRANSFER:${ids.transferId}`);
    expect(byKind('INDICTMENT')[0]!.upstream).toEqual([{ id: byKind('PROSECUTION_TRANSFER')[0]!.id, digest: byKind('PROSECUTION_TRANSFER')[0]!.digest }]);
    for (const notice of byKind('JUDGMENT_NOTICE')) expect(notice.upstream).toEqual([{ id: byKind('INDICTMENT')[0]!.id, digest: byKind('INDICTMENT')[0]!.digest }]);
    // Each says what it asks of the receiver, by when and under which article.
    expect(byKind('CASE_TRANSFER')[0]).toMatchObject({
      sender: 'enforcement', receiver: 'police', senderOrg: WALK_UNITS.agency, receiverOrg: WALK_UNITS.bureau, nextStep: 'decideFiling', nextStepArticle: '国务院令第310号第八条',
    });
    expect(byKind('INDICTMENT')[0]).toMatchObject({ receiver: 'court', receiverOrg: WALK_UNITS.court, nextStep: 'recordJudgment', nextStepArticle: '刑事诉讼法第二百零八条' });

    expect(stepsTable(chain)).toEqual([
      ['administrativeCase:decidePenalty', '行政处罚法第六十条'],
      ['administrativeCase:publishPenaltyDecision', '市场监督管理行政处罚信息公示规定第九条'],
      ['administrativeCase:decideTransfer', '国务院令第310号第五条'],
      ['administrativeCase:sendTransfer', '国务院令第310号第五条'],
      ['administrativeCase:handOverSeizedItems', '国务院令第310号第十二条'],
      ['policeCase:signReceipt', '国务院令第310号第七条'],
      ['policeCase:decideFiling', '国务院令第310号第八条'],
      ['prosecution:acceptForReview', '人民检察院刑事诉讼规则第一百五十七条、第一百五十八条'],
      ['prosecution:decideProsecution', '刑事诉讼法第一百七十二条'],
      ['trial:acceptIndictment', '最高人民法院关于适用《中华人民共和国刑事诉讼法》的解释第二百一十九条'],
      ['trial:recordJudgment', '刑事诉讼法第二百零八条'],
      ['trial:recordAppeal', '刑事诉讼法第二百三十条'],
      ['trial:recordEffect', '刑事诉讼法第二百四十三条'],
    ]);
    expectEveryStepOnTime(chain);
  });

  it('shows a judge the same chain without the investigation notes and the review opinion', async () => {
    const asProcurator = (await settled(walked.judgment!.chainId)).data.caseChain;
    const res = await read(walked.judgment!.chainId, 'judge');
    expect(forbidden(res)).toEqual(['caseChain.policeCase.investigationNotes', 'caseChain.prosecution.reviewOpinion']);
    const chain = res.data.caseChain;
    // Everything else as the procurator sees it: every stage, document and step.
    expect({ ...chain, policeCase: { ...chain.policeCase, investigationNotes: [] }, prosecution: { ...chain.prosecution, reviewOpinion: null } })
      .toEqual({ ...asProcurator, policeCase: { ...asProcurator.policeCase, investigationNotes: [] }, prosecution: { ...asProcurator.prosecution, reviewOpinion: null } });
    expect(chain.trial.defendantName).toBe(WALK_PARTY.name);
  });

  it('shows the public the published decision and the effective judgment, with the name masked and nothing else', async () => {
    const res = await read(walked.judgment!.chainId);
    const chain = res.data.caseChain;
    // The published penalty decision (行政处罚法 Art. 48) and the effective judgment, the person's name masked (张*).
    expect(chain.administrativeCase).toMatchObject({ caseNumber: expect.any(String), party: { name: '王*', idNumber: null }, decision: { published: true } });
    expect(chain.trial).toMatchObject({ state: 'EFFECTIVE', defendantName: '王*', deliberationNotes: null, judgment: { verdict: 'GUILTY' } });
    // The transfer, the police's and the procuratorate's records are never the public's: FORBIDDEN wherever asked for.
    expect(chain.policeCase).toBeNull();
    expect(chain.prosecution).toBeNull();
    expect(chain.administrativeCase.transfer).toBeNull();
    expect(forbidden(res)).toEqual([
      'caseChain.administrativeCase.facts', 'caseChain.administrativeCase.party.idNumber', 'caseChain.administrativeCase.procuratorialOpinions',
      'caseChain.administrativeCase.steps', 'caseChain.administrativeCase.transfer', 'caseChain.policeCase', 'caseChain.prosecution',
      'caseChain.trial.deliberationNotes',
    ]);
    expect(JSON.stringify(chain)).not.toContain(WALK_PARTY.name);
    expect(JSON.stringify(chain)).not.toContain(WALK_PARTY.idNumber);
  });

  it('shows a procurator the chain sent back: 不起诉 on the police case, the 检察意见 and the agency\'s reply with the penalty imposed', async () => {
    const { chainId, ids } = walked['non-prosecution']!;
    const res = await settled(chainId);
    expect(res.errors).toBeUndefined();
    const chain = res.data.caseChain;
    expect(chain.policeCase).toMatchObject({ id: ids.policeCaseId, state: 'NOT_PROSECUTED', nonProsecutionNumber: expect.stringMatching(/^咸安检刑不诉〔\d{4}〕\d+号$/) });
    expect(chain.prosecution).toMatchObject({
      id: ids.prosecutionId, state: 'OPINION_REPLIED', decision: 'NOT_PROSECUTED', judgmentNumber: null,
      reverseTransfer: { reply: '已依法对当事人作出行政处罚', penaltyDecision: { documentNumber: chain.administrativeCase.decision.documentNumber } },
    });
    expect(chain.administrativeCase).toMatchObject({ decision: { published: true }, procuratorialOpinions: [{ reply: '已依法对当事人作出行政处罚', replyDocument: { kind: 'OPINION_REPLY', deliveryState: 'DELIVERED' } }] });
    expect(chain.trial).toBeNull();
    const docs = documentsOf(chain);
    expect(docs.sent).toEqual({
      enforcement: ['CASE_TRANSFER', 'OPINION_REPLY', 'SEIZED_ITEMS_HANDOVER'],
      police: ['FILING_NOTICE', 'PROSECUTION_TRANSFER', 'TRANSFER_RECEIPT'],
      procuratorate: ['NON_PROSECUTION_DECISION', 'PROCURATORIAL_OPINION'],
      court: [],
    });
    expect(docs.received).toEqual({
      enforcement: ['FILING_NOTICE', 'PROCURATORIAL_OPINION', 'TRANSFER_RECEIPT'],
      police: ['CASE_TRANSFER', 'NON_PROSECUTION_DECISION', 'SEIZED_ITEMS_HANDOVER'],
      procuratorate: ['OPINION_REPLY', 'PROSECUTION_TRANSFER'],
      court: [],
    });
    expectDocumentsConsistent(docs);
    // The reply is a document of the agency's case (not the transfer's): it rests on the 检察意见书, which rests on the 不起诉决定书.
    const reply = chain.administrativeCase.procuratorialOpinions[0].replyDocument as Doc;
    const opinion = docs.sentDocs.find((d) => d.kind === 'PROCURATORIAL_OPINION')!;
    const decision = docs.sentDocs.find((d) => d.kind === 'NON_PROSECUTION_DECISION')!;
    expect(reply.upstream).toEqual([{ id: opinion.id, digest: opinion.digest }]);
    expect(opinion.upstream.map((u) => u.id)).toEqual([expect.stringMatching(/^PROSECUTION_TRANSFER:/), decision.id]);
    expect(docs.received.procuratorate).toContain('OPINION_REPLY');
    expect(stepsTable(chain)).toEqual([
      ['administrativeCase:decidePenalty', '行政处罚法第六十条'],
      ['administrativeCase:decideTransfer', '国务院令第310号第五条'],
      ['administrativeCase:sendTransfer', '国务院令第310号第五条'],
      ['administrativeCase:handOverSeizedItems', '国务院令第310号第十二条'],
      ['administrativeCase:replyToProcuratorialOpinion', '最高人民检察院《关于推进行政执法与刑事司法衔接工作的规定》（2021年）'],
      ['administrativeCase:publishPenaltyDecision', '市场监督管理行政处罚信息公示规定第九条'],
      ['policeCase:signReceipt', '国务院令第310号第七条'],
      ['policeCase:decideFiling', '国务院令第310号第八条'],
      ['prosecution:acceptForReview', '人民检察院刑事诉讼规则第一百五十七条、第一百五十八条'],
      ['prosecution:decideProsecution', '刑事诉讼法第一百七十二条'],
    ]);
    expectEveryStepOnTime(chain);
  });

  it('shows a judge the chain sent back, and the public only its published decision', async () => {
    const { chainId } = walked['non-prosecution']!;
    const judge = await read(chainId, 'judge');
    expect(forbidden(judge)).toEqual(['caseChain.policeCase.investigationNotes', 'caseChain.prosecution.reviewOpinion']);
    expect(judge.data.caseChain.policeCase.state).toBe('NOT_PROSECUTED');
    expect(judge.data.caseChain.prosecution.state).toBe('OPINION_REPLIED');
    const pub = await read(chainId);
    expect(pub.data.caseChain).toMatchObject({ administrativeCase: { party: { name: '王*', idNumber: null }, decision: { published: true } }, policeCase: null, prosecution: null, trial: null });
    expect(JSON.stringify(pub.data)).not.toContain(WALK_PARTY.name);
  });
});

/** Steps in the order they started, with their articles. */
function stepsTable(chain: any) {
  return stepsOf(chain).map((s) => [s.where, s.article]);
}

/** Every step is done, before its due time (this walk takes minutes of steps of days and months). */
function expectEveryStepOnTime(chain: any) {
  for (const s of stepsOf(chain)) {
    expect({ step: s.where, done: !!s.doneAt, late: s.late }).toEqual({ step: s.where, done: true, late: false });
    expect(new Date(s.dueAt).getTime()).toBeGreaterThan(new Date(s.doneAt!).getTime());
  }
}

/** Every document sent is delivered and kept by its receiver once, with the same digest; every upstream digest is that of the document it names. */
function expectDocumentsConsistent(docs: ReturnType<typeof documentsOf>) {
  const digestOf = new Map<string, string>();
  for (const d of docs.sentDocs) {
    expect({ id: d.id, state: d.deliveryState }).toEqual({ id: d.id, state: 'DELIVERED' });
    digestOf.set(d.id, d.digest);
  }
  const received = docs.all.filter((d) => d.deliveryState === 'RECEIVED');
  expect(received.map((d) => d.id).sort()).toEqual([...digestOf.keys()].sort());
  for (const d of received) expect(d.digest).toBe(digestOf.get(d.id));
  for (const d of docs.all) for (const u of d.upstream) expect({ upstream: u.id, digest: u.digest }).toEqual({ upstream: u.id, digest: digestOf.get(u.id) });
}
