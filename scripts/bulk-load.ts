// Bulk-loads the deterministic demo into four PostgreSQL databases, one per institution,
// for benchmarks at scale:
//
//   npx tsx scripts/bulk-load.ts --cases 1000000 --url postgres://postgres@127.0.0.1:5432 [--seed 421200] [--fresh]
//
// Generation is allocation-heavy: NODE_OPTIONS=--max-semi-space-size=64 cuts GC time (~15 % faster).
//
// Creates xianjie_bench_{enforcement,police,procuratorate,court} (with --fresh, drops them
// first), runs each subgraph's migrations, seeds the four in parallel (each generates the
// same chains from (seed, i) and writes only its own slice, in batches), prints progress,
// row counts and the total time, then VACUUM ANALYZEs. Point a subgraph at one with
// XIANJIE_<INSTITUTION>_DATABASE_URL=<url>/xianjie_bench_<institution>.
import pg from 'pg';
import { sql, type Kysely, type Migration } from 'kysely';
import { createDatabase, demoSerials, loadOrCreateDevKeys, markSeeded, migrateToLatest, seededWith, type DemoOptions } from '@xianjie/subgraph-kit';
import type { CryptoKey } from 'jose';
import { migrations as enforcementMigrations } from '../subgraphs/enforcement/src/db/migrations';
import { migrations as policeMigrations } from '../subgraphs/police/src/db/migrations';
import { migrations as procuratorateMigrations } from '../subgraphs/procuratorate/src/db/migrations';
import { migrations as courtMigrations } from '../subgraphs/court/src/db/migrations';
import { seed as seedEnforcement } from '../subgraphs/enforcement/src/seed';
import { seed as seedPolice } from '../subgraphs/police/src/seed';
import { seed as seedProcuratorate } from '../subgraphs/procuratorate/src/seed';
import { seed as seedCourt } from '../subgraphs/court/src/seed';

type Seed = (db: Kysely<any>, options: DemoOptions, progress?: (done: number) => void, documentKey?: CryptoKey) => Promise<number>;
interface Institution { name: string; migrations: Record<string, Migration>; seed: Seed }

const INSTITUTIONS: Institution[] = [
  { name: 'enforcement', migrations: enforcementMigrations, seed: seedEnforcement as Seed },
  { name: 'police', migrations: policeMigrations, seed: seedPolice as Seed },
  { name: 'procuratorate', migrations: procuratorateMigrations, seed: seedProcuratorate as Seed },
  { name: 'court', migrations: courtMigrations, seed: seedCourt as Seed },
];

function parseArgs(argv: string[]) {
  const args = { cases: 1_000_000, seed: 421200, url: 'postgres://postgres@127.0.0.1:5432', fresh: false, prefix: 'xianjie_bench' };
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    const value = () => {
      const v = argv[++k];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--cases') args.cases = Number(value().replace(/_/g, ''));
    else if (arg === '--seed') args.seed = Number(value());
    else if (arg === '--url') args.url = value();
    else if (arg === '--prefix') args.prefix = value();
    else if (arg === '--fresh') args.fresh = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: tsx scripts/bulk-load.ts [--cases 1000000] [--seed 421200] [--url postgres://postgres@127.0.0.1:5432] [--prefix xianjie_bench] [--fresh]');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(args.cases) || args.cases < 1) throw new Error('--cases must be a positive integer');
  if (!Number.isInteger(args.seed)) throw new Error('--seed must be an integer');
  if (!/^[a-z_][a-z0-9_]*$/.test(args.prefix)) throw new Error('--prefix must be a plain lower-case identifier');
  return args;
}

function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const options: DemoOptions = { seed: args.seed, cases: args.cases };
  const names = INSTITUTIONS.map((i) => `${args.prefix}_${i.name}`);

  const admin = new pg.Client({ connectionString: databaseUrl(args.url, 'postgres') });
  await admin.connect();
  try {
    for (const name of names) {
      const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount;
      if (exists && args.fresh) {
        await admin.query(`drop database "${name}" with (force)`);
      } else if (exists) {
        throw new Error(`database ${name} exists; pass --fresh to drop and recreate it`);
      }
      await admin.query(`create database "${name}"`);
    }
  } finally {
    await admin.end();
  }
  console.log(`created ${names.join(', ')} on ${new URL(args.url).host}; seeding ${fmt(args.cases)} chains (seed ${args.seed})`);

  const started = Date.now();
  // The four seeds share one pass over all chains that ranks their numbers per unit and
  // year; made here, before any connection is opened, it cannot hold up a connection
  // attempt (it takes seconds for a million chains and blocks the event loop meanwhile).
  demoSerials(options.seed, options.cases);
  console.log(`numbered ${fmt(args.cases)} chains per unit and year in ${seconds(Date.now() - started)}`);
  const done = INSTITUTIONS.map(() => 0);
  const finished = INSTITUTIONS.map(() => false);
  const report = () => {
    const elapsed = Date.now() - started;
    const slowest = Math.min(...done);
    const parts = INSTITUTIONS.map((inst, k) => `${inst.name} ${fmt(done[k]!)}${finished[k] ? ' ✓' : ''}`);
    console.log(`${parts.join(' | ')} — ${fmt(slowest)}/${fmt(args.cases)} chains, ${fmt(slowest / Math.max(elapsed / 1000, 0.001))}/s, ${seconds(elapsed)}`);
  };
  const timer = setInterval(report, 2000);

  const results = await Promise.all(INSTITUTIONS.map(async (inst, k) => {
    const database = await createDatabase<any>({ kind: 'postgres', url: databaseUrl(args.url, names[k]!) });
    try {
      await migrateToLatest(database.db, inst.migrations, inst.name);
      const already = await seededWith(database.db);
      if (already) throw new Error(`${names[k]} already holds ${fmt(already.cases)} demo chains (seed ${already.seed}); pass --fresh to reload it`);
      // The hand-offs of the chains that reach the court are signed with the institution's
      // development document key (.xianjie/keys, as `npm start` signs with).
      const documentKey = (await loadOrCreateDevKeys(`${inst.name}-documents`)).privateKey;
      const t0 = Date.now();
      const rows = await inst.seed(database.db, options, (n) => (done[k] = n), documentKey);
      await markSeeded(database.db, options, rows);
      done[k] = args.cases;
      finished[k] = true;
      const seedMs = Date.now() - t0;
      const t1 = Date.now();
      // What autovacuum does in production after a load (this development server runs
      // without it): statistics for the planner, and the visibility map, without which an
      // index-only scan (the counters of 0014, the registration index's edge counts of
      // 0016) visits the table for every row.
      await sql`vacuum analyze`.execute(database.db);
      const tables = await sql<{ name: string; rows: string }>`
        select c.relname as name, c.reltuples::bigint::text as rows
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' and c.relname not like 'kysely_%'
        order by c.relname`.execute(database.db);
      // Exact counts (reltuples is an estimate): cheap enough after ANALYZE has warmed the cache.
      const counts: Record<string, number> = {};
      for (const t of tables.rows) {
        const r = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(t.name)}`.execute(database.db);
        counts[t.name] = Number(r.rows[0]!.n);
      }
      return { name: inst.name, rows, seedMs, analyzeMs: Date.now() - t1, counts };
    } finally {
      await database.close();
    }
  })).finally(() => clearInterval(timer));
  report();

  const total = Date.now() - started;
  console.log('');
  for (const r of results) {
    console.log(`${r.name}: ${fmt(r.rows)} rows seeded in ${seconds(r.seedMs)} (analyze + count ${seconds(r.analyzeMs)})`);
    for (const [table, n] of Object.entries(r.counts)) console.log(`  ${table.padEnd(24)} ${fmt(n).padStart(12)}`);
  }
  const rows = results.reduce((a, r) => a + r.rows, 0);
  console.log(`\ntotal: ${fmt(args.cases)} chains, ${fmt(rows)} rows in ${seconds(total)} (${fmt(rows / (total / 1000))} rows/s)`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
