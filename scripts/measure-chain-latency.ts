// `npx tsx scripts/measure-chain-latency.ts [--prefix xianjie_bench] [--connections 50] [--duration 20] [--warmup 20] [--port 4400]`
//
// Where a CaseChain's time goes under load, on the bulk-loaded databases (`npm run
// seed:bulk`): starts the production build over them (as `npm run bench` does, one worker
// per service, metrics on --port + 5000 and the next four), keeps --connections requests
// under way (each another chain, as a procurator) and prints
//   - the latency percentiles of all chains, of the transferred ones (the police, procuratorate
//     and court are asked too: two rounds) and of the untransferred ones (the agency alone);
//   - from each service's metrics over the measured run: the mean time of its requests, of
//     the gateway's calls to each subgraph, of the audit appends and SQL statements; a
//     gateway call's time beyond the subgraph's own is spent waiting for a CPU, in either
//     process or in the kernel's queues.
// The warm-up is not counted.
import { print } from 'graphql';
import { Agent, request } from 'undici';
import { issueDevToken } from '@xianjie/gateway';
import { contractOperations } from '@xianjie/schema';
import { loadOrCreateDevKeys } from '@xianjie/subgraph-kit';
import { INSTITUTION_NAMES, percentile, spawnBenchSystem } from './lib/spawn-system';
import { exitWithUsageOnHelp } from './lib/usage';

exitWithUsageOnHelp(__filename);

const flag = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const prefix = flag('prefix', 'xianjie_bench');
const connections = Number(flag('connections', '50'));
const duration = Number(flag('duration', '20'));
const warmup = Number(flag('warmup', '20'));
const port = Number(flag('port', '4400'));
const metricsPort = port + 5000;
const SERVICES = ['gateway', ...INSTITUTION_NAMES];

/** The sums and counts of the histograms that tell where a request's time goes, by service and labels. */
async function histogramTotals(): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  await Promise.all(SERVICES.map(async (service, i) => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort + i}/metrics`)).text();
    for (const line of text.split('\n')) {
      const m = /^xianjie_(graphql_request_duration|subgraph_request_duration|audit_append_duration|db_query_duration)_seconds_(sum|count)\{([^}]*)\} (\S+)$/.exec(line);
      if (!m) continue;
      const labels = m[3]!.replace(/,?service="[^"]*"/, '').replace(/^,/, '');
      const key = `${service}\t${m[1]}${labels ? ` {${labels}}` : ''}\t${m[2]}`;
      totals.set(key, (totals.get(key) ?? 0) + Number(m[4]));
    }
  }));
  return totals;
}

(async () => {
  process.env.XIANJIE_METRICS_PORT = String(metricsPort);
  console.log(`[measure] starting the system over ${prefix}_* on ports ${port}–${port + 4}…`);
  const system = await spawnBenchSystem({ server: flag('url', 'postgres://postgres@127.0.0.1:5432'), prefix }, port, { production: true });
  try {
    const issuer = (await loadOrCreateDevKeys('issuer')).privateKey;
    const token = await issueDevToken({ subject: 'bench', role: 'procurator', org: 'PP-421200' }, issuer);
    const text = print(contractOperations().CaseChain!);
    const agent = new Agent({ connections: connections * 2 });
    const url = `http://127.0.0.1:${port}/graphql`;
    // The same stride through 1,000,000 chains as the bench.
    let k = 1;
    const id = (n: number) => `XJ-${String(((n * 104_729) % 1_000_000) + 1).padStart(7, '0')}`;
    const run = async (seconds: number) => {
      const took = { transferred: [] as number[], untransferred: [] as number[] };
      const end = Date.now() + seconds * 1000;
      await Promise.all(Array.from({ length: connections }, async () => {
        while (Date.now() < end) {
          const started = performance.now();
          const res = await request(url, { dispatcher: agent, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: text, variables: { id: id(k++) } }) });
          const body = (await res.body.json()) as { data?: { caseChain?: { policeCase?: unknown } }; errors?: unknown[] };
          if (body.errors || !body.data) throw new Error(`CaseChain failed: ${JSON.stringify(body).slice(0, 300)}`);
          (body.data.caseChain?.policeCase ? took.transferred : took.untransferred).push(performance.now() - started);
        }
      }));
      return took;
    };
    console.log(`[measure] warming up for ${warmup} s at ${connections} connections (not counted)…`);
    await run(warmup);
    const before = await histogramTotals();
    const took = await run(duration);
    const after = await histogramTotals();
    const line = (name: string, ms: number[]) => {
      ms.sort((a, b) => a - b);
      return `${name.padEnd(14)} ${String(ms.length).padStart(6)}  p50 ${percentile(ms, 50).toFixed(0).padStart(4)}  p90 ${percentile(ms, 90).toFixed(0).padStart(4)}  p99 ${percentile(ms, 99).toFixed(0).padStart(4)}  max ${ms[ms.length - 1]!.toFixed(0).padStart(4)} ms`;
    };
    const all = [...took.transferred, ...took.untransferred];
    console.log(`\nCaseChain, ${connections} connections, ${duration} s, ${(all.length / duration).toFixed(0)} req/s\n`);
    console.log(line('all', all));
    console.log(line('transferred', took.transferred));
    console.log(line('untransferred', took.untransferred));
    console.log('\nmean time over the run, from each service\'s metrics:');
    for (const [key, sum] of after) {
      const [service, what, part] = key.split('\t');
      if (part !== 'sum') continue;
      const count = (after.get(`${service}\t${what}\tcount`) ?? 0) - (before.get(`${service}\t${what}\tcount`) ?? 0);
      if (count > 0) console.log(`  ${service!.padEnd(13)} ${what!.padEnd(60)} ${String(count).padStart(6)} × ${(((sum - (before.get(key) ?? 0)) / count) * 1000).toFixed(1).padStart(5)} ms`);
    }
  } finally {
    await system.stop('SIGINT');
  }
})().catch((error: Error) => {
  console.error(`[measure] ${error.stack ?? error.message}`);
  process.exit(1);
});
