import {
  storedDocument,
  beijingDay,
  demoReferenceData,
  DOCUMENT_TITLES,
  dueDate,
  enqueueDocument,
  firstInstanceCourt,
  generateChain,
  verifyDocument,
  type DocumentContents,
  type HandoffDocument,
  type SignedDocument,
} from '@xianjie/subgraph-kit';
import { sql } from 'kysely';
import { DIALECTS, errorOf, type Stack, startStack, TEST_DEMO, until } from './harness';

/**
 * The courts' steps (issue 6): a trial opened by a 起诉书 delivered from the procuratorate's
 * outbox, accepted with its case number, judged with the offsets of 行政处罚法 Art. 35
 * computed from the penalty the indictment carries, appealed or not, and effective; the
 * 判决书 goes to the procuratorate and the originating agency. Every step through the
 * gateway, as the judge of the court the indictment was addressed to.
 */

/** The 刑法 article of each charge the demo prosecutes, from laws/criminal-law.md. */
const ARTICLE_OF: Record<string, string> = {
  销售伪劣产品罪: '刑法第一百四十条',
  '生产、销售不符合安全标准的食品罪': '刑法第一百四十三条',
  '生产、销售有毒、有害食品罪': '刑法第一百四十四条',
  销售假冒注册商标的商品罪: '刑法第二百一十四条',
  非法行医罪: '刑法第三百三十六条第一款',
  污染环境罪: '刑法第三百三十八条',
  非法捕捞水产品罪: '刑法第三百四十条',
  非法占用农用地罪: '刑法第三百四十二条',
  非法采矿罪: '刑法第三百四十三条第一款',
  盗伐林木罪: '刑法第三百四十五条第一款',
  滥伐林木罪: '刑法第三百四十五条第二款',
};

const TRIAL = /* GraphQL */ `
  fragment Trial on CriminalTrial {
    id caseNumber state courtCode courtName acceptedAt receivedAt defendantName
    judgment {
      verdict charges prisonTermMonths fineAmount fineOffsetAmount detentionOffsetDays judgedAt appealed appealedAt appealedBy
      secondInstanceRuling effectiveAt
    }
    steps { step title article startedAt dueAt doneAt late }
    documents { id kind title number sender senderOrg receiver receiverOrg digest deliveryState nextStep }
  }`;
const READ = /* GraphQL */ `query Read($id: ID!) { criminalTrial(id: $id) { ...Trial } } ${TRIAL}`;
const ACCEPT = /* GraphQL */ `mutation Accept($id: ID!) { acceptIndictment(trialId: $id) { ...Trial } } ${TRIAL}`;
const JUDGE = /* GraphQL */ `mutation Judge($id: ID!, $input: RecordJudgmentInput!) { recordJudgment(trialId: $id, input: $input) { ...Trial } } ${TRIAL}`;
const APPEAL = /* GraphQL */ `mutation Appeal($id: ID!, $by: Appellant!) { recordAppeal(trialId: $id, by: $by) { ...Trial } } ${TRIAL}`;
const EFFECT = /* GraphQL */ `mutation Effect($id: ID!, $ruling: String) { recordEffect(trialId: $id, secondInstanceRuling: $ruling) { ...Trial } } ${TRIAL}`;
const WORK_LIST = /* GraphQL */ `
  query WorkList($first: Int!) { courtWorkList(first: $first) { totalCount edges { node { step title article recordId dueAt late } } } }`;
const CHAIN = /* GraphQL */ `
  query Chain($id: ID!) {
    caseChain(id: $id) {
      administrativeCase { facts agency { id } decision { documentNumber decidedAt fineAmount otherPenalties } }
      policeCase { id suspects { kind name idNumber } }
      prosecution { id caseNumber procuratorateCode procuratorateName charges decision }
    }
  }`;
const PUBLIC_CHAIN = /* GraphQL */ `
  query PublicChain($id: ID!) {
    caseChain(id: $id) { trial { caseNumber defendantName judgment { verdict prisonTermMonths fineAmount fineOffsetAmount effectiveAt } } }
  }`;

const fen = (yuan: string) => yuan.replace('.', '');
const yuan = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
const DAY = 86_400_000;

/**
 * Seeded chains whose prosecution awaits its decision, with a penalty decision, and no
 * trial yet: the ones an indictment may now bring to a court. The court is the basic court
 * of the procuratorate's region.
 */
const ref = demoReferenceData(TEST_DEMO.seed);
const chains = Array.from({ length: TEST_DEMO.cases }, (_, i) => generateChain(TEST_DEMO.seed, i + 1, TEST_DEMO.cases, ref));
const candidates = chains.filter(
  (c) => c.prosecutionCase?.decision === 'PENDING' && c.penaltyDecision && !c.criminalTrial &&
    // a term together with a fine is not provided for under Art. 340 ("……或者罚金")
    c.prosecutionCase.charges.every((charge) => charge !== '非法捕捞水产品罪'),
);
/** The basic court that tries a procuratorate's indictments (刑事诉讼法 Art. 20). */
const courtOf = (procuratorateCode: string) => firstInstanceCourt(procuratorateCode.replace(/^PP-/, '')).code;
const YEAR = beijingDay(new Date()).slice(0, 4);
/** The highest 刑初 serial a court holds this year among the seeded trials. */
const seededSerial = (court: string) =>
  Math.max(0, ...chains.filter((c) => c.criminalTrial?.courtCode === court && c.criminalTrial.caseNumber?.slice(1, 5) === YEAR)
    .map((c) => Number(/刑初(\d+)号/.exec(c.criminalTrial!.caseNumber!)![1])));

describe.each(DIALECTS)('the courts’ steps over %s', (dialect) => {
  let stack: Stack;
  let procurator: string;
  let police: string;
  const judges = new Map<string, string>();
  const judge = async (court: string) => {
    if (!judges.has(court)) judges.set(court, await stack.token('judge', court));
    return judges.get(court)!;
  };
  const given = new Map<string, number>();
  const expectedNumber = (court: string) => {
    const serial = (given.get(court) ?? seededSerial(court)) + 1;
    given.set(court, serial);
    const region = court.replace(/^CO-/, '');
    return `（${YEAR}）鄂${region.endsWith('00') ? region.slice(2, 4) : region.slice(2)}刑初${serial}号`;
  };

  /**
   * 起诉书 for a seeded chain, as the procuratorate would send it: signed with its key,
   * written to its outbox and delivered to the court's inbox. The penalty it carries is
   * the one the agency serves for the chain (plus detention days when given).
   */
  const indict = async (chainId: string, detentionDays?: number): Promise<{ signed: SignedDocument; trialId: string; court: string; adminFine: string }> => {
    const read = await stack.query(CHAIN, { id: chainId }, procurator);
    expect(read.errors).toBeUndefined();
    const { administrativeCase: admin, policeCase, prosecution } = read.data.caseChain;
    const court = courtOf(prosecution.procuratorateCode);
    const content: DocumentContents['INDICTMENT'] = {
      prosecutionCaseId: prosecution.id, prosecutionCaseNumber: prosecution.caseNumber, procuratorateCode: prosecution.procuratorateCode,
      procuratorateName: prosecution.procuratorateName, policeCaseId: policeCase.id, agencyId: admin.agency.id, courtCode: court,
      defendants: policeCase.suspects, charges: prosecution.charges, facts: admin.facts, sentencingRecommendation: '建议判处有期徒刑一年，并处罚金',
      penaltyDecision: {
        documentNumber: admin.decision.documentNumber, decidedAt: admin.decision.decidedAt, fineFen: fen(admin.decision.fineAmount),
        otherPenalties: admin.decision.otherPenalties, ...(detentionDays ? { detentionDays } : {}),
      },
    };
    const now = new Date();
    const document: HandoffDocument = {
      id: `INDICTMENT:${prosecution.id}`, kind: 'INDICTMENT', title: DOCUMENT_TITLES.INDICTMENT, number: prosecution.caseNumber,
      sender: 'procuratorate', senderOrg: prosecution.procuratorateCode, receiver: 'court', receiverOrg: court,
      chainId, subjectId: prosecution.id, issuedAt: now.toISOString(), content: { ...content }, upstream: [],
      nextStep: { step: 'recordJudgment', dueAt: dueDate(now, { count: 2, unit: 'months', article: '刑事诉讼法第二百零八条' }).dueAt.toISOString(), article: '刑事诉讼法第二百零八条' },
    };
    const procuratorate = stack.subgraphs.procuratorate!;
    const signed = await procuratorate.database.db.transaction().execute((tx) => enqueueDocument(tx, document, stack.documentKeys.procuratorate!.privateKey));
    await procuratorate.deliverer.deliverDue();
    const trialId = prosecution.id.replace(/^PR-/, 'CT-');
    await until(() => stack.query(READ, { id: trialId }, judges.get(court) ?? procurator), (res) => !!res.data?.criminalTrial, `${trialId} to be opened`);
    return { signed, trialId, court, adminFine: admin.decision.fineAmount };
  };

  /** As if the judgment had been pronounced `days` earlier: its date and its appeal period move back. */
  const pronouncedDaysAgo = async (trialId: string, days: number) => {
    const db = stack.subgraphs.court!.database.db;
    const { judgedAt } = await db.selectFrom('criminalTrial').select('judgedAt').where('id', '=', trialId).executeTakeFirstOrThrow();
    const earlier = new Date(judgedAt!.getTime() - days * DAY);
    await db.updateTable('criminalTrial').set({ judgedAt: earlier }).where('id', '=', trialId).execute();
    await db.updateTable('workflowTask')
      .set({ startedAt: earlier, dueAt: dueDate(earlier, { count: 10, unit: 'days', article: '刑事诉讼法第二百三十条' }).dueAt })
      .where('recordId', '=', trialId).where('step', '=', 'recordAppeal').execute();
    return earlier;
  };

  beforeAll(async () => {
    expect(candidates.length).toBeGreaterThanOrEqual(2);
    stack = await startStack(dialect);
    procurator = await stack.token('procurator', candidates[0]!.prosecutionCase!.procuratorateCode);
    police = await stack.token('police', 'PB-421202');
  });
  afterAll(() => stack?.stop());

  it('opens a trial from a delivered 起诉书, accepts it, judges it with the Art. 35 offsets and, with no appeal, makes it effective and public', async () => {
    const chain = candidates[0]!;
    const court = courtOf(chain.prosecutionCase!.procuratorateCode);
    const asJudge = await judge(court);
    const otherCourt = court === 'CO-421202' ? 'CO-421281' : 'CO-421202';
    const { signed, trialId, adminFine } = await indict(chain.chainId);

    // The trial awaits acceptance by the court the indictment was addressed to, its step owed in 7 days.
    const opened = await stack.query(READ, { id: trialId }, asJudge);
    expect(opened.errors).toBeUndefined();
    expect(opened.data.criminalTrial).toMatchObject({
      id: trialId, state: 'AWAITING_ACCEPTANCE', caseNumber: null, acceptedAt: null, courtCode: court, judgment: null,
      defendantName: chain.suspects.find((s) => s.kind === 'PERSON')!.name, documents: [],
    });
    expect(opened.data.criminalTrial.courtName).toMatch(/人民法院$/);
    expect(opened.data.criminalTrial.steps).toEqual([
      expect.objectContaining({ step: 'acceptIndictment', title: '受理公诉案件', article: expect.stringContaining('解释第二百一十九条'), doneAt: null, late: false }),
    ]);
    const work = await stack.query(WORK_LIST, { first: 100 }, asJudge);
    expect(work.data.courtWorkList.edges.map((e: { node: { recordId: string; step: string } }) => `${e.node.recordId}:${e.node.step}`)).toContain(`${trialId}:acceptIndictment`);
    const otherWork = await stack.query(WORK_LIST, { first: 100 }, await judge(otherCourt));
    expect(otherWork.data.courtWorkList.edges.map((e: { node: { recordId: string } }) => e.node.recordId)).not.toContain(trialId);
    // The public sees nothing of a trial before its judgment takes effect.
    const early = await stack.query(PUBLIC_CHAIN, { id: chain.chainId });
    expect(early.data.caseChain.trial).toBeNull();
    // Not yet public: to the public it is as if there were no trial (issue 9: no existence oracle).
    expect(early.errors).toBeUndefined();

    // Wrong role, wrong court, wrong state.
    const byProcurator = await stack.query(ACCEPT, { id: trialId }, procurator);
    expect(errorOf(byProcurator)).toEqual({ code: 'FORBIDDEN', message: '只有审判人员可以受理公诉案件' });
    const byPolice = await stack.query(ACCEPT, { id: trialId }, police);
    expect(errorOf(byPolice).code).toBe('FORBIDDEN');
    const foreign = await stack.query(ACCEPT, { id: trialId }, await judge(otherCourt));
    const missing = await stack.query(ACCEPT, { id: 'CT-9999999' }, await judge(otherCourt));
    expect(errorOf(foreign).code).toBe('NOT_FOUND');
    expect(errorOf(foreign).message.replace(trialId, 'X')).toBe(errorOf(missing).message.replace('CT-9999999', 'X'));
    const tooEarly = await stack.query(JUDGE, { id: trialId, input: { verdict: 'GUILTY', charges: chain.prosecutionCase!.charges, prisonTermMonths: 12, fineAmount: '10000.00' } }, asJudge);
    expect(errorOf(tooEarly)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「起诉书已送达，待受理」(AWAITING_ACCEPTANCE)') });

    // 受理: the case number, full-width brackets, the court's next serial this year; judgment due in 2 months (Art. 208).
    const accepted = await stack.query(ACCEPT, { id: trialId }, asJudge);
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data.acceptIndictment).toMatchObject({ state: 'ACCEPTED', caseNumber: expectedNumber(court), acceptedAt: expect.any(String) });
    const steps = accepted.data.acceptIndictment.steps;
    expect(steps).toEqual([
      expect.objectContaining({ step: 'acceptIndictment', doneAt: expect.any(String), late: false }),
      expect.objectContaining({ step: 'recordJudgment', title: '宣告判决', article: '刑事诉讼法第二百零八条', doneAt: null }),
    ]);
    const judgmentDue = new Date(steps[1].dueAt).getTime() - Date.now();
    expect(judgmentDue).toBeGreaterThan(58 * DAY);
    expect(judgmentDue).toBeLessThan(71 * DAY);
    const twice = await stack.query(ACCEPT, { id: trialId }, asJudge);
    expect(errorOf(twice)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「已受理，待宣判」(ACCEPTED)') });

    // Sentences outside the 刑法 range of the charge are refused, citing the article; nothing changes.
    const charge = chain.prosecutionCase!.charges[0]!;
    const tooLong = await stack.query(JUDGE, { id: trialId, input: { verdict: 'GUILTY', charges: [charge], prisonTermMonths: 181, fineAmount: '10000.00' } }, asJudge);
    expect(errorOf(tooLong)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining(`超出${charge}的法定刑（${ARTICLE_OF[charge]}）`) });
    const fishing = await stack.query(JUDGE, { id: trialId, input: { verdict: 'GUILTY', charges: ['非法捕捞水产品罪'], prisonTermMonths: 48 } }, asJudge);
    expect(errorOf(fishing)).toEqual({ code: 'BAD_USER_INPUT', message: '判处4年超出非法捕捞水产品罪的法定刑（刑法第三百四十条）：刑期应在1个月以上3年以下' });
    const noFine = await stack.query(JUDGE, { id: trialId, input: { verdict: 'GUILTY', charges: ['污染环境罪'], prisonTermMonths: 48 } }, asJudge);
    expect(errorOf(noFine)).toEqual({ code: 'BAD_USER_INPUT', message: '污染环境罪判处刑期超过3年的，应当并处罚金（刑法第三百三十八条）' });
    const noPunishment = await stack.query(JUDGE, { id: trialId, input: { verdict: 'GUILTY', charges: [charge] } }, asJudge);
    expect(errorOf(noPunishment)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('刑法第三十七条') });
    expect((await stack.query(READ, { id: trialId }, asJudge)).data.criminalTrial).toMatchObject({ state: 'ACCEPTED', judgment: null });

    // 宣判: 12 months and a fine 30,000.00 above the administrative fine: the whole administrative fine is offset.
    const criminalFine = yuan(BigInt(fen(adminFine)) + 3_000_000n);
    const judged = await stack.query(JUDGE, {
      id: trialId,
      input: { verdict: 'GUILTY', charges: [charge], prisonTermMonths: 12, fineAmount: criminalFine, deliberationNotes: '被告人认罪认罚，依法从轻处罚。' },
    }, asJudge);
    expect(judged.errors).toBeUndefined();
    expect(judged.data.recordJudgment).toMatchObject({
      state: 'JUDGED',
      judgment: {
        verdict: 'GUILTY', charges: [charge], prisonTermMonths: 12, fineAmount: criminalFine, fineOffsetAmount: adminFine,
        detentionOffsetDays: 0, appealed: false, appealedAt: null, effectiveAt: null,
      },
    });
    const period = judged.data.recordJudgment.steps.find((s: { step: string }) => s.step === 'recordAppeal');
    expect(period).toMatchObject({ title: '上诉、抗诉期间', article: '刑事诉讼法第二百三十条', doneAt: null });
    expect(new Date(period.dueAt).getTime() - Date.now()).toBeGreaterThan(9 * DAY);

    // Not effective while the appeal period runs; the public still sees nothing.
    const notYet = await stack.query(EFFECT, { id: trialId }, asJudge);
    expect(errorOf(notYet)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/上诉、抗诉期限至 \d{4}-\d\d-\d\d 届满，届满前判决尚未发生法律效力（刑事诉讼法第二百三十条、第二百五十九条）/) });
    expect((await stack.query(PUBLIC_CHAIN, { id: chain.chainId })).data.caseChain.trial).toBeNull();

    // The period runs out without an appeal: an appeal is now too late, and the judgment takes effect.
    const judgedAt = await pronouncedDaysAgo(trialId, 15);
    const periodEnd = dueDate(judgedAt, { count: 10, unit: 'days', article: '刑事诉讼法第二百三十条' }).dueAt;
    const late = await stack.query(APPEAL, { id: trialId, by: 'DEFENDANT' }, asJudge);
    expect(errorOf(late)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining(`上诉、抗诉期限已于 ${beijingDay(periodEnd)} 届满（刑事诉讼法第二百三十条）`) });
    const withRuling = await stack.query(EFFECT, { id: trialId, ruling: '驳回上诉，维持原判' }, asJudge);
    expect(errorOf(withRuling)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('没有上诉、抗诉') });
    const effect = await stack.query(EFFECT, { id: trialId }, asJudge);
    expect(effect.errors).toBeUndefined();
    const trial = effect.data.recordEffect;
    expect(trial.state).toBe('EFFECTIVE');
    // Effective at the start of the day after the period's last day (Beijing time).
    expect(trial.judgment.effectiveAt).toBe(new Date(periodEnd.getTime() + 1).toISOString());
    expect(trial.steps.find((s: { step: string }) => s.step === 'recordAppeal')).toMatchObject({ doneAt: periodEnd.toISOString(), late: false });
    const again = await stack.query(EFFECT, { id: trialId }, asJudge);
    expect(errorOf(again)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「判决已生效」(EFFECTIVE)') });

    // The 判决书 goes to the procuratorate and to the originating agency, resting on the indictment.
    const agencyId = chain.administrativeCase.agencyId;
    expect(trial.documents).toHaveLength(2);
    expect(trial.documents).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: `JUDGMENT_NOTICE:${trialId}`, kind: 'JUDGMENT_NOTICE', title: '刑事判决书', number: trial.caseNumber, senderOrg: court, receiver: 'procuratorate', receiverOrg: chain.prosecutionCase!.procuratorateCode, nextStep: null }),
      expect.objectContaining({ id: `JUDGMENT_NOTICE:${trialId}:${agencyId}`, kind: 'JUDGMENT_NOTICE', receiver: 'enforcement', receiverOrg: agencyId }),
    ]));
    const outbox = await stack.subgraphs.court!.database.db.selectFrom('handoffOutbox').selectAll().where('subjectId', '=', trialId).orderBy('id').execute();
    expect(outbox).toHaveLength(2);
    for (const row of outbox) {
      const document = storedDocument(row.document);
      await expect(verifyDocument({ document, digest: row.digest, signature: row.signature }, { court: stack.documentKeys.court!.publicKey })).resolves.toBeUndefined();
      expect(document.upstream).toEqual([{ id: signed.document.id, digest: signed.digest }]);
      expect(document.content).toEqual({
        trialId, trialCaseNumber: trial.caseNumber, courtCode: court, prosecutionCaseId: chain.prosecutionCase!.id, agencyId,
        verdict: 'GUILTY', charges: [charge], prisonTermMonths: 12, fineFen: fen(criminalFine), fineOffsetFen: fen(adminFine),
        detentionOffsetDays: 0, judgedAt: judgedAt.toISOString(), effectiveAt: trial.judgment.effectiveAt,
      } satisfies DocumentContents['JUDGMENT_NOTICE']);
    }
    // The agency's inbox has its copy (the procuratorate's handler is built elsewhere).
    const delivered = await until(
      () => stack.subgraphs.enforcement!.database.db.selectFrom('handoffInbox').select(['id', 'digest']).where('kind', '=', 'JUDGMENT_NOTICE').where('chainId', '=', chain.chainId).execute(),
      (rows) => rows.length === 1,
      'the judgment to reach the agency',
    );
    expect(delivered[0]!.digest).toBe(outbox.find((r) => r.receiver === 'enforcement')!.digest);

    // The public sees the effective judgment, the defendant's name masked.
    const seen = await stack.query(PUBLIC_CHAIN, { id: chain.chainId });
    expect(seen.errors).toBeUndefined();
    const name = chain.suspects.find((s) => s.kind === 'PERSON')!.name;
    expect(seen.data.caseChain.trial).toEqual({
      caseNumber: trial.caseNumber, defendantName: `${Array.from(name)[0]}*`,
      judgment: { verdict: 'GUILTY', prisonTermMonths: 12, fineAmount: criminalFine, fineOffsetAmount: adminFine, effectiveAt: trial.judgment.effectiveAt },
    });
    // The work list holds nothing more of this trial.
    const after = await stack.query(WORK_LIST, { first: 100 }, asJudge);
    expect(after.data.courtWorkList.edges.map((e: { node: { recordId: string } }) => e.node.recordId)).not.toContain(trialId);
  });

  it('offsets only as much of the administrative fine as the criminal fine, and detention against the term; an appeal defers effect to the second instance', async () => {
    const chain = candidates[1]!;
    const court = courtOf(chain.prosecutionCase!.procuratorateCode);
    const asJudge = await judge(court);
    const { trialId, adminFine } = await indict(chain.chainId, 10);
    const accepted = await stack.query(ACCEPT, { id: trialId }, asJudge);
    expect(accepted.data.acceptIndictment.caseNumber).toBe(expectedNumber(court));

    // A criminal fine below the administrative fine: the offset is the criminal fine, never more.
    const criminalFine = yuan(BigInt(fen(adminFine)) / 2n);
    const charge = chain.prosecutionCase!.charges[0]!;
    const judged = await stack.query(JUDGE, { id: trialId, input: { verdict: 'GUILTY', charges: [charge], prisonTermMonths: 8, fineAmount: criminalFine } }, asJudge);
    expect(judged.errors).toBeUndefined();
    expect(judged.data.recordJudgment.judgment).toMatchObject({ fineAmount: criminalFine, fineOffsetAmount: criminalFine, detentionOffsetDays: 10, prisonTermMonths: 8 });

    // 上诉 within the period, by the defendant: the second instance is due in 2 months (Art. 243).
    const byProcurator = await stack.query(APPEAL, { id: trialId, by: 'PROCURATORATE' }, procurator);
    expect(errorOf(byProcurator).code).toBe('FORBIDDEN');
    const appealed = await stack.query(APPEAL, { id: trialId, by: 'DEFENDANT' }, asJudge);
    expect(appealed.errors).toBeUndefined();
    expect(appealed.data.recordAppeal).toMatchObject({ state: 'APPEALED', judgment: { appealed: true, appealedBy: 'DEFENDANT', appealedAt: expect.any(String), effectiveAt: null } });
    expect(appealed.data.recordAppeal.steps).toEqual(expect.arrayContaining([
      expect.objectContaining({ step: 'recordAppeal', doneAt: expect.any(String), late: false }),
      expect.objectContaining({ step: 'recordEffect', title: '第二审裁判', article: '刑事诉讼法第二百四十三条', doneAt: null }),
    ]));
    const appealAgain = await stack.query(APPEAL, { id: trialId, by: 'PROCURATORATE' }, asJudge);
    expect(errorOf(appealAgain)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('(APPEALED)') });

    // Effective on the second instance's final ruling, which must be given.
    const noRuling = await stack.query(EFFECT, { id: trialId }, asJudge);
    expect(errorOf(noRuling)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('刑事诉讼法第二百四十四条、第二百五十九条') });
    const effect = await stack.query(EFFECT, { id: trialId, ruling: '驳回上诉，维持原判' }, asJudge);
    expect(effect.errors).toBeUndefined();
    expect(effect.data.recordEffect).toMatchObject({ state: 'EFFECTIVE', judgment: { secondInstanceRuling: '驳回上诉，维持原判', effectiveAt: expect.any(String) } });
    expect(new Date(effect.data.recordEffect.judgment.effectiveAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const [notice] = await stack.subgraphs.court!.database.db.selectFrom('handoffOutbox').select('document').where('id', '=', `JUDGMENT_NOTICE:${trialId}`).execute();
    const content = storedDocument(notice!.document).content;
    expect(content).toMatchObject({ fineFen: fen(criminalFine), fineOffsetFen: fen(criminalFine), detentionOffsetDays: 10, prisonTermMonths: 8 });
  });

  it('refuses an indictment for a chain the court already tries, and steps on seeded trials from the wrong state', async () => {
    // The seeded judged chain 5: effective already.
    const seeded = chains[4]!.criminalTrial!;
    const asJudge = await judge(seeded.courtCode);
    const read = await stack.query(READ, { id: seeded.id }, asJudge);
    expect(read.data.criminalTrial).toMatchObject({ state: 'EFFECTIVE', caseNumber: seeded.caseNumber, documents: [] });
    // Its steps were seeded as the workflow records them: accepted, judged, the appeal period run out.
    expect(read.data.criminalTrial.steps.map((s: { step: string; doneAt: string | null }) => [s.step, s.doneAt !== null])).toEqual([
      ['acceptIndictment', true], ['recordJudgment', true], ['recordAppeal', true],
    ]);
    const effectAgain = await stack.query(EFFECT, { id: seeded.id }, asJudge);
    expect(errorOf(effectAgain)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('(EFFECTIVE)') });
    // A second 起诉书 for a prosecution the court already tries is refused for good (422), changing nothing.
    const procuratorate = stack.subgraphs.procuratorate!;
    const duplicate: HandoffDocument = {
      // (a second document: the seeded 起诉书 itself is in the procuratorate's outbox under the plain id)
      id: `INDICTMENT:${seeded.prosecutionCaseId}:2`, kind: 'INDICTMENT', title: DOCUMENT_TITLES.INDICTMENT, number: '咸检刑诉〔2026〕999号',
      sender: 'procuratorate', senderOrg: 'PP-421200', receiver: 'court', receiverOrg: seeded.courtCode, chainId: seeded.chainId,
      subjectId: seeded.prosecutionCaseId, issuedAt: new Date().toISOString(),
      content: {
        prosecutionCaseId: seeded.prosecutionCaseId, prosecutionCaseNumber: '咸检刑诉〔2026〕999号', procuratorateCode: 'PP-421200', procuratorateName: '咸宁市人民检察院',
        policeCaseId: chains[4]!.policeCase!.id, agencyId: seeded.agencyId, courtCode: seeded.courtCode, defendants: [{ kind: 'PERSON', name: '张三', idNumber: 'x' }],
        charges: seeded.charges, facts: '—', sentencingRecommendation: null, penaltyDecision: null,
      } satisfies DocumentContents['INDICTMENT'],
      upstream: [], nextStep: null,
    };
    await procuratorate.database.db.transaction().execute((tx) => enqueueDocument(tx, duplicate, stack.documentKeys.procuratorate!.privateKey));
    const outcome = await until(
      async () => { await procuratorate.deliverer.deliverDue(); return procuratorate.database.db.selectFrom('handoffOutbox').select(['state', 'lastError']).where('id', '=', duplicate.id).executeTakeFirstOrThrow(); },
      (row) => row.state !== 'pending',
      'the duplicate indictment to be refused',
    );
    expect(outcome).toEqual({ state: 'rejected', lastError: `起诉书 咸检刑诉〔2026〕999号 所诉案件已由人民法院立为 ${seeded.id}` });
    const inbox = await sql<{ n: string }>`select count(*) as n from handoff_inbox where id = ${duplicate.id}`.execute(stack.subgraphs.court!.database.db);
    expect(Number(inbox.rows[0]!.n)).toBe(0);
  });

  it('takes seeded trials on from where they stand: effect after the appeal period, and no judgment without an indictment to offset from', async () => {
    const court = stack.subgraphs.court!.database.db;
    const [first, second] = chains.filter((c) => c.criminalTrial && c.index !== 5).map((c) => c.criminalTrial!);
    // A trial entered before the linkage, judged, its appeal period long over but its effect not yet recorded.
    await court.updateTable('criminalTrial').set({ effectiveAt: null, appealed: false }).where('id', '=', first!.id).execute();
    const effect = await stack.query(EFFECT, { id: first!.id }, await judge(first!.courtCode));
    expect(effect.errors).toBeUndefined();
    const end = dueDate(first!.judgedAt!, { count: 10, unit: 'days', article: '刑事诉讼法第二百三十条' }).dueAt;
    expect(effect.data.recordEffect).toMatchObject({ state: 'EFFECTIVE', judgment: { effectiveAt: new Date(end.getTime() + 1).toISOString() } });
    // Its 判决书 goes to the procuratorate of the court's level, resting on no document of this system.
    expect(effect.data.recordEffect.documents).toEqual(expect.arrayContaining([
      expect.objectContaining({ receiver: 'procuratorate', receiverOrg: first!.courtCode.replace('CO-', 'PP-'), number: first!.caseNumber }),
      expect.objectContaining({ receiver: 'enforcement', receiverOrg: first!.agencyId }),
    ]));
    const [notice] = await court.selectFrom('handoffOutbox').select('document').where('id', '=', `JUDGMENT_NOTICE:${first!.id}`).execute();
    expect(storedDocument(notice!.document).upstream).toEqual([]);

    // A trial entered before the linkage awaiting judgment: no 起诉书 carries the penalty to offset, so none is recorded.
    await court.updateTable('criminalTrial').set({ verdict: null, judgedAt: null, effectiveAt: null, appealed: false }).where('id', '=', second!.id).execute();
    const judged = await stack.query(JUDGE, { id: second!.id, input: { verdict: 'GUILTY', charges: second!.charges, prisonTermMonths: 12, fineAmount: '50000.00' } }, await judge(second!.courtCode));
    expect(errorOf(judged)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('无法依照行政处罚法第三十五条核算') });
    expect((await stack.query(READ, { id: second!.id }, await judge(second!.courtCode))).data.criminalTrial).toMatchObject({ state: 'ACCEPTED', judgment: null });
  });
});
