// `npm start`: the whole system on its embedded default. Starts the four subgraphs (each
// over its own PGlite directory in .data/, migrated and seeded on first start) and the
// gateway as separate processes, waits until each is healthy, prints the gateway URL and
// a ready-to-run chain query. A service that dies afterwards is started again, after 1 s,
// doubling up to 30 s while it keeps dying; the others keep serving meanwhile (the gateway
// answers without that institution's stage). Ctrl-C stops them all; a restart keeps the data.
// With NODE_ENV=production (`npm run start:prod`, this file built to scripts/dist/start.js)
// it runs the compiled services (<service>/dist/main.js, no tsx), makes no development key
// and prints no token: the configuration is the environment's (README, Operations).
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { gatewayPort, INSTITUTIONS, institutionPort, isProduction, loadOrCreateDevKeys, repoRoot } from '@xianjie/subgraph-kit';

interface Service {
  name: string;
  port: number;
  /** Its package directory: src/main.ts runs in development, dist/main.js in production. */
  entry: string;
  env: Record<string, string>;
  /** Its current process. */
  child?: ChildProcess;
  /** When it last became ready; undefined until it first did. */
  readySince?: number;
  /** Restarts since it last ran a minute without dying: the backoff grows with them. */
  restarts: number;
  restartTimer?: NodeJS.Timeout;
}

const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** A service that served this long before dying starts again after the first backoff. */
const STABLE_MS = 60_000;

const production = isProduction();
const services: Service[] = [];
let stopping = false;
const log = (message: string) => console.log(`[start] ${message}`);

function run(service: Service): ChildProcess {
  // XIANJIE_NODE_ARGS: extra node flags for every service, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.XIANJIE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // Development runs the TypeScript sources through tsx; production the build's JavaScript.
  const entry = production ? ['--enable-source-maps', path.join(repoRoot, service.entry, 'dist/main.js')] : ['--import', 'tsx', path.join(repoRoot, service.entry, 'src/main.ts')];
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: repoRoot,
    env: { ...process.env, ...service.env },
    // An IPC channel, so a service stops by itself when this process dies, however it dies.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const prefix = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) =>
    stream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) out.write(line.startsWith('[') || line.startsWith('{') ? `${line}\n` : `[${service.name}] ${line}\n`);
    });
  prefix(child.stdout!, process.stdout);
  prefix(child.stderr!, process.stderr);
  log(`${service.name} started (pid ${child.pid}, port ${service.port})`);
  child.on('exit', (code, signal) => died(service, child, code === null ? `signal ${signal}` : `code ${code}`));
  service.child = child;
  return child;
}

/** A service died: before it was ever ready, everything stops (its log says why); after, it starts again. */
function died(service: Service, child: ChildProcess, how: string): void {
  if (stopping) return;
  if (service.readySince === undefined) {
    console.error(`[start] ${service.name} exited with ${how} before it was ready; stopping everything`);
    void stopAll(1);
    return;
  }
  if (Date.now() - service.readySince >= STABLE_MS) service.restarts = 0;
  const delay = Math.min(FIRST_BACKOFF_MS * 2 ** service.restarts, MAX_BACKOFF_MS);
  service.restarts += 1;
  console.error(`[start] ${service.name} (pid ${child.pid}) exited with ${how}; starting it again in ${delay / 1000} s (restart ${service.restarts})`);
  service.restartTimer = setTimeout(() => {
    const next = run(service);
    waitReady(service, next).then(
      () => {
        service.readySince = Date.now();
        log(`${service.name} is back (pid ${next.pid})`);
      },
      () => undefined, // it died again: died() has scheduled the next attempt
    );
  }, delay);
}

/**
 * Resolves when the service's /health answers it is ready; rejects as soon as its process
 * exits (nothing to wait for), or after the timeout. A subgraph is ready when it answers
 * 200 (its database reachable); the gateway when it answers at all (503 there means a
 * subgraph is down, not the gateway).
 */
async function waitReady(service: Service, child: ChildProcess, timeoutMs = 15 * 60_000): Promise<void> {
  const started = Date.now();
  const gone = () => stopping || child.exitCode !== null || child.signalCode !== null;
  while (Date.now() - started < timeoutMs) {
    if (gone()) throw new Error(`${service.name} exited before it was ready`);
    try {
      const response = await fetch(`http://127.0.0.1:${service.port}/health`, { signal: AbortSignal.timeout(1000) });
      if (response.ok || (service.name === 'gateway' && response.status === 503)) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${service.name} did not become healthy on port ${service.port}`);
}

async function stopAll(code: number): Promise<never> {
  stopping = true;
  for (const service of services) clearTimeout(service.restartTimer);
  // The gateway first, so no request is in flight to a subgraph that is going away.
  const stop = (list: Service[]) => Promise.all(
    list.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (!child || child.exitCode !== null || child.signalCode !== null) return resolve(); // already gone
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 5000).unref();
        }),
    ),
  );
  await stop(services.filter((s) => s.name === 'gateway'));
  await stop(services.filter((s) => s.name !== 'gateway'));
  process.exit(code);
}

process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));

/** True when something already answers on the port (another Xianjie, most likely). */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

(async () => {
  // Every port is checked before anything starts: a bad one is refused at once, with its variable named.
  const subgraphs: Service[] = INSTITUTIONS.map(({ name }) => {
    const port = institutionPort(name);
    return { name, port, entry: `subgraphs/${name}`, env: { [`XIANJIE_${name.toUpperCase()}_PORT`]: String(port) }, restarts: 0 };
  });
  const port = gatewayPort();
  const gateway: Service = {
    name: 'gateway',
    port,
    entry: 'gateway',
    env: {
      XIANJIE_GATEWAY_PORT: String(port),
      ...Object.fromEntries(subgraphs.map((s) => [`XIANJIE_${s.name.toUpperCase()}_URL`, `http://127.0.0.1:${s.port}/graphql`])),
    },
    restarts: 0,
  };
  services.push(...subgraphs, gateway);
  const taken = (await Promise.all(services.map(async (s) => ((await portTaken(s.port)) ? s.port : undefined)))).filter(Boolean);
  if (taken.length > 0) {
    console.error(`[start] port ${taken.join(', ')} already in use: is Xianjie already running? Stop it first, or set other ports (README, Configuration).`);
    process.exit(1);
  }
  const ready = async (service: Service) => {
    await waitReady(service, run(service));
    service.readySince = Date.now();
  };
  if (production) {
    await Promise.all(subgraphs.map(ready));
    await ready(gateway);
    console.log(`\nXianjie is up (production).\n  console:  http://127.0.0.1:${port}/\n  gateway:  http://127.0.0.1:${port}/graphql\n  health:   http://127.0.0.1:${port}/health`);
    return;
  }
  // Development keys: the issuer signs demo user tokens, the gateway signs assertions.
  const issuer = await loadOrCreateDevKeys('issuer');
  await loadOrCreateDevKeys('gateway');
  // Each institution signs its hand-off documents with its own key; all four are made here,
  // before the services start, so no two processes create the same key at once.
  for (const { name } of INSTITUTIONS) await loadOrCreateDevKeys(`${name}-documents`);
  await Promise.all(subgraphs.map(ready));
  await ready(gateway);
  // Imported here, in development only: the production launcher loads no gateway code.
  const { issueDevToken } = await import('@xianjie/gateway');
  const token = await issueDevToken({ subject: 'demo-procurator', role: 'procurator', org: 'PP-421200' }, issuer.privateKey);
  const query = 'query CaseChain($id: ID!) { caseChain(id: $id) { id administrativeCase { caseNumber agency { name } decision { fineAmount } } policeCase { caseNumber filing { decision } } prosecution { caseNumber decision charges } trial { caseNumber judgment { verdict fineAmount fineOffsetAmount } } } }';
  console.log(`
Xianjie is up.
  console:  http://127.0.0.1:${port}/          (open it in a browser: sign in as 检察官, follow chain XJ-0000005; 阳光执法 without sign-in)
  gateway:  http://127.0.0.1:${port}/graphql   (GraphQL; in a browser, the offline GraphQL IDE, development only)
  health:   http://127.0.0.1:${port}/health

Follow the judged demo chain XJ-0000005 as a procurator:
  curl -s http://127.0.0.1:${port}/graphql -H 'content-type: application/json' \\
    -H 'authorization: Bearer ${token}' \\
    -d '${JSON.stringify({ query, variables: { id: 'XJ-0000005' } })}'

Other tokens: npm run token -- --role police|procurator|judge|oversight|enforcement [--org CODE]
A service that dies is started again; Ctrl-C stops everything; the data stays in ${process.env.XIANJIE_DATA_DIR ?? '.data/'}.`);
})().catch((error: Error) => {
  if (stopping) return; // a service failed and everything is being stopped already
  console.error(`[start] ${error.message}`);
  void stopAll(1);
});
