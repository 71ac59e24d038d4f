// `npm start`: the whole system on its embedded default. Starts the four subgraphs (each
// over its own PGlite directory in .data/, migrated and seeded on first start) and the
// gateway as separate processes, waits until each is healthy, prints the gateway URL and
// a ready-to-run chain query. Ctrl-C stops them all; a restart keeps the data.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { issueDevToken } from '@xianjie/gateway';
import { INSTITUTIONS, institutionPort, loadOrCreateDevKeys, repoRoot } from '@xianjie/subgraph-kit';

const SERVICES = INSTITUTIONS.map(({ name }) => ({ name, port: institutionPort(name), entry: `subgraphs/${name}/src/main.ts` }));
const GATEWAY_PORT = Number(process.env.XIANJIE_GATEWAY_PORT ?? 4000);
const children: ChildProcess[] = [];
let stopping = false;

function run(name: string, entry: string, env: Record<string, string>): ChildProcess {
  // XIANJIE_NODE_ARGS: extra node flags for every service, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.XIANJIE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(repoRoot, entry)], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    // An IPC channel, so a service stops by itself when this process dies, however it dies.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const prefix = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) =>
    stream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) out.write(line.startsWith('[') ? `${line}\n` : `[${name}] ${line}\n`);
    });
  prefix(child.stdout!, process.stdout);
  prefix(child.stderr!, process.stderr);
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`[start] ${name} exited with code ${code}; stopping everything`);
      void stopAll(1);
    }
  });
  children.push(child);
  return child;
}

async function waitHealthy(name: string, port: number, timeoutMs = 15 * 60_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (stopping) throw new Error('stopping');
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${name} did not become healthy on port ${port}`);
}

async function stopAll(code: number): Promise<never> {
  stopping = true;
  // The gateway first, so no request is in flight to a subgraph that is going away.
  const stop = (list: ChildProcess[]) => Promise.all(
    list.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve(); // already gone
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 5000).unref();
        }),
    ),
  );
  await stop(children.slice(SERVICES.length));
  await stop(children.slice(0, SERVICES.length));
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
  const ports = [...SERVICES.map((s) => s.port), GATEWAY_PORT];
  const taken = (await Promise.all(ports.map(async (p) => ((await portTaken(p)) ? p : undefined)))).filter(Boolean);
  if (taken.length > 0) {
    console.error(`[start] port ${taken.join(', ')} already in use: is Xianjie already running? Stop it first, or set other ports (README, Configuration).`);
    process.exit(1);
  }
  // Development keys: the issuer signs demo user tokens, the gateway signs assertions.
  const issuer = await loadOrCreateDevKeys('issuer');
  await loadOrCreateDevKeys('gateway');
  // Each institution signs its hand-off documents with its own key; all four are made here,
  // before the services start, so no two processes create the same key at once.
  for (const { name } of SERVICES) await loadOrCreateDevKeys(`${name}-documents`);
  for (const service of SERVICES) run(service.name, service.entry, { [`XIANJIE_${service.name.toUpperCase()}_PORT`]: String(service.port) });
  await Promise.all(SERVICES.map((s) => waitHealthy(s.name, s.port)));
  run('gateway', 'gateway/src/main.ts', {
    XIANJIE_GATEWAY_PORT: String(GATEWAY_PORT),
    ...Object.fromEntries(SERVICES.map((s) => [`XIANJIE_${s.name.toUpperCase()}_URL`, `http://127.0.0.1:${s.port}/graphql`])),
  });
  await waitHealthy('gateway', GATEWAY_PORT);
  const token = await issueDevToken({ subject: 'demo-procurator', role: 'procurator', org: 'PP-421200' }, issuer.privateKey);
  const query = 'query CaseChain($id: ID!) { caseChain(id: $id) { id administrativeCase { caseNumber agency { name } decision { fineAmount } } policeCase { caseNumber filing { decision } } prosecution { caseNumber decision charges } trial { caseNumber judgment { verdict fineAmount fineOffsetAmount } } } }';
  console.log(`
Xianjie is up.
  gateway:  http://127.0.0.1:${GATEWAY_PORT}/graphql   (open it in a browser for the query sandbox)
  health:   http://127.0.0.1:${GATEWAY_PORT}/health

Follow the judged demo chain XJ-0000005 as a procurator:
  curl -s http://127.0.0.1:${GATEWAY_PORT}/graphql -H 'content-type: application/json' \\
    -H 'authorization: Bearer ${token}' \\
    -d '${JSON.stringify({ query, variables: { id: 'XJ-0000005' } })}'

Other tokens: npm run token -- --role police|procurator|judge|oversight|enforcement [--org CODE]
Ctrl-C stops everything; the data stays in .data/.`);
})().catch((error: Error) => {
  if (stopping) return; // a service failed and everything is being stopped already
  console.error(`[start] ${error.message}`);
  void stopAll(1);
});
