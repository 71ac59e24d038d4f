/**
 * The production build (README, Operations): the compiled services (`npm run build`:
 * <service>/dist/main.js, scripts/dist/start.js) started as an operator does, with
 * NODE_ENV=production, real key material and a JWKS. Every process runs with a preload
 * that refuses tsx and any TypeScript file, so nothing here can lean on them. Over PGlite:
 * production refuses missing configuration, migrates an empty database and seeds nothing,
 * and serves one worker per PGlite directory. Over PostgreSQL (XIANJIE_TEST_DATABASE_URL):
 * every service on two workers under node:cluster, new cases walked through the whole
 * linkage concurrently, and the instances behave as one — both workers answer, the audit
 * chains verify, no document is posted twice, a killed worker is replaced.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as court from '@xianjie/court';
import * as enforcement from '@xianjie/enforcement';
import * as police from '@xianjie/police';
import * as procuratorate from '@xianjie/procuratorate';
import {
  createDatabase,
  generateSigningKeys,
  INSTITUTION_NAMES,
  repoRoot,
  ROLE_INSTITUTION,
  SIGNING_ALG,
  startSubgraph,
  type DatabaseConfig,
  type KeyPair,
  type Role,
  type SubgraphModule,
} from '@xianjie/subgraph-kit';
import { exportJWK, exportPKCS8, SignJWT } from 'jose';
import { sql } from 'kysely';
import pg from 'pg';
import { walk, type WalkClient } from '../../scripts/lib/walk';
import { eventually, freePorts, run, type TestProcess } from './hardening-faults-processes';
import { createPostgresDatabases, TEST_DATABASE_URL, TEST_DEMO } from './harness';

const MODULES: Record<string, SubgraphModule> = { enforcement: enforcement.subgraph, police: police.subgraph, procuratorate: procuratorate.subgraph, court: court.subgraph };
const SERVICES = ['gateway', ...INSTITUTION_NAMES.map((n) => `subgraphs/${n}`)];
const built = [...SERVICES.map((s) => path.join(repoRoot, s, 'dist', 'main.js')), path.join(repoRoot, 'scripts', 'dist', 'start.js')];
const ISSUER = 'https://sso.xianning.example/';
const AUDIENCE = 'xianjie-production-test';

let work: string;
/** NODE_OPTIONS that make resolving tsx, or any .ts file, throw in every process (workers inherit it). */
let blockTypeScript: string;
let jwks: Server;
let jwksUrl: string;
let issuer: KeyPair;
/** The production environment: keys, JWKS, no development key directory to fall back on. */
let productionEnv: Record<string, string>;

async function pem(keys: KeyPair) {
  return { privatePem: await exportPKCS8(keys.privateKey), publicPem: keys.publicPem };
}

function token(role: Exclude<Role, 'public'>, org: string | null): Promise<string> {
  return new SignJWT({ inst: ROLE_INSTITUTION[role], org, roles: role === 'agency-head' ? ['enforcement', 'agency-head'] : [role], region: '421200' })
    .setProtectedHeader({ alg: SIGNING_ALG, kid: 'production-test' })
    .setSubject(`prod-${role}`)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(issuer.privateKey);
}

/** A GET on a connection of its own (no keep-alive), so the cluster's primary hands each to a worker in turn. */
function healthOf(port: number): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    }).on('error', reject);
  });
}

/** The ports of one system (gateway first) and the environment that puts the services on them. */
async function systemPorts() {
  const [gatewayPort, ...ports] = await freePorts(5);
  const env: Record<string, string> = { XIANJIE_GATEWAY_PORT: String(gatewayPort) };
  INSTITUTION_NAMES.forEach((n, i) => (env[`XIANJIE_${n.toUpperCase()}_PORT`] = String(ports[i])));
  return { gatewayPort: gatewayPort!, ports: Object.fromEntries(INSTITUTION_NAMES.map((n, i) => [n, ports[i]!])), env };
}

/** The production launcher (`npm run start:prod`) with the compiled services, under the tsx/TypeScript block. */
function startProduction(env: Record<string, string | undefined>): TestProcess {
  return run(process.execPath, ['--enable-source-maps', path.join(repoRoot, 'scripts', 'dist', 'start.js')], { ...productionEnv, ...env });
}

/** Tables holding rows, with their counts (the migrations' bookkeeping left out). */
async function tablesWithRows(config: DatabaseConfig): Promise<Record<string, number>> {
  const database = await createDatabase<any>(config);
  try {
    const { rows } = await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public' and tablename not like 'kysely_%' order by 1`.execute(database.db);
    const counts: Record<string, number> = {};
    for (const { name } of rows) {
      const n = Number((await sql<{ n: string }>`select count(*)::text as n from ${sql.table(name)}`.execute(database.db)).rows[0]!.n);
      if (n > 0) counts[name] = n;
    }
    return counts;
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  const missing = built.filter((f) => !existsSync(f));
  if (missing.length) throw new Error(`run \`npm run build\` first (npm test does): missing ${missing.join(', ')}`);
  work = mkdtempSync(path.join(tmpdir(), 'xianjie-production-'));
  const block = path.join(work, 'block-typescript.cjs');
  writeFileSync(
    block,
    `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (/^tsx(\\/|$)/.test(request)) throw new Error('production test: tsx is not available at run time (' + request + ')');
  const file = resolve.call(this, request, ...rest);
  if (/\\.[cm]?tsx?$/.test(file)) throw new Error('production test: a TypeScript file at run time: ' + file);
  return file;
};
`,
  );
  blockTypeScript = `--require ${block}`;
  issuer = await generateSigningKeys();
  const jwk = { ...(await exportJWK(issuer.publicKey)), kid: 'production-test', alg: SIGNING_ALG, use: 'sig' };
  jwks = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as { port: number }).port}/jwks.json`;
  const gateway = await pem(await generateSigningKeys());
  productionEnv = {
    NODE_ENV: 'production',
    NODE_OPTIONS: blockTypeScript,
    XIANJIE_KEY_DIR: path.join(work, 'no-keys-here'),
    XIANJIE_DATA_DIR: path.join(work, 'data'),
    XIANJIE_JWKS_URL: jwksUrl,
    XIANJIE_JWT_ISSUER: ISSUER,
    XIANJIE_JWT_AUDIENCE: AUDIENCE,
    XIANJIE_GATEWAY_PRIVATE_KEY: gateway.privatePem,
    XIANJIE_GATEWAY_PUBLIC_KEY: gateway.publicPem,
  };
  for (const name of INSTITUTION_NAMES) {
    const documents = await pem(await generateSigningKeys());
    productionEnv[`XIANJIE_${name.toUpperCase()}_DOCUMENT_PRIVATE_KEY`] = documents.privatePem;
    productionEnv[`XIANJIE_${name.toUpperCase()}_DOCUMENT_PUBLIC_KEY`] = documents.publicPem;
  }
  // The demo seed's own variables set, to show production ignores them.
  productionEnv.XIANJIE_DEMO_CASES = '20';
});

afterAll(async () => {
  await new Promise((resolve) => jwks?.close(resolve));
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A service's JSON log line (kit observability/log.ts) whose message starts with `message` (a pattern). */
const logLine = (service: string, message: string, flags?: string) => new RegExp(`"service":"${service}"[^\\n]*"msg":"${message}`, flags);

describe('the production build', () => {
  it('blocks tsx and TypeScript in the processes it starts (the check below is real)', () => {
    const tsx = spawnSync(process.execPath, ['-e', "require('tsx/cjs')"], { cwd: repoRoot, env: { ...process.env, NODE_OPTIONS: blockTypeScript }, encoding: 'utf8' });
    expect(tsx.status).not.toBe(0);
    expect(tsx.stderr).toContain('tsx is not available at run time');
    const ts = spawnSync(process.execPath, ['-e', "require('./subgraphs/kit/src/institutions.ts')"], { cwd: repoRoot, env: { ...process.env, NODE_OPTIONS: blockTypeScript }, encoding: 'utf8' });
    expect(ts.stderr).toContain('a TypeScript file at run time');
  });

  it('is JavaScript that finds its SDL beside it, not in src/', () => {
    for (const name of INSTITUTION_NAMES) {
      const dist = path.join(repoRoot, 'subgraphs', name, 'dist');
      const sdl = readdirSync(path.join(repoRoot, 'subgraphs', name, 'src')).filter((f) => f.endsWith('.graphql'));
      expect(sdl.length).toBeGreaterThan(0);
      for (const file of sdl) expect(readFileSync(path.join(dist, file), 'utf8')).toBe(readFileSync(path.join(repoRoot, 'subgraphs', name, 'src', file), 'utf8'));
      expect(readFileSync(path.join(dist, 'main.js'), 'utf8')).not.toMatch(/require\("@xianjie\//);
    }
  });

  it('refuses to start without its production configuration, saying what is missing in Chinese and English', async () => {
    const { ports } = await systemPorts();
    for (const [entry, absent, named] of [
      ['subgraphs/police/dist/main.js', 'XIANJIE_GATEWAY_PUBLIC_KEY', ['XIANJIE_GATEWAY_PUBLIC_KEY']],
      ['subgraphs/court/dist/main.js', 'XIANJIE_COURT_DOCUMENT_PRIVATE_KEY', ['XIANJIE_COURT_DOCUMENT_PRIVATE_KEY 或 XIANJIE_DOCUMENT_PRIVATE_KEY']],
      ['gateway/dist/main.js', 'XIANJIE_JWKS_URL', ['XIANJIE_JWKS_URL']],
    ] as const) {
      const result = spawnSync(process.execPath, [path.join(repoRoot, entry)], {
        cwd: repoRoot,
        env: { ...process.env, ...productionEnv, [absent]: '', XIANJIE_POLICE_PORT: String(ports.police), XIANJIE_COURT_PORT: String(ports.court), XIANJIE_GATEWAY_PORT: String(ports.enforcement) },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.status).toBe(1);
      // Said in the service's fatal JSON log line.
      const fatal = result.stdout.split('\n').filter((line) => line.includes('"level":"fatal"')).join('\n');
      expect(fatal).toContain('生产环境（NODE_ENV=production）缺少必需的配置：');
      expect(fatal).toContain('Production configuration is missing: ');
      for (const name of named) expect(fatal).toContain(name);
      expect(result.stdout).not.toContain('serving');
    }
  }, 120_000);

  it('over empty PGlite directories: migrates, seeds no demo data, one worker per directory, answers through the JWKS', async () => {
    const { gatewayPort, ports, env } = await systemPorts();
    const system = startProduction({ ...env, XIANJIE_WORKERS: '2' });
    try {
      await system.waitFor(/Xianjie is up \(production\)/, 420_000);
      const out = system.output();
      expect(out).not.toMatch(/seeding|seeded/);
      for (const name of INSTITUTION_NAMES) expect(out).toMatch(logLine(name, 'PGlite serves one process: running 1 worker, not 2'));
      // The gateway has no database: two workers.
      expect(out).toMatch(logLine('gateway', 'primary \\d+: 2 workers'));
      for (const name of INSTITUTION_NAMES) expect(await healthOf(ports[name]!)).toMatchObject({ status: 200, body: { status: 'ok', database: 'pglite', worker: 0 } });
      const gql = async (query: string, bearer?: string) =>
        (await fetch(`http://127.0.0.1:${gatewayPort}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) }, body: JSON.stringify({ query }) })).json() as Promise<any>;
      expect(await gql('{ agencies { id } }')).toEqual({ data: { agencies: [] } });
      expect(await gql('{ caseChain(id: "XJ-0000005") { id } }', await token('procurator', 'PP-421200'))).toEqual({ data: { caseChain: null } });
      // No development token, no IDE.
      expect((await fetch(`http://127.0.0.1:${gatewayPort}/dev/token`, { method: 'POST' })).status).toBe(404);
    } finally {
      await system.stop();
    }
    expect(system.output()).not.toMatch(/production test: /);
    for (const name of INSTITUTION_NAMES) {
      const rows = await tablesWithRows({ kind: 'pglite', dataDir: path.join(productionEnv.XIANJIE_DATA_DIR!, name) });
      // What the migrations themselves write (the statutory threshold catalogue) is no demo data.
      expect({ name, rows: Object.keys(rows).filter((t) => !t.startsWith('threshold_')) }).toEqual({ name, rows: [] });
    }
  }, 600_000);
});

const describePostgres = TEST_DATABASE_URL ? describe : describe.skip;
if (!TEST_DATABASE_URL) console.log('production.test.ts: the multi-worker part needs PostgreSQL (several processes cannot share a PGlite directory); set XIANJIE_TEST_DATABASE_URL to run it');

describePostgres('the production build on two workers per service over PostgreSQL', () => {
  let databases: Awaited<ReturnType<typeof createPostgresDatabases>>;
  let urls: Record<string, string>;
  let system: TestProcess;
  let gatewayPort: number;
  let ports: Record<string, number>;
  let metricsPort: number;

  beforeAll(async () => {
    databases = await createPostgresDatabases(INSTITUTION_NAMES.map((n) => `ops_prod_${n}`));
    urls = Object.fromEntries(INSTITUTION_NAMES.map((n, i) => [n, (databases.configs[i] as { url: string }).url]));
    // The reference data (agencies, officers, units) a walk needs comes with the demo seed,
    // loaded here as an operator would load the real registers; production itself seeds nothing.
    const assertionKey = (await generateSigningKeys()).publicKey;
    for (const name of INSTITUTION_NAMES) {
      const running = await startSubgraph(MODULES[name]!, { database: { kind: 'postgres', url: urls[name]! }, assertionKey, seed: TEST_DEMO, port: 0, log: () => undefined });
      await running.stop();
    }
    const system_ = await systemPorts();
    ({ gatewayPort, ports } = system_);
    metricsPort = (await freePorts(1))[0]!;
    // The gateway's metrics, served by its primary: both workers' summed.
    const env: Record<string, string> = { ...system_.env, XIANJIE_WORKERS: '2', XIANJIE_PG_POOL_SIZE: '4', XIANJIE_GATEWAY_METRICS_PORT: String(metricsPort) };
    for (const name of INSTITUTION_NAMES) env[`XIANJIE_${name.toUpperCase()}_DATABASE_URL`] = urls[name]!;
    system = startProduction(env);
    await system.waitFor(/Xianjie is up \(production\)/, 300_000);
  }, 600_000);

  afterAll(async () => {
    await system?.stop();
    await databases?.drop();
  });

  it('runs every service on two workers, the primary migrating once', () => {
    const out = system.output();
    for (const service of ['gateway', ...INSTITUTION_NAMES]) expect(out).toMatch(logLine(service, 'primary \\d+: 2 workers'));
    // Served by the workers, each on the shared port.
    for (const name of INSTITUTION_NAMES) expect(out.match(logLine(name, 'serving ', 'g'))).toHaveLength(2);
  });

  it('walks new cases through the whole linkage concurrently, and the instances behave as one', async () => {
    const tokens = new Map<string, Promise<string>>();
    let requests = 0;
    const client: WalkClient = {
      async as(role, org, query, variables) {
        requests += 1;
        const key = `${role}/${org}`;
        if (!tokens.has(key)) tokens.set(key, token(role as Exclude<Role, 'public'>, org));
        const response = await fetch(`http://127.0.0.1:${gatewayPort}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokens.get(key)}` },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as { data?: any; errors?: { message: string }[] };
        if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
        return body.data;
      },
    };
    const audited = async () => Object.fromEntries(await Promise.all(INSTITUTION_NAMES.map(async (n) => [n, await count(urls[n]!, 'select count(*) from audit_log')] as const)));
    const before = await audited();
    const walks = await Promise.all([walk(client, undefined, 'judgment'), walk(client, undefined, 'non-prosecution'), walk(client, undefined, 'judgment'), walk(client, undefined, 'non-prosecution')]);
    expect(new Set(walks.map((w) => w.chainId)).size).toBe(4);
    const after = await audited();
    for (const name of INSTITUTION_NAMES) expect(after[name]!).toBeGreaterThan(before[name]!);

    // Both workers of every service answer (each request on a connection of its own).
    for (const [service, port] of [['gateway', gatewayPort] as const, ...INSTITUTION_NAMES.map((n) => [n, ports[n]!] as const)]) {
      const workers = new Set<number>();
      for (let i = 0; i < 12; i++) workers.add((await healthOf(port)).body.worker);
      expect({ service, workers: [...workers].sort() }).toEqual({ service, workers: [1, 2] });
    }

    // Every document delivered, each claimed once (the outbox lease) and received once.
    await eventually('every document delivered', async () => {
      for (const name of INSTITUTION_NAMES) if ((await count(urls[name]!, "select count(*) from handoff_outbox where state <> 'delivered'")) > 0) return false;
      return true;
    });
    let sent = 0;
    let received = 0;
    for (const name of INSTITUTION_NAMES) {
      expect({ name, claimedTwice: await count(urls[name]!, 'select count(*) from handoff_outbox where attempts <> 1') }).toEqual({ name, claimedTwice: 0 });
      sent += await count(urls[name]!, "select count(*) from handoff_outbox where created_at > now() - interval '1 hour'");
      received += await count(urls[name]!, "select count(*) from handoff_inbox where received_at > now() - interval '1 hour'");
    }
    // Each walk hands documents over both ways (the transfer, the filing notice, … the judgment or the opinion's reply).
    expect(sent).toBeGreaterThanOrEqual(walks.length * 4);
    expect(received).toBe(sent);
    expect(system.output()).not.toMatch(/was already received/);

    // One valid chain per institution, whichever worker appended (npm run audit:verify).
    for (const name of INSTITUTION_NAMES) {
      const verify = spawnSync('npm', ['run', '-s', 'audit:verify', '--', name], {
        cwd: repoRoot,
        env: { ...process.env, [`XIANJIE_${name.toUpperCase()}_DATABASE_URL`]: urls[name]! },
        encoding: 'utf8',
      });
      expect(verify.stdout).toContain(`${name}: audit chain intact, ${after[name]} entries verified`);
      expect(verify.status).toBe(0);
    }
    expect(system.output()).not.toMatch(/production test: /);

    // The gateway's metrics port (its primary) counts every GraphQL request the walks made,
    // whichever of its two workers answered.
    const scrape = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const counted = [...scrape.matchAll(/^xianjie_graphql_requests_total\{[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(counted).toBe(requests);
  }, 600_000);

  it('replaces a worker that dies, and keeps serving meanwhile', async () => {
    const primary = Number(logLine('police', 'primary (\\d+): 2 workers').exec(system.output())![1]);
    const workers = childrenOf(primary);
    expect(workers).toHaveLength(2);
    const from = system.output().length;
    process.kill(workers[0]!, 'SIGKILL');
    await system.waitFor(logLine('police', `worker \\d+ \\(pid ${workers[0]}\\) exited with signal SIGKILL; starting another in 1 s`), 30_000, from);
    expect((await healthOf(ports.police!)).status).toBe(200);
    await system.waitFor(logLine('police', 'worker started \\(pid (\\d+)\\)'), 30_000, from);
    await eventually('two police workers again', async () => childrenOf(primary).length === 2);
    expect(childrenOf(primary)).not.toContain(workers[0]);
  }, 120_000);
});

async function count(url: string, query: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ count: string }>(query)).rows[0]!.count);
  } finally {
    await client.end();
  }
}

/** The pids whose parent is `pid` (a cluster primary's workers), from Linux's /proc. */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid && fields[0] !== 'Z') children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}
