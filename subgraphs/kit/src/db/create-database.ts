import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect, type KyselyPlugin, type LogEvent, type RootOperationNode } from 'kysely';
import pg from 'pg';
import { serviceLogger } from '../observability/log';
import { recordSqlSpan, tracingEnabled } from '../observability/tracing';
import type { DatabaseConfig } from './database-config';
import { PGliteDialect } from './pglite-dialect';
import { StatementNames } from './prepared-statements';

// Both drivers return these types as strings: int8 (money in fen, counts) may exceed
// Number.MAX_SAFE_INTEGER, and numeric (quantities) must keep its scale.
const INT8 = 20;
const NUMERIC = 1700;
const asText = (value: string) => value;

/**
 * Counts the SQL statements a database has executed for requests; the N+1 tests read it.
 * Background work (the hand-off deliverer's polling, the metrics' backlog query) runs on
 * `Database.background`, whose statements are not counted.
 */
export class StatementCounter {
  count = 0;
  /** Called with every statement's execution time in ms (the service's metrics). */
  onStatement: ((durationMs: number) => void) | undefined;
  record(durationMs = 0, background = false): void {
    if (!background) this.count += 1;
    this.onStatement?.(durationMs);
  }
}

/**
 * Marks the statements of `Database.background` (the query node each compiles from), so the
 * log tells them apart. A marker rather than an AsyncLocalStorage around the work: under
 * Node 20 any AsyncLocalStorage in use puts a hook on every promise of every request.
 */
class BackgroundMarker implements KyselyPlugin {
  readonly marked = new WeakSet<RootOperationNode>();
  transformQuery({ node }: { node: RootOperationNode }): RootOperationNode {
    this.marked.add(node);
    return node;
  }
  async transformResult<R>({ result }: { result: R }): Promise<R> {
    return result;
  }
}

export interface Database<DB> {
  db: Kysely<DB>;
  /** The same connections, for background work: its statements are not counted as a request's (a transaction's begin and commit still are). */
  background: Kysely<DB>;
  config: DatabaseConfig;
  statements: StatementCounter;
  /** The connections now: a PostgreSQL pool's, or PGlite's one session (busy or idle) and the callers waiting for it. */
  connections(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

/** A failed statement's SQLSTATE or node error code, for its span: never the message (it may quote values). */
const errorCodeOf = (error: unknown) => {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'ERROR';
};

/**
 * PGlite is one process's database: a second process opening the same directory would
 * corrupt it. A lock file names the owner (its pid and, where the system says, when it
 * started) and keeps a second one out while the owner runs. A lock whose owner is gone is
 * taken over: gone includes a process killed but not yet reaped (a zombie, which a
 * container's init may leave for good) and a pid that now belongs to another process.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'xianjie.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, `${process.pid} ${processStat(process.pid)?.started ?? ''}`.trim(), { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const [owner, started] = readFileSync(lockFile, 'utf8').trim().split(/\s+/).map(Number);
      if (owner && owner !== process.pid && runs(owner, started)) {
        throw new Error(`${dataDir} is in use by process ${owner}: PGlite serves one process at a time. Stop that process (Ctrl-C in npm start) and try again.`);
      }
      rmSync(lockFile, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

/** A process's state and start time (clock ticks after boot), from Linux's /proc; undefined elsewhere. */
function processStat(pid: number): { state: string; started: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (command) ": state is the first field, the start time the twentieth.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, started: Number(fields[19]) };
  } catch {
    return undefined;
  }
}

/** Whether the process that wrote a lock still runs: it exists, is no zombie, and started when the lock says. */
function runs(pid: number, started: number | undefined): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = processStat(pid);
  if (!stat) return true; // no /proc: it exists, and that is all this system tells
  if (stat.state === 'Z' || stat.state === 'X') return false; // dead, not reaped
  return started === undefined || Number.isNaN(started) || stat.started === started;
}

/** Error codes of a database that cannot be reached: node's network errors and PostgreSQL's (class 08 too). */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
  '57P01', '57P02', '57P03', // terminated by an administrator, crash shutdown, cannot connect now
  '53300', // too many connections
  '3D000', // the database does not exist (renamed, dropped)
]);
/** pg's own words when a connection is gone or cannot be made. */
const UNREACHABLE_MESSAGE = /Connection terminated|is not queryable|timeout exceeded when trying to connect|is not currently accepting connections/;

/**
 * Whether an error says the database cannot be reached (down, restarting, failing over,
 * refusing connections), rather than that a statement was wrong.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return typeof message === 'string' && UNREACHABLE_MESSAGE.test(message);
}

/**
 * Opens an institution's database through Kysely, over PostgreSQL or PGlite.
 * Everything above this function runs one code path for both.
 */
export async function createDatabase<DB>(config: DatabaseConfig, name = 'database'): Promise<Database<DB>> {
  const statements = new StatementCounter();
  const marker = new BackgroundMarker();
  // Every statement, on both drivers: counted, timed, and a span when tracing is on (the text, never the values).
  const log = (event: LogEvent) => {
    statements.record(event.queryDurationMillis, marker.marked.has(event.query.query));
    if (tracingEnabled()) recordSqlSpan(event.query.sql, event.queryDurationMillis, name, config.kind, event.level === 'error' ? errorCodeOf(event.error) : undefined);
  };
  // Tables and columns are snake_case in SQL, camelCase in TypeScript and GraphQL.
  const plugins = [new CamelCasePlugin()];
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: Number(process.env.XIANJIE_PG_POOL_SIZE ?? 10),
      // A server that cannot be reached fails a request (and /health) within 5 s instead of
      // holding it; keep-alive finds connections whose server vanished without closing them.
      connectionTimeoutMillis: 5000,
      keepAlive: true,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8 || oid === NUMERIC ? asText : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
    // A connection the server drops (a restart, a failover, pg_terminate_backend) costs the
    // query it was running, not the process. pg emits 'error' on the client, which has no
    // listener while it is checked out (the pool listens only to idle ones), and an
    // unhandled 'error' event ends the process: so every client gets its own listener. A
    // broken client leaves the pool when released; the next query opens a new connection.
    const dbLog = serviceLogger(name);
    const names = process.env.XIANJIE_PG_PREPARE === 'false' ? undefined : new StatementNames();
    pool.on('connect', (client) => {
      client.on('error', (error) => dbLog.warn({ err: error }, 'database connection lost'));
      names?.prepareOn(client);
    });
    pool.on('error', () => undefined); // an idle client's error, logged by its own listener above
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log, plugins });
    const connections = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
    return { db, background: db.withPlugin(marker), config, statements, connections, close: () => db.destroy() };
  }
  const unlock = config.dataDir === 'memory://' ? () => undefined : lockDataDir(config.dataDir);
  try {
    const pglite = await PGlite.create(config.dataDir, {
      parsers: { [INT8]: asText, [NUMERIC]: asText },
    });
    const dialect = new PGliteDialect(pglite);
    const db = new Kysely<DB>({ dialect, log, plugins });
    const connections = () => {
      const { busy, waiting } = dialect.session();
      return { total: 1, idle: busy ? 0 : 1, waiting };
    };
    return { db, background: db.withPlugin(marker), config, statements, connections, close: () => db.destroy().finally(unlock) };
  } catch (error) {
    unlock();
    throw error;
  }
}
