// `npm run report -- --year 2026 [--quarter 1 | --month 3] [--by agency|region|category|campaign] [--campaign SC-2026-01]
//                    [--format xlsx|csv] [--out FILE] [--url http://127.0.0.1:4000/graphql] [--token TOKEN]`
// Runs the `assessment` query (考核通报) against the gateway and writes the table as an XLSX
// workbook or a CSV file (UTF-8 with BOM), with Chinese headings (web/src/export/). Without
// --token it signs a development token for the legal-affairs office (oversight, as
// `npm run token -- --role oversight`); XIANJIE_TOKEN works too.
import { writeFileSync } from 'node:fs';
import { issueDevToken } from '@xianjie/gateway';
import { loadOrCreateDevKeys } from '@xianjie/subgraph-kit';
import { ASSESSMENT_EXPORT_FIELDS, assessmentCsv, assessmentXlsx, type AssessmentExportTable } from '../web/src/export/assessment-export';

const USAGE = 'usage: npm run report -- --year 2026 [--quarter 1 | --month 3] [--by agency|region|category|campaign] [--campaign SC-…] [--format xlsx|csv] [--out FILE] [--url URL] [--token TOKEN]';

function parseArgs(argv: string[]) {
  const args: Record<string, string> = {};
  for (let k = 0; k < argv.length; k++) {
    const name = argv[k]!;
    if (name === '--help' || name === '-h') { console.log(USAGE); process.exit(0); }
    if (!name.startsWith('--') || argv[k + 1] === undefined) { console.error(USAGE); process.exit(2); }
    args[name.slice(2)] = argv[++k]!;
  }
  const known = ['year', 'quarter', 'month', 'by', 'campaign', 'format', 'out', 'url', 'token'];
  const unknown = Object.keys(args).filter((a) => !known.includes(a));
  if (unknown.length || !args.year) { console.error(unknown.length ? `unknown argument --${unknown[0]}\n${USAGE}` : USAGE); process.exit(2); }
  const by = (args.by ?? 'agency').toUpperCase();
  if (!['AGENCY', 'REGION', 'CATEGORY', 'CAMPAIGN'].includes(by)) { console.error(`--by: agency, region, category or campaign\n${USAGE}`); process.exit(2); }
  const format = args.format ?? 'xlsx';
  if (format !== 'xlsx' && format !== 'csv') { console.error(`--format: xlsx or csv\n${USAGE}`); process.exit(2); }
  const int = (v: string | undefined) => (v === undefined ? null : Number(v));
  return {
    year: Number(args.year), quarter: int(args.quarter), month: int(args.month), by, campaignId: args.campaign ?? null, format,
    out: args.out ?? `考核通报-${args.year}${args.quarter ? `-Q${args.quarter}` : args.month ? `-${args.month.padStart(2, '0')}` : ''}-${by.toLowerCase()}.${format}`,
    url: args.url ?? `http://127.0.0.1:${process.env.XIANJIE_GATEWAY_PORT ?? 4000}/graphql`,
    token: args.token ?? process.env.XIANJIE_TOKEN,
  };
}

const REPORT_QUERY = `query Assessment($year: Int!, $quarter: Int, $month: Int, $by: AssessmentDimension!, $campaignId: ID) {
  assessment(year: $year, quarter: $quarter, month: $month, by: $by, campaignId: $campaignId) {
    by period from to
    rows { ${ASSESSMENT_EXPORT_FIELDS} }
    total { ${ASSESSMENT_EXPORT_FIELDS} }
  }
}`;

async function main() {
  const a = parseArgs(process.argv.slice(2));
  const token = a.token ?? await issueDevToken({ subject: 'dev-oversight', role: 'oversight', org: 'LA-421200' }, (await loadOrCreateDevKeys('issuer')).privateKey);
  const started = Date.now();
  const res = await fetch(a.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: REPORT_QUERY, variables: { year: a.year, quarter: a.quarter, month: a.month, by: a.by, campaignId: a.campaignId } }),
  });
  const body = await res.json() as { data?: { assessment: AssessmentExportTable | null }; errors?: { message: string; path?: unknown[] }[] };
  if (!body.data?.assessment) {
    console.error(`the gateway answered ${res.status}: ${(body.errors ?? []).map((e) => e.message).join('; ')}`);
    process.exit(1);
  }
  for (const e of body.errors ?? []) console.error(`warning: ${e.message} at ${JSON.stringify(e.path)}`);
  const table = body.data.assessment;
  writeFileSync(a.out, a.format === 'csv' ? assessmentCsv(table) : assessmentXlsx(table));
  console.log(`${a.out}: ${table.period}, ${table.rows.length} rows (${Date.now() - started} ms)`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
