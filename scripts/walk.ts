// `npm run walk`: drives a new case through the linkage on the running system (npm start),
// like any client: GraphQL mutations only, each step as the role that takes it, with
// development tokens. Prints each step, its document's number and the deadline of the next;
// the new chain id last. `npm run walk -- --non-prosecution` takes the other path: 不起诉,
// 检察意见, and the agency's reply with the penalty imposed (反向衔接).
import { issueDevToken } from '@xianjie/gateway';
import { beijingDay, loadOrCreateDevKeys } from '@xianjie/subgraph-kit';
import { walk, type WalkPath, type WalkStepResult } from './lib/walk';

const gateway = process.env.XIANJIE_GATEWAY_URL ?? `http://127.0.0.1:${process.env.XIANJIE_GATEWAY_PORT ?? 4000}/graphql`;

const beijing = (iso: string) => {
  const t = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return `${beijingDay(new Date(iso))} ${t.slice(11, 16)}`;
};

(async () => {
  const { privateKey } = await loadOrCreateDevKeys('issuer');
  const tokens = new Map<string, string>();
  const client = {
    async as(role: string, org: string | null, query: string, variables?: Record<string, unknown>) {
      const key = `${role}/${org}`;
      if (!tokens.has(key)) tokens.set(key, await issueDevToken({ subject: `walk-${role}`, role: role as never, org }, privateKey));
      const response = await fetch(gateway, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(key)}` },
        body: JSON.stringify({ query, variables }),
      }).catch(() => {
        throw new Error(`无法连接 ${gateway}：请先运行 npm start`);
      });
      const body = (await response.json()) as { data?: any; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
      return body.data;
    },
  };
  let n = 0;
  const print = (step: WalkStepResult) => {
    n += 1;
    const who = step.org ? `${step.role}@${step.org}` : step.role;
    console.log(`${String(n).padStart(2)}. ${step.title}  [${who}]${step.number ? `  ${step.number}` : ''}`);
    if (step.next) console.log(`    下一步：${step.next.title}，期限 ${beijing(step.next.dueAt)}（${step.next.article}）`);
  };
  const path: WalkPath = process.argv.includes('--non-prosecution') ? 'non-prosecution' : 'judgment';
  const result = await walk(client, print, path);
  console.log(`\n${result.chainId}`);
})().catch((error: Error) => {
  console.error(`[walk] ${error.message}`);
  process.exit(1);
});
