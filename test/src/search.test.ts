import { numberKey, signAssertion, storedDocument, type Viewer } from '@xianjie/subgraph-kit';
import { sql, type Kysely } from 'kysely';
import { CHAIN } from './operations';
import { DIALECTS, post, startStack, type GraphQLResponse, type Stack } from './harness';

/**
 * Issue 6, item 5: finding a case the way people write it. Every number a record holds is
 * found however its brackets and serial are written; an ID number or a name only by those
 * who may read it in full, audited; a record the caller may not see is not found. The
 * numbers searched are read from the seeded demo data, never written here.
 */

const HIT = 'field matched recordType recordId number chain { id }';
const SEARCH = `query Search($text: String!) {
  caseSearch(text: $text) {
    kind
    enforcementHits { ${HIT} }
    policeHits { ${HIT} }
    procuratorateHits { ${HIT} }
    courtHits { ${HIT} }
  }
}`;
const INSTITUTION_HITS = ['enforcementHits', 'policeHits', 'procuratorateHits', 'courtHits'] as const;

interface Hit { field: string; matched: string; recordType: string; recordId: string; number: string | null; chain: { id: string } }

/** A number as people write it: ASCII brackets, full-width brackets, the serial padded and unpadded. */
function writtenForms(number: string): string[] {
  const ascii = number.replace(/[（〔［【]/g, '(').replace(/[）〕］】]/g, ')');
  const fullWidth = ascii.replace(/\(/g, '（').replace(/\)/g, '）');
  const serial = /(\d+)号$/.exec(number)![1]!;
  const unpadded = number.replace(/\d+号$/, `${Number(serial)}号`);
  const padded = number.replace(/\d+号$/, `${serial.padStart(7, '0')}号`);
  const forms = [number, ascii, fullWidth, unpadded, padded, ` ${ascii.replace(/\)/, ') ')} `];
  // Each form is a different text with the same key; none of them is trivially the stored one.
  for (const form of forms) expect(numberKey(form)).toBe(numberKey(number));
  return [...new Set(forms)];
}

const hitsOf = (res: GraphQLResponse, field: (typeof INSTITUTION_HITS)[number]): Hit[] => res.data?.caseSearch?.[field] ?? [];
const allHits = (res: GraphQLResponse): Hit[] => INSTITUTION_HITS.flatMap((f) => hitsOf(res, f));
const refusedAt = (res: GraphQLResponse) =>
  (res.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path?.join('.')).sort();

for (const dialect of DIALECTS) {
  describe(`finding a case the way people write it (${dialect})`, () => {
    let stack: Stack;
    const tokens: Record<string, string | undefined> = {};
    /** The judged chain's records, as the seeded databases hold them. */
    let judged: {
      agencyId: string; caseNumber: string; decisionNumber: string; partyName: string; partyIdNumber: string;
      policeCaseNumber: string; filingNumber: string; suspectName: string; suspectIdNumber: string;
      prosecutionNumber: string; trialNumber: string; defendantName: string; transferNumber: string;
    };
    let otherAgencyId: string;
    const search = (text: string, who: string) => stack.query(SEARCH, { text }, tokens[who]);

    beforeAll(async () => {
      stack = await startStack(dialect);
      const enforcement = stack.subgraphs.enforcement!.database.db;
      const police = stack.subgraphs.police!.database.db;
      const ac = await enforcement.selectFrom('administrativeCase as c').innerJoin('penaltyDecision as d', 'd.caseId', 'c.id')
        .select(['c.agencyId', 'c.caseNumber', 'd.documentNumber', 'c.partyName', 'c.partyIdNumber']).where('c.chainId', '=', CHAIN.judged).executeTakeFirstOrThrow();
      const pc = await police.selectFrom('policeCase').selectAll().where('chainId', '=', CHAIN.judged).executeTakeFirstOrThrow();
      const suspect = await police.selectFrom('suspect').selectAll().where('policeCaseId', '=', pc.id).orderBy('id').executeTakeFirstOrThrow();
      const pr = await stack.subgraphs.procuratorate!.database.db.selectFrom('prosecutionCase').selectAll().where('chainId', '=', CHAIN.judged).executeTakeFirstOrThrow();
      const ct = await stack.subgraphs.court!.database.db.selectFrom('criminalTrial').selectAll().where('chainId', '=', CHAIN.judged).executeTakeFirstOrThrow();
      // Seeded cases have no filing number (立案决定书): the judged chain gets one, numbered as the police's steps number them.
      const year = /〔(\d{4})〕/.exec(pc.caseNumber)?.[1] ?? '2024';
      const filingNumber = pc.caseNumber.replace(/〔\d{4}〕\d+号$/, `〔${year}〕${900_000 + Number(pc.id.slice(3))}号`);
      await police.updateTable('policeCase').set({ filingNumber }).where('id', '=', pc.id).execute();
      // A seeded chain that reached the court has its 移送书, signed and delivered (demo/handoff-documents.ts).
      const transfer = await enforcement.selectFrom('caseTransfer').selectAll().where('chainId', '=', CHAIN.judged).executeTakeFirstOrThrow();
      const sent = await enforcement.selectFrom('handoffOutbox').select('document').where('id', '=', `CASE_TRANSFER:${transfer.id}`).executeTakeFirstOrThrow();
      const transferNumber = storedDocument(sent.document).number;
      judged = {
        agencyId: ac.agencyId, caseNumber: ac.caseNumber, decisionNumber: ac.documentNumber, partyName: ac.partyName, partyIdNumber: ac.partyIdNumber,
        policeCaseNumber: pc.caseNumber, filingNumber, suspectName: suspect.name, suspectIdNumber: suspect.idNumber,
        prosecutionNumber: pr.caseNumber!, trialNumber: ct.caseNumber!, defendantName: ct.defendantName, transferNumber,
      };
      const other = await enforcement.selectFrom('agency').select('id').where('id', '!=', ac.agencyId).orderBy('id').executeTakeFirstOrThrow();
      tokens.police = await stack.token('police', 'PB-421202');
      tokens.procurator = await stack.token('procurator', 'PP-421200');
      tokens.judge = await stack.token('judge', 'CO-421202');
      tokens.oversight = await stack.token('oversight', 'LA-421200');
      tokens.owner = await stack.token('enforcement', ac.agencyId);
      otherAgencyId = other.id;
      tokens.otherAgency = await stack.token('enforcement', other.id);
      tokens.public = undefined;
    });
    afterAll(() => stack?.stop());

    const numberKinds: [string, (typeof INSTITUTION_HITS)[number], string, string, () => string][] = [
      ['the administrative case number', 'enforcementHits', '案件编号', 'AdministrativeCase', () => judged.caseNumber],
      ['the penalty decision number', 'enforcementHits', '处罚决定书文号', 'AdministrativeCase', () => judged.decisionNumber],
      ['the transfer number', 'enforcementHits', '移送书文号', 'CaseTransfer', () => judged.transferNumber],
      ['the police case number', 'policeHits', '案件编号', 'PoliceCase', () => judged.policeCaseNumber],
      ['the filing number', 'policeHits', '立案决定书文号', 'PoliceCase', () => judged.filingNumber],
      ['the prosecution case number (起诉书)', 'procuratorateHits', '审查起诉案号（起诉书文号）', 'ProsecutionCase', () => judged.prosecutionNumber],
      ['the court case number', 'courtHits', '刑事案件案号', 'CriminalTrial', () => judged.trialNumber],
    ];

    it.each(numberKinds)('finds %s in every written form', async (_what, field, label, recordType, number) => {
      for (const text of writtenForms(number())) {
        const res = await search(text, 'procurator');
        expect(res.errors).toBeUndefined();
        expect(res.data.caseSearch.kind).toBe('NUMBER');
        expect(hitsOf(res, field)).toEqual([expect.objectContaining({ field: label, matched: number(), recordType, chain: { id: CHAIN.judged } })]);
        // The number names one record: no other institution answers it.
        expect(allHits(res)).toHaveLength(1);
      }
    });

    it('looks up each institution\'s record by its number in any written form (the contract\'s caseNumber lookups)', async () => {
      const lookups: [string, string, () => string][] = [
        ['administrativeCase', 'caseNumber', () => judged.caseNumber],
        ['policeCase', 'caseNumber', () => judged.policeCaseNumber],
        ['prosecutionCase', 'caseNumber', () => judged.prosecutionNumber],
        ['criminalTrial', 'caseNumber', () => judged.trialNumber],
      ];
      for (const [root, field, number] of lookups) {
        for (const text of writtenForms(number())) {
          const res = await stack.query(`query($n: String!) { ${root}(caseNumber: $n) { ${field} chain { id } } }`, { n: text }, tokens.procurator);
          expect(res.errors).toBeUndefined();
          expect(res.data[root]).toEqual({ [field]: number(), chain: { id: CHAIN.judged } });
        }
      }
      const unknown = await stack.query('{ criminalTrial(caseNumber: "（1999）鄂1202刑初1号") { id } }', {}, tokens.judge);
      expect(unknown).toMatchObject({ data: { criminalTrial: null } });
    });

    it('asks the other three institutions in parallel, by the text, after enforcement', async () => {
      stack.plans.length = 0;
      await search(judged.trialNumber, 'judge');
      const root = stack.plans.find((p) => p.operationName === 'Search')!.plan.node as any;
      expect(root.kind).toBe('Sequence');
      expect(root.nodes[0]).toMatchObject({ kind: 'Fetch', serviceName: 'enforcement' });
      expect(root.nodes[1].kind).toBe('Parallel');
      expect(root.nodes[1].nodes.map((n: any) => n.node.serviceName).sort()).toEqual(['court', 'police', 'procuratorate']);
    });

    it('finds the four stages of a chain by its linkage number, however it is typed', async () => {
      for (const text of [CHAIN.judged, CHAIN.judged.toLowerCase(), `XJ-${Number(CHAIN.judged.slice(3))}`]) {
        const res = await search(text, 'judge');
        expect(res.data.caseSearch.kind).toBe('CHAIN');
        expect(allHits(res).map((h) => [h.recordType, h.field, h.chain.id])).toEqual([
          ['AdministrativeCase', '衔接编号', CHAIN.judged], ['PoliceCase', '衔接编号', CHAIN.judged],
          ['ProsecutionCase', '衔接编号', CHAIN.judged], ['CriminalTrial', '衔接编号', CHAIN.judged],
        ]);
      }
    });

    it.each(['police', 'procurator', 'judge'])('finds the party and the suspect by ID number, and every person by name, as %s', async (who) => {
      const byParty = await search(judged.partyIdNumber.toLowerCase(), who);
      expect(byParty.errors).toBeUndefined();
      expect(byParty.data.caseSearch.kind).toBe('IDENTITY');
      expect(hitsOf(byParty, 'enforcementHits')).toContainEqual(expect.objectContaining({ field: '当事人证件号码', matched: judged.partyIdNumber, chain: { id: CHAIN.judged } }));
      const bySuspect = await search(judged.suspectIdNumber, who);
      expect(hitsOf(bySuspect, 'policeHits')).toContainEqual(expect.objectContaining({ field: '犯罪嫌疑人身份证号', matched: judged.suspectIdNumber, recordType: 'PoliceCase', chain: { id: CHAIN.judged } }));
      const byDefendant = await search(judged.defendantName, who);
      expect(byDefendant.data.caseSearch.kind).toBe('NAME');
      expect(byDefendant.errors).toBeUndefined();
      expect(hitsOf(byDefendant, 'courtHits')).toContainEqual(expect.objectContaining({ field: '被告人', recordType: 'CriminalTrial', chain: { id: CHAIN.judged } }));
      expect(hitsOf(await search(judged.suspectName, who), 'policeHits')).toContainEqual(expect.objectContaining({ field: '犯罪嫌疑人', chain: { id: CHAIN.judged } }));
      expect(hitsOf(await search(judged.partyName, who), 'enforcementHits')).toContainEqual(expect.objectContaining({ field: '当事人', chain: { id: CHAIN.judged } }));
    });

    it('finds an ID number whose check character is X when typed with a lower-case x', async () => {
      const withX = await stack.subgraphs.police!.database.db.selectFrom('suspect').select(['idNumber', 'policeCaseId']).where('idNumber', 'like', '%X').orderBy('id').executeTakeFirst();
      if (!withX) return; // no such ID number in this demo
      const res = await search(withX.idNumber.toLowerCase(), 'police');
      expect(hitsOf(res, 'policeHits').map((h) => h.recordId)).toContain(withX.policeCaseId);
    });

    it('refuses a search by ID number or name to those who may not read it in full; an agency finds only its own parties', async () => {
      // The procuratorate searches no person, and the court no ID number (it keeps none): they find nothing, without refusing.
      const searched: [string, string[]][] = [
        [judged.partyIdNumber, ['caseSearch.enforcementHits', 'caseSearch.policeHits']],
        [judged.suspectIdNumber, ['caseSearch.enforcementHits', 'caseSearch.policeHits']],
        [judged.partyName, ['caseSearch.courtHits', 'caseSearch.enforcementHits', 'caseSearch.policeHits']],
      ];
      for (const [text, refused] of searched) {
        const pub = await search(text, 'public');
        expect(refusedAt(pub)).toEqual(refused);
        expect(allHits(pub)).toEqual([]);
        const oversight = await search(text, 'oversight');
        expect(allHits(oversight)).toEqual([]);
        expect(refusedAt(oversight)).toContain('caseSearch.enforcementHits');
        // Another agency may search its own parties, so it is not refused: it finds nothing of this agency's.
        const other = await search(text, 'otherAgency');
        expect(allHits(other).filter((h) => h.chain.id === CHAIN.judged)).toEqual([]);
        expect(refusedAt(other)).toContain('caseSearch.policeHits');
      }
      // The owning agency finds its own party, and nobody's suspects or defendants.
      const owner = await search(judged.partyIdNumber, 'owner');
      expect(hitsOf(owner, 'enforcementHits')).toContainEqual(expect.objectContaining({ recordType: 'AdministrativeCase', chain: { id: CHAIN.judged } }));
      expect(refusedAt(owner)).toEqual(['caseSearch.policeHits']);
      expect(refusedAt(await search(judged.defendantName, 'owner'))).toEqual(['caseSearch.courtHits', 'caseSearch.policeHits']);
    });

    it('refuses a search by ID number to a caller who may not read it when the subgraph is called directly, bypassing the gateway', async () => {
      const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on CaseSearch { policeHits { matched } } } }`;
      const ask = async (viewer: Viewer) => {
        const assertion = await signAssertion(viewer, 'police', stack.gatewayKeys.privateKey);
        return post(stack.subgraphs.police!.url, { query: entities, variables: { r: [{ __typename: 'CaseSearch', text: judged.suspectIdNumber }] } }, { authorization: `Bearer ${assertion}` });
      };
      const owner = await ask({ subject: 'test-owner', institution: 'enforcement', org: judged.agencyId, roles: ['enforcement'], region: '421200' });
      expect(owner.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(owner.data)).not.toContain(judged.suspectIdNumber);
      const police = await ask({ subject: 'test-police', institution: 'police', org: 'PB-421202', roles: ['police'], region: '421200' });
      expect(police.data._entities[0].policeHits).toContainEqual({ matched: judged.suspectIdNumber });
    });

    it('audits every search by ID number or name, and each record it answers, in the institution\'s own audit log', async () => {
      const res = await search(judged.suspectIdNumber, 'police');
      expect(hitsOf(res, 'policeHits').length).toBeGreaterThan(0);
      const entries = await stack.subgraphs.police!.database.db.selectFrom('auditLog').selectAll().where('requestId', '=', res.requestId!).orderBy('seq').execute();
      expect(entries).toEqual(expect.arrayContaining([
        expect.objectContaining({ action: 'read', entity: 'CaseSearch', recordId: judged.suspectIdNumber, fields: ['PoliceCase.suspects.idNumber'], subject: 'test-police' }),
        expect.objectContaining({ action: 'read', entity: 'PoliceCase', recordId: hitsOf(res, 'policeHits')[0]!.recordId, fields: ['suspects.idNumber'] }),
      ]));
      // A search that finds nothing is audited too (who looked for whom).
      const nobody = await search('无此人名', 'judge');
      expect(allHits(nobody)).toEqual([]);
      const courtEntries = await stack.subgraphs.court!.database.db.selectFrom('auditLog').selectAll().where('requestId', '=', nobody.requestId!).execute();
      expect(courtEntries).toEqual([expect.objectContaining({ entity: 'CaseSearch', recordId: '无此人名', fields: ['CriminalTrial.defendantName'] })]);
      // A number search reads no person: it audits only the records it answers.
      const byNumber = await search(judged.trialNumber, 'judge');
      const numberEntries = await stack.subgraphs.court!.database.db.selectFrom('auditLog').selectAll().where('requestId', '=', byNumber.requestId!).execute();
      expect(numberEntries.map((e) => [e.entity, e.fields])).toEqual([['CriminalTrial', ['caseNumber']]]);
    });

    it('does not find a record the caller may not see, as if it did not exist', async () => {
      const enforcement = stack.subgraphs.enforcement!.database.db;
      const unpublished = await enforcement.selectFrom('administrativeCase as c').innerJoin('penaltyDecision as d', 'd.caseId', 'c.id')
        .select(['c.caseNumber', 'c.agencyId', 'c.chainId', 'd.documentNumber']).where('d.published', '=', false).orderBy('c.id').executeTakeFirstOrThrow();
      const published = await enforcement.selectFrom('administrativeCase as c').innerJoin('penaltyDecision as d', 'd.caseId', 'c.id')
        .select(['c.caseNumber', 'c.chainId']).where('d.published', '=', true).orderBy('c.id').executeTakeFirstOrThrow();
      // The public may never see a police, prosecution or transfer record: those are refused
      // whatever the number, so an unknown number answers exactly the same.
      const unknownToPublic = await search(unpublished.caseNumber.replace(/\d+号$/, '9999999号'), 'public');
      expect(refusedAt(unknownToPublic)).toEqual(['caseSearch.policeHits', 'caseSearch.procuratorateHits']);
      for (const text of [unpublished.caseNumber, unpublished.documentNumber]) {
        const pub = await search(text, 'public');
        expect(pub.errors).toEqual(unknownToPublic.errors);
        expect(allHits(pub)).toEqual([]);
        expect(allHits(await search(text, 'procurator'))).toHaveLength(1);
      }
      expect(allHits(await search(published.caseNumber, 'public'))).toEqual([expect.objectContaining({ chain: { id: published.chainId } })]);
      // Another agency: neither an unpublished case of another agency, nor the transfer, police
      // or prosecution records of a case not its own (the owning agency finds them).
      const unpublishedOfAnother = await enforcement.selectFrom('administrativeCase as c').innerJoin('penaltyDecision as d', 'd.caseId', 'c.id')
        .select('c.caseNumber').where('d.published', '=', false).where('c.agencyId', '!=', otherAgencyId).orderBy('c.id').executeTakeFirstOrThrow();
      for (const text of [unpublishedOfAnother.caseNumber, judged.transferNumber, judged.policeCaseNumber, judged.prosecutionNumber]) {
        const other = await search(text, 'otherAgency');
        expect(other.errors).toBeUndefined();
        expect(allHits(other)).toEqual([]);
        expect(allHits(await search(text, 'procurator'))).toHaveLength(1);
      }
      for (const text of [judged.transferNumber, judged.policeCaseNumber, judged.prosecutionNumber]) expect(allHits(await search(text, 'owner'))).toHaveLength(1);
      // The public: an effective judgment is found; a judgment not yet effective is not.
      const court = stack.subgraphs.court!.database.db;
      const notEffective = await court.selectFrom('criminalTrial').select(['caseNumber', 'chainId']).where('effectiveAt', 'is', null).where('caseNumber', 'is not', null).orderBy('id').executeTakeFirst();
      expect(hitsOf(await search(judged.trialNumber, 'public'), 'courtHits')).toHaveLength(1);
      if (notEffective) expect(allHits(await search(notEffective.caseNumber!, 'public'))).toEqual([]);
      const unknown = await search(judged.caseNumber.replace(/\d+号$/, '9999999号'), 'procurator');
      expect([unknown.errors, allHits(unknown)]).toEqual([undefined, []]);
    });

    it('reaches the chain from every hit', async () => {
      const texts = [judged.caseNumber, judged.decisionNumber, judged.transferNumber, judged.policeCaseNumber, judged.filingNumber, judged.prosecutionNumber, judged.trialNumber, judged.suspectIdNumber, judged.defendantName];
      for (const text of texts) {
        const res = await stack.query(`query($text: String!) { caseSearch(text: $text) {
          ${INSTITUTION_HITS.map((f) => `${f} { recordType chain { id administrativeCase { caseNumber } policeCase { caseNumber } prosecution { caseNumber } trial { caseNumber } } }`).join(' ')}
        } }`, { text }, tokens.procurator);
        expect(res.errors).toBeUndefined();
        const chains = INSTITUTION_HITS.flatMap((f) => res.data.caseSearch[f] as { chain: any }[]).map((h) => h.chain);
        expect(chains.length).toBeGreaterThan(0);
        expect(chains.find((c) => c.id === CHAIN.judged)).toEqual({
          id: CHAIN.judged, administrativeCase: { caseNumber: judged.caseNumber }, policeCase: { caseNumber: judged.policeCaseNumber },
          prosecution: { caseNumber: judged.prosecutionNumber }, trial: { caseNumber: judged.trialNumber },
        });
      }
    });

    it('refuses a text that is no search, before any institution is asked', async () => {
      for (const text of ['   ', 'x'.repeat(101)]) {
        const res = await search(text, 'police');
        expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
    });

    it('compares numbers, ID numbers and names on the search migrations\' indexes', async () => {
      // The demo tables are small, so a sequential scan would be cheaper: it is ruled out to see which index the planner can use.
      const explain = (db: any, statement: ReturnType<typeof sql>) =>
        (db as Kysely<any>).transaction().execute(async (tx) => {
          await sql`set local enable_seqscan = off`.execute(tx);
          return (await sql<{ 'QUERY PLAN': string }>`explain ${statement}`.execute(tx)).rows.map((r) => r['QUERY PLAN']).join('\n');
        });
      const e = stack.subgraphs.enforcement!.database.db;
      const p = stack.subgraphs.police!.database.db;
      const checks: [any, ReturnType<typeof sql>, string][] = [
        [e, sql`select id from administrative_case where xj_number_key(case_number) = ${numberKey(judged.caseNumber)}`, 'administrative_case_number_key'],
        [e, sql`select case_id from penalty_decision where xj_number_key(document_number) = ${numberKey(judged.decisionNumber)}`, 'penalty_decision_number_key'],
        [e, sql`select id from handoff_outbox where kind = 'CASE_TRANSFER' and xj_number_key(document->>'number') = ${numberKey(judged.transferNumber)}`, 'handoff_outbox_transfer_number_key'],
        [e, sql`select id from administrative_case where upper(party_id_number) = ${judged.partyIdNumber}`, 'administrative_case_party_id'],
        [e, sql`select id from administrative_case where party_name = ${judged.partyName}`, 'administrative_case_party_name'],
        [p, sql`select id from police_case where xj_number_key(case_number) = ${numberKey(judged.policeCaseNumber)}`, 'police_case_number_key'],
        [p, sql`select id from police_case where xj_number_key(filing_number) = ${numberKey(judged.filingNumber)}`, 'police_case_filing_number_key'],
        [p, sql`select id from suspect where upper(id_number) = ${judged.suspectIdNumber}`, 'suspect_id_number'],
        [p, sql`select id from suspect where name = ${judged.suspectName}`, 'suspect_name'],
        [stack.subgraphs.procuratorate!.database.db, sql`select id from prosecution_case where xj_number_key(case_number) = ${numberKey(judged.prosecutionNumber)}`, 'prosecution_case_number_key'],
        [stack.subgraphs.court!.database.db, sql`select id from criminal_trial where xj_number_key(case_number) = ${numberKey(judged.trialNumber)}`, 'criminal_trial_number_key'],
        [stack.subgraphs.court!.database.db, sql`select id from criminal_trial where defendant_name = ${judged.defendantName}`, 'criminal_trial_defendant_name'],
      ];
      for (const [db, statement, index] of checks) expect(await explain(db, statement)).toContain(index);
    });
  });
}
