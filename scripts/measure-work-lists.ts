// p50/p90/p99 latency of each institution's work list through the gateway, on the
// bulk-loaded data (issue 6, item 4). Load the data first:
//
//   npm run seed:bulk -- --cases 1000000 --fresh
//   npx tsx scripts/measure-work-lists.ts [--prefix xianjie_bench] [--requests 200] [--base-port 4200]
//
// Starts the system over the xianjie_bench_* databases on its own ports, takes for each
// institution the unit that owes the most open steps, and times sequential requests as
// that unit's officer: the first page (20, with totalCount), the overdue-only first page,
// and a page deep in the list (after 10 pages, by cursor). Stops what it started.
import pg from 'pg';
import { issueDevToken } from '@xianjie/gateway';
import { loadOrCreateDevKeys } from '@xianjie/subgraph-kit';
import { performance } from 'node:perf_hooks';
import { benchDatabaseUrl, INSTITUTION_NAMES as INSTITUTIONS, percentile, spawnBenchSystem, type InstitutionName } from './lib/spawn-system';
import { exitWithUsageOnHelp } from './lib/usage';

exitWithUsageOnHelp(__filename);

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const databases = { server: arg('url', 'postgres://postgres@127.0.0.1:5432'), prefix: arg('prefix', 'xianjie_bench') };
const requests = Number(arg('requests', '200'));
const basePort = Number(arg('base-port', '4200'));

const WORK_LISTS: Record<InstitutionName, { field: string; role: string }> = {
  enforcement: { field: 'enforcementWorkList', role: 'enforcement' },
  police: { field: 'policeWorkList', role: 'police' },
  procuratorate: { field: 'procuratorateWorkList', role: 'procurator' },
  court: { field: 'courtWorkList', role: 'judge' },
};

/** The unit with the most open steps, and how many it and all units owe. */
async function busiestUnit(institution: InstitutionName): Promise<{ org: string; open: number; all: number; tasks: number }> {
  const client = new pg.Client({ connectionString: benchDatabaseUrl(databases, institution) });
  await client.connect();
  try {
    const busiest = await client.query<{ org: string; n: string }>(
      `select org, count(*)::text as n from workflow_task where done_at is null and not cancelled group by org order by count(*) desc limit 1`,
    );
    const all = await client.query<{ open: string; tasks: string }>(
      `select count(*) filter (where done_at is null and not cancelled)::text as open, count(*)::text as tasks from workflow_task`,
    );
    if (!busiest.rows[0]) throw new Error(`${institution}: no open steps in ${benchDatabaseUrl(databases, institution)} — load the data with npm run seed:bulk`);
    return { org: busiest.rows[0].org, open: Number(busiest.rows[0].n), all: Number(all.rows[0]!.open), tasks: Number(all.rows[0]!.tasks) };
  } finally {
    await client.end();
  }
}

(async () => {
  const units = Object.fromEntries(await Promise.all(INSTITUTIONS.map(async (i) => [i, await busiestUnit(i)] as const)));
  console.log(`[work lists] starting the system over ${databases.prefix}_* on ports ${basePort}–${basePort + 4}…`);
  const system = await spawnBenchSystem(databases, basePort);
  const url = `http://127.0.0.1:${basePort}`;
  try {
    const issuer = (await loadOrCreateDevKeys('issuer')).privateKey;
    const fmt = (n: number) => n.toFixed(1).padStart(7);
    console.log(`[work lists] ${requests} sequential requests each, after 10 warm-up requests; ms`);
    console.log(`${'work list'.padEnd(24)} ${'unit'.padEnd(16)} ${'open'.padStart(7)} ${'query'.padEnd(12)}    p50     p90     p99`);
    for (const institution of INSTITUTIONS) {
      const { field, role } = WORK_LISTS[institution];
      const unit = units[institution]!;
      const token = await issueDevToken({ subject: 'measure', role: role as never, org: unit.org }, issuer);
      const ask = async (variables: Record<string, unknown>) => {
        const res = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            query: `query WorkList($after: String, $overdueOnly: Boolean) { ${field}(first: 20, after: $after, overdueOnly: $overdueOnly) { totalCount edges { cursor node { step title dueAt late chainId } } pageInfo { hasNextPage endCursor } } }`,
            variables,
          }),
        });
        const body = (await res.json()) as { data?: Record<string, { pageInfo: { endCursor: string | null } }>; errors?: unknown[] };
        if (body.errors) throw new Error(`${field}: ${JSON.stringify(body.errors).slice(0, 300)}`);
        return body.data![field]!;
      };
      let cursor: string | null = null;
      for (let page = 0; page < 10 && (page === 0 || cursor); page++) cursor = (await ask({ after: cursor })).pageInfo.endCursor;
      const probes: [string, Record<string, unknown>][] = [
        ['first page', {}],
        ['overdue', { overdueOnly: true }],
        ['page 11', { after: cursor }],
      ];
      for (const [name, variables] of probes) {
        for (let k = 0; k < 10; k++) await ask(variables); // warm-up: plans, pools, JIT
        const times: number[] = [];
        for (let k = 0; k < requests; k++) {
          const started = performance.now();
          await ask(variables);
          times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        console.log(`${field.padEnd(24)} ${unit.org.padEnd(16)} ${String(unit.open).padStart(7)} ${name.padEnd(12)} ${fmt(percentile(times, 50))} ${fmt(percentile(times, 90))} ${fmt(percentile(times, 99))}`);
      }
    }
    console.log(`[work lists] open steps in all: ${INSTITUTIONS.map((i) => `${i} ${units[i]!.all} of ${units[i]!.tasks}`).join(', ')}`);
  } finally {
    await system.stop('SIGINT');
  }
})().catch((error: Error) => {
  console.error(`[work lists] ${error.message}`);
  process.exit(1);
});
