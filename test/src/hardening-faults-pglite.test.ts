import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSigningKeys } from '@xianjie/subgraph-kit';
import { eventually, freePorts, run, runTs, type TestProcess } from './hardening-faults-processes';

const SERVING = /"service":"police","msg":"serving (http:\/\/\S+?)\/graphql/;
const processState = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[0];

// Issue 9, item 5. Was a trap: the PGlite directory's lock took a process that had been
// killed but not reaped (a zombie: `kill -9` under an init that does not reap, as in many
// containers) for a live owner, and refused every restart.
(process.platform === 'linux' ? describe : describe.skip)('the PGlite lock of a subgraph', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xianjie-faults-'));
  const lockFile = path.join(dir, 'data', 'police', 'xianjie.lock');
  const started: TestProcess[] = [];
  let env: Record<string, string>;
  const police = (port: number) => {
    const proc = runTs('subgraphs/police/src/main.ts', { ...env, XIANJIE_POLICE_PORT: String(port) });
    started.push(proc);
    return proc;
  };
  beforeAll(async () => {
    env = {
      XIANJIE_DATA_DIR: path.join(dir, 'data'),
      XIANJIE_GATEWAY_PUBLIC_KEY: (await generateSigningKeys()).publicPem,
      XIANJIE_DEMO_CASES: '20',
    };
  });
  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('does not take a killed process that was never reaped for its owner: the subgraph starts again', async () => {
    // A parent that never reaps its children: the subgraph, once killed, stays a zombie.
    const [port] = await freePorts(1);
    const keeper = run('sh', ['-c', '"$0" --import tsx subgraphs/police/src/main.ts & exec sleep 600', process.execPath], { ...env, XIANJIE_POLICE_PORT: String(port) });
    started.push(keeper);
    await keeper.waitFor(SERVING, 120_000);
    const owner = Number(readFileSync(lockFile, 'utf8').split(' ')[0]);
    process.kill(owner, 'SIGKILL');
    await eventually('the killed subgraph is a zombie', async () => processState(owner) === 'Z');
    expect(readFileSync(lockFile, 'utf8')).toMatch(new RegExp(`^${owner}\\b`)); // the lock it left

    const restarted = police(port!);
    await restarted.waitFor(SERVING, 120_000);
    expect(Number(readFileSync(lockFile, 'utf8').split(' ')[0])).toBe(restarted.child.pid);
  });

  // Issue 9, item 5: audit:verify decided whether the subgraph ran by probing a port, the
  // default one unless told otherwise, and took whatever answered there for the subgraph.
  // Now the directory's lock decides, whatever port or host the subgraph serves on.
  it('lets audit:verify refuse to read the directory while the subgraph runs, whatever port it serves on', async () => {
    const owner = started.at(-1)!;
    const verify = runTs('scripts/audit-verify.ts', env, ['police']);
    expect(await verify.exited).toEqual({ code: 2, signal: null });
    expect(verify.output()).toContain(`is in use by process ${owner.child.pid}: PGlite serves one process at a time`);
  });

  it('keeps a second process out while its owner runs', async () => {
    const owner = started.at(-1)!;
    const [port] = await freePorts(1);
    const second = police(port!);
    expect(await second.exited).toEqual({ code: 1, signal: null });
    expect(second.output()).toContain(`is in use by process ${owner.child.pid}: PGlite serves one process at a time. Stop that process`);
    await owner.stop(); // a clean stop leaves no lock
    expect(existsSync(lockFile)).toBe(false);
  });

  it('lets audit:verify check a stopped subgraph\'s chain although something else answers on its configured port', async () => {
    const [port] = await freePorts(1);
    const other = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'));
    await new Promise<void>((resolve) => other.listen(port, '127.0.0.1', resolve));
    try {
      const verify = runTs('scripts/audit-verify.ts', { ...env, XIANJIE_POLICE_PORT: String(port) }, ['police']);
      expect(await verify.exited).toEqual({ code: 0, signal: null });
      expect(verify.output()).toMatch(/police: audit chain intact, \d+ entries verified \(PGlite /);
    } finally {
      other.close();
    }
  });

  it('does not take another process that has the pid of a dead owner for it', async () => {
    // A lock left by an owner whose pid now belongs to another process (the `sleep` above),
    // which started at another time.
    writeFileSync(lockFile, `${started[0]!.child.pid} 1`);
    const [port] = await freePorts(1);
    await police(port!).waitFor(SERVING, 120_000);
  });
});
