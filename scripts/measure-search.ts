// Latency of caseSearch (issue 6, item 5) on the bulk-loaded databases, through the gateway:
//
//   npx tsx scripts/measure-search.ts [--prefix xianjie_bench] [--url postgres://postgres@127.0.0.1:5432] [--samples 200] [--base-port 4110]
//
// Reads numbers and ID numbers of random chains straight from the xianjie_bench_* databases
// (`npm run seed:bulk` makes them), starts the system over them with `npm start` on spare
// ports (the search migration builds its indexes on first start), and sends one search at
// a time — each with another record's number, written with ASCII brackets and an unpadded
// serial, as people type them — measuring every answer: p50 and p99 per kind of text.
// Numbers are searched as a procurator (all four institutions answer), ID numbers as the
// police (audited, as every such search is). Stops what it started.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { issueDevToken } from '@xianjie/gateway';
import { loadOrCreateDevKeys } from '@xianjie/subgraph-kit';
import { benchDatabaseUrl, INSTITUTION_NAMES, percentile, spawnBenchSystem } from './lib/spawn-system';
import { exitWithUsageOnHelp } from './lib/usage';

exitWithUsageOnHelp(__filename);

const flag = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const prefix = flag('prefix', 'xianjie_bench');
const serverUrl = flag('url', 'postgres://postgres@127.0.0.1:5432');
const samples = Number(flag('samples', '200'));
const basePort = Number(flag('base-port', '4110'));
const databases = { server: serverUrl, prefix };
const databaseUrl = (name: (typeof INSTITUTION_NAMES)[number]) => benchDatabaseUrl(databases, name);

/** A number as people type it: ASCII brackets, the serial without its zeros. */
const typed = (number: string) => number.replace(/[（〔［]/g, '(').replace(/[）〕］]/g, ')').replace(/(\D)0+(\d+号)$/, '$1$2');

/**
 * `samples` values from rows picked at random: for each, a random id (XX-0000042) of the
 * range the table holds, and the first row at or after it on an indexed column (one index
 * seek each, no scan of a million rows). `statement` takes the id as $1.
 */
async function sampleColumn(name: (typeof INSTITUTION_NAMES)[number], statement: string, idPrefix: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl(name) });
  await client.connect();
  try {
    const table = ({ AC: 'administrative_case', PC: 'police_case', PR: 'prosecution_case', CT: 'criminal_trial' } as Record<string, string>)[idPrefix]!;
    const { rows: [last] } = await client.query(`select max(id) as id from ${table}`);
    const top = Number(String(last?.id ?? `${idPrefix}-0`).slice(idPrefix.length + 1));
    const values = new Set<string>();
    for (let tries = 0; values.size < samples && tries < samples * 3 && top > 0; tries++) {
      const id = `${idPrefix}-${String(1 + Math.floor(Math.random() * top)).padStart(7, '0')}`;
      const { rows } = await client.query(statement, [id]);
      const value = rows[0] && Object.values(rows[0])[0];
      if (value) values.add(String(value));
    }
    return [...values];
  } finally {
    await client.end();
  }
}

(async () => {
  const kinds: { what: string; role: 'procurator' | 'police'; org: string; texts: string[]; expect: string }[] = [
    { what: '案件编号 (enforcement)', role: 'procurator', org: 'PP-421200', texts: (await sampleColumn('enforcement', 'select case_number from administrative_case where id >= $1 order by id limit 1', 'AC')).map(typed), expect: 'enforcementHits' },
    { what: '处罚决定书文号', role: 'procurator', org: 'PP-421200', texts: (await sampleColumn('enforcement', 'select document_number from penalty_decision where case_id >= $1 order by case_id limit 1', 'AC')).map(typed), expect: 'enforcementHits' },
    { what: '公安案件编号', role: 'procurator', org: 'PP-421200', texts: (await sampleColumn('police', 'select case_number from police_case where id >= $1 order by id limit 1', 'PC')).map(typed), expect: 'policeHits' },
    { what: '审查起诉案号', role: 'procurator', org: 'PP-421200', texts: (await sampleColumn('procuratorate', 'select case_number from prosecution_case where id >= $1 and case_number is not null order by id limit 1', 'PR')).map(typed), expect: 'procuratorateHits' },
    { what: '刑事案件案号', role: 'procurator', org: 'PP-421200', texts: (await sampleColumn('court', 'select case_number from criminal_trial where id >= $1 and case_number is not null order by id limit 1', 'CT')).map((n) => typed(n).replace(/\(/g, '（').replace(/\)/g, '）')), expect: 'courtHits' },
    { what: '当事人证件号码', role: 'police', org: 'PB-421202', texts: await sampleColumn('enforcement', 'select party_id_number from administrative_case where id >= $1 order by id limit 1', 'AC'), expect: 'enforcementHits' },
    { what: '犯罪嫌疑人身份证号', role: 'police', org: 'PB-421202', texts: await sampleColumn('police', 'select id_number from suspect where police_case_id >= $1 order by police_case_id limit 1', 'PC'), expect: 'policeHits' },
  ];
  for (const k of kinds) if (k.texts.length === 0) throw new Error(`no ${k.what} in ${prefix}_*: load them first (npm run seed:bulk)`);

  console.log(`[search] starting the system over ${prefix}_* on ports ${basePort}–${basePort + 4} (the first start builds the search indexes)…`);
  const { stop } = await spawnBenchSystem(databases, basePort);
  try {
    const gateway = `http://127.0.0.1:${basePort}/graphql`;
    const issuer = (await loadOrCreateDevKeys('issuer')).privateKey;
    const query = `query Search($text: String!) { caseSearch(text: $text) {
      enforcementHits { field recordType chain { id } } policeHits { field recordType chain { id } }
      procuratorateHits { field recordType chain { id } } courtHits { field recordType chain { id } } } }`;
    const results: Record<string, string | number>[] = [];
    for (const k of kinds) {
      const token = await issueDevToken({ subject: 'measure-search', role: k.role, org: k.org }, issuer);
      const send = async (text: string) => {
        const response = await fetch(gateway, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables: { text } }),
        });
        const body = (await response.json()) as { data?: { caseSearch: Record<string, unknown[] | null> }; errors?: unknown[] };
        if (body.errors) throw new Error(`${k.what} ${text}: ${JSON.stringify(body.errors).slice(0, 300)}`);
        return (body.data!.caseSearch[k.expect] ?? []).length;
      };
      for (const text of k.texts.slice(0, 10)) await send(text); // warm-up: plans, pools, JIT
      const times: number[] = [];
      let found = 0;
      for (const text of k.texts) {
        const started = performance.now();
        found += (await send(text)) > 0 ? 1 : 0;
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      results.push({ search: k.what, as: k.role, requests: times.length, found, p50ms: +percentile(times, 50).toFixed(1), p99ms: +percentile(times, 99).toFixed(1), maxMs: +times.at(-1)!.toFixed(1) });
      console.log(`[search] ${k.what}: ${found}/${times.length} found, p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms`);
    }
    console.table(results);
  } finally {
    await stop('SIGINT');
  }
})().catch((error: Error) => {
  console.error(`[search] ${error.message}`);
  process.exit(1);
});
