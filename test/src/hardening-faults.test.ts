import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { issueDevToken } from '@xianjie/gateway';
import { INSTITUTION_NAMES, loadOrCreateDevKeys } from '@xianjie/subgraph-kit';
import { post } from './harness';
import { CHAIN, op } from './operations';
import { eventually, freePorts, run, runTs, type TestProcess } from './hardening-faults-processes';

/**
 * The environment of a Xianjie of its own: data and keys in `dir`, the given ports, PGlite
 * for every institution whatever the environment of the test run says.
 */
function ownSystem(dir: string, ports: Record<string, number>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    XIANJIE_DATA_DIR: path.join(dir, 'data'),
    XIANJIE_KEY_DIR: path.join(dir, 'keys'),
    XIANJIE_DEMO_CASES: '20',
  };
  for (const name of INSTITUTION_NAMES) {
    env[`XIANJIE_${name.toUpperCase()}_DATABASE_URL`] = undefined;
    env[`XIANJIE_${name.toUpperCase()}_URL`] = undefined;
  }
  for (const [name, port] of Object.entries(ports)) env[`XIANJIE_${name.toUpperCase()}_PORT`] = String(port);
  return env;
}

/** How the process exited, or 'still running' after the timeout. */
const exitWithin = (proc: TestProcess, timeoutMs: number) =>
  Promise.race([proc.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), timeoutMs))]);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// Issue 9, item 4. Was a hole: under `npm start`, one service that died took the whole
// system with it (the launcher stopped everything), although the gateway answers without
// a missing subgraph's stage.
describe('npm start, when a subgraph process is killed', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xianjie-faults-'));
  let system: TestProcess;
  let gatewayUrl: string;
  let procurator: string;
  beforeAll(async () => {
    const [gateway, ...subgraphs] = await freePorts(1 + INSTITUTION_NAMES.length);
    const ports = { gateway: gateway!, ...Object.fromEntries(INSTITUTION_NAMES.map((n, i) => [n, subgraphs[i]!])) };
    system = run('npm', ['start'], ownSystem(dir, ports));
    // Migrating and seeding four PGlite databases: seconds on an idle machine, minutes on a busy one.
    await system.waitFor(/Xianjie is up/, 280_000);
    gatewayUrl = `http://127.0.0.1:${gateway}/graphql`;
    const issuer = await loadOrCreateDevKeys('issuer', path.join(dir, 'keys'));
    procurator = await issueDevToken({ subject: 'test-procurator', role: 'procurator', org: 'PP-421200' }, issuer.privateKey);
  }, 300_000);
  afterAll(async () => {
    await system?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const caseChain = () => post(gatewayUrl, { query: op.CaseChain, variables: { id: CHAIN.judged } }, { authorization: `Bearer ${procurator}` });

  it('keeps the others serving, starts the killed one again, and answers in full once it is back', async () => {
    const full = await caseChain();
    expect(full.errors).toBeUndefined();
    expect(full.data.caseChain.policeCase.caseNumber).toBeTruthy();

    // Each subgraph's pid is in its PGlite directory's lock.
    const pids = Object.fromEntries(INSTITUTION_NAMES.map((n) => [n, Number(readFileSync(path.join(dir, 'data', n, 'xianjie.lock'), 'utf8').split(' ')[0])]));
    const from = system.output().length;
    process.kill(pids.police!, 'SIGKILL');
    await eventually('the police subgraph is gone', async () => !alive(pids.police!));

    // While it is down: the other stages, and SUBGRAPH_UNAVAILABLE naming it.
    const partial = await caseChain();
    expect(partial.status).toBe(200);
    expect(partial.data.caseChain.policeCase).toBeNull();
    expect(partial.data.caseChain.administrativeCase.caseNumber).toBeTruthy();
    expect(partial.data.caseChain.prosecution.decision).toBe('INDICTED');
    expect(partial.data.caseChain.trial.judgment.verdict).toBe('GUILTY');
    expect(partial.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'police' }) })]);
    for (const name of ['enforcement', 'procuratorate', 'court']) expect([name, alive(pids[name]!)]).toEqual([name, true]);

    // Back by itself, over the same data, and the launcher says so.
    await eventually('the full answer again', async () => !(await caseChain()).errors, 240_000);
    const again = await caseChain();
    expect(again.data.caseChain).toEqual(full.data.caseChain);
    const restarted = Number(readFileSync(path.join(dir, 'data', 'police', 'xianjie.lock'), 'utf8').split(' ')[0]);
    expect(restarted).not.toBe(pids.police);
    expect(system.output().slice(from)).toContain(`[start] police (pid ${pids.police}) exited with signal SIGKILL; starting it again in 1 s`);
    // The launcher says so once its own health poll sees it ready, which can come a little
    // after the gateway's first full answer.
    await eventually('the launcher saying police is back', async () => system.output().slice(from).includes(`[start] police is back (pid ${restarted})`));
    expect(system.child.exitCode).toBeNull();
  }, 300_000);
});

// Issue 9, item 5. Was a trap: a port that Node's fetch refuses (the fetch standard's "bad
// ports", e.g. 6000) let the service start, and `npm start` then waited 15 minutes for a
// health check that could never answer. Now every configured port is checked at once.
describe('a configured port that fetch refuses', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xianjie-faults-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['the police subgraph', 'police', 6000],
    ['the gateway', 'gateway', 10080],
  ])('is refused at once by npm start for %s, with the variable named', async (_, service, badPort) => {
    const names = [...INSTITUTION_NAMES, 'gateway'];
    const free = await freePorts(names.length);
    const env = ownSystem(dir, { ...Object.fromEntries(names.map((n, i) => [n, free[i]!])), [service]: badPort });
    const started = Date.now();
    const system = run('npm', ['start'], env);
    try {
      expect(await exitWithin(system, 30_000)).toEqual({ code: 1, signal: null });
      expect(system.output()).toMatch(new RegExp(`XIANJIE_${service.toUpperCase()}_PORT is ${badPort}, a port that browsers and Node's fetch refuse`));
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await system.stop();
    }
  });

  it('is refused by a subgraph started on its own', async () => {
    const police = runTs('subgraphs/police/src/main.ts', ownSystem(dir, { police: 6000 }));
    try {
      expect(await exitWithin(police, 30_000)).toEqual({ code: 1, signal: null });
      expect(police.output()).toMatch(/XIANJIE_POLICE_PORT is 6000, a port that browsers and Node's fetch refuse to connect to/);
    } finally {
      await police.stop();
    }
  });
});
