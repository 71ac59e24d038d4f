// `npm run bench [-- --prefix xianjie_bench] [--connections 1,10,50] [--duration 10] [--warmup 20] [--ops CaseChain,workList,caseSearch] [--dev]`
//
// Throughput, latency and CPU per request of the whole system, on the bulk-loaded databases
// (`npm run seed:bulk`, databases <prefix>_enforcement … <prefix>_court). Starts the system as
// an operator runs it (the production build, NODE_ENV=production, one worker per service;
// --dev: the TypeScript through tsx, as `npm start` in development) over them, on spare
// ports (--port, default 4400, and the next four), and drives it with autocannon through
// the gateway, one workload at a time and for each number of connections:
//
//   CaseChain   the contract's CaseChain operation as a procurator, each request another chain
//               (spread over --chains, default all of them)
//   workList    the first page (20, with totalCount) of procuratorateWorkList as its busiest unit
//   caseSearch  caseSearch by a police case number (all four subgraphs answer), another each request
//
// CPU: user+system time (Linux /proc/<pid>/stat) of the gateway, each subgraph (the processes
// listening on their ports) and the PostgreSQL backends serving the <prefix>_* databases
// (pg_stat_activity; a backend that appears during a run counts from its start, one that
// ends counts up to its last sample, every 250 ms), divided by the requests answered, after
// taking off what each process spends idle (its timers, the metrics' event-loop monitor,
// PostgreSQL's own work), measured over --idle seconds (default 5) with no request before
// the runs and printed. Each workload first runs --warmup seconds (default 20) at the most
// connections, not counted, so the rows measure the warm system an operator runs. Autocannon
// runs in this process and is not counted. Stops what it started.
//
// --profile DIR: every service runs with node --cpu-prof and writes its profile into DIR when
// the runs end (summarize one with `npx tsx scripts/profile-top.ts DIR/<file>.cpuprofile`);
// profiling costs CPU itself, so the figures of such a run are not the system's.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { print } from 'graphql';
import pg from 'pg';
import { issueDevToken } from '@xianjie/gateway';
import { contractOperations } from '@xianjie/schema';
import { loadOrCreateDevKeys } from '@xianjie/subgraph-kit';
import { benchDatabaseUrl, INSTITUTION_NAMES, spawnBenchSystem, type BenchDatabases } from './lib/spawn-system';
import { exitWithUsageOnHelp } from './lib/usage';

exitWithUsageOnHelp(__filename);

const flag = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const databases: BenchDatabases = { server: flag('url', 'postgres://postgres@127.0.0.1:5432'), prefix: flag('prefix', 'xianjie_bench') };
const duration = Number(flag('duration', '10'));
const connectionCounts = flag('connections', '1,10,50').split(',').map(Number);
const ops = flag('ops', 'CaseChain,workList,caseSearch').split(',');
const basePort = Number(flag('port', '4400'));
const jsonOut = flag('json', '');
const idleSeconds = Number(flag('idle', '5'));
// JIT compilation, connection pools and query plans settle in the first seconds of load; a
// 10 s run after 3 s of warm-up measured almost twice the CPU per chain of a warm one.
const warmupSeconds = Number(flag('warmup', '20'));
const profileDir = flag('profile', '');
// As an operator runs it: the compiled services with NODE_ENV=production (--dev: the TypeScript through tsx, as `npm start`).
const production = !process.argv.includes('--dev');
if (profileDir) process.env.XIANJIE_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${profileDir}`;

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);

/** A process's user+system CPU time in ms, or undefined when it has gone. */
function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

/** The pid of the process listening on a local TCP port. */
function listeningPid(port: number): number {
  const out = execFileSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const pid = Number(/pid=(\d+)/.exec(out)?.[1] ?? NaN);
  if (!pid) throw new Error(`no process found listening on port ${port}`);
  return pid;
}

interface Workload {
  name: string;
  token: string;
  body(n: number): string;
  /** Checks one answer (the run's first): data, no errors. */
  check(answer: { data?: unknown; errors?: unknown[] }): void;
}

async function query<T extends pg.QueryResultRow>(institution: (typeof INSTITUTION_NAMES)[number], text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: benchDatabaseUrl(databases, institution) });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function workloads(): Promise<Workload[]> {
  const issuer = (await loadOrCreateDevKeys('issuer')).privateKey;
  const procurator = await issueDevToken({ subject: 'bench', role: 'procurator', org: 'PP-421200' }, issuer);
  const noErrors = (name: string) => (answer: { data?: unknown; errors?: unknown[] }) => {
    if (answer.errors || !answer.data) throw new Error(`${name}: ${JSON.stringify(answer).slice(0, 400)}`);
  };
  const all: Record<string, () => Promise<Workload>> = {
    CaseChain: async () => {
      const [seeded] = await query<{ cases: string }>('enforcement', 'select cases::text as cases from xianjie_seed limit 1').catch(() => []);
      const chains = Number(flag('chains', seeded?.cases ?? '1000000'));
      const text = print(contractOperations().CaseChain!);
      // A stride through all the chains, so that a run does not keep reading the same few pages.
      const id = (k: number) => `XJ-${String(((k * 104_729) % chains) + 1).padStart(7, '0')}`;
      return { name: 'CaseChain', token: procurator, body: (k) => JSON.stringify({ query: text, variables: { id: id(k) } }), check: noErrors('CaseChain') };
    },
    workList: async () => {
      const [busiest] = await query<{ org: string }>('procuratorate', 'select org from workflow_task where done_at is null and not cancelled group by org order by count(*) desc limit 1');
      if (!busiest) throw new Error(`no open steps in ${databases.prefix}_procuratorate: load the data with npm run seed:bulk`);
      const token = await issueDevToken({ subject: 'bench', role: 'procurator', org: busiest.org }, issuer);
      const text = 'query WorkList { procuratorateWorkList(first: 20) { totalCount edges { cursor node { step title dueAt late chainId } } pageInfo { hasNextPage endCursor } } }';
      return { name: 'workList', token, body: () => JSON.stringify({ query: text }), check: noErrors('workList') };
    },
    caseSearch: async () => {
      const numbers = await query<{ case_number: string }>('police', `select case_number from police_case tablesample system (1) where case_number is not null limit 500`);
      if (numbers.length === 0) throw new Error(`no police case numbers in ${databases.prefix}_police`);
      const text = `query Search($text: String!) { caseSearch(text: $text) {
        enforcementHits { field recordType chain { id } } policeHits { field recordType chain { id } }
        procuratorateHits { field recordType chain { id } } courtHits { field recordType chain { id } } } }`;
      return { name: 'caseSearch', token: procurator, body: (k) => JSON.stringify({ query: text, variables: { text: numbers[k % numbers.length]!.case_number } }), check: noErrors('caseSearch') };
    },
  };
  return Promise.all(ops.map((op) => {
    const make = all[op];
    if (!make) throw new Error(`unknown workload ${op} (CaseChain, workList, caseSearch)`);
    return make();
  }));
}

interface Row {
  workload: string;
  connections: number;
  requests: number;
  errors: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  /** CPU ms per request by process (gateway, enforcement, …, postgres), less the process's idle CPU. */
  cpu: Record<string, number>;
  /** The same without taking off the idle CPU. */
  rawCpu: Record<string, number>;
}

/** CPU samples of the services and of the PostgreSQL backends of the bench databases. */
class CpuMeter {
  private readonly backendStart = new Map<number, number>();
  private readonly backendLast = new Map<number, number>();
  private readonly serviceStart = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly admin: pg.Client, private readonly services: Record<string, number>) {}

  private async backends(): Promise<number[]> {
    const names = INSTITUTION_NAMES.map((i) => `${databases.prefix}_${i}`);
    const { rows } = await this.admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = any($1) and pid <> pg_backend_pid()', [names]);
    return rows.map((r) => r.pid);
  }

  private async sample(first: boolean): Promise<void> {
    for (const pid of await this.backends()) {
      const ms = cpuMs(pid);
      if (ms === undefined) continue;
      // A backend that was not there at the start counts from zero: all its time is the run's.
      if (!this.backendStart.has(pid)) this.backendStart.set(pid, first ? ms : 0);
      this.backendLast.set(pid, ms);
    }
  }

  async start(): Promise<void> {
    for (const [name, pid] of Object.entries(this.services)) this.serviceStart.set(name, cpuMs(pid)!);
    await this.sample(true);
    this.timer = setInterval(() => void this.sample(false).catch(() => {}), 250);
  }

  /** CPU ms spent since start(), by process, and how many backends served. */
  async stop(): Promise<{ ms: Record<string, number>; backends: number }> {
    clearInterval(this.timer);
    const ms: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.services)) ms[name] = cpuMs(pid)! - this.serviceStart.get(name)!;
    await this.sample(false);
    let postgres = 0;
    let backends = 0;
    for (const [pid, last] of this.backendLast) {
      const spent = last - this.backendStart.get(pid)!;
      postgres += spent;
      if (spent > 0) backends++;
    }
    ms.postgres = postgres;
    return { ms, backends };
  }
}

/**
 * What PostgreSQL holds in memory, against the size of the bench databases. A request reads
 * pages all over 1,000,000 chains: when they do not fit in shared_buffers they come from the
 * OS (from disk, where a VM's page cache is reclaimed), and without huge pages every backend
 * takes a page fault on its first touch of each 4 kB of shared memory. On this project's VM
 * either made the agencies' case statement cost three to five times its CPU with huge pages
 * (README, Operations: PostgreSQL's memory).
 */
async function describePostgres(admin: pg.Client): Promise<string> {
  const names = INSTITUTION_NAMES.map((i) => `${databases.prefix}_${i}`);
  const { rows } = await admin.query<{ buffers: string; huge: string; size: string }>(
    `select (select setting::bigint * current_setting('block_size')::bigint from pg_settings where name = 'shared_buffers')::text as buffers,
            current_setting('huge_pages') as huge,
            (select sum(pg_database_size(datname)) from pg_database where datname = any($1))::text as size`,
    [names],
  );
  const { buffers, huge, size } = rows[0]!;
  const gb = (bytes: string) => `${(Number(bytes) / 2 ** 30).toFixed(1)} GB`;
  const warnings = [
    Number(buffers) < Number(size) ? 'shared_buffers is smaller than the databases: reads come from the OS' : '',
    huge !== 'on' ? 'huge_pages is not on: backends fault on shared memory' : '',
  ].filter(Boolean);
  const said = `PostgreSQL shared_buffers ${gb(buffers)}, huge_pages ${huge}; the ${databases.prefix}_* databases ${gb(size)}`;
  return warnings.length ? `${said}. Warning: ${warnings.join('; ')}; the PostgreSQL figures will include that cost (README, Scale and benchmarks)` : said;
}

const PROCESSES = ['gateway', ...INSTITUTION_NAMES, 'postgres'] as const;

function table(rows: Row[]): string {
  const head = ['workload', 'conns', 'req/s', 'p50 ms', 'p99 ms', ...PROCESSES.map((p) => `${p === 'procuratorate' ? 'procur.' : p === 'enforcement' ? 'enforce.' : p}`), 'total'];
  const lines = rows.map((r) => {
    const total = PROCESSES.reduce((sum, p) => sum + r.cpu[p]!, 0);
    return [r.workload, String(r.connections), r.reqPerSec.toFixed(0), r.p50.toFixed(1), r.p99.toFixed(1), ...PROCESSES.map((p) => r.cpu[p]!.toFixed(2)), total.toFixed(2)];
  });
  const widths = head.map((h, k) => Math.max(h.length, ...lines.map((l) => l[k]!.length)));
  const row = (cells: string[]) => `| ${cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join(' | ')} |`;
  return [row(head), `|${widths.map((w, k) => (k === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...lines.map(row)].join('\n');
}

(async () => {
  const loads = await workloads();
  console.log(`[bench] starting the system over ${databases.prefix}_* on ports ${basePort}–${basePort + 4}…`);
  const system = await spawnBenchSystem(databases, basePort, { production });
  const adminUrl = new URL(databases.server);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  const rows: Row[] = [];
  try {
    await admin.connect();
    console.log(`[bench] ${await describePostgres(admin)}`);
    const services: Record<string, number> = { gateway: listeningPid(basePort) };
    INSTITUTION_NAMES.forEach((name, i) => (services[name] = listeningPid(basePort + 1 + i)));
    const url = `http://127.0.0.1:${basePort}/graphql`;
    // What each process spends with no request, per second.
    const idleMeter = new CpuMeter(admin, services);
    await idleMeter.start();
    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    const idle = Object.fromEntries(Object.entries((await idleMeter.stop()).ms).map(([p, v]) => [p, v / idleSeconds]));
    console.log(`[bench] idle CPU ms per second: ${PROCESSES.map((p) => `${p} ${idle[p]!.toFixed(1)}`).join(', ')}`);
    for (const load of loads) {
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${load.token}` };
      const first = await fetch(url, { method: 'POST', headers, body: load.body(0) });
      load.check((await first.json()) as { data?: unknown; errors?: unknown[] });
      let n = 1;
      // Warm-up, not counted: JIT compilation (V8 optimises the hot code over several thousand
      // requests), connection pools, PostgreSQL's prepared plans.
      const warmConnections = Math.max(...connectionCounts);
      console.log(`[bench] warming up ${load.name} for ${warmupSeconds} s at ${warmConnections} connections (not counted)…`);
      await autocannon({ url, method: 'POST', connections: warmConnections, duration: warmupSeconds, headers, requests: [{ setupRequest: (req) => ({ ...req, body: load.body(n++) }) }] });
      for (const connections of connectionCounts) {
        const meter = new CpuMeter(admin, services);
        await meter.start();
        const result = await autocannon({ url, method: 'POST', connections, duration, headers, requests: [{ setupRequest: (req) => ({ ...req, body: load.body(n++) }) }] });
        const { ms, backends } = await meter.stop();
        const answered = Math.max(1, result.requests.total);
        const rawCpu = Object.fromEntries(Object.entries(ms).map(([p, v]) => [p, v / answered]));
        const cpu = Object.fromEntries(Object.entries(ms).map(([p, v]) => [p, Math.max(0, v - idle[p]! * duration) / answered]));
        const row: Row = { workload: load.name, connections, requests: result.requests.total, errors: result.non2xx + result.errors, reqPerSec: result.requests.total / duration, p50: result.latency.p50, p99: result.latency.p99, cpu, rawCpu };
        rows.push(row);
        const total = Object.values(cpu).reduce((a, b) => a + b, 0);
        console.log(`[bench] ${load.name} × ${connections}: ${answered} requests (${row.errors} failed), ${row.reqPerSec.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms; CPU ms/request: ${PROCESSES.map((p) => `${p} ${cpu[p]!.toFixed(2)}`).join(', ')}; total ${total.toFixed(2)} (${backends} PostgreSQL backends)`);
      }
    }
    if (profileDir) {
      // Each service writes its profile as it exits; the launcher's own stop would not wait for that.
      for (const pid of Object.values(services)) process.kill(pid, 'SIGTERM');
      while (Object.values(services).some((pid) => cpuMs(pid) !== undefined)) await new Promise((r) => setTimeout(r, 500));
      console.log(`[bench] profiles written to ${profileDir}`);
    }
  } finally {
    await admin.end();
    await system.stop('SIGINT');
  }
  console.log(`\nCPU ms per request by process, less its idle CPU; ${duration} s per row, ${databases.prefix}_* databases, ${production ? 'production build (NODE_ENV=production, one worker per service)' : 'development (tsx)'}\n`);
  console.log(table(rows));
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(rows, null, 2));
})().catch((error: Error) => {
  console.error(`[bench] ${error.stack ?? error.message}`);
  process.exit(1);
});
