// Supervision on the bulk-loaded data (issue 7, items 1–2): the 以罚代刑 warnings by
// criterion, the time to measure every case again after a catalogue change, and p50/p90/p99
// of the warnings list and the overdue list through the gateway. Load the data first:
//
//   npm run seed:bulk -- --cases 1000000 --fresh
//   npx tsx scripts/measure-supervision.ts [--prefix xianjie_bench] [--requests 200] [--base-port 4300]
//
// The re-evaluation runs in a transaction that changes one criterion's figure (as
// updateThresholdCriterion does) and is rolled back, so the data stay as loaded. Then it
// starts the system over the databases on its own ports and times sequential requests as a
// procurator (every agency, every unit) and as the agency with the most warnings.
import { performance } from 'node:perf_hooks';
import { issueDevToken } from '@xianjie/gateway';
import { createDatabase, loadOrCreateDevKeys } from '@xianjie/subgraph-kit';
import { sql } from 'kysely';
import { evaluateCases } from '../subgraphs/enforcement/src/supervision-evaluate';
import { benchDatabaseUrl, percentile, spawnBenchSystem } from './lib/spawn-system';
import { exitWithUsageOnHelp } from './lib/usage';

exitWithUsageOnHelp(__filename);

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const databases = { server: arg('url', 'postgres://postgres@127.0.0.1:5432'), prefix: arg('prefix', 'xianjie_bench') };
const requests = Number(arg('requests', '200'));
const basePort = Number(arg('base-port', '4300'));

class Rollback extends Error {}

const WARNINGS = `query W($after: String) { supervisionWarnings(first: 20, after: $after) { totalCount edges { node { chain { id } agency { id } due dueSince article criteria { value criterion { id offence basis } } } } pageInfo { endCursor } } }`;
const OVERDUE = (field: string) => `query O($after: String) { overdueSteps { ${field}(first: 20, after: $after) { totalCount edges { node { step title org article startedAt dueAt chain { id } } } pageInfo { endCursor } } } }`;

(async () => {
  const enforcement = await createDatabase<any>({ kind: 'postgres', url: benchDatabaseUrl(databases, 'enforcement') });
  let busiest: string;
  try {
    const db = enforcement.db;
    const { rows: [cases] } = await sql<{ n: string }>`select count(*)::text as n from administrative_case`.execute(db);
    const { rows: byCriterion } = await sql<{ criterion: string; n: string }>`
      select k as criterion, count(*)::text as n from supervision_warning, unnest(criteria) as k where closed_at is null group by k order by count(*) desc`.execute(db);
    const { rows: [open] } = await sql<{ n: string }>`select count(*)::text as n from supervision_warning where closed_at is null`.execute(db);
    console.log(`[supervision] ${cases!.n} cases; ${open!.n} open 以罚代刑 warnings; by criterion (a case may meet several):`);
    for (const r of byCriterion) console.log(`  ${r.criterion.padEnd(28)} ${r.n.padStart(8)}`);
    busiest = (await sql<{ agencyId: string }>`select agency_id from supervision_warning where closed_at is null group by agency_id order by count(*) desc limit 1`.execute(db)).rows[0]!.agencyId;
    // A catalogue change: SUBSTANDARD-SALES from 5万 to 6万 yuan, every case measured again, rolled back.
    let timing = { ms: 0, raised: 0, closed: 0 };
    await db.transaction().execute(async (tx: any) => {
      await sql`update threshold_criterion set figure = 6000000 where id = 'SUBSTANDARD-SALES'`.execute(tx);
      const started = performance.now();
      const result = await evaluateCases(tx);
      timing = { ms: performance.now() - started, raised: result.open, closed: result.closed };
      throw new Rollback();
    }).catch((e: unknown) => { if (!(e instanceof Rollback)) throw e; });
    console.log(`[supervision] every case measured again after a catalogue change (SUBSTANDARD-SALES 5万→6万, rolled back): ${(timing.ms / 1000).toFixed(2)} s; ${timing.raised} warnings raised or changed, ${timing.closed} closed`);
    const started = performance.now();
    const unchanged = await evaluateCases(db);
    console.log(`[supervision] every case measured again, catalogue unchanged: ${((performance.now() - started) / 1000).toFixed(2)} s (${unchanged.open} changed, ${unchanged.closed} closed)`);
  } finally {
    await enforcement.close();
  }

  console.log(`[supervision] starting the system over ${databases.prefix}_* on ports ${basePort}–${basePort + 4}…`);
  const system = await spawnBenchSystem(databases, basePort);
  try {
    const issuer = (await loadOrCreateDevKeys('issuer')).privateKey;
    const procurator = await issueDevToken({ subject: 'measure', role: 'procurator', org: 'PP-421200' }, issuer);
    const agency = await issueDevToken({ subject: 'measure', role: 'enforcement', org: busiest }, issuer);
    const ask = async (query: string, token: string, variables: Record<string, unknown>) => {
      const res = await fetch(`http://127.0.0.1:${basePort}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
      return body.data;
    };
    const fmt = (n: number) => n.toFixed(1).padStart(7);
    console.log(`[supervision] ${requests} sequential requests each, after 10 warm-up requests; ms`);
    console.log(`${'list'.padEnd(44)} ${'total'.padStart(8)}    p50     p90     p99`);
    const probes: [string, string, string, (d: any) => any][] = [
      ['supervisionWarnings (procurator)', WARNINGS, procurator, (d) => d.supervisionWarnings],
      [`supervisionWarnings (${busiest})`, WARNINGS, agency, (d) => d.supervisionWarnings],
      ...(['enforcementSteps', 'policeSteps', 'procuratorateSteps', 'courtSteps'].map((f) => [`overdueSteps.${f} (procurator)`, OVERDUE(f), procurator, (d: any) => d.overdueSteps[f]] as [string, string, string, (d: any) => any])),
      ['overdueSteps, all four fields (procurator)', `{ overdueSteps { ${['enforcementSteps', 'policeSteps', 'procuratorateSteps', 'courtSteps'].map((f) => `${f}(first: 20) { totalCount edges { node { step org dueAt chain { id } } } }`).join(' ')} } }`, procurator, (d) => d.overdueSteps.enforcementSteps],
    ];
    for (const [name, query, token, pick] of probes) {
      const pages: [string, Record<string, unknown>][] = [['', {}]];
      if (!name.startsWith('overdueSteps, all')) {
        let cursor: string | null = null;
        for (let k = 0; k < 10; k++) cursor = pick(await ask(query, token, { after: cursor })).pageInfo.endCursor ?? cursor;
        pages.push([' page 11', { after: cursor }]);
      }
      for (const [suffix, variables] of pages) {
        let total = 0;
        for (let k = 0; k < 10; k++) total = pick(await ask(query, token, variables)).totalCount;
        const times: number[] = [];
        for (let k = 0; k < requests; k++) {
          const started = performance.now();
          await ask(query, token, variables);
          times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        console.log(`${(name + suffix).padEnd(44)} ${String(total).padStart(8)} ${fmt(percentile(times, 50))} ${fmt(percentile(times, 90))} ${fmt(percentile(times, 99))}`);
      }
    }
  } finally {
    await system.stop('SIGINT');
  }
})().catch((error: Error) => {
  console.error(`[supervision] ${error.message}`);
  process.exit(1);
});
