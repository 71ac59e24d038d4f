import {
  storedDocument,
  beijingDay,
  dueDate,
  enqueueDocument,
  verifyDocument,
  type DocumentContents,
  type HandoffDocument,
} from '@xianjie/subgraph-kit';
import { DIALECTS, errorOf, type GraphQLResponse, type Stack, startStack, until } from './harness';

/**
 * The procuratorate's steps (审查起诉) and the way back to the agency (反向衔接), through the
 * gateway as the roles that take them. A case reaches the procuratorate as the police's
 * 起诉意见书: a PROSECUTION_TRANSFER signed with the police's key and posted by the police
 * subgraph's own outbox and deliverer, for a seeded chain the police filed and have not
 * yet transferred for prosecution.
 */
const PROSECUTION = /* GraphQL */ `
  query Prosecution($id: ID!) {
    prosecutionCase(id: $id) {
      id caseNumber state decision acceptedAt charges procuratorateCode sentencingRecommendation
      nonProsecutionGrounds nonProsecutionArticle reviewExtendedAt reviewExtensionReason
      steps { step title article startedAt dueAt doneAt late }
      documents { id kind title number receiver receiverOrg deliveryState lastError nextStep nextStepDueAt nextStepArticle }
      reverseTransfer { agency { id } sentAt opinion replyDueAt reply repliedAt penaltyDecision { documentNumber fineAmount otherPenalties } }
    }
  }`;
const ACCEPT = /* GraphQL */ `mutation Accept($id: ID!) { acceptForReview(prosecutionCaseId: $id) { id state caseNumber acceptedAt } }`;
const EXTEND = /* GraphQL */ `
  mutation Extend($id: ID!, $reason: String!) {
    extendReview(prosecutionCaseId: $id, reason: $reason) { state reviewExtendedAt steps { step article dueAt doneAt } }
  }`;
const INDICT = /* GraphQL */ `
  mutation Indict($id: ID!, $input: IndictInput!) {
    indict(prosecutionCaseId: $id, input: $input) { id state decision decidedAt charges sentencingRecommendation reviewOpinion documents { kind number receiverOrg } }
  }`;
const NOT_PROSECUTE = /* GraphQL */ `
  mutation NotProsecute($id: ID!, $input: NotProsecuteInput!) {
    notProsecute(prosecutionCaseId: $id, input: $input) { state decision nonProsecutionGrounds nonProsecutionArticle }
  }`;
const OPINION = /* GraphQL */ `
  mutation Opinion($id: ID!, $opinion: String!) {
    sendProcuratorialOpinion(prosecutionCaseId: $id, opinion: $opinion) { state reverseTransfer { agency { id } opinion sentAt replyDueAt reply } }
  }`;
const AGENCY_CASE = /* GraphQL */ `
  query AgencyCase($id: ID!) {
    administrativeCase(id: $id) {
      id state agency { id }
      decision { documentNumber fineAmount otherPenalties benchmark { code } }
      procuratorialOpinions {
        prosecution { id } procuratorateCode opinion receivedAt replyDueAt reply repliedAt
        replyDocument { kind title number receiver receiverOrg deliveryState }
      }
      steps { step article dueAt doneAt }
    }
  }`;
const REPLY = /* GraphQL */ `
  mutation Reply($caseId: ID!, $input: ReplyToProcuratorialOpinionInput!) {
    replyToProcuratorialOpinion(caseId: $caseId, input: $input) {
      state decision { documentNumber fineAmount } procuratorialOpinions { reply repliedAt replyDocument { kind deliveryState } }
    }
  }`;
const WORK_LIST = (field: string) => /* GraphQL */ `
  query WorkList($first: Int!) { ${field}(first: $first) { totalCount edges { node { step title article recordId dueAt late } } } }`;

const workItems = (res: GraphQLResponse, field: string) =>
  (res.data[field].edges as { node: { recordId: string; step: string } }[]).map((e) => `${e.node.recordId}:${e.node.step}`);

const SHORT: Record<string, string> = {
  '421200': '咸检', '421202': '咸安检', '421221': '嘉检', '421222': '隽检', '421223': '崇检', '421224': '通检', '421281': '赤检',
};

/** A seeded chain the police filed and have not transferred for prosecution yet. */
interface FiledChain {
  chainId: string; policeCaseId: string; caseNumber: string; bureauCode: string; bureauName: string; agencyId: string; transferId: string;
  region: string; caseId: string; facts: string;
  suspects: { kind: 'PERSON' | 'ORGANIZATION'; name: string; idNumber: string }[];
  penalty: { documentNumber: string; decidedAt: string; fineFen: string; otherPenalties: string[] } | null;
}

describe.each(DIALECTS)('the procuratorate’s steps over %s', (dialect) => {
  let stack: Stack;
  let filed: FiledChain[];
  const serials: Record<string, number> = {};

  /** The police's 起诉意见书, through the police subgraph's outbox (their own step is built elsewhere). */
  const transferForProsecution = async (chain: FiledChain, documentId = `PROSECUTION_TRANSFER:${chain.policeCaseId}`) => {
    const police = stack.subgraphs.police!;
    const at = new Date();
    const content: DocumentContents['PROSECUTION_TRANSFER'] = {
      policeCaseId: chain.policeCaseId, policeCaseNumber: chain.caseNumber, filingNumber: null, bureauCode: chain.bureauCode,
      bureauName: chain.bureauName, agencyId: chain.agencyId, transferId: chain.transferId, procuratorateCode: `PP-${chain.region}`,
      suspects: chain.suspects, proposedCharges: ['生产、销售伪劣产品罪'], facts: chain.facts, penaltyDecision: chain.penalty,
    };
    const document: HandoffDocument = {
      id: documentId, kind: 'PROSECUTION_TRANSFER', title: '起诉意见书', number: `${chain.caseNumber}（起诉意见书）`,
      sender: 'police', senderOrg: chain.bureauCode, receiver: 'procuratorate', receiverOrg: `PP-${chain.region}`,
      chainId: chain.chainId, subjectId: chain.policeCaseId, issuedAt: at.toISOString(), content: { ...content }, upstream: [],
      nextStep: { step: 'decideProsecution', dueAt: dueDate(at, { count: 1, unit: 'months', article: '刑事诉讼法第一百七十二条' }).dueAt.toISOString(), article: '刑事诉讼法第一百七十二条' },
    };
    const signed = await police.database.db.transaction().execute((tx) => enqueueDocument(tx, document, stack.documentKeys.police!.privateKey));
    await police.deliverer.deliverDue();
    return until(
      () => police.database.db.selectFrom('handoffOutbox').select(['state', 'lastError']).where('id', '=', documentId).executeTakeFirstOrThrow(),
      (row: { state: string }) => row.state !== 'pending',
      `the 起诉意见书 ${documentId} to be delivered or refused`,
    ).then((row) => ({ ...row, digest: signed.digest }));
  };

  beforeAll(async () => {
    stack = await startStack(dialect);
    // Numbers continue the seeded ones: each procuratorate's last 刑诉 serial of the year, as document_serial holds it.
    const year = Number(beijingDay(new Date()).slice(0, 4));
    for (const row of await stack.subgraphs.procuratorate!.database.db.selectFrom('documentSerial').selectAll().where('kind', '=', '刑诉').where('year', '=', year).execute()) {
      serials[row.unit] = row.last;
    }
    const police = stack.subgraphs.police!.database.db;
    const enforcement = stack.subgraphs.enforcement!.database.db;
    const cases = await police.selectFrom('policeCase').selectAll().where('filingDecision', '=', 'FILED').where('transferredForProsecutionAt', 'is', null).orderBy('id').execute();
    filed = await Promise.all(cases.map(async (pc: any): Promise<FiledChain> => {
      const suspects = await police.selectFrom('suspect').select(['kind', 'name', 'idNumber']).where('policeCaseId', '=', pc.id).orderBy('id').execute();
      const adm = await enforcement.selectFrom('administrativeCase').select(['id', 'facts']).where('chainId', '=', pc.chainId).executeTakeFirstOrThrow();
      const decision = await enforcement.selectFrom('penaltyDecision').selectAll().where('caseId', '=', adm.id).executeTakeFirst();
      return {
        chainId: pc.chainId, policeCaseId: pc.id, caseNumber: pc.caseNumber, bureauCode: pc.bureauCode, bureauName: pc.bureauName,
        agencyId: pc.agencyId, transferId: pc.transferId, region: pc.bureauCode.replace(/^PB-/, ''), caseId: adm.id, facts: adm.facts, suspects,
        penalty: decision
          ? { documentNumber: decision.documentNumber, decidedAt: decision.decidedAt.toISOString(), fineFen: String(decision.fineFen), otherPenalties: decision.otherPenalties }
          : null,
      };
    }));
  });
  afterAll(() => stack?.stop());

  const nextSerial = (unit: string) => (serials[unit] = (serials[unit] ?? 0) + 1);

  it('has seeded chains filed by the police and not yet transferred for prosecution, with and without a penalty', () => {
    expect(filed.some((c) => c.penalty)).toBe(true);
    expect(filed.some((c) => !c.penalty)).toBe(true);
  });

  it('receives a case for prosecution, accepts it, extends the review once and indicts it before the basic court, with its 起诉书', async () => {
    const chain = filed.find((c) => c.penalty)!;
    const pp = `PP-${chain.region}`;
    const prId = chain.policeCaseId.replace(/^PC-/, 'PR-');
    const procurator = await stack.token('procurator', pp);
    const otherProcurator = await stack.token('procurator', chain.region === '421202' ? 'PP-421221' : 'PP-421202');
    const police = await stack.token('police', chain.bureauCode);

    const sent = await transferForProsecution(chain);
    expect(sent).toMatchObject({ state: 'delivered', lastError: null });

    // Opened awaiting acceptance, without a number yet; both steps owed, the decision in one month (Art. 172).
    const received = await stack.query(PROSECUTION, { id: prId }, procurator);
    expect(received.errors).toBeUndefined();
    const opened = received.data.prosecutionCase;
    expect(opened).toMatchObject({ state: 'AWAITING_ACCEPTANCE', decision: 'PENDING', caseNumber: null, acceptedAt: null, procuratorateCode: pp, charges: ['生产、销售伪劣产品罪'] });
    const decide = opened.steps.find((s: { step: string }) => s.step === 'decideProsecution');
    expect(decide).toMatchObject({ article: '刑事诉讼法第一百七十二条', doneAt: null, late: false });
    expect(decide.dueAt).toBe(dueDate(new Date(decide.startedAt), { count: 1, unit: 'months', article: '' }).dueAt.toISOString());
    expect(new Date(decide.dueAt).getTime() - Date.now()).toBeGreaterThan(27 * 86_400_000);
    expect(opened.steps.find((s: { step: string }) => s.step === 'acceptForReview')).toMatchObject({ article: '人民检察院刑事诉讼规则第一百五十七条、第一百五十八条', doneAt: null });

    // The procuratorate's work list has both, soonest due first.
    const work = await stack.query(WORK_LIST('procuratorateWorkList'), { first: 100 }, procurator);
    expect(workItems(work, 'procuratorateWorkList')).toEqual(expect.arrayContaining([`${prId}:acceptForReview`, `${prId}:decideProsecution`]));
    const dues = work.data.procuratorateWorkList.edges.map((e: { node: { dueAt: string } }) => e.node.dueAt);
    expect([...dues].sort()).toEqual(dues);
    expect(workItems(await stack.query(WORK_LIST('procuratorateWorkList'), { first: 100 }, otherProcurator), 'procuratorateWorkList')).not.toContain(`${prId}:acceptForReview`);

    // Refusals: the wrong role, another procuratorate (answered as a missing case), the wrong state.
    expect(errorOf(await stack.query(ACCEPT, { id: prId }, police))).toEqual({ code: 'FORBIDDEN', message: '只有检察官可以受理审查起诉案件' });
    const foreign = errorOf(await stack.query(ACCEPT, { id: prId }, otherProcurator));
    const missing = errorOf(await stack.query(ACCEPT, { id: 'PR-9999999' }, otherProcurator));
    expect(foreign.code).toBe('NOT_FOUND');
    expect(foreign.message.replace(prId, 'X')).toBe(missing.message.replace('PR-9999999', 'X'));
    const early = await stack.query(INDICT, { id: prId, input: { charges: ['生产、销售伪劣产品罪'] } }, procurator);
    expect(errorOf(early)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「起诉意见书已送达，待受理」(AWAITING_ACCEPTANCE)，不能提起公诉') });

    // 受理: the number, per procuratorate and year.
    const accepted = await stack.query(ACCEPT, { id: prId }, procurator);
    expect(accepted.errors).toBeUndefined();
    const year = beijingDay(new Date()).slice(0, 4);
    expect(accepted.data.acceptForReview).toMatchObject({ state: 'UNDER_REVIEW', caseNumber: `${SHORT[chain.region]}刑诉〔${year}〕${nextSerial(pp)}号` });
    const caseNumber = accepted.data.acceptForReview.caseNumber;
    const again = await stack.query(ACCEPT, { id: prId }, procurator);
    expect(errorOf(again)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「已受理，审查起诉中」(UNDER_REVIEW)') });

    // 延长十五日 once (Art. 172): the month from receipt, then fifteen days.
    const extended = await stack.query(EXTEND, { id: prId, reason: '涉案金额大、证据复杂，需要进一步核实' }, procurator);
    expect(extended.errors).toBeUndefined();
    const month = dueDate(new Date(decide.startedAt), { count: 1, unit: 'months', article: '', inCustody: true });
    expect(extended.data.extendReview.steps.find((s: { step: string }) => s.step === 'decideProsecution')).toMatchObject({
      article: '刑事诉讼法第一百七十二条（重大、复杂案件延长十五日）',
      dueAt: dueDate(month.dueAt, { count: 15, unit: 'days', article: '' }).dueAt.toISOString(),
    });
    expect(new Date(extended.data.extendReview.steps.find((s: { step: string }) => s.step === 'decideProsecution').dueAt).getTime() - new Date(decide.dueAt).getTime())
      .toBeGreaterThanOrEqual(13 * 86_400_000);
    const twice = await stack.query(EXTEND, { id: prId, reason: '再次延长' }, procurator);
    expect(errorOf(twice)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('只能延长一次') });

    // 提起公诉: charges required; then the 起诉书 to the region's basic court.
    const noCharges = await stack.query(INDICT, { id: prId, input: { charges: [' '] } }, procurator);
    expect(errorOf(noCharges)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('罪名') });
    const indicted = await stack.query(INDICT, {
      id: prId,
      input: { charges: ['生产、销售伪劣产品罪'], sentencingRecommendation: '有期徒刑一年，并处罚金人民币十万元', reviewOpinion: '犯罪事实清楚，证据确实、充分' },
    }, procurator);
    expect(indicted.errors).toBeUndefined();
    const court = `CO-${chain.region === '421200' ? '421202' : chain.region}`;
    expect(indicted.data.indict).toMatchObject({
      state: 'INDICTED', decision: 'INDICTED', charges: ['生产、销售伪劣产品罪'], sentencingRecommendation: '有期徒刑一年，并处罚金人民币十万元',
      reviewOpinion: '犯罪事实清楚，证据确实、充分', documents: [{ kind: 'INDICTMENT', number: caseNumber, receiverOrg: court }],
    });

    // The 起诉书 leaves the outbox for the court (DELIVERED once the court receives indictments; refused with 422 until then).
    const after = await until(
      () => stack.query(PROSECUTION, { id: prId }, procurator),
      (res) => res.data?.prosecutionCase?.documents?.[0]?.deliveryState !== 'PENDING',
      'the indictment to reach the court',
    );
    const [indictment] = after.data.prosecutionCase.documents;
    expect(indictment).toMatchObject({ kind: 'INDICTMENT', title: '起诉书', receiver: 'court', nextStep: 'recordJudgment', nextStepArticle: '刑事诉讼法第二百零八条' });
    expect(['DELIVERED', 'REJECTED']).toContain(indictment.deliveryState);
    if (indictment.deliveryState === 'REJECTED') expect(indictment.lastError).toBe('court does not receive documents of kind INDICTMENT');
    expect(indictment.nextStepDueAt).toBe(dueDate(new Date(indicted.data.indict.decidedAt), { count: 2, unit: 'months', article: '' }).dueAt.toISOString());
    expect(after.data.prosecutionCase.steps.find((s: { step: string }) => s.step === 'decideProsecution')).toMatchObject({ doneAt: expect.any(String), late: false });

    // Its content: the defendants, charges and facts, the penalty already imposed, and the 起诉意见书 it rests on, signed by the procuratorate.
    const row = await stack.subgraphs.procuratorate!.database.db.selectFrom('handoffOutbox').selectAll().where('id', '=', `INDICTMENT:${prId}`).executeTakeFirstOrThrow();
    const document = storedDocument(row.document);
    await expect(verifyDocument({ document, digest: row.digest, signature: row.signature }, { procuratorate: stack.documentKeys.procuratorate!.publicKey })).resolves.toBeUndefined();
    expect(document.content).toEqual({
      prosecutionCaseId: prId, prosecutionCaseNumber: caseNumber, procuratorateCode: pp, procuratorateName: expect.stringMatching(/人民检察院$/),
      policeCaseId: chain.policeCaseId, agencyId: chain.agencyId, courtCode: court, defendants: chain.suspects, charges: ['生产、销售伪劣产品罪'],
      facts: chain.facts, sentencingRecommendation: '有期徒刑一年，并处罚金人民币十万元', penaltyDecision: chain.penalty,
    });
    expect(document.upstream).toEqual([{ id: `PROSECUTION_TRANSFER:${chain.policeCaseId}`, digest: sent.digest }]);
    expect(document).toMatchObject({ sender: 'procuratorate', senderOrg: pp, receiver: 'court', receiverOrg: court, chainId: chain.chainId });

    // Nothing else may follow an indictment here.
    const notNow = await stack.query(NOT_PROSECUTE, { id: prId, input: { grounds: '情节轻微', article: 'ART_177_2' } }, procurator);
    expect(errorOf(notNow)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「已提起公诉」(INDICTED)，不能作出不起诉决定') });
    const noOpinion = await stack.query(OPINION, { id: prId, opinion: '建议给予行政处罚' }, procurator);
    expect(errorOf(noOpinion)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「已提起公诉」(INDICTED)') });

    // A second 起诉意见书 for the same chain is refused by the inbox for good.
    const duplicate = await transferForProsecution(chain, `PROSECUTION_TRANSFER:${chain.policeCaseId}:2`);
    expect(duplicate).toMatchObject({ state: 'rejected', lastError: `案件 ${chain.chainId} 已有审查起诉案件 ${prId}` });
  });

  it('does not prosecute, sends the case back with a 检察意见, and the agency’s reply with the penalty it imposed comes back', async () => {
    const chain = filed.find((c) => !c.penalty)!;
    const pp = `PP-${chain.region}`;
    const prId = chain.policeCaseId.replace(/^PC-/, 'PR-');
    const procurator = await stack.token('procurator', pp);
    const officer = await stack.token('enforcement', chain.agencyId);
    const otherOfficer = await stack.token('enforcement', chain.agencyId === 'AG-421202-SCJG' ? 'AG-421221-SCJG' : 'AG-421202-SCJG');

    expect(await transferForProsecution(chain)).toMatchObject({ state: 'delivered' });
    expect((await stack.query(ACCEPT, { id: prId }, procurator)).errors).toBeUndefined();
    // No opinion before a non-prosecution.
    const early = await stack.query(OPINION, { id: prId, opinion: '建议给予行政处罚' }, procurator);
    expect(errorOf(early)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「已受理，审查起诉中」(UNDER_REVIEW)，不能提出检察意见') });

    // 不起诉 (Art. 177 para. 2): the decision goes to the police bureau (Art. 179), which keeps it.
    const grounds = '犯罪情节轻微，系初犯，认罪认罚，依照刑法规定不需要判处刑罚';
    const notProsecuted = await stack.query(NOT_PROSECUTE, { id: prId, input: { grounds, article: 'ART_177_2' } }, procurator);
    expect(notProsecuted.errors).toBeUndefined();
    expect(notProsecuted.data.notProsecute).toEqual({ state: 'NOT_PROSECUTED', decision: 'NOT_PROSECUTED', nonProsecutionGrounds: grounds, nonProsecutionArticle: 'ART_177_2' });
    const decided = await until(
      () => stack.query(PROSECUTION, { id: prId }, procurator),
      (res) => res.data?.prosecutionCase?.documents?.[0]?.deliveryState === 'DELIVERED',
      'the non-prosecution decision to reach the police',
    );
    const year = beijingDay(new Date()).slice(0, 4);
    expect(decided.data.prosecutionCase.documents[0]).toMatchObject({
      kind: 'NON_PROSECUTION_DECISION', title: '不起诉决定书', receiver: 'police', receiverOrg: chain.bureauCode,
      number: expect.stringMatching(new RegExp(`^${SHORT[chain.region]}刑不诉〔${year}〕\\d+号$`)), nextStep: null,
    });
    const kept = await stack.subgraphs.police!.database.db.selectFrom('handoffInbox').select(['document']).where('id', '=', `NON_PROSECUTION_DECISION:${prId}`).executeTakeFirstOrThrow();
    const keptDocument = storedDocument(kept.document);
    expect(keptDocument.content).toEqual({ prosecutionCaseId: prId, policeCaseId: chain.policeCaseId, grounds, article: '刑事诉讼法第一百七十七条第二款' });

    // 检察意见: only procurators; then the reverse transfer, the reply due in two months.
    const opinion = '本院决定对被不起诉人不起诉，其行为应当给予行政处罚。依照《中华人民共和国刑事诉讼法》第一百七十七条第三款，提出检察意见，请依法处理并书面回复本院。';
    expect(errorOf(await stack.query(OPINION, { id: prId, opinion }, officer)).code).toBe('FORBIDDEN');
    const sent = await stack.query(OPINION, { id: prId, opinion }, procurator);
    expect(sent.errors).toBeUndefined();
    const reverse = sent.data.sendProcuratorialOpinion.reverseTransfer;
    expect(sent.data.sendProcuratorialOpinion.state).toBe('OPINION_SENT');
    expect(reverse).toMatchObject({ agency: { id: chain.agencyId }, opinion, reply: null });
    expect(reverse.replyDueAt).toBe(dueDate(new Date(reverse.sentAt), { count: 2, unit: 'months', article: '' }).dueAt.toISOString());
    const twice = await stack.query(OPINION, { id: prId, opinion }, procurator);
    expect(errorOf(twice)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「已提出检察意见，待行政执法机关回复」(OPINION_SENT)') });

    // The agency receives it: the opinion on its case, the reply owed in its work list. The
    // opinion and the step owed are stored together, but read by two statements of one request
    // that may run either side of that commit: wait until the response shows both.
    const received = await until(
      () => stack.query(AGENCY_CASE, { id: chain.caseId }, officer),
      (res) => res.data?.administrativeCase?.procuratorialOpinions?.length === 1
        && res.data.administrativeCase.steps.some((s: { step: string }) => s.step === 'replyToProcuratorialOpinion'),
      'the procuratorial opinion and the reply it is owed to reach the agency',
    );
    const [got] = received.data.administrativeCase.procuratorialOpinions;
    expect(got).toMatchObject({ prosecution: { id: prId }, procuratorateCode: pp, opinion, reply: null, repliedAt: null, replyDocument: null });
    expect(got.replyDueAt).toBe(dueDate(new Date(got.receivedAt), { count: 2, unit: 'months', article: '' }).dueAt.toISOString());
    expect(received.data.administrativeCase.state).toBe('REGISTERED');
    expect(received.data.administrativeCase.steps).toEqual(expect.arrayContaining([
      expect.objectContaining({ step: 'replyToProcuratorialOpinion', article: '最高人民检察院《关于推进行政执法与刑事司法衔接工作的规定》（2021年）', dueAt: got.replyDueAt, doneAt: null }),
    ]));
    const agencyWork = await stack.query(WORK_LIST('enforcementWorkList'), { first: 100 }, officer);
    expect(workItems(agencyWork, 'enforcementWorkList')).toContain(`${chain.caseId}:replyToProcuratorialOpinion`);

    // The reply with the penalty decided in the same step: another agency may not; the benchmark still binds.
    const agency = await stack.query(`{ agency(id: "${chain.agencyId}") { discretionBenchmarks { code minFine maxFine } } }`, {}, officer);
    const benchmark = agency.data.agency.discretionBenchmarks[0];
    const penalty = { fineAmount: benchmark.minFine, otherPenalties: ['没收违法所得'], legalBasis: '依据有关法律规定', benchmarkCode: benchmark.code };
    const reply = '经查，当事人违法事实清楚，本机关已依法作出行政处罚决定。';
    const foreign = await stack.query(REPLY, { caseId: chain.caseId, input: { reply, penalty } }, otherOfficer);
    expect(errorOf(foreign).code).toBe('NOT_FOUND');
    const tooHigh = (BigInt(benchmark.maxFine.replace('.', '')) + 100n).toString();
    const outOfRange = await stack.query(REPLY, { caseId: chain.caseId, input: { reply, penalty: { ...penalty, fineAmount: `${tooHigh.slice(0, -2)}.${tooHigh.slice(-2)}` } } }, officer);
    expect(errorOf(outOfRange)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/超出裁量基准.*行政处罚法第三十四条/) });
    const replied = await stack.query(REPLY, { caseId: chain.caseId, input: { reply, penalty } }, officer);
    expect(replied.errors).toBeUndefined();
    expect(replied.data.replyToProcuratorialOpinion).toMatchObject({
      state: 'DECIDED', decision: { fineAmount: benchmark.minFine, documentNumber: expect.stringMatching(/罚决〔\d{4}〕\d+号$/) },
      procuratorialOpinions: [{ reply, repliedAt: expect.any(String), replyDocument: { kind: 'OPINION_REPLY' } }],
    });
    const documentNumber = replied.data.replyToProcuratorialOpinion.decision.documentNumber;
    const again = await stack.query(REPLY, { caseId: chain.caseId, input: { reply } }, officer);
    expect(errorOf(again)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「已回复检察意见」(REPLIED)') });
    // The reply is done; the seeded steps before it (the transfer's) were all taken, and the penalty decided now owes at most its publication.
    const agencyCase = await stack.query(AGENCY_CASE, { id: chain.caseId }, officer);
    const steps: { step: string; doneAt: string | null }[] = agencyCase.data.administrativeCase.steps;
    expect(steps).toEqual(expect.arrayContaining([expect.objectContaining({ step: 'replyToProcuratorialOpinion', doneAt: expect.any(String) })]));
    expect(steps.filter((s) => s.doneAt === null).map((s) => s.step).filter((s) => s !== 'publishPenaltyDecision')).toEqual([]);
    expect(workItems(await stack.query(WORK_LIST('enforcementWorkList'), { first: 100 }, officer), 'enforcementWorkList'))
      .not.toContain(`${chain.caseId}:replyToProcuratorialOpinion`);

    // The reply reaches the procuratorate and is recorded on the reverse transfer.
    const closed = await until(
      () => stack.query(PROSECUTION, { id: prId }, procurator),
      (res) => res.data?.prosecutionCase?.state === 'OPINION_REPLIED',
      'the reply to reach the procuratorate',
    );
    expect(closed.data.prosecutionCase.reverseTransfer).toMatchObject({
      reply, repliedAt: expect.any(String),
      penaltyDecision: { documentNumber, fineAmount: benchmark.minFine, otherPenalties: ['没收违法所得'] },
    });
    // Each sender marks its document delivered once the receiver has answered (which may come just after the receiver's record).
    const delivered = await until(
      () => stack.query(PROSECUTION, { id: prId }, procurator),
      (res) => res.data?.prosecutionCase?.documents?.every((d: { deliveryState: string }) => d.deliveryState === 'DELIVERED'),
      'the procuratorate to see its documents delivered',
    );
    expect(delivered.data.prosecutionCase.documents.map((d: { kind: string }) => d.kind)).toEqual(['NON_PROSECUTION_DECISION', 'PROCURATORIAL_OPINION']);
    const replyDocument = await until(
      async () => (await stack.query(AGENCY_CASE, { id: chain.caseId }, officer)).data.administrativeCase.procuratorialOpinions[0].replyDocument,
      (d) => d.deliveryState === 'DELIVERED',
      'the agency to see its reply delivered',
    );
    expect(replyDocument).toMatchObject({ title: '检察意见回复函', receiver: 'procuratorate', receiverOrg: pp, number: expect.stringMatching(/函〔\d{4}〕\d+号$/) });

    // Who sees the opinions: the judiciary and oversight, the agency; not the public, even once the decision is published.
    const published = await stack.query(`mutation { publishPenaltyDecision(caseId: "${chain.caseId}") { published } }`, {}, officer);
    expect(published.data.publishPenaltyDecision.published).toBe(true);
    const OPINIONS = `query($id: ID!) { administrativeCase(id: $id) { caseNumber procuratorialOpinions { opinion } } }`;
    const asPublic = await stack.query(OPINIONS, { id: chain.caseId });
    expect(asPublic.data.administrativeCase).toEqual({ caseNumber: expect.any(String), procuratorialOpinions: null });
    expect(asPublic.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([['FORBIDDEN', 'administrativeCase.procuratorialOpinions']]);
    for (const role of ['judge', 'oversight'] as const) {
      const seen = await stack.query(OPINIONS, { id: chain.caseId }, await stack.token(role, role === 'judge' ? 'CO-421202' : 'LA-421200'));
      expect(seen.data.administrativeCase.procuratorialOpinions).toEqual([{ opinion }]);
    }

    // The chain as the procurator reads it: the way back to the penalty.
    const chainRead = await stack.query(
      `query($id: ID!) { caseChain(id: $id) { administrativeCase { decision { documentNumber } } prosecution { state nonProsecutionArticle reverseTransfer { reply } } } }`,
      { id: chain.chainId }, procurator,
    );
    expect(chainRead.data.caseChain).toEqual({
      administrativeCase: { decision: { documentNumber } },
      prosecution: { state: 'OPINION_REPLIED', nonProsecutionArticle: 'ART_177_2', reverseTransfer: { reply } },
    });
  });

  it('does not indict a seeded case whose 起诉意见书 did not come through Xianjie', async () => {
    const procuratorate = stack.subgraphs.procuratorate!.database.db;
    const seeded = await procuratorate.selectFrom('prosecutionCase').select(['id', 'procuratorateCode']).where('decision', '=', 'PENDING')
      .where('awaitingAcceptance', '=', false).orderBy('id').executeTakeFirstOrThrow();
    const procurator = await stack.token('procurator', seeded.procuratorateCode);
    const refused = await stack.query(INDICT, { id: seeded.id, input: { charges: ['污染环境罪'] } }, procurator);
    expect(errorOf(refused)).toEqual({ code: 'BAD_USER_INPUT', message: `${seeded.id} 的起诉意见书不是经本平台送达的，本院没有可据以提起公诉的起诉意见书副本` });
    const unchanged = await stack.query(PROSECUTION, { id: seeded.id }, procurator);
    expect(unchanged.data.prosecutionCase).toMatchObject({ state: 'UNDER_REVIEW', decision: 'PENDING', documents: [] });
  });
});
