import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createDatabase,
  Deliverer,
  enqueueDocument,
  generateSigningKeys,
  handoffMigration,
  migrateToLatest,
  receiveDocument,
  signDocument,
  verifyDocument,
  type Database,
  type HandoffDocument,
  type InboxOptions,
  type KeyPair,
} from '@xianjie/subgraph-kit';
import { sql, type Migration } from 'kysely';
import { createPostgresDatabases, DIALECTS, post, startStack, type Dialect, type Stack } from './harness';

/** The receiver's own record, opened from a received document. */
const receiverTables: Migration = {
  async up(db) {
    await db.schema.createTable('received_case').addColumn('document_id', 'text', (c) => c.primaryKey()).addColumn('chain_id', 'text').execute();
  },
};

let serial = 0;
const draft = (over: Partial<HandoffDocument> = {}): HandoffDocument => ({
  id: `DOC-${++serial}-${Date.now()}`,
  kind: 'CASE_TRANSFER',
  title: '涉嫌犯罪案件移送书',
  number: `咸市监移〔2026〕${serial}号`,
  sender: 'enforcement',
  senderOrg: 'AG-421202-SCJG',
  receiver: 'police',
  receiverOrg: 'PS-421202',
  chainId: `XJ-T${serial}`,
  subjectId: `TR-T${serial}`,
  issuedAt: '2026-11-27T10:00:00+08:00',
  content: { materials: ['涉嫌犯罪案件移送书', '调查报告'], involvedAmount: '60000.00' },
  upstream: [],
  nextStep: { step: '决定是否立案', dueAt: '2026-11-30T23:59:59.999+08:00', article: '国务院令第310号第八条' },
  ...over,
});

describe('signed documents', () => {
  let enforcementKeys: KeyPair;
  let otherKeys: KeyPair;
  beforeAll(async () => {
    enforcementKeys = await generateSigningKeys();
    otherKeys = await generateSigningKeys();
  });

  it('verify against the sender institution key, and not once altered or signed by another', async () => {
    const signed = await signDocument(draft(), enforcementKeys.privateKey);
    await expect(verifyDocument(signed, { enforcement: enforcementKeys.publicKey })).resolves.toBeUndefined();
    // The same document with keys in another order is the same document.
    const reordered = JSON.parse(JSON.stringify({ ...signed, document: Object.fromEntries(Object.entries(signed.document).reverse()) }));
    await expect(verifyDocument(reordered, { enforcement: enforcementKeys.publicKey })).resolves.toBeUndefined();
    const altered = { ...signed, document: { ...signed.document, content: { ...signed.document.content, involvedAmount: '6000.00' } } };
    await expect(verifyDocument(altered, { enforcement: enforcementKeys.publicKey })).rejects.toThrow(/altered or signed by another/);
    const forged = await signDocument(draft(), otherKeys.privateKey);
    await expect(verifyDocument(forged, { enforcement: enforcementKeys.publicKey })).rejects.toThrow(/altered or signed by another/);
    await expect(verifyDocument(signed, {})).rejects.toThrow(/no public key is configured for enforcement/);
  });
});

describe.each(DIALECTS)('hand-off delivery over %s', (dialect: Dialect) => {
  let keys: KeyPair;
  let sender: Database<any>;
  let receiver: Database<any>;
  let senderTwin: Database<any> | undefined;
  let dropDatabases: (() => Promise<void>) | undefined;
  let inbox: Server | undefined;
  let inboxUrl: string;
  let posts = 0;
  let inboxOptions: InboxOptions;

  /** The receiver's inbox over HTTP, on a fixed port so it can go away and come back. */
  const startInbox = async (port = 0) => {
    inbox = createServer(async (req, res) => {
      posts++;
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const result = await receiveDocument(receiver.db, JSON.parse(Buffer.concat(chunks).toString('utf8')), inboxOptions);
      res.writeHead(result.status, { 'content-type': 'application/json' }).end(JSON.stringify(result.body));
    });
    await new Promise<void>((resolve) => inbox!.listen(port, '127.0.0.1', resolve));
    inboxUrl = `http://127.0.0.1:${(inbox.address() as AddressInfo).port}/handoff/inbox`;
  };
  const stopInbox = () => new Promise<void>((resolve) => (inbox ? inbox.close(() => resolve()) : resolve()));
  const count = async (db: Database<any>, table: string) =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db.db)).rows[0]!.n);

  beforeAll(async () => {
    keys = await generateSigningKeys();
    if (dialect === 'postgres') {
      const pg = await createPostgresDatabases(['handoff_sender', 'handoff_receiver']);
      dropDatabases = pg.drop;
      sender = await createDatabase(pg.configs[0]!);
      receiver = await createDatabase(pg.configs[1]!);
      senderTwin = await createDatabase(pg.configs[0]!);
    } else {
      sender = await createDatabase({ kind: 'pglite', dataDir: 'memory://' });
      receiver = await createDatabase({ kind: 'pglite', dataDir: 'memory://' });
    }
    await migrateToLatest(sender.db, { '0000-handoff': handoffMigration }, 'sender');
    await migrateToLatest(receiver.db, { '0000-handoff': handoffMigration, '0001-received': receiverTables }, 'receiver');
    inboxOptions = {
      self: 'police',
      publicKeys: { enforcement: keys.publicKey },
      handlers: {
        CASE_TRANSFER: async (tx, document) => {
          await tx.insertInto('receivedCase').values({ documentId: document.id, chainId: document.chainId }).execute();
        },
      },
    };
    await startInbox();
  });
  afterAll(async () => {
    await stopInbox();
    await sender?.close();
    await senderTwin?.close();
    await receiver?.close();
    await dropDatabases?.();
  });

  it('writes nothing to the outbox when the step that sends it rolls back', async () => {
    await expect(
      sender.db.transaction().execute(async (tx) => {
        await enqueueDocument(tx, draft(), keys.privateKey);
        throw new Error('the step failed');
      }),
    ).rejects.toThrow('the step failed');
    expect(await count(sender, 'handoff_outbox')).toBe(0);
  });

  it('delivers once however often it is sent, and later to a receiver that was down', async () => {
    await sender.db.transaction().execute((tx) => enqueueDocument(tx, draft(), keys.privateKey));
    const { port } = inbox!.address() as AddressInfo;
    await stopInbox();
    const deliverer = new Deliverer(sender.db, { peers: { police: inboxUrl }, timeoutMs: 1000 });
    expect(await deliverer.deliverDue()).toBe(0);
    const failed = await sender.db.selectFrom('handoffOutbox').selectAll().executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ state: 'pending', attempts: 1 });
    expect(failed.lastError).toMatch(/fetch failed|ECONNREFUSED/);
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now()); // backing off

    await startInbox(port);
    await sender.db.updateTable('handoffOutbox').set({ nextAttemptAt: new Date(0) }).execute(); // the backoff has passed
    expect(await deliverer.deliverDue()).toBe(1);
    expect(await sender.db.selectFrom('handoffOutbox').select(['state', 'attempts', 'lastError']).executeTakeFirstOrThrow()).toEqual({
      state: 'delivered', attempts: 2, lastError: null,
    });
    // Sent again (a deliverer died after posting, before marking it delivered): stored once.
    await sender.db.updateTable('handoffOutbox').set({ state: 'pending', nextAttemptAt: new Date(0) }).execute();
    expect(await deliverer.deliverDue()).toBe(1);
    expect(await count(receiver, 'handoff_inbox')).toBe(1);
    expect(await count(receiver, 'received_case')).toBe(1);
  });

  it('stops sending a document the receiver refuses for good, and says why', async () => {
    const otherKeys = await generateSigningKeys();
    await sender.db.transaction().execute((tx) => enqueueDocument(tx, draft({ id: 'FORGED-1' }), otherKeys.privateKey));
    await new Deliverer(sender.db, { peers: { police: inboxUrl } }).deliverDue();
    expect(await sender.db.selectFrom('handoffOutbox').select(['state', 'lastError']).where('id', '=', 'FORGED-1').executeTakeFirstOrThrow()).toEqual({
      state: 'rejected',
      lastError: "the signature does not verify against enforcement's key: the document was altered or signed by another",
    });
    expect(await receiver.db.selectFrom('handoffInbox').select('id').where('id', '=', 'FORGED-1').execute()).toEqual([]);
  });

  if (dialect === 'postgres') {
    it('two instances over one database deliver each document once', async () => {
      const n = 40;
      await sender.db.transaction().execute(async (tx) => {
        for (let i = 0; i < n; i++) await enqueueDocument(tx, draft({ id: `TWIN-${i}` }), keys.privateKey);
      });
      posts = 0;
      const a = new Deliverer(sender.db, { peers: { police: inboxUrl }, batchSize: 5 });
      const b = new Deliverer(senderTwin!.db, { peers: { police: inboxUrl }, batchSize: 5 });
      let delivered = 0;
      for (let round = 0; round < 20 && delivered < n; round++) {
        const [x, y] = await Promise.all([a.deliverDue(), b.deliverDue()]);
        delivered += x + y;
      }
      expect(delivered).toBe(n);
      expect(posts).toBe(n); // no document was posted twice
      expect(Number((await sql<{ n: string }>`select count(*) as n from received_case where document_id like 'TWIN-%'`.execute(receiver.db)).rows[0]!.n)).toBe(n);
    });
  }
});

describe('the inbox of a running subgraph', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('pglite');
  });
  afterAll(() => stack?.stop());

  it('verifies what arrives with the sender institution key and refuses what is not a document', async () => {
    const inbox = stack.subgraphs.police!.url.replace(/\/graphql$/, '/handoff/inbox');
    expect(await post(inbox, { hello: 'world' })).toMatchObject({ status: 400 });
    const forged = await signDocument(draft(), (await generateSigningKeys()).privateKey);
    expect(await post(inbox, forged)).toMatchObject({ status: 422 });
    // Signed by the enforcement subgraph itself, through its outbox and deliverer.
    const enforcement = stack.subgraphs.enforcement!;
    const document = draft({ kind: 'NOT_A_KIND_POLICE_RECEIVES' });
    await enforcement.database.db.transaction().execute((tx) => enqueueDocument(tx, document, stack.documentKeys.enforcement!.privateKey));
    await enforcement.deliverer.deliverDue();
    const row = await enforcement.database.db.selectFrom('handoffOutbox').select(['state', 'lastError']).where('id', '=', document.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'rejected', lastError: 'police does not receive documents of kind NOT_A_KIND_POLICE_RECEIVES' });
  });
});
