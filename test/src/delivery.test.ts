import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEV_AUDIENCE, DEV_ISSUER, issueDevToken, startGateway, type RunningGateway } from '@xianjie/gateway';
import { composeSupergraph } from '@xianjie/schema';
import { generateSigningKeys, INSTITUTION_NAMES, loadOrCreateDevKeys, residentId, type KeyPair } from '@xianjie/subgraph-kit';
import { freePorts, runTs, type TestProcess } from './hardening-faults-processes';
import { createPostgresDatabases, DIALECTS, post, type Dialect, twoValidOfficerIds } from './harness';

/**
 * The delivery guarantees of the hand-off documents (issue 6, item 2), with the subgraphs as
 * separate operating-system processes, as `npm start` runs them, killed with SIGKILL: the
 * receiving institution killed before transfers are sent gets each once when it is back;
 * the sending institution killed while it sends and delivers loses none and doubles none;
 * two instances of the sender over one PostgreSQL deliver each once. The figures are
 * printed (console.log) so they can be quoted.
 */

const AGENCY = 'AG-421202-SCJG';
const BUREAU = 'PB-421202';
const N = 20;

type Institution = 'enforcement' | 'police';

describe.each(DIALECTS)('hand-off delivery between processes over %s', (dialect: Dialect) => {
  let dir: string;
  let gateway: RunningGateway;
  let startGatewayTo: (enforcementPort: number) => Promise<RunningGateway>;
  let secondGateway: RunningGateway | undefined;
  let issuer: KeyPair;
  let ports: Record<string, number>;
  let databases: Awaited<ReturnType<typeof createPostgresDatabases>> | undefined;
  let baseEnv: Record<string, string | undefined>;
  const processes: Record<string, TestProcess> = {};
  const tokens = new Map<string, string>();

  /** Starts (or starts again) an institution's subgraph process; resolves when it serves. */
  async function start(name: Institution, instance: string = name, port = ports[name]!): Promise<TestProcess> {
    const proc = runTs(`subgraphs/${name}/src/main.ts`, { ...baseEnv, [`XIANJIE_${name.toUpperCase()}_PORT`]: String(port) });
    processes[instance] = proc;
    await proc.waitFor(/serving http/, 120_000);
    return proc;
  }

  /** SIGKILL: the process dies at once, whatever it was doing. */
  async function kill(instance: string): Promise<void> {
    const proc = processes[instance]!;
    process.kill(proc.child.pid!, 'SIGKILL');
    await proc.exited;
  }

  async function as(role: string, org: string, query: string, variables?: Record<string, unknown>, via = gateway) {
    const key = `${role}/${org}`;
    if (!tokens.has(key)) tokens.set(key, await issueDevToken({ subject: `delivery-${role}`, role: role as never, org }, issuer.privateKey));
    const res = await post(via.url, { query, variables }, { authorization: `Bearer ${tokens.get(key)}` });
    if (res.errors?.length) throw new Error(res.errors.map((e) => e.message).join('; '));
    return res.data;
  }

  /** N new cases, each with a transfer approved by the head of agency, ready to send. */
  async function approvedTransfers(n: number): Promise<string[]> {
    const agency = await as('enforcement', AGENCY, `{ agency(id: "${AGENCY}") { officers { id validUntil } } }`);
    const officerIds = twoValidOfficerIds(agency.agency.officers);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const registered = await as('enforcement', AGENCY, `mutation($input: RegisterCaseInput!) { registerCase(input: $input) { id } }`, {
        input: {
          procedure: 'GENERAL', violationCategory: 'SUBSTANDARD_PRODUCTS', facts: `当事人销售不合格电线电缆，销售金额六万元（第${i + 1}件）。`,
          party: { kind: 'PERSON', name: '李四', idNumber: residentId('421202', new Date(Date.UTC(1975, 0, 1 + i)), 11 + i) },
          involvedAmount: '60000.00', illegalGains: '12000.00', officerIds,
        },
      });
      const proposed = await as('enforcement', AGENCY, `mutation($id: ID!, $input: ProposeTransferInput!) { proposeTransfer(caseId: $id, input: $input) { id } }`, {
        id: registered.registerCase.id,
        input: { policeBureauCode: BUREAU, reason: '销售金额达到立案追诉标准（刑法第一百四十条）', materials: ['涉嫌犯罪案件移送书', '涉嫌犯罪案件情况的调查报告', '涉案物品清单'] },
      });
      await as('agency-head', AGENCY, `mutation($id: ID!) { decideTransfer(transferId: $id, approve: true) { id } }`, { id: proposed.proposeTransfer.id });
      ids.push(proposed.proposeTransfer.id);
    }
    return ids;
  }

  const send = (id: string, via = gateway) => as('enforcement', AGENCY, `mutation($id: ID!) { sendTransfer(transferId: $id) { id } }`, { id }, via);

  /** The 移送书 of each transfer as the sender sees it (none: the send did not commit). */
  async function senderView(ids: string[]) {
    const data = await Promise.all(ids.map((id) => as('enforcement', AGENCY, `query($id: ID!) { caseTransfer(id: $id) { documents { id kind deliveryState attempts lastError } } }`, { id })));
    return ids.map((id, i) => ({ id, document: (data[i].caseTransfer.documents as { kind: string; deliveryState: string; attempts: number; lastError: string | null }[]).find((d) => d.kind === 'CASE_TRANSFER') }));
  }

  /** How often the police keep each transfer's 移送书 (its inbox) and how many police cases it opened. */
  async function receiverCounts(ids: string[]) {
    const data = await Promise.all(ids.map((id) =>
      as('police', BUREAU, `query($id: ID!) { policeCase(id: $id) { id receivedDocuments { id kind } steps { step } } }`, { id: id.replace(/^TR-/, 'PC-') })));
    return ids.map((id, i) => {
      const pc = data[i].policeCase as { receivedDocuments: { id: string }[]; steps: { step: string }[] } | null;
      return {
        id,
        kept: pc?.receivedDocuments.filter((d) => d.id === `CASE_TRANSFER:${id}`).length ?? 0,
        // The handler opens the receipt step once per document it takes in.
        receipts: pc?.steps.filter((s) => s.step === 'signReceipt').length ?? 0,
      };
    });
  }

  /** Polls until every committed 移送书 is DELIVERED; returns how long that took. */
  async function allDelivered(ids: string[], timeoutMs = 120_000): Promise<number> {
    const started = Date.now();
    for (;;) {
      const view = await senderView(ids);
      if (view.every((v) => !v.document || v.document.deliveryState === 'DELIVERED')) return Date.now() - started;
      if (Date.now() - started > timeoutMs) throw new Error(`not delivered within ${timeoutMs} ms: ${JSON.stringify(view.filter((v) => v.document?.deliveryState !== 'DELIVERED'))}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  const redeliveries = (proc: TestProcess, from = 0) => (proc.output().slice(from).match(/CASE_TRANSFER \S+ from enforcement was already received/g) ?? []).length;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'xianjie-delivery-'));
    const keyDir = path.join(dir, 'keys');
    // Every institution's document keys, made before the processes start, which load them.
    for (const name of INSTITUTION_NAMES) await loadOrCreateDevKeys(`${name}-documents`, keyDir);
    const assertion = await generateSigningKeys();
    issuer = await generateSigningKeys();
    const [enforcementPort, policePort, secondPort, deadPort] = await freePorts(4);
    ports = { enforcement: enforcementPort!, police: policePort!, second: secondPort!, dead: deadPort! };
    databases = dialect === 'postgres' ? await createPostgresDatabases(['enforcement', 'police']) : undefined;
    baseEnv = {
      XIANJIE_KEY_DIR: keyDir,
      XIANJIE_DATA_DIR: path.join(dir, 'data'),
      XIANJIE_GATEWAY_PUBLIC_KEY: assertion.publicPem,
      XIANJIE_DEMO_CASES: '20',
      XIANJIE_ENFORCEMENT_INBOX_URL: `http://127.0.0.1:${ports.enforcement}/handoff/inbox`,
      XIANJIE_POLICE_INBOX_URL: `http://127.0.0.1:${ports.police}/handoff/inbox`,
      // Nothing in these tests is sent to the procuratorate or the courts; their inboxes answer nowhere.
      XIANJIE_PROCURATORATE_INBOX_URL: `http://127.0.0.1:${ports.dead}/handoff/inbox`,
      XIANJIE_COURT_INBOX_URL: `http://127.0.0.1:${ports.dead}/handoff/inbox`,
      XIANJIE_ENFORCEMENT_DATABASE_URL: databases?.configs[0]!.kind === 'postgres' ? databases.configs[0].url : undefined,
      XIANJIE_POLICE_DATABASE_URL: databases?.configs[1]!.kind === 'postgres' ? databases.configs[1].url : undefined,
    };
    await Promise.all([start('enforcement'), start('police')]);
    startGatewayTo = (enforcementPort) => startGateway({
      supergraphSdl: composeSupergraph(),
      subgraphUrls: {
        enforcement: `http://127.0.0.1:${enforcementPort}/graphql`, police: `http://127.0.0.1:${ports.police}/graphql`,
        procuratorate: `http://127.0.0.1:${ports.dead}/graphql`, court: `http://127.0.0.1:${ports.dead}/graphql`,
      },
      assertionKey: assertion.privateKey,
      userTokens: { key: issuer.publicKey, issuer: DEV_ISSUER, audience: DEV_AUDIENCE },
      development: false,
    });
    gateway = await startGatewayTo(ports.enforcement!);
  }, 300_000);

  afterAll(async () => {
    await gateway?.stop();
    await secondGateway?.stop();
    await Promise.all(Object.values(processes).map((p) => p.stop()));
    await databases?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('delivers each 移送书 once to a police subgraph killed before they were sent, when it is back', async () => {
    const ids = await approvedTransfers(N);
    await kill('police');
    const sentAt = Date.now();
    for (const id of ids) await send(id);
    // The sender keeps trying, with backoff: each is pending, tried at least once, and says why.
    await new Promise((r) => setTimeout(r, 2500));
    const waiting = await senderView(ids);
    expect(waiting.map((v) => v.document?.deliveryState)).toEqual(Array(N).fill('PENDING'));
    for (const v of waiting) expect(v.document!.attempts).toBeGreaterThanOrEqual(1);
    expect(waiting[0]!.document!.lastError).toMatch(/fetch failed|ECONNREFUSED/);

    const police = await start('police');
    const backAt = Date.now();
    const tookMs = await allDelivered(ids);
    const counts = await receiverCounts(ids);
    const figures = {
      sent: N, delivered: counts.filter((c) => c.kept === 1).length,
      duplicates: counts.reduce((n, c) => n + Math.max(0, c.kept - 1) + Math.max(0, c.receipts - 1), 0),
      lost: counts.filter((c) => c.kept === 0).length,
      policeDownForMs: backAt - sentAt, deliveredAfterRestartMs: tookMs,
      attempts: (await senderView(ids)).reduce((n, v) => n + v.document!.attempts, 0), redeliveredAndDeduplicated: redeliveries(police),
    };
    console.log(`[delivery ${dialect}] receiver killed before sending: ${JSON.stringify(figures)}`);
    expect(counts).toEqual(ids.map((id) => ({ id, kept: 1, receipts: 1 })));
    expect(figures).toMatchObject({ delivered: N, duplicates: 0, lost: 0 });
  }, 300_000);

  it('loses and doubles nothing when the sending subgraph is killed while it sends and delivers', async () => {
    const ids = await approvedTransfers(N);
    const police = processes.police!;
    const policeLogFrom = police.output().length;
    // All N sent at once; the sender is killed as soon as the first has answered, while the
    // rest are being written and the first are being posted to the police.
    let answered = 0;
    let killed: Promise<void> | undefined;
    const outcomes = await Promise.allSettled(ids.map((id) => send(id).then((r) => {
      if (++answered === 1) killed = kill('enforcement');
      return r;
    })));
    await killed;
    await start('enforcement');
    const tookMs = await allDelivered(ids);
    const view = await senderView(ids);
    const committed = view.filter((v) => v.document).map((v) => v.id);
    const counts = await receiverCounts(ids);
    const figures = {
      requested: N, answered: outcomes.filter((o) => o.status === 'fulfilled').length, failedByTheKill: outcomes.filter((o) => o.status === 'rejected').length,
      sent: committed.length, delivered: counts.filter((c) => c.kept === 1).length,
      duplicates: counts.reduce((n, c) => n + Math.max(0, c.kept - 1) + Math.max(0, c.receipts - 1), 0),
      lost: counts.filter((c) => committed.includes(c.id) && c.kept === 0).length,
      deliveredWithoutBeingSent: counts.filter((c) => !committed.includes(c.id) && c.kept > 0).length,
      deliveredAfterRestartMs: tookMs, redeliveredAndDeduplicated: redeliveries(police, policeLogFrom),
    };
    console.log(`[delivery ${dialect}] sender killed while sending: ${JSON.stringify(figures)}`);
    // Every send that answered committed; a send cut off by the kill either committed (and is delivered) or left nothing.
    for (const [i, o] of outcomes.entries()) if (o.status === 'fulfilled') expect(committed).toContain(ids[i]);
    expect(figures.answered).toBeGreaterThanOrEqual(1);
    expect(counts).toEqual(ids.map((id) => ({ id, kept: committed.includes(id) ? 1 : 0, receipts: committed.includes(id) ? 1 : 0 })));
    expect(figures).toMatchObject({ duplicates: 0, lost: 0, deliveredWithoutBeingSent: 0 });
  }, 300_000);

  (dialect === 'postgres' ? it : it.skip)('delivers each document once with two instances of the sender over one PostgreSQL database', async () => {
    const ids = await approvedTransfers(N);
    await start('enforcement', 'second', ports.second!);
    // Half the transfers are sent through each instance (a gateway in front of each).
    secondGateway = await startGatewayTo(ports.second!);
    await kill('police');
    for (const [i, id] of ids.entries()) await send(id, i % 2 ? secondGateway : gateway);
    // Both instances' deliverers find the same pending rows and keep retrying them.
    await new Promise((r) => setTimeout(r, 2500));
    const police = await start('police');
    const tookMs = await allDelivered(ids);
    const counts = await receiverCounts(ids);
    const figures = {
      sent: N, delivered: counts.filter((c) => c.kept === 1).length,
      duplicates: counts.reduce((n, c) => n + Math.max(0, c.kept - 1) + Math.max(0, c.receipts - 1), 0),
      lost: counts.filter((c) => c.kept === 0).length,
      // A document posted by both instances would be acknowledged a second time by the police.
      postedTwice: redeliveries(police), deliveredAfterRestartMs: tookMs,
      // Both instances took part: the documents each tried while the police were down.
      triedByEach: ['enforcement', 'second'].map((i) => new Set(processes[i]!.output().match(/CASE_TRANSFER:TR-\d+(?= to police not delivered)/g) ?? []).size),
    };
    console.log(`[delivery ${dialect}] two sender instances over one database: ${JSON.stringify(figures)}`);
    expect(counts).toEqual(ids.map((id) => ({ id, kept: 1, receipts: 1 })));
    expect(figures).toMatchObject({ delivered: N, duplicates: 0, lost: 0, postedTwice: 0 });
    for (const tried of figures.triedByEach) expect(tried).toBeGreaterThan(0);
  }, 300_000);
});
