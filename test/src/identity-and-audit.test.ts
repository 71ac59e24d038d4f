import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot, signAssertion, verifyAuditChain, type Viewer } from '@xianjie/subgraph-kit';
import { SignJWT, generateKeyPair } from 'jose';
import { sql } from 'kysely';
import { CHAIN, op } from './operations';
import { DIALECTS, post, startStack, type Stack } from './harness';

const POLICE_VIEWER: Viewer = { subject: 'officer-1', institution: 'police', org: 'PB-421202', roles: ['police'], region: '421202' };
const QUERY = { query: '{ policeCase(id: "PC-0000005") { caseNumber investigationNotes } }' };

function unsignedJwt(payload: Record<string, unknown>): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
}

for (const dialect of DIALECTS) {
  describe(`identity and audit (${dialect})`, () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack(dialect);
    });
    afterAll(() => stack?.stop());

    describe('a subgraph called directly', () => {
      const ask = (authorization?: string) =>
        post(stack.subgraphs.police!.url, QUERY, authorization ? { authorization: `Bearer ${authorization}` } : {});

      it('answers a valid assertion addressed to it', async () => {
        const res = await ask(await signAssertion(POLICE_VIEWER, 'police', stack.gatewayKeys.privateKey));
        expect(res.status).toBe(200);
        expect(res.data.policeCase.investigationNotes.length).toBeGreaterThan(0);
      });
      it('refuses a request without an assertion with 401', async () => {
        const res = await ask();
        expect(res.status).toBe(401);
        expect(res.errors![0]!.message).toMatch(/missing identity assertion/);
        expect(res.data).toBeUndefined();
      });
      it('refuses an assertion addressed to another subgraph', async () => {
        const res = await ask(await signAssertion(POLICE_VIEWER, 'court', stack.gatewayKeys.privateKey));
        expect(res.status).toBe(401);
        expect(res.errors![0]!.message).toMatch(/claim "aud"/);
      });
      it('refuses an expired assertion', async () => {
        const past = Math.floor(Date.now() / 1000) - 600;
        const token = await new SignJWT({ roles: ['police'], inst: 'police', org: 'PB-421202', rid: 'x' })
          .setProtectedHeader({ alg: 'ES256' }).setSubject('officer-1').setIssuer('xianjie-gateway')
          .setAudience('xianjie-subgraph:police').setIssuedAt(past).setExpirationTime(past + 60)
          .sign(stack.gatewayKeys.privateKey);
        const res = await ask(token);
        expect(res.status).toBe(401);
        expect(res.errors![0]!.message).toMatch(/expired/);
      });
      it('refuses an unsigned (alg: none) assertion', async () => {
        const now = Math.floor(Date.now() / 1000);
        const res = await ask(unsignedJwt({ sub: 'x', roles: ['police'], iss: 'xianjie-gateway', aud: 'xianjie-subgraph:police', iat: now, exp: now + 60 }));
        expect(res.status).toBe(401);
      });
      it('refuses an assertion signed with another key', async () => {
        const { privateKey } = await generateKeyPair('ES256');
        const res = await ask(await signAssertion(POLICE_VIEWER, 'police', privateKey));
        expect(res.status).toBe(401);
        expect(res.errors![0]!.message).toMatch(/signature/);
      });
    });

    describe('the gateway with bad credentials', () => {
      const ask = (authorization: string) => post(stack.gateway.url, { query: op.CaseChain, variables: { id: CHAIN.judged } }, { authorization });
      it('answers 401 with a clear message for a malformed token', async () => {
        const res = await ask('Bearer not.a.jwt');
        expect(res.status).toBe(401);
        expect(res.errors![0]!.message).toMatch(/Invalid token/);
        expect(res.data).toBeUndefined();
      });
      it('answers 401 for a token that is not a bearer token', async () => {
        expect((await ask('Basic dXNlcjpwYXNz')).status).toBe(401);
      });
      it('answers 401 for an expired token', async () => {
        const token = await new SignJWT({ roles: ['procurator'], inst: 'procuratorate' }).setProtectedHeader({ alg: 'ES256' })
          .setSubject('p').setIssuer('xianjie-dev-issuer').setAudience('xianjie').setIssuedAt(1_600_000_000).setExpirationTime(1_600_000_600)
          .sign(stack.issuerKeys.privateKey);
        const res = await ask(`Bearer ${token}`);
        expect(res.status).toBe(401);
        expect(res.errors![0]!.message).toMatch(/expired/);
      });
      it('answers 401 for a token signed with another key', async () => {
        const { privateKey } = await generateKeyPair('ES256');
        const token = await new SignJWT({ roles: ['procurator'], inst: 'procuratorate' }).setProtectedHeader({ alg: 'ES256' })
          .setSubject('p').setIssuer('xianjie-dev-issuer').setAudience('xianjie').setIssuedAt().setExpirationTime('1h').sign(privateKey);
        const res = await ask(`Bearer ${token}`);
        expect(res.status).toBe(401);
        expect(res.errors![0]!.message).toMatch(/signature/);
      });
      it('refuses (401) a well-formed token with an unknown role or a mismatched institution', async () => {
        const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'ES256' })
          .setSubject('p').setIssuer('xianjie-dev-issuer').setAudience('xianjie').setIssuedAt().setExpirationTime('1h').sign(stack.issuerKeys.privateKey);
        const unknownRole = await ask(`Bearer ${await sign({ roles: ['superuser'], inst: 'procuratorate' })}`);
        expect(unknownRole.status).toBe(401);
        expect(unknownRole.errors![0]!.message).toMatch(/unknown role "superuser"/);
        const wrongInstitution = await ask(`Bearer ${await sign({ roles: ['judge'], inst: 'police' })}`);
        expect(wrongInstitution.status).toBe(401);
        expect(wrongInstitution.errors![0]!.message).toMatch(/does not belong/);
      });
    });

    describe('the audit trail', () => {
      it('records who read which protected fields of which record, with the request id', async () => {
        const token = await stack.token('procurator', 'PP-421200');
        const res = await post(stack.gateway.url, { query: '{ policeCase(id: "PC-0000005") { investigationNotes suspects { idNumber } } }' }, {
          authorization: `Bearer ${token}`,
          'x-request-id': 'chosen-by-the-client',
        });
        expect(res.errors).toBeUndefined();
        expect(res.requestId).toMatch(/^[0-9a-f-]{36}$/); // the gateway names requests itself
        const rows = await stack.subgraphs.police!.database.db
          .selectFrom('auditLog').selectAll().where('requestId', '=', res.requestId!).orderBy('seq').execute();
        expect(rows.map((r: any) => [r.action, r.entity, r.recordId, r.fields])).toEqual(
          expect.arrayContaining([
            ['read', 'PoliceCase', 'PC-0000005', ['investigationNotes', 'suspects']],
            ['read', 'Suspect', expect.stringMatching(/^SU-/), ['idNumber']],
          ]),
        );
        expect(rows[0]).toMatchObject({ subject: 'test-procurator', roles: ['procurator'], org: 'PP-421200' });
        expect(await verifyAuditChain(stack.subgraphs.police!.database.db)).toMatchObject({ ok: true });
      });

      it('chains entries whose subject is not ASCII, as verified outside the database', async () => {
        const { issueDevToken } = await import('@xianjie/gateway');
        const token = await issueDevToken({ subject: '张三𠀋-检察官|1:2', role: 'procurator', org: 'PP-421200' }, stack.issuerKeys.privateKey);
        const res = await post(stack.gateway.url, { query: '{ policeCase(id: "PC-0000005") { investigationNotes } }' }, { authorization: `Bearer ${token}` });
        expect(res.errors).toBeUndefined();
        const db = stack.subgraphs.police!.database.db;
        const row = await db.selectFrom('auditLog').selectAll().where('requestId', '=', res.requestId!).executeTakeFirstOrThrow();
        expect(row.subject).toBe('张三𠀋-检察官|1:2');
        expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
      });

      it('refuses updates and deletes of the log', async () => {
        const db = stack.subgraphs.police!.database.db;
        await expect(sql`update audit_log set subject = 'someone-else'`.execute(db)).rejects.toThrow(/append-only/);
        await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
      });

      it('records a write and its change in one transaction, and lets only the owning agency make it', async () => {
        const procurator = await stack.token('procurator', 'PP-421200');
        const list = await stack.query('{ administrativeCases(first: 100) { edges { node { id agency { id } decision { published } } } } }', {}, procurator);
        const unpublished = list.data.administrativeCases.edges.map((e: any) => e.node).find((n: any) => n.decision && !n.decision.published);
        const publish = 'mutation($id: ID!) { publishPenaltyDecision(caseId: $id) { documentNumber published publishedAt } }';
        const other = await stack.query(publish, { id: unpublished.id }, await stack.token('enforcement', 'AG-999999-NONE'));
        expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND'); // another agency's hidden case answers as an unknown one (issue 9)
        const police = await stack.query(publish, { id: unpublished.id }, await stack.token('police', 'PB-421202'));
        expect(police.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        const missing = await stack.query(publish, { id: 'AC-9999999' }, await stack.token('enforcement', unpublished.agency.id));
        expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

        const owner = await stack.token('enforcement', unpublished.agency.id);
        const res = await post(stack.gateway.url, { query: publish, variables: { id: unpublished.id } }, { authorization: `Bearer ${owner}` });
        expect(res.errors).toBeUndefined();
        expect(res.data.publishPenaltyDecision).toMatchObject({ published: true, publishedAt: expect.any(String) });
        const db = stack.subgraphs.enforcement!.database.db;
        const entries = await db.selectFrom('auditLog').selectAll().where('requestId', '=', res.requestId!).where('action', '=', 'write').execute();
        expect(entries.map((e: any) => [e.entity, e.recordId, e.fields, e.org])).toEqual([['PenaltyDecision', unpublished.id, ['published', 'publishedAt'], unpublished.agency.id]]);
        expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
        // Now public: it appears among the published decisions.
        const published = await stack.query('{ publishedDecisions(first: 100) { edges { node { documentNumber } } } }');
        expect(published.data.publishedDecisions.edges.map((e: any) => e.node.documentNumber)).toContain(res.data.publishPenaltyDecision.documentNumber);
      });

      it('publishes once when asked twice at the same time', async () => {
        const procurator = await stack.token('procurator', 'PP-421200');
        const list = await stack.query('{ administrativeCases(first: 100) { edges { node { id agency { id } decision { published } } } } }', {}, procurator);
        const target = list.data.administrativeCases.edges.map((e: any) => e.node).find((n: any) => n.decision && !n.decision.published);
        const owner = await stack.token('enforcement', target.agency.id);
        const publish = 'mutation($id: ID!) { publishPenaltyDecision(caseId: $id) { published publishedAt } }';
        const [a, b] = await Promise.all([stack.query(publish, { id: target.id }, owner), stack.query(publish, { id: target.id }, owner)]);
        expect(a.errors).toBeUndefined();
        expect(b.errors).toBeUndefined();
        expect(a.data.publishPenaltyDecision.publishedAt).toBe(b.data.publishPenaltyDecision.publishedAt);
        const writes = await stack.subgraphs.enforcement!.database.db.selectFrom('auditLog').select('seq')
          .where('action', '=', 'write').where('recordId', '=', target.id).execute();
        expect(writes).toHaveLength(1);
      });

      it('names the first entry an attacker altered', async () => {
        const db = stack.subgraphs.court!.database.db;
        const judge = await stack.token('judge', 'CO-421202');
        for (let i = 0; i < 3; i++) {
          await stack.query('{ criminalTrial(id: "CT-0000005") { deliberationNotes } }', {}, judge);
        }
        const before = await verifyAuditChain(db);
        expect(before.ok).toBe(true);
        expect(before.entries).toBeGreaterThanOrEqual(3);
        // An attacker with superuser rights switches the trigger off and rewrites entry 2.
        await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
        await sql`update audit_log set subject = 'nobody' where seq = 2`.execute(db);
        await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
        expect(await verifyAuditChain(db)).toEqual({ ok: false, entries: 1, firstBroken: { seq: '2', reason: expect.stringMatching(/altered/) } });
        const config = stack.subgraphs.court!.database.config;
        if (config.kind === 'postgres') {
          // The command an operator runs says the same, and fails.
          const cli = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/audit-verify.ts'), 'court'], {
            env: { ...process.env, XIANJIE_COURT_DATABASE_URL: config.url },
            encoding: 'utf8',
          });
          expect(cli.stdout).toMatch(/court: audit chain BROKEN at entry 2: .*altered/);
          expect(cli.status).toBe(1);
          // Pointed at a database that is not the institution's, it says which one it read.
          const elsewhere = new URL(config.url);
          elsewhere.pathname = '/postgres';
          const wrong = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/audit-verify.ts'), 'court'], {
            env: { ...process.env, XIANJIE_COURT_DATABASE_URL: elsewhere.toString() },
            encoding: 'utf8',
          });
          expect(wrong.stderr).toMatch(/^audit:verify: PostgreSQL .*\/postgres has no audit log: it is not court's database/);
          expect(wrong.status).toBe(2);
        }
      });
    });
  });
}
