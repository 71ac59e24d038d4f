import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from './database-config';
import { PGliteDialect } from './pglite-dialect';

// Both drivers return these types as strings: int8 (money in fen, counts) may exceed
// Number.MAX_SAFE_INTEGER, and numeric (quantities) must keep its scale.
const INT8 = 20;
const NUMERIC = 1700;
const asText = (value: string) => value;

/**
 * Counts the SQL statements a database has executed for requests; the N+1 tests read it.
 * Background work (the hand-off deliverer's polling) runs inside `background()` and is
 * not counted.
 */
export class StatementCounter {
  count = 0;
  private readonly backgroundWork = new AsyncLocalStorage<true>();
  record(): void {
    if (!this.backgroundWork.getStore()) this.count += 1;
  }
  background<T>(work: () => Promise<T>): Promise<T> {
    return this.backgroundWork.run(true, work);
  }
}

export interface Database<DB> {
  db: Kysely<DB>;
  config: DatabaseConfig;
  statements: StatementCounter;
  close(): Promise<void>;
}

/**
 * PGlite is one process's database: a second process opening the same directory would
 * corrupt it. A lock file holding the owner's pid keeps a second one out; a lock left by
 * a process that no longer exists is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'xianjie.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockFile, 'utf8'));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new Error(`${dataDir} is in use by process ${owner} (PGlite serves one process); stop it first`);
      }
      rmSync(lockFile, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Opens an institution's database through Kysely, over PostgreSQL or PGlite.
 * Everything above this function runs one code path for both.
 */
export async function createDatabase<DB>(config: DatabaseConfig): Promise<Database<DB>> {
  const statements = new StatementCounter();
  const log = () => statements.record();
  // Tables and columns are snake_case in SQL, camelCase in TypeScript and GraphQL.
  const plugins = [new CamelCasePlugin()];
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: Number(process.env.XIANJIE_PG_POOL_SIZE ?? 10),
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8 || oid === NUMERIC ? asText : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
    // A dropped idle connection (a server restart, a failover) must not take the process down.
    pool.on('error', (error) => console.error(`[db] idle connection lost: ${error.message}`));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log, plugins });
    return { db, config, statements, close: () => db.destroy() };
  }
  const unlock = config.dataDir === 'memory://' ? () => undefined : lockDataDir(config.dataDir);
  try {
    const pglite = await PGlite.create(config.dataDir, {
      parsers: { [INT8]: asText, [NUMERIC]: asText },
    });
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), log, plugins });
    return { db, config, statements, close: () => db.destroy().finally(unlock) };
  } catch (error) {
    unlock();
    throw error;
  }
}
