import { DOCUMENT_TITLES, generateChain, signDocument, type DocumentContents, type HandoffDocument } from '@xianjie/subgraph-kit';
import { DIALECTS, type Stack, startStack, TEST_DEMO, until } from './harness';

/**
 * 反向衔接 on a seeded chain: demo chain 6 was not prosecuted and its 检察意见 reached the
 * agency before the platform (seeded: no signed copy in the agency's inbox), and its reply is
 * still owed. The agency's officer replies through the gateway; the reply is signed and
 * delivered as usual, resting on the opinion record (its id, the digest marked not
 * available), and the procuratorate records it. A reply claiming a digest for an opinion
 * the procuratorate never sent through the platform is refused.
 */
const CHAIN = generateChain(TEST_DEMO.seed, 6, TEST_DEMO.cases);
const CASE_ID = CHAIN.administrativeCase.id;
const AGENCY = CHAIN.administrativeCase.agencyId;
const PROSECUTION_ID = CHAIN.prosecutionCase!.id;
const PROCURATORATE = CHAIN.prosecutionCase!.procuratorateCode;
const OPINION_ID = `PROCURATORIAL_OPINION:${PROSECUTION_ID}`;

const AGENCY_CASE = /* GraphQL */ `
  query AgencyCase($id: ID!) {
    administrativeCase(id: $id) {
      id decision { documentNumber }
      procuratorialOpinions {
        prosecution { id } procuratorateCode opinion receivedAt replyDueAt reply repliedAt
        replyDocument { kind number receiverOrg deliveryState upstream { id digest } }
      }
      steps { step dueAt doneAt }
    }
  }`;
const REPLY = /* GraphQL */ `
  mutation Reply($caseId: ID!, $input: ReplyToProcuratorialOpinionInput!) {
    replyToProcuratorialOpinion(caseId: $caseId, input: $input) {
      procuratorialOpinions { reply repliedAt replyDocument { kind deliveryState upstream { id digest } } }
      steps { step doneAt }
    }
  }`;
const PROSECUTION = /* GraphQL */ `
  query Prosecution($id: ID!) {
    prosecutionCase(id: $id) { state reverseTransfer { sentAt opinion reply repliedAt penaltyDecision { documentNumber } } }
  }`;

describe.each(DIALECTS)('replying to a seeded procuratorial opinion over %s', (dialect) => {
  let stack: Stack;
  let officer: string;
  let procurator: string;

  beforeAll(async () => {
    stack = await startStack(dialect);
    officer = await stack.token('enforcement', AGENCY);
    procurator = await stack.token('procurator', PROCURATORATE);
  });
  afterAll(() => stack?.stop());

  it('shows the agency the seeded opinion, its reply owed within two months', async () => {
    expect(CHAIN.scenario).toBe('NOT_PROSECUTED_REVERSE_TRANSFER');
    const res = await stack.query(AGENCY_CASE, { id: CASE_ID }, officer);
    expect(res.errors).toBeUndefined();
    const c = res.data.administrativeCase;
    expect(c.procuratorialOpinions).toEqual([expect.objectContaining({
      // The opinion names the person not prosecuted: the agency reads the name masked (张*), as in the procuratorate's copy.
      prosecution: { id: PROSECUTION_ID }, procuratorateCode: PROCURATORATE,
      opinion: CHAIN.prosecutionCase!.suspectNames.reduce((text, name) => text.split(name).join(`${Array.from(name)[0]}*`), CHAIN.reverseTransfer!.opinion),
      receivedAt: CHAIN.procuratorialOpinion!.receivedAt.toISOString(), reply: null, repliedAt: null, replyDocument: null,
    })]);
    const step = c.steps.find((s: { step: string }) => s.step === 'replyToProcuratorialOpinion');
    expect(step).toMatchObject({ doneAt: null, dueAt: c.procuratorialOpinions[0].replyDueAt });
    const sent = await stack.query(PROSECUTION, { id: PROSECUTION_ID }, procurator);
    expect(sent.data.prosecutionCase).toMatchObject({ state: 'OPINION_SENT', reverseTransfer: { reply: null, sentAt: CHAIN.reverseTransfer!.sentAt.toISOString() } });
  });

  it('refuses a reply that claims a digest for an opinion never sent through the platform', async () => {
    const content: DocumentContents['OPINION_REPLY'] = {
      prosecutionCaseId: PROSECUTION_ID, caseId: CASE_ID, reply: '伪造的回复', penaltyDecision: null,
      opinion: { number: null, receivedAt: CHAIN.procuratorialOpinion!.receivedAt.toISOString() },
    };
    const document: HandoffDocument = {
      id: `OPINION_REPLY:${PROSECUTION_ID}`, kind: 'OPINION_REPLY', title: DOCUMENT_TITLES.OPINION_REPLY, number: '测试函〔2026〕1号',
      sender: 'enforcement', senderOrg: AGENCY, receiver: 'procuratorate', receiverOrg: PROCURATORATE, chainId: CHAIN.chainId,
      subjectId: CASE_ID, issuedAt: new Date().toISOString(), content: { ...content },
      upstream: [{ id: OPINION_ID, digest: 'f'.repeat(64) }], nextStep: null,
    };
    const signed = await signDocument(document, stack.documentKeys.enforcement!.privateKey);
    const inbox = stack.subgraphs.procuratorate!.url.replace(/\/graphql$/, '/handoff/inbox');
    const response = await fetch(inbox, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(signed) });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: string }).error).toContain('不能附摘要');
    const after = await stack.query(PROSECUTION, { id: PROSECUTION_ID }, procurator);
    expect(after.data.prosecutionCase.reverseTransfer.reply).toBeNull();
  });

  it('replies as the agency’s officer: signed, delivered, resting on the opinion record, and the procuratorate shows it', async () => {
    const reply = '经督促，当事人已全额缴纳罚款，责令改正事项已执行到位。';
    const replied = await stack.query(REPLY, { caseId: CASE_ID, input: { reply } }, officer);
    expect(replied.errors).toBeUndefined();
    const opinion = replied.data.replyToProcuratorialOpinion.procuratorialOpinions[0];
    expect(opinion).toMatchObject({ reply, repliedAt: expect.any(String), replyDocument: { kind: 'OPINION_REPLY', upstream: [{ id: OPINION_ID, digest: null }] } });
    expect(replied.data.replyToProcuratorialOpinion.steps.find((s: { step: string }) => s.step === 'replyToProcuratorialOpinion').doneAt).toBe(opinion.repliedAt);

    const shown = await until(
      () => stack.query(PROSECUTION, { id: PROSECUTION_ID }, procurator),
      (r) => r.data?.prosecutionCase?.reverseTransfer?.reply === reply,
      'the reply at the procuratorate',
    );
    expect(shown.data.prosecutionCase).toMatchObject({
      state: 'OPINION_REPLIED',
      reverseTransfer: { reply, repliedAt: opinion.repliedAt, penaltyDecision: { documentNumber: CHAIN.penaltyDecision!.documentNumber } },
    });
    const delivered = await until(
      () => stack.query(AGENCY_CASE, { id: CASE_ID }, officer),
      (r) => r.data?.administrativeCase?.procuratorialOpinions?.[0]?.replyDocument?.deliveryState === 'DELIVERED',
      'the reply delivered',
    );
    expect(delivered.data.administrativeCase.procuratorialOpinions[0].replyDocument).toMatchObject({ receiverOrg: PROCURATORATE });
  });
});
