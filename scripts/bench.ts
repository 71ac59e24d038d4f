// `npm run bench [-- --duration 15 --connections 10 --chains 600]`
// Latency of the contract's CaseChain operation through the gateway. Starts the system
// as `npm start` does (separate processes; the data in .data/, or the databases named by
// XIANJIE_<INSTITUTION>_DATABASE_URL), drives it with autocannon as a procurator, each
// request asking for another chain, and prints the latency percentiles and throughput.
import { spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { print } from 'graphql';
import { issueDevToken } from '@xianjie/gateway';
import { contractOperations } from '@xianjie/schema';
import { gatewayPort, loadOrCreateDevKeys, repoRoot } from '@xianjie/subgraph-kit';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const duration = arg('duration', 15);
const connections = arg('connections', 10);
const chains = arg('chains', 600);
const gateway = `http://127.0.0.1:${gatewayPort()}`;

async function healthy(): Promise<boolean> {
  return fetch(`${gateway}/health`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
}

let system: ReturnType<typeof spawn> | undefined;

(async () => {
  if (!(await healthy())) {
    console.log('[bench] starting the system (npm start)…');
    system = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/start.ts')], { stdio: ['ignore', 'ignore', 'inherit'] });
    let exited = false;
    system.once('exit', () => (exited = true));
    const started = Date.now();
    while (!(await healthy())) {
      if (exited) throw new Error('the system stopped before it was ready (see the errors above)');
      if (Date.now() - started > 15 * 60_000) throw new Error('the system did not start');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  const token = await issueDevToken({ subject: 'bench', role: 'procurator', org: 'PP-421200' }, (await loadOrCreateDevKeys('issuer')).privateKey);
  const query = print(contractOperations().CaseChain!);
  let n = 0;
  const body = () => JSON.stringify({ query, variables: { id: `XJ-${String((n++ % chains) + 1).padStart(7, '0')}` } });
  // Warm-up: query plans, connection pools, JIT.
  await autocannon({ url: `${gateway}/graphql`, method: 'POST', connections: 2, duration: 3, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body() });
  console.log(`[bench] CaseChain through the gateway: ${connections} connections, ${duration} s, chains XJ-0000001..${chains}`);
  const result = await autocannon({
    url: `${gateway}/graphql`,
    method: 'POST',
    connections,
    duration,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
  });
  const l = result.latency;
  console.log(`[bench] requests: ${result.requests.total} (${result.non2xx} non-2xx, ${result.errors} errors)`);
  console.log(`[bench] latency ms: p50 ${l.p50}  p90 ${l.p90}  p99 ${l.p99}  max ${l.max}  mean ${l.average.toFixed(1)}`);
  console.log(`[bench] throughput: ${result.requests.average.toFixed(0)} req/s`);
  if (system) {
    system.kill('SIGINT');
    await new Promise((r) => system!.once('exit', r));
  }
})().catch((error: Error) => {
  console.error(`[bench] ${error.message}`);
  system?.kill('SIGINT'); // do not leave the system it started running
  process.exit(1);
});
