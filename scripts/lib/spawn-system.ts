import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * Starts the whole system with `npm start` in its own process group, with `env`, and
 * resolves once it says it is up. `stop()` ends that group only (what this started),
 * and waits for it. For the measuring scripts, which run beside a system on spare ports.
 */
export async function spawnSystem(env: Record<string, string>): Promise<{ system: ChildProcess; stop(signal?: NodeJS.Signals): Promise<void> }> {
  const system = spawn('npm', ['start'], { cwd: path.resolve(__dirname, '../..'), env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (system.exitCode !== null || system.signalCode !== null) return;
    const exited = new Promise((r) => system.once('exit', r));
    try {
      process.kill(-system.pid!, signal);
    } catch {
      return; // already gone
    }
    await exited;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const collect = (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Xianjie is up')) resolve();
      };
      system.stdout!.on('data', collect);
      system.stderr!.on('data', collect);
      system.once('exit', () => reject(new Error(`npm start exited:\n${out.slice(-3000)}`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { system, stop };
}
