// 考核通报 and counts at scale (issue 7, items 5–6) on the bulk-loaded data: p50/p90/p99 of a
// year's assessment table (every agency; by region, category, campaign; a month) and of the
// lists' totalCount with the filters each role may use, through the gateway. Load first:
//
//   npm run seed:bulk -- --cases 1000000 --fresh
//   npx tsx scripts/measure-assessment.ts [--prefix xianjie_bench] [--requests 100] [--base-port 4400] [--recount]
//
// --recount re-installs the counters' triggers from the migrations' sources and counts every
// row again (timed): for databases loaded before the measures changed. The script also times
// the exact count(*) of every case that totalCount used to run.
import { performance } from 'node:perf_hooks';
import { issueDevToken } from '@xianjie/gateway';
import { createDatabase, installCounterTriggers, loadOrCreateDevKeys, recomputeAssessmentCounts, type CounterSource } from '@xianjie/subgraph-kit';
import { sql } from 'kysely';
import { ASSESSMENT_SOURCES as enforcementSources } from '../subgraphs/enforcement/src/db/migrations/0014-assessment';
import { ASSESSMENT_SOURCES as policeSources } from '../subgraphs/police/src/db/migrations/0014-assessment';
import { ASSESSMENT_SOURCES as procuratorateSources } from '../subgraphs/procuratorate/src/db/migrations/0014-assessment';
import { ASSESSMENT_SOURCES as courtSources } from '../subgraphs/court/src/db/migrations/0014-assessment';
import { ASSESSMENT_EXPORT_FIELDS } from '../web/src/export/assessment-export';
import { benchDatabaseUrl, INSTITUTION_NAMES, percentile, spawnBenchSystem, type InstitutionName } from './lib/spawn-system';
import { exitWithUsageOnHelp } from './lib/usage';

exitWithUsageOnHelp(__filename);

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const databases = { server: arg('url', 'postgres://postgres@127.0.0.1:5432'), prefix: arg('prefix', 'xianjie_bench') };
const requests = Number(arg('requests', '100'));
const basePort = Number(arg('base-port', '4400'));
const SOURCES: Record<InstitutionName, CounterSource[]> = { enforcement: enforcementSources, police: policeSources, procuratorate: procuratorateSources, court: courtSources };

const TABLE = (args: string) => `{ assessment(${args}) { period rows { ${ASSESSMENT_EXPORT_FIELDS} } total { casesRegistered } } }`;
const CASES = `query($filter: AdministrativeCaseFilter) { administrativeCases(filter: $filter, first: 20) { totalCount edges { node { id caseNumber } } } }`;
const WARNINGS = `query($filter: SupervisionWarningFilter) { supervisionWarnings(filter: $filter, first: 20) { totalCount edges { node { chain { id } } } } }`;
const WORK = (field: string) => `query($overdueOnly: Boolean) { ${field}(first: 20, overdueOnly: $overdueOnly) { totalCount edges { node { step dueAt } } } }`;
const OVERDUE = (field: string) => `{ overdueSteps { ${field}(first: 20) { totalCount edges { node { step dueAt } } } } }`;

(async () => {
  const busiest: Record<string, string> = {};
  let exactCount = 0;
  for (const name of INSTITUTION_NAMES) {
    const database = await createDatabase<any>({ kind: 'postgres', url: benchDatabaseUrl(databases, name) });
    try {
      const db = database.db;
      if (process.argv.includes('--recount')) {
        await sql`create index if not exists assessment_count_measure on assessment_count (measure, agency_id, month) include (category, n)`.execute(db);
        await installCounterTriggers(db, SOURCES[name]);
        const started = performance.now();
        await recomputeAssessmentCounts(db, SOURCES[name]);
        await sql`vacuum analyze assessment_count`.execute(db);
        console.log(`[assessment] ${name}: every row counted again in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
      const { rows: [size] } = await sql<{ n: string; months: string }>`select count(*)::text as n, count(distinct month)::text as months from assessment_count`.execute(db);
      console.log(`[assessment] ${name}: ${size!.n} counter rows over ${size!.months} months`);
      const unit = await sql<{ org: string }>`select org from workflow_task where done_at is null and not cancelled group by org order by count(*) desc limit 1`.execute(db);
      busiest[name] = unit.rows[0]!.org;
      if (name === 'enforcement') {
        const times: number[] = [];
        for (let k = 0; k < 7; k++) {
          const started = performance.now();
          await sql`select count(*) from administrative_case`.execute(db);
          times.push(performance.now() - started);
        }
        exactCount = percentile(times.sort((a, b) => a - b), 50);
        console.log(`[assessment] exact count(*) of every case, in the database: p50 ${exactCount.toFixed(1)} ms (7 runs)`);
      }
    } finally {
      await database.close();
    }
  }

  console.log(`[assessment] starting the system over ${databases.prefix}_* on ports ${basePort}–${basePort + 4}…`);
  const system = await spawnBenchSystem(databases, basePort);
  try {
    const issuer = (await loadOrCreateDevKeys('issuer')).privateKey;
    const token = (role: string, org?: string) => issueDevToken({ subject: 'measure', role: role as never, org }, issuer);
    const oversight = await token('oversight', 'LA-421200');
    const procurator = await token('procurator', 'PP-421200');
    const agency = await token('enforcement', busiest.enforcement);
    const ask = async (query: string, who: string | undefined, variables: Record<string, unknown> = {}) => {
      const res = await fetch(`http://127.0.0.1:${basePort}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${who}` } : {}) }, body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
      return body.data;
    };
    const fmt = (n: number) => n.toFixed(1).padStart(7);
    console.log(`[assessment] ${requests} sequential requests each, after 5 warm-up requests; ms`);
    console.log(`${'query'.padEnd(64)} ${'figure'.padStart(9)}    p50     p90     p99`);
    const probes: [string, string, string | undefined, Record<string, unknown>, (d: any) => unknown][] = [
      ['assessment 2026, every agency (oversight)', TABLE('year: 2026'), oversight, {}, (d) => `${d.assessment.rows.length} rows`],
      ['assessment 2026, by region', TABLE('year: 2026, by: REGION'), oversight, {}, (d) => `${d.assessment.rows.length} rows`],
      ['assessment 2026, by category', TABLE('year: 2026, by: CATEGORY'), oversight, {}, (d) => `${d.assessment.rows.length} rows`],
      ['assessment 2026, by campaign', TABLE('year: 2026, by: CAMPAIGN'), oversight, {}, (d) => `${d.assessment.rows.length} rows`],
      ['assessment 2026-03, every agency', TABLE('year: 2026, month: 3'), oversight, {}, (d) => `${d.assessment.rows.length} rows`],
      [`assessment 2026, own row (${busiest.enforcement})`, TABLE('year: 2026'), agency, {}, (d) => `${d.assessment.rows.length} rows`],
      ['administrativeCases totalCount (procurator, no filter)', CASES, procurator, {}, (d) => d.administrativeCases.totalCount],
      ['  … agencyId', CASES, procurator, { filter: { agencyId: busiest.enforcement } }, (d) => d.administrativeCases.totalCount],
      ['  … regionCode 421202', CASES, procurator, { filter: { regionCode: '421202' } }, (d) => d.administrativeCases.totalCount],
      ['  … violationCategory + procedure', CASES, procurator, { filter: { violationCategory: 'FOOD_SAFETY', procedure: 'GENERAL' } }, (d) => d.administrativeCases.totalCount],
      ['  … transferred', CASES, procurator, { filter: { transferred: true } }, (d) => d.administrativeCases.totalCount],
      ['  … not transferred, registered 2025 (whole months)', CASES, procurator, { filter: { transferred: false, registeredFrom: '2025-01-01T00:00:00+08:00', registeredTo: '2026-01-01T00:00:00+08:00' } }, (d) => d.administrativeCases.totalCount],
      ['  … registeredFrom mid-month (months + edge rows)', CASES, procurator, { filter: { registeredFrom: '2026-10-15T00:00:00+08:00' } }, (d) => d.administrativeCases.totalCount],
      ['  … registered 2025-03-10 to 2025-11-20 (months + edge rows)', CASES, procurator, { filter: { registeredFrom: '2025-03-10T00:00:00+08:00', registeredTo: '2025-11-20T00:00:00+08:00' } }, (d) => d.administrativeCases.totalCount],
      ['  … same, one agency, not transferred', CASES, procurator, { filter: { agencyId: busiest.enforcement, transferred: false, registeredFrom: '2025-03-10T00:00:00+08:00', registeredTo: '2025-11-20T00:00:00+08:00' } }, (d) => d.administrativeCases.totalCount],
      ['  … within one month, category', CASES, procurator, { filter: { violationCategory: 'FOOD_SAFETY', registeredFrom: '2025-06-08T00:00:00+08:00', registeredTo: '2025-06-23T00:00:00+08:00' } }, (d) => d.administrativeCases.totalCount],
      ['  … the public, registeredFrom mid-month', CASES, undefined, { filter: { registeredFrom: '2025-09-12T00:00:00+08:00' } }, (d) => d.administrativeCases.totalCount],
      [`  … an agency's own (${busiest.enforcement})`, CASES, agency, {}, (d) => d.administrativeCases.totalCount],
      ['  … the public (published)', CASES, undefined, {}, (d) => d.administrativeCases.totalCount],
      ['supervisionWarnings totalCount (open)', WARNINGS, procurator, {}, (d) => d.supervisionWarnings.totalCount],
      ['  … closed', WARNINGS, procurator, { filter: { open: false } }, (d) => d.supervisionWarnings.totalCount],
      [`  … one agency (${busiest.enforcement})`, WARNINGS, procurator, { filter: { agencyId: busiest.enforcement } }, (d) => d.supervisionWarnings.totalCount],
      [`enforcementWorkList (${busiest.enforcement})`, WORK('enforcementWorkList'), agency, {}, (d) => d.enforcementWorkList.totalCount],
      [`  … overdueOnly`, WORK('enforcementWorkList'), agency, { overdueOnly: true }, (d) => d.enforcementWorkList.totalCount],
      [`policeWorkList (${busiest.police})`, WORK('policeWorkList'), await token('police', busiest.police), {}, (d) => d.policeWorkList.totalCount],
      [`procuratorateWorkList (${busiest.procuratorate})`, WORK('procuratorateWorkList'), await token('procurator', busiest.procuratorate), {}, (d) => d.procuratorateWorkList.totalCount],
      [`courtWorkList (${busiest.court})`, WORK('courtWorkList'), await token('judge', busiest.court), {}, (d) => d.courtWorkList.totalCount],
      ...(['enforcementSteps', 'policeSteps', 'procuratorateSteps', 'courtSteps'].map((f) => [`overdueSteps.${f} (every unit)`, OVERDUE(f), procurator, {}, (d: any) => d.overdueSteps[f].totalCount] as [string, string, string, Record<string, unknown>, (d: any) => unknown])),
    ];
    for (const [name, query, who, variables, figure] of probes) {
      let shown: unknown;
      for (let k = 0; k < 5; k++) shown = figure(await ask(query, who, variables));
      const times: number[] = [];
      for (let k = 0; k < requests; k++) {
        const started = performance.now();
        await ask(query, who, variables);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(`${name.padEnd(64)} ${String(shown).padStart(9)} ${fmt(percentile(times, 50))} ${fmt(percentile(times, 90))} ${fmt(percentile(times, 99))}`);
    }
  } finally {
    await system.stop('SIGINT');
  }
})().catch((error: Error) => {
  console.error(`[assessment] ${error.message}`);
  process.exit(1);
});
