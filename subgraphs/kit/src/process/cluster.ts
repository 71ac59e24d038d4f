import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { serviceLogger } from '../observability/log';
import { isProduction } from './production';

/** This process's worker number under node:cluster (1, 2 …); 0 for a service that runs unclustered. */
export const workerId = (): number => cluster.worker?.id ?? 0;

/**
 * How many processes serve a service: XIANJIE_WORKERS, by default every core in production
 * (os.availableParallelism()) and one in development. Over PGlite, one whatever was asked:
 * PGlite is one process's database (the log says so when more were asked).
 */
export function workerCount(env: NodeJS.ProcessEnv, options: { pglite?: boolean; log?: (message: string) => void } = {}): number {
  const raw = env.XIANJIE_WORKERS?.trim();
  let workers = raw ? Number(raw) : isProduction(env) ? availableParallelism() : 1;
  if (!Number.isInteger(workers) || workers < 1 || workers > 1024) {
    throw new Error(`XIANJIE_WORKERS is ${JSON.stringify(raw)}: a whole number of processes from 1 (XIANJIE_WORKERS 应为 1 以上的整数)`);
  }
  if (workers > 1 && options.pglite) {
    options.log?.(
      `PGlite serves one process: running 1 worker, not ${workers}; set the institution's XIANJIE_<INSTITUTION>_DATABASE_URL (PostgreSQL) to use every core` +
        ` (PGlite 只能由一个进程使用，按 1 个工作进程运行)`,
    );
    workers = 1;
  }
  return workers;
}

export interface Stoppable {
  stop(): Promise<void>;
}

export interface ServiceProcesses {
  /** For the log lines: `[name] …`. */
  name: string;
  workers: number;
  /**
   * Runs once, before any worker serves, in the primary: configuration checks, migrations,
   * the demo seed in development. Not run when the service runs in one process (serve does it).
   */
  prepare(): Promise<void>;
  /** Starts serving in this process; `prepared`: prepare() has run already (in the primary). */
  serve(prepared: boolean): Promise<Stoppable>;
  /** Under node:cluster, what the primary serves besides forking (the workers' metrics summed). */
  primary?(): Promise<Stoppable | undefined>;
}

const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
const STABLE_MS = 60_000;

/**
 * Runs a service on every core asked for: one process (workers = 1) serves by itself; more
 * run under node:cluster, the primary preparing once (migrations) and forking the workers,
 * which share the port (the primary hands them connections in turn), and starting a worker
 * that dies again (after 1 s, doubling to 30 s while they keep dying). A worker that dies
 * before the service ever served stops the service: it cannot start (a port in use, a
 * database refused). SIGINT, SIGTERM or the launcher's going away stops the primary and its
 * workers; a worker stops when its primary goes.
 */
export function runServiceProcesses(service: ServiceProcesses): void {
  const logger = serviceLogger(service.name);
  const log = (message: string) => logger.info(message);
  const fail = (error: Error) => {
    logger.fatal(`failed to start: ${error.message}`);
    process.exit(1);
  };
  if (cluster.isWorker) {
    service.serve(true).then((running) => stopWithParent(() => running.stop()), fail);
    return;
  }
  if (service.workers === 1) {
    service.serve(false).then((running) => stopWithParent(() => running.stop()), fail);
    return;
  }
  let stopping = false;
  let served = false;
  let restarts = 0;
  let lastRestart = 0;
  const fork = () => {
    const worker = cluster.fork();
    worker.once('listening', () => {
      served = true;
    });
    return worker;
  };
  cluster.on('exit', (worker: Worker, code, signal) => {
    if (stopping) return;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (!served) {
      logger.error(`worker ${worker.id} (pid ${worker.process.pid}) exited with ${how} before the service served; stopping`);
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      process.exit(1);
    }
    if (Date.now() - lastRestart >= STABLE_MS) restarts = 0;
    const delay = Math.min(FIRST_BACKOFF_MS * 2 ** restarts, MAX_BACKOFF_MS);
    restarts += 1;
    lastRestart = Date.now();
    logger.error(`worker ${worker.id} (pid ${worker.process.pid}) exited with ${how}; starting another in ${delay / 1000} s`);
    setTimeout(() => {
      if (!stopping) log(`worker started (pid ${fork().process.pid})`);
    }, delay);
  });
  service.prepare().then(async () => {
    const own = await service.primary?.();
    log(`primary ${process.pid}: ${service.workers} workers`);
    for (let i = 0; i < service.workers; i++) fork();
    stopWithParent(async () => {
      stopping = true;
      await own?.stop();
      await Promise.all(
        Object.values(cluster.workers ?? {}).map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (!worker || worker.isDead()) return resolve();
              worker.once('exit', () => resolve());
              worker.process.kill('SIGTERM');
              setTimeout(() => worker.process.kill('SIGKILL'), 10_000).unref();
            }),
        ),
      );
    });
  }, fail);
}

/**
 * Stops the process on SIGINT or SIGTERM, and when the process that started it (npm
 * start, over an IPC channel; a cluster worker's primary) goes away, so no service
 * outlives its launcher.
 */
export function stopWithParent(stop: () => Promise<void>): void {
  let stopping = false;
  const once = () => {
    if (stopping) return;
    stopping = true;
    stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', once);
  process.once('SIGTERM', once);
  if (process.send) process.once('disconnect', once);
}
