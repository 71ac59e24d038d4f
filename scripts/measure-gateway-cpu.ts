// `npx tsx scripts/measure-gateway-cpu.ts [--requests 2000] [--connections 4] [--port 4300]`
// The gateway's CPU time per CaseChain request: starts the system as `npm start` does, on
// spare ports (the gateway on --port, the subgraphs on the next four) over its own PGlite
// data (XIANJIE_DATA_DIR, default a temporary directory; 120 demo cases), sends the requests
// as a procurator, and reads the gateway process's user+system CPU time (Linux /proc)
// before and after. CPU time per request is what a loaded machine disturbs least.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { print } from 'graphql';
import { issueDevToken } from '@xianjie/gateway';
import { contractOperations } from '@xianjie/schema';
import { INSTITUTION_NAMES, loadOrCreateDevKeys } from '@xianjie/subgraph-kit';
import { spawnSystem } from './lib/spawn-system';
import { exitWithUsageOnHelp } from './lib/usage';

exitWithUsageOnHelp(__filename);

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const requests = arg('requests', 2000);
const connections = arg('connections', 4);
const basePort = arg('port', 4300);

/** A process's user+system CPU time in ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

(async () => {
  const dir = process.env.XIANJIE_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'xianjie-cpu-'));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    XIANJIE_DATA_DIR: dir,
    XIANJIE_DEMO_CASES: process.env.XIANJIE_DEMO_CASES ?? '120',
    XIANJIE_GATEWAY_PORT: String(basePort),
  };
  INSTITUTION_NAMES.forEach((name, i) => (env[`XIANJIE_${name.toUpperCase()}_PORT`] = String(basePort + 1 + i)));
  const { stop } = await spawnSystem(env);
  try {
    // The process listening on the gateway's port (the launcher's child).
    const listening = execFileSync('ss', ['-Hltnp', `sport = :${basePort}`], { encoding: 'utf8' });
    const pid = Number(/pid=(\d+)/.exec(listening)?.[1] ?? NaN);
    if (!pid) throw new Error(`no process found listening on port ${basePort}`);
    const token = await issueDevToken({ subject: 'cpu', role: 'procurator', org: 'PP-421200' }, (await loadOrCreateDevKeys('issuer')).privateKey);
    const query = print(contractOperations().CaseChain!);
    const url = `http://127.0.0.1:${basePort}/graphql`;
    let n = 0;
    const one = async () => {
      const id = `XJ-${String((n++ % 120) + 1).padStart(7, '0')}`;
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables: { id } }) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      await res.text();
    };
    const drive = async (count: number) => {
      let left = count;
      await Promise.all(Array.from({ length: connections }, async () => {
        while (left-- > 0) await one();
      }));
    };
    await drive(300); // warm-up: plans, JIT, pools
    const before = cpuMs(pid);
    const started = Date.now();
    await drive(requests);
    const cpu = cpuMs(pid) - before;
    const wall = Date.now() - started;
    console.log(`[cpu] ${requests} CaseChain requests, ${connections} at a time: gateway CPU ${cpu} ms, ${(cpu / requests).toFixed(3)} ms per request; wall ${wall} ms (${((requests * 1000) / wall).toFixed(0)} req/s)`);
  } finally {
    await stop();
  }
})().catch((error: Error) => {
  console.error(`[cpu] ${error.message}`);
  process.exit(1);
});
