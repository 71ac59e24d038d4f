import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { residentId } from '@xianjie/subgraph-kit';
import { ASSESSMENT_EXPORT_FIELDS, assessmentCsv, assessmentXlsx, columnName } from '../../web/src/export/assessment-export';
import { DIALECTS, errorOf, startStack, twoValidOfficerIds, type Stack } from './harness';

/**
 * 考核通报 (issue 7, items 5–6) through the gateway: every column of the table by agency equals
 * what each institution's rows say, counted here straight from its database (for a year and
 * for a month); after cases are registered, penalised and transferred by mutations in
 * parallel, the counters still equal the rows; regions, categories and campaigns add up;
 * who may read it; the CSV and XLSX files carry the same figures.
 */
const TABLE = /* GraphQL */ `
  query Table($year: Int!, $quarter: Int, $month: Int, $by: AssessmentDimension!, $campaignId: ID, $agencyId: ID) {
    assessment(year: $year, quarter: $quarter, month: $month, by: $by, campaignId: $campaignId, agencyId: $agencyId) {
      by period from to
      rows { dimension key ${ASSESSMENT_EXPORT_FIELDS} }
      total { dimension key ${ASSESSMENT_EXPORT_FIELDS} }
    }
  }`;
const REGISTER = /* GraphQL */ `mutation($input: RegisterCaseInput!) { registerCase(input: $input) { id } }`;
const DECIDE = /* GraphQL */ `mutation($caseId: ID!, $input: DecidePenaltyInput!) { decidePenalty(caseId: $caseId, input: $input) { id } }`;
const PROPOSE = /* GraphQL */ `mutation($caseId: ID!, $input: ProposeTransferInput!) { proposeTransfer(caseId: $caseId, input: $input) { id } }`;
const APPROVE = /* GraphQL */ `mutation($id: ID!) { decideTransfer(transferId: $id, approve: true) { id } }`;
const SEND = /* GraphQL */ `mutation($id: ID!) { sendTransfer(transferId: $id) { id state } }`;
const DEFINE = /* GraphQL */ `
  mutation($input: SpecialCampaignInput!) { defineSpecialCampaign(input: $input) { id name categories regionCodes startsOn endsOn } }`;

const AGENCY = 'AG-421202-SCJG';
/** Beijing time has no daylight saving: a Beijing day or month starts at 16:00 UTC the day before. */
const beijing = (year: number, month: number) => new Date(Date.UTC(year, month - 1, 1) - 8 * 3600_000).toISOString();
const now = new Date(Date.now() + 8 * 3600_000);
const THIS_YEAR = now.getUTCFullYear();
const THIS_MONTH = now.getUTCMonth() + 1;

type Expected = Map<string, Record<string, number | string>>;

/** Each column, per agency, counted straight from the four databases' rows over [from, to). */
async function countRows(stack: Stack, from: string, to: string): Promise<Expected> {
  const out: Expected = new Map();
  const put = (agency: string, field: string, value: number | string) => {
    if (!out.has(agency)) out.set(agency, {});
    out.get(agency)![field] = value;
  };
  const run = async (institution: string, query: string, fields: string[]) => {
    const db = stack.subgraphs[institution]!.database.db as Kysely<any>;
    const { rows } = await sql.raw<any>(query.replaceAll(':from', `'${from}'::timestamptz`).replaceAll(':to', `'${to}'::timestamptz`)).execute(db);
    for (const r of rows) for (const f of fields) put(r.agency, f, f === 'fineTotal' ? (Number(r[f]) / 100).toFixed(2) : Number(r[f]));
  };
  const within = (column: string) => `(${column} >= :from and ${column} < :to)`;
  await run('enforcement', `select agency_id as agency, count(*) as "casesRegistered",
      count(*) filter (where cardinality(officer_ids) >= 2 and length(party_id_number) = 18 and btrim(facts) <> '' and btrim(party_name) <> '') as "registrationComplete"
    from administrative_case where ${within('registered_at')} group by 1`, ['casesRegistered', 'registrationComplete']);
  await run('enforcement', `select c.agency_id as agency, count(*) as penalties, sum(d.fine_fen) as "fineTotal"
    from penalty_decision d join administrative_case c on c.id = d.case_id where ${within('d.decided_at')} group by 1`, ['penalties', 'fineTotal']);
  await run('enforcement', `select agency_id as agency, count(*) as transfers,
      count(*) filter (where not ('有关检验报告或者鉴定结论' = any(materials))) as "lackingExpert"
    from case_transfer where ${within('transferred_at')} group by 1`, ['transfers', 'lackingExpert']);
  await run('enforcement', `select agency_id as agency, count(*) filter (where ${within('raised_at')}) as "warningsRaised", count(*) filter (where ${within('closed_at')}) as "warningsResolved"
    from supervision_warning group by 1`, ['warningsRaised', 'warningsResolved']);
  await run('enforcement', `select org as agency, count(*) filter (where done_at <= due_at) as "enforcementStepsOnTime", count(*) filter (where done_at > due_at) as "enforcementStepsLate"
    from workflow_task where not cancelled and ${within('done_at')} group by 1`, ['enforcementStepsOnTime', 'enforcementStepsLate']);
  await run('police', `select agency_id as agency, count(*) filter (where ${within('received_at')}) as "transfersReceived",
      count(*) filter (where filing_decision = 'FILED' and ${within('filing_decided_at')}) as filed,
      count(*) filter (where filing_decision = 'NOT_FILED' and ${within('filing_decided_at')}) as "notFiled",
      count(*) filter (where ${within('transferred_for_prosecution_at')}) as "transferredForProsecution"
    from police_case group by 1`, ['transfersReceived', 'filed', 'notFiled', 'transferredForProsecution']);
  await run('police', `select p.agency_id as agency, count(*) as reconsiderations from reconsideration x join police_case p on p.id = x.police_case_id where ${within('x.requested_at')} group by 1`, ['reconsiderations']);
  await run('police', `select p.agency_id as agency, count(*) filter (where k.done_at <= k.due_at) as "policeStepsOnTime", count(*) filter (where k.done_at > k.due_at) as "policeStepsLate"
    from workflow_task k join police_case p on p.chain_id = k.chain_id where not k.cancelled and ${within('k.done_at')} group by 1`, ['policeStepsOnTime', 'policeStepsLate']);
  await run('procuratorate', `select agency_id as agency, count(*) filter (where ${within('received_at')}) as "prosecutionsReceived",
      count(*) filter (where decision = 'INDICTED' and ${within('decided_at')}) as prosecuted,
      count(*) filter (where decision = 'NOT_PROSECUTED' and ${within('decided_at')}) as "notProsecuted"
    from prosecution_case group by 1`, ['prosecutionsReceived', 'prosecuted', 'notProsecuted']);
  await run('procuratorate', `select r.agency_id as agency, count(*) filter (where k.done_at <= k.due_at) as "procuratorateStepsOnTime", count(*) filter (where k.done_at > k.due_at) as "procuratorateStepsLate"
    from workflow_task k join prosecution_case r on r.chain_id = k.chain_id where not k.cancelled and ${within('k.done_at')} group by 1`, ['procuratorateStepsOnTime', 'procuratorateStepsLate']);
  await run('court', `select agency_id as agency, count(*) filter (where ${within('accepted_at')}) as "trialsAccepted",
      count(*) filter (where verdict = 'GUILTY' and ${within('judged_at')}) as convicted,
      count(*) filter (where verdict <> 'GUILTY' and ${within('judged_at')}) as "notConvicted"
    from criminal_trial group by 1`, ['trialsAccepted', 'convicted', 'notConvicted']);
  await run('court', `select j.agency_id as agency, count(*) filter (where k.done_at <= k.due_at) as "courtStepsOnTime", count(*) filter (where k.done_at > k.due_at) as "courtStepsLate"
    from workflow_task k join criminal_trial j on j.chain_id = k.chain_id where not k.cancelled and ${within('k.done_at')} group by 1`, ['courtStepsOnTime', 'courtStepsLate']);
  return out;
}

const COUNTED = [
  'casesRegistered', 'penalties', 'fineTotal', 'transfers', 'warningsRaised', 'warningsResolved', 'enforcementStepsOnTime', 'enforcementStepsLate',
  'transfersReceived', 'filed', 'notFiled', 'reconsiderations', 'transferredForProsecution', 'policeStepsOnTime', 'policeStepsLate',
  'prosecutionsReceived', 'prosecuted', 'notProsecuted', 'procuratorateStepsOnTime', 'procuratorateStepsLate',
  'trialsAccepted', 'convicted', 'notConvicted', 'courtStepsOnTime', 'courtStepsLate',
];
const stage = (row: any, name: string) =>
  [...row.enforcementCompleteness, ...(row.policeCompleteness ?? []), ...(row.procuratorateCompleteness ?? []), ...(row.courtCompleteness ?? [])].find((s: any) => s.stage === name);

/** The API's row in the shape countRows gives. */
function figures(row: any): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const f of COUNTED) out[f] = row[f];
  out.registrationComplete = stage(row, 'REGISTRATION').complete;
  out.lackingExpert = stage(row, 'TRANSFER').missing.find((m: any) => m.item === '有关检验报告或者鉴定结论')?.count ?? 0;
  return out;
}
const zero = (): Record<string, number | string> => ({ ...Object.fromEntries(COUNTED.map((f) => [f, 0])), fineTotal: '0.00', registrationComplete: 0, lackingExpert: 0 });

describe.each(DIALECTS)('assessment (考核通报) over %s', (dialect) => {
  let stack: Stack;
  let oversight: string;
  let procurator: string;

  const table = async (variables: Record<string, unknown>, token = oversight) => {
    const res = await stack.query(TABLE, { by: 'AGENCY', ...variables }, token);
    expect(res.errors).toBeUndefined();
    return res.data.assessment;
  };

  /** Every agency's row against the rows counted in the databases; the total against their sum. */
  async function expectTableMatchesRows(year: number, month?: number) {
    const t = await table({ year, month });
    const expected = await countRows(stack, beijing(year, month ?? 1), month ? beijing(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1) : beijing(year + 1, 1));
    expect(t.rows.length).toBeGreaterThan(5);
    for (const row of t.rows) {
      expect(row.id).toBe(`AGENCY:${row.key}:${month ? `${year}-${String(month).padStart(2, '0')}` : year}`);
      expect({ agency: row.key, ...figures(row) }).toEqual({ agency: row.key, ...zero(), ...expected.get(row.key) });
      // Each stage's records are complete or not, and the registered cases are all counted once.
      expect(stage(row, 'REGISTRATION').complete + stage(row, 'REGISTRATION').incomplete).toBe(row.casesRegistered);
      expect(stage(row, 'PENALTY').complete + stage(row, 'PENALTY').incomplete).toBe(row.penalties);
      expect(stage(row, 'TRANSFER').complete + stage(row, 'TRANSFER').incomplete).toBe(row.transfers);
      expect(stage(row, 'FILING').complete + stage(row, 'FILING').incomplete).toBe(row.filed + row.notFiled);
      expect(row.transferRate).toBe(row.casesRegistered ? Math.round((row.transfers / row.casesRegistered) * 10000) / 10000 : null);
    }
    // Agencies without rows of their own hold none: everything counted belongs to a listed agency.
    const listed = new Set(t.rows.map((r: any) => r.key));
    expect([...expected.keys()].filter((a) => !listed.has(a))).toEqual([]);
    for (const f of COUNTED.filter((f) => f !== 'fineTotal')) expect([f, t.total[f]]).toEqual([f, t.rows.reduce((a: number, r: any) => a + r[f], 0)]);
    return t;
  }

  beforeAll(async () => {
    stack = await startStack(dialect);
    oversight = await stack.token('oversight', 'LA-421200');
    procurator = await stack.token('procurator', 'PP-421202');
  });
  afterAll(() => stack?.stop());

  it('gives each agency its figures from all four institutions, equal to what their rows say, for the year and for a month', async () => {
    const year = await expectTableMatchesRows(2026);
    expect(year).toMatchObject({ by: 'AGENCY', period: '2026年', from: '2026-01-01', to: '2026-12-31' });
    // The seeded demo has figures in every institution's columns.
    for (const f of ['casesRegistered', 'penalties', 'transfers', 'transfersReceived', 'filed', 'prosecuted', 'convicted', 'enforcementStepsOnTime', 'policeStepsOnTime']) {
      expect([f, year.total[f] > 0]).toEqual([f, true]);
    }
    await expectTableMatchesRows(2026, 10);
    const quarter = await table({ year: 2026, quarter: 4 });
    expect(quarter.period).toBe('2026年第四季度');
    expect(quarter.to).toBe('2026-12-31');
  });

  it('keeps the figures exact when cases are registered, penalised and transferred in parallel (the counters change in each write\u2019s transaction)', async () => {
    const before = (await table({ year: THIS_YEAR, month: THIS_MONTH, agencyId: AGENCY })).rows[0];
    const officer = await stack.token('enforcement', AGENCY);
    const head = await stack.token('agency-head', AGENCY);
    const a = (await stack.query(`{ agency(id: "${AGENCY}") { officers { id validUntil } discretionBenchmarks { code violation minFine } } }`, {}, officer)).data.agency;
    const officerIds = twoValidOfficerIds(a.officers);
    const benchmark = a.discretionBenchmarks.find((b: any) => b.violation.includes('不符合'));
    const N = 6;
    const registered = await Promise.all(Array.from({ length: N }, async (_, k) => {
      const res = await stack.query(REGISTER, { input: {
        procedure: 'GENERAL', officerIds, violationCategory: 'SUBSTANDARD_PRODUCTS', facts: `当事人销售不合格插线板${k + 1}批，货值三千元。`,
        party: { kind: 'PERSON', name: `考核${'甲乙丙丁戊己'[k]}`, idNumber: residentId('421202', new Date(Date.UTC(1980, 1, 1 + k)), 51 + k) },
        involvedAmount: '3000.00', illegalGains: '500.00', quantity: '20', quantityUnit: '个',
      } }, officer);
      expect(res.errors).toBeUndefined();
      return res.data.registerCase.id as string;
    }));
    // Penalties on three of them and a transfer of a fourth, at the same time.
    // Proposed with three of the five materials of 国务院令第310号 Art. 6: complete it is not.
    const proposing = stack.query(PROPOSE, { caseId: registered[3], input: { policeBureauCode: 'PB-421202', reason: '涉嫌销售伪劣产品', materials: ['涉嫌犯罪案件移送书', '涉嫌犯罪案件情况的调查报告', '涉案物品清单'] } }, officer);
    await Promise.all(registered.slice(0, 3).map(async (caseId) => {
      const res = await stack.query(DECIDE, { caseId, input: { fineAmount: benchmark.minFine, otherPenalties: [], legalBasis: '《中华人民共和国产品质量法》第四十九条', benchmarkCode: benchmark.code } }, officer);
      expect(res.errors).toBeUndefined();
    }));
    const proposed = await proposing;
    expect(proposed.errors).toBeUndefined();
    const transferId = proposed.data.proposeTransfer.id;
    expect((await stack.query(APPROVE, { id: transferId }, head)).errors).toBeUndefined();
    const sent = await stack.query(SEND, { id: transferId }, officer);
    expect(sent.errors).toBeUndefined();
    // The 移送书 reaches the police through the outbox, after the send: the table is compared once it has.
    const police = stack.subgraphs.police!.database.db;
    for (let i = 0; !(await police.selectFrom('policeCase').select('id').where('transferId', '=', transferId).executeTakeFirst()); i++) {
      if (i === 100) throw new Error('the transfer did not reach the police');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const after = await expectTableMatchesRows(THIS_YEAR, THIS_MONTH);
    const row = after.rows.find((r: any) => r.key === AGENCY);
    expect(row.casesRegistered - before.casesRegistered).toBe(N);
    expect(row.penalties - before.penalties).toBe(3);
    expect(Math.round((Number(row.fineTotal) - Number(before.fineTotal)) * 100)).toBe(3 * Math.round(Number(benchmark.minFine) * 100));
    expect(row.transfers - before.transfers).toBe(1);
    const transfer = stage(row, 'TRANSFER');
    expect(transfer.incomplete - stage(before, 'TRANSFER').incomplete).toBe(1);
    expect(transfer.missing.map((m: any) => m.item)).toEqual(expect.arrayContaining(['有关检验报告或者鉴定结论', '其他有关涉嫌犯罪的材料']));
    expect(transfer.missing.find((m: any) => m.item === '有关检验报告或者鉴定结论').article).toBe('国务院令第310号第六条第一款第（四）项');
  });

  it('counts every list (totalCount) from the counters exactly as the rows say, for each filter a role may use, after parallel writes', async () => {
    const db = stack.subgraphs.enforcement!.database.db as Kysely<any>;
    const officer = await stack.token('enforcement', AGENCY);
    // More writes at the same time as the counts are read: publishing decisions of the agency.
    const unpublished = (await sql<{ id: string }>`select d.case_id as id from penalty_decision d join administrative_case c on c.id = d.case_id
      where c.agency_id = ${AGENCY} and not d.published order by d.case_id limit 3`.execute(db)).rows.map((r) => r.id);
    await Promise.all(unpublished.map(async (caseId) => expect((await stack.query(`mutation($id: ID!) { publishPenaltyDecision(caseId: $id) { published } }`, { id: caseId }, officer)).errors).toBeUndefined()));
    const rows = async (where: string) => Number((await sql.raw<{ n: string }>(`select count(*)::text as n from administrative_case c where ${where}`).execute(db)).rows[0]!.n);
    const transferred = `exists (select 1 from case_transfer t where t.case_id = c.id)`;
    const published = `exists (select 1 from penalty_decision d where d.case_id = c.id and d.published)`;
    const from = beijing(2025, 7);
    const to = beijing(2026, 3);
    const cases: [string, Record<string, unknown>, string, string | undefined][] = [
      ['every case', {}, 'true', procurator],
      ['one agency', { agencyId: AGENCY }, `c.agency_id = '${AGENCY}'`, procurator],
      ['one region', { regionCode: '421221' }, `c.agency_id in (select id from agency where region_code = '421221')`, oversight],
      ['one category, general procedure', { violationCategory: 'FOOD_SAFETY', procedure: 'GENERAL' }, `c.violation_category = 'FOOD_SAFETY' and c.procedure = 'GENERAL'`, procurator],
      ['transferred', { transferred: true }, transferred, procurator],
      ['not transferred, registered in whole months', { transferred: false, registeredFrom: from, registeredTo: to }, `not ${transferred} and c.registered_at >= '${from}' and c.registered_at < '${to}'`, procurator],
      // Bounds inside a month: whole months from the counters, the edges from the rows,
      // added or taken off from the nearer month boundary.
      ['registered from early in a month', { registeredFrom: '2026-02-10T00:00:00+08:00' }, `c.registered_at >= '2026-02-10T00:00:00+08:00'`, procurator],
      ['registered from late in a month, to early in another, not transferred', { transferred: false, registeredFrom: '2025-08-20T13:30:00+08:00', registeredTo: '2026-02-03T09:00:00+08:00' },
        `not ${transferred} and c.registered_at >= '2025-08-20T13:30:00+08:00' and c.registered_at < '2026-02-03T09:00:00+08:00'`, procurator],
      ['registered to late in a month, one agency', { agencyId: AGENCY, registeredTo: '2026-01-27T00:00:00+08:00' }, `c.agency_id = '${AGENCY}' and c.registered_at < '2026-01-27T00:00:00+08:00'`, procurator],
      ['registered within one month', { registeredFrom: '2025-11-03T00:00:00+08:00', registeredTo: '2025-11-28T00:00:00+08:00' }, `c.registered_at >= '2025-11-03T00:00:00+08:00' and c.registered_at < '2025-11-28T00:00:00+08:00'`, oversight],
      ['registered across one month boundary', { registeredFrom: '2025-12-30T00:00:00+08:00', registeredTo: '2026-01-02T00:00:00+08:00' }, `c.registered_at >= '2025-12-30T00:00:00+08:00' and c.registered_at < '2026-01-02T00:00:00+08:00'`, procurator],
      ['bounds the wrong way round', { registeredFrom: '2026-01-20T00:00:00+08:00', registeredTo: '2025-12-10T00:00:00+08:00' }, `false`, procurator],
      ['an agency\u2019s own', { transferred: true }, `c.agency_id = '${AGENCY}' and ${transferred}`, officer],
      ['the public: published ones', {}, published, undefined],
      ['the public: published ones of a category', { violationCategory: 'SUBSTANDARD_PRODUCTS' }, `${published} and c.violation_category = 'SUBSTANDARD_PRODUCTS'`, undefined],
      ['the public: published ones registered inside months', { registeredFrom: '2025-09-12T00:00:00+08:00', registeredTo: '2026-03-18T00:00:00+08:00' },
        `${published} and c.registered_at >= '2025-09-12T00:00:00+08:00' and c.registered_at < '2026-03-18T00:00:00+08:00'`, undefined],
      ['an agency\u2019s own, registered from inside a month', { registeredFrom: '2025-10-25T00:00:00+08:00' }, `c.agency_id = '${AGENCY}' and c.registered_at >= '2025-10-25T00:00:00+08:00'`, officer],
    ];
    for (const [what, filter, where, token] of cases) {
      const res = await stack.query('query($filter: AdministrativeCaseFilter) { administrativeCases(filter: $filter, first: 1) { totalCount } }', { filter }, token);
      expect(res.errors).toBeUndefined();
      expect([what, res.data.administrativeCases.totalCount]).toEqual([what, await rows(where)]);
    }
    const warnings = async (where: string) => Number((await sql.raw<{ n: string }>(`select count(*)::text as n from supervision_warning where ${where}`).execute(db)).rows[0]!.n);
    for (const [filter, where] of [[{}, 'closed_at is null'], [{ open: false }, 'closed_at is not null'], [{ agencyId: AGENCY }, `closed_at is null and agency_id = '${AGENCY}'`]] as const) {
      const res = await stack.query('query($filter: SupervisionWarningFilter) { supervisionWarnings(filter: $filter, first: 1) { totalCount } }', { filter }, procurator);
      expect(res.errors).toBeUndefined();
      expect([filter, res.data.supervisionWarnings.totalCount]).toEqual([filter, await warnings(where)]);
    }
  });

  it('pages a registration range newest registration first, every case once, down to totalCount', async () => {
    const db = stack.subgraphs.enforcement!.database.db as Kysely<any>;
    // Bounds at arbitrary instants (inside months) over the middle of the data.
    const { lo, hi } = (await sql<{ lo: Date; hi: Date }>`select min(registered_at) as lo, max(registered_at) as hi from administrative_case`.execute(db)).rows[0]!;
    const at = (f: number) => new Date(new Date(lo).getTime() + f * (new Date(hi).getTime() - new Date(lo).getTime())).toISOString();
    const filter = { registeredFrom: at(0.2), registeredTo: at(0.9) };
    const expected = (await sql<{ id: string }>`select id from administrative_case
      where registered_at >= ${filter.registeredFrom}::timestamptz and registered_at < ${filter.registeredTo}::timestamptz
      order by registered_at desc, id desc`.execute(db)).rows.map((r) => r.id);
    expect(expected.length).toBeGreaterThan(7);
    const page = 'query($filter: AdministrativeCaseFilter, $after: String) { administrativeCases(filter: $filter, first: 7, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }';
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await stack.query(page, { filter, after }, procurator);
      expect(res.errors).toBeUndefined();
      expect(res.data.administrativeCases.totalCount).toBe(expected.length);
      seen.push(...res.data.administrativeCases.edges.map((e: any) => e.node.id));
      if (!res.data.administrativeCases.pageInfo.hasNextPage) break;
      after = res.data.administrativeCases.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    // A cursor of the list without a range does not fit this one, and the answer says so.
    const plain: any = await stack.query('{ administrativeCases(first: 1) { pageInfo { endCursor } } }', {}, procurator);
    const mixed: any = await stack.query(page, { filter, after: plain.data.administrativeCases.pageInfo.endCursor }, procurator);
    expect(mixed.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(mixed.errors[0].message).toContain('registeredFrom/To');
  });

  it('adds up by region, by category and per special campaign; the police, procuratorate and courts cannot attribute a category', async () => {
    const agencies = await table({ year: 2026 });
    const regions = await table({ year: 2026, by: 'REGION' });
    expect(regions.rows.length).toBeGreaterThan(3);
    for (const region of regions.rows) {
      const mine = agencies.rows.filter((r: any) => r.key.split('-')[1] === region.key);
      for (const f of ['casesRegistered', 'transfers', 'filed', 'prosecuted', 'convicted', 'policeStepsLate']) {
        expect([region.key, f, region[f]]).toEqual([region.key, f, mine.reduce((a: number, r: any) => a + r[f], 0)]);
      }
    }
    expect(regions.rows.find((r: any) => r.key === '421202').label).toBe('咸安区');
    expect(regions.total.casesRegistered).toBe(agencies.total.casesRegistered);

    const categories = await table({ year: 2026, by: 'CATEGORY' });
    expect(categories.rows.map((r: any) => r.key)).toContain('FOOD_SAFETY');
    expect(categories.rows.reduce((a: number, r: any) => a + r.casesRegistered, 0)).toBe(agencies.total.casesRegistered);
    expect(categories.rows.reduce((a: number, r: any) => a + r.penalties, 0)).toBe(agencies.total.penalties);
    expect(categories.rows.every((r: any) => r.filed === null && r.prosecuted === null && r.convicted === null && r.policeCompleteness === null)).toBe(true);

    // A campaign counts its categories, in its regions, in the months it runs.
    const campaigns = await table({ year: 2026, by: 'CAMPAIGN' });
    expect(campaigns.rows.map((r: any) => r.key)).toEqual(expect.arrayContaining(['SC-2026-01', 'SC-2026-02', 'SC-2026-03']));
    const db = stack.subgraphs.enforcement!.database.db as Kysely<any>;
    const direct = async (categories: string[], regions: string[], from: string, to: string) => Number((await sql<{ n: string }>`
      select count(*)::text as n from administrative_case c join agency a on a.id = c.agency_id
      where c.violation_category = any(${categories}::text[]) and (cardinality(${regions}::text[]) = 0 or a.region_code = any(${regions}::text[]))
        and c.registered_at >= ${from}::timestamptz and c.registered_at < ${to}::timestamptz`.execute(db)).rows[0]!.n);
    const food = campaigns.rows.find((r: any) => r.key === 'SC-2026-01');
    expect(food.label).toBe('2026年食品药品安全专项整治行动');
    expect(food.casesRegistered).toBe(await direct(['FOOD_SAFETY', 'SUBSTANDARD_PRODUCTS', 'COUNTERFEIT_GOODS', 'ILLEGAL_MEDICAL_PRACTICE'], [], beijing(2026, 3), beijing(2026, 12)));
    const river = campaigns.rows.find((r: any) => r.key === 'SC-2026-03');
    expect(river.casesRegistered).toBe(await direct(['ILLEGAL_FISHING', 'ILLEGAL_LOGGING', 'ILLEGAL_FOREST_LAND_OCCUPATION'], ['421221', '421281'], beijing(2026, 1), beijing(2027, 1)));

    // The legal-affairs office defines one; it is counted at once.
    const defined = await stack.query(DEFINE, { input: { name: '咸安区农资打假专项行动', categories: ['COUNTERFEIT_GOODS', 'SUBSTANDARD_PRODUCTS'], regionCodes: ['421202'], startsOn: '2026-06-01', endsOn: '2026-12-31' } }, oversight);
    expect(defined.errors).toBeUndefined();
    expect(defined.data.defineSpecialCampaign).toMatchObject({ id: expect.stringMatching(/^SC-2026-\d{2}$/), regionCodes: ['421202'], startsOn: '2026-06-01', endsOn: '2026-12-31' });
    const one = await table({ year: 2026, by: 'CAMPAIGN', campaignId: defined.data.defineSpecialCampaign.id });
    expect(one.rows.map((r: any) => r.label)).toEqual(['咸安区农资打假专项行动']);
    expect(one.rows[0].casesRegistered).toBe(await direct(['COUNTERFEIT_GOODS', 'SUBSTANDARD_PRODUCTS'], ['421202'], beijing(2026, 6), beijing(2027, 1)));
    // Campaigns run whole months (the counters are monthly), and only the legal-affairs office defines them.
    expect(errorOf(await stack.query(DEFINE, { input: { name: '半月行动', categories: ['FOOD_SAFETY'], regionCodes: [], startsOn: '2026-06-15', endsOn: '2026-06-30' } }, oversight)).message).toContain('某月1日');
    expect(errorOf(await stack.query(DEFINE, { input: { name: '检察行动', categories: ['FOOD_SAFETY'], regionCodes: [], startsOn: '2026-06-01', endsOn: '2026-06-30' } }, procurator)).code).toBe('FORBIDDEN');
  });

  it('is read by the legal-affairs office and procurators in full, by an agency for its own row only, by no one else', async () => {
    const all = await table({ year: 2026 });
    expect((await table({ year: 2026 }, procurator)).rows).toEqual(all.rows);
    const own = await table({ year: 2026 }, await stack.token('enforcement', AGENCY));
    expect(own.rows.map((r: any) => r.key)).toEqual([AGENCY]);
    expect(own.rows[0]).toEqual(all.rows.find((r: any) => r.key === AGENCY));
    expect(own.total.casesRegistered).toBe(own.rows[0].casesRegistered);
    const agencyToken = await stack.token('enforcement', 'AG-421221-ZRZY');
    expect(errorOf(await stack.query(TABLE, { year: 2026, by: 'AGENCY', agencyId: AGENCY }, agencyToken)).code).toBe('FORBIDDEN');
    expect(errorOf(await stack.query(TABLE, { year: 2026, by: 'REGION' }, agencyToken)).code).toBe('FORBIDDEN');
    for (const token of [undefined, await stack.token('police', 'PB-421202'), await stack.token('judge', 'CO-421202')]) {
      const res = await stack.query(TABLE, { year: 2026, by: 'AGENCY' }, token);
      expect(errorOf(res).code).toBe('FORBIDDEN');
      expect(res.data?.assessment ?? null).toBeNull();
    }
    expect(errorOf(await stack.query(TABLE, { year: 2026, month: 13, by: 'AGENCY' }, oversight)).code).toBe('BAD_USER_INPUT');
  });

  it('exports the table as CSV (UTF-8 with BOM) and as an XLSX workbook whose sheet holds the same figures', async () => {
    const t = await table({ year: 2026 });
    const csv = assessmentCsv(t);
    expect([...csv.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv);
    expect(text[0]).toBe('\uFEFF');
    const lines = text.slice(1).trimEnd().split('\r\n');
    const headings = lines[0]!.split(',');
    expect(headings.slice(0, 5)).toEqual(['行政执法机关', '立案数', '行政处罚决定数', '罚款总额（元）', '移送公安机关数']);
    expect(lines.length).toBe(t.rows.length + 2);
    const row = t.rows.find((r: any) => r.casesRegistered > 0 && r.penalties > 0);
    const csvRow = lines.find((l) => l.startsWith(`${row.label},`))!.split(',');
    expect(csvRow.slice(1, 5).map(Number)).toEqual([row.casesRegistered, row.penalties, Number(row.fineTotal), row.transfers]);
    expect(Number(csvRow[headings.indexOf('公安立案数')])).toBe(row.filed);
    expect(Number(csvRow[headings.indexOf('判决有罪数')])).toBe(row.convicted);
    expect(lines.at(-1)!.split(',').slice(0, 2)).toEqual(['合计', String(t.total.casesRegistered)]);

    // The workbook, read back with the system's unzip (which checks every entry's CRC).
    const dir = mkdtempSync(path.join(os.tmpdir(), 'xianjie-assessment-'));
    const file = path.join(dir, 'report.xlsx');
    writeFileSync(file, assessmentXlsx(t));
    expect(execFileSync('unzip', ['-t', file]).toString()).toContain('No errors detected');
    const sheet = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml']).toString('utf8');
    expect(execFileSync('unzip', ['-p', file, 'xl/workbook.xml']).toString('utf8')).toContain('<sheet name="2026年按机关"');
    const cells = new Map<string, string>();
    for (const m of sheet.matchAll(/<c r="([A-Z]+\d+)"[^>]*>(?:<v>([^<]*)<\/v>|<is><t[^>]*>([^<]*)<\/t><\/is>)<\/c>/g)) cells.set(m[1]!, m[2] ?? m[3]!);
    expect(cells.get('A1')).toBe('两法衔接考核通报（2026年，按机关）');
    expect(cells.get('B2')).toBe('立案数');
    t.rows.forEach((r: any, k: number) => {
      const at = (col: number) => cells.get(`${columnName(col)}${k + 3}`);
      expect([at(0), Number(at(1) ?? 0), Number(at(2) ?? 0), Number(at(3) ?? 0), Number(at(headings.indexOf('提起公诉数')) ?? 0)])
        .toEqual([r.label, r.casesRegistered, r.penalties, Number(r.fineTotal), r.prosecuted]);
    });
    expect(cells.get(`A${t.rows.length + 3}`)).toBe('合计');
    expect(Number(cells.get(`B${t.rows.length + 3}`))).toBe(t.total.casesRegistered);
  });
});
