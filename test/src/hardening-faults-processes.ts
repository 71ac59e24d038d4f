import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { repoRoot } from '@xianjie/subgraph-kit';

/** A process of ours under test (a subgraph, `npm start`, a script), with its output. */
export interface TestProcess {
  child: ChildProcess;
  /** Everything it wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the first match of `pattern` in its output (from `from` on). */
  waitFor(pattern: RegExp, timeoutMs?: number, from?: number): Promise<RegExpMatchArray>;
  /** Resolves when it exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after 10 s; resolves when it is gone. */
  stop(): Promise<void>;
}

/**
 * Runs a command in the repository (`npm start`), in its own process group, with the
 * environment changed by `env` (an undefined value removes the variable).
 */
export function run(command: string, args: string[], env: Record<string, string | undefined>): TestProcess {
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...env })) if (value !== undefined) merged[key] = value;
  const entry = [command, ...args].join(' ');
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stop() also reaches what it started.
    detached: true,
  });
  let out = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    out += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      for (const listener of listeners) listener();
      resolve({ code, signal });
    }),
  );
  return {
    child,
    output: () => out,
    exited,
    waitFor: (pattern, timeoutMs = 60_000, from = 0) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out.slice(from));
          if (match) {
            done();
            resolve(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(new Error(`${entry} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${out}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${entry} did not print ${pattern} within ${timeoutMs} ms:\n${out}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const kill = (signal: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // already gone
        }
      };
      kill('SIGTERM');
      const timer = setTimeout(() => kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a TypeScript entry of the repository (`subgraphs/police/src/main.ts`) in its own node process. */
export function runTs(entry: string, env: Record<string, string | undefined>, args: string[] = []): TestProcess {
  return run(process.execPath, ['--import', 'tsx', path.join(repoRoot, entry), ...args], env);
}

/** `count` TCP ports that are free on 127.0.0.1 now. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<ReturnType<typeof createServer>>((resolve) => {
        const server = createServer();
        server.listen(0, '127.0.0.1', () => resolve(server));
      }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** Polls `probe` until it returns true. */
export async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

/** Fails with the process's output when it is no longer running. */
export function expectAlive(proc: TestProcess): void {
  const gone = proc.child.exitCode !== null || proc.child.signalCode !== null;
  expect(gone ? `exited (${proc.child.exitCode ?? proc.child.signalCode}):\n${proc.output()}` : 'running').toBe('running');
}
