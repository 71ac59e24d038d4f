import { sql, type Generated, type Kysely, type Migration, type Transaction } from 'kysely';
import type { CryptoKey } from 'jose';
import type { InstitutionName } from '../institutions';
import { serviceLogger, type Logger } from '../observability/log';
import type { SubgraphStoreMetrics } from '../observability/metrics';
import { DocumentRejected, signDocument, verifyDocument, type HandoffDocument, type SignedDocument } from './document';

/**
 * The transactional outbox and the idempotent inbox of every institution. A step that
 * concerns another institution writes its document to the sender's outbox in the same
 * transaction as the step; the Deliverer posts it to the receiver's inbox until the
 * receiver has it; the receiver stores it once by id and opens its own record in the
 * same transaction. Nothing is lost when any process dies (the outbox row stays until
 * delivered) and nothing is doubled (the inbox keeps each id once).
 */
export interface HandoffOutboxTable {
  id: string;
  receiver: string;
  kind: string;
  chainId: string;
  subjectId: string;
  document: HandoffDocument;
  digest: string;
  signature: string;
  createdAt: Generated<Date>;
  /** pending: to be (re)sent; delivered: the receiver has it; rejected: the receiver refused it for good. */
  state: Generated<'pending' | 'delivered' | 'rejected'>;
  attempts: Generated<number>;
  /** When the next attempt may start; a claimed row is leased by moving it into the future. */
  nextAttemptAt: Generated<Date>;
  deliveredAt: Date | null;
  lastError: string | null;
}

export interface HandoffInboxTable {
  id: string;
  sender: string;
  kind: string;
  chainId: string;
  document: HandoffDocument;
  digest: string;
  signature: string;
  receivedAt: Generated<Date>;
}

export interface HandoffDatabase {
  handoffOutbox: HandoffOutboxTable;
  handoffInbox: HandoffInboxTable;
}

export const handoffMigration: Migration = {
  async up(db) {
    await db.schema
      .createTable('handoff_outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('receiver', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('chain_id', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('document', 'jsonb', (c) => c.notNull())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending').check(sql`state in ('pending', 'delivered', 'rejected')`))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('delivered_at', 'timestamptz')
      .addColumn('last_error', 'text')
      .execute();
    await sql`create index handoff_outbox_due on handoff_outbox (next_attempt_at) where state = 'pending'`.execute(db);
    await db.schema.createIndex('handoff_outbox_subject').on('handoff_outbox').column('subject_id').execute();
    await db.schema
      .createTable('handoff_inbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('sender', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('chain_id', 'text', (c) => c.notNull())
      .addColumn('document', 'jsonb', (c) => c.notNull())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('handoff_inbox_chain').on('handoff_inbox').column('chain_id').execute();
  },
};

/** Signs a document and writes it to the outbox, in the caller's transaction (the step's). */
export async function enqueueDocument(tx: Transaction<any>, document: HandoffDocument, key: CryptoKey): Promise<SignedDocument> {
  const signed = await signDocument(document, key);
  await (tx as Transaction<HandoffDatabase>)
    .insertInto('handoffOutbox')
    .values({
      id: document.id,
      receiver: document.receiver,
      kind: document.kind,
      chainId: document.chainId,
      subjectId: document.subjectId,
      document: JSON.stringify(document) as never,
      digest: signed.digest,
      signature: signed.signature,
    })
    .execute();
  return signed;
}

/** What a receiver does with a document of one kind: opens its own record, in the inbox's transaction. */
export type InboxHandler<DB = any> = (tx: Transaction<DB>, document: HandoffDocument) => Promise<void>;

export interface InboxOptions {
  self: InstitutionName;
  /** Default: the institution's service logger. */
  log?: Logger;
  publicKeys: Partial<Record<InstitutionName, CryptoKey>>;
  handlers: Record<string, InboxHandler>;
}

export interface ReceiveResult {
  status: number;
  body: { received: boolean; duplicate?: boolean; error?: string };
}

const isSignedDocument = (value: unknown): value is SignedDocument => {
  const v = value as SignedDocument | null;
  return (
    !!v && typeof v === 'object' && typeof v.digest === 'string' && typeof v.signature === 'string' &&
    !!v.document && typeof v.document === 'object' && typeof v.document.id === 'string' && typeof v.document.kind === 'string'
  );
};

/**
 * Receives a document: verifies it, stores it once by id and runs the kind's handler in
 * the same transaction. A second delivery of the same id is acknowledged and does
 * nothing. 422 means the document will never be accepted (the sender stops); 503 means
 * try again later.
 */
export async function receiveDocument(db: Kysely<any>, body: unknown, options: InboxOptions): Promise<ReceiveResult> {
  if (!isSignedDocument(body)) return { status: 400, body: { received: false, error: 'the body is not a signed hand-off document' } };
  const { document } = body;
  try {
    if (document.receiver !== options.self) throw new DocumentRejected(`the document is addressed to ${document.receiver}, not ${options.self}`);
    await verifyDocument(body, options.publicKeys);
    const handler = options.handlers[document.kind];
    if (!handler) throw new DocumentRejected(`${options.self} does not receive documents of kind ${document.kind}`);
    const duplicate = await (db as Kysely<HandoffDatabase>).transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('handoffInbox')
        .values({
          id: document.id,
          sender: document.sender,
          kind: document.kind,
          chainId: document.chainId,
          document: JSON.stringify(document) as never,
          digest: body.digest,
          signature: body.signature,
        })
        .onConflict((c) => c.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return true;
      await handler(tx as Transaction<any>, document);
      return false;
    });
    // A sender that died after posting and before recording the delivery sends again: acknowledged, nothing changes.
    const log = options.log ?? serviceLogger(options.self);
    if (duplicate) log.info({ document: document.id, kind: document.kind, sender: document.sender }, `${options.self}: ${document.kind} ${document.id} from ${document.sender} was already received; acknowledged again, nothing changed`);
    return { status: 200, body: { received: true, duplicate } };
  } catch (error) {
    if (error instanceof DocumentRejected) return { status: 422, body: { received: false, error: error.message } };
    (options.log ?? serviceLogger(options.self)).error(
      { err: error, document: document.id, kind: document.kind, sender: document.sender },
      `${options.self}: receiving ${document.kind} ${document.id} failed`,
    );
    return { status: 503, body: { received: false, error: 'the document could not be stored now; send it again later' } };
  }
}

export interface DelivererOptions {
  /** The inbox URL of each receiving institution (may be set after start). */
  peers: Partial<Record<InstitutionName, string>>;
  /** How long a claimed row is leased to this deliverer before another may take it. */
  leaseMs?: number;
  /** How often the outbox is looked at when nothing wakes the deliverer. */
  pollMs?: number;
  timeoutMs?: number;
  batchSize?: number;
  /** Where failed and refused deliveries are logged (default: none). */
  log?: Logger;
  /** Delivery lag and attempts, by receiver. */
  metrics?: Pick<SubgraphStoreMetrics, 'deliveryLag' | 'deliveries'>;
}

/**
 * Backoff after the n-th failed attempt: 1 s, 2 s, 4 s … capped at one minute, so that a
 * receiver back from an outage of any length has its documents within a minute (one
 * attempt a minute per pending document is nothing to a receiver that is down).
 */
export const retryDelayMs = (attempts: number) => Math.min(1000 * 2 ** Math.max(0, attempts - 1), 60_000);

/**
 * Posts pending outbox documents to their receivers' inboxes until each is delivered,
 * retrying with backoff. Rows are claimed with FOR UPDATE SKIP LOCKED and leased, so
 * several instances over one database deliver each document once, and a deliverer that
 * dies mid-delivery leaves its rows to be taken again when the lease runs out.
 */
export class Deliverer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  private readonly options: Required<Omit<DelivererOptions, 'log' | 'metrics'>> & Pick<DelivererOptions, 'log' | 'metrics'>;

  constructor(private readonly db: Kysely<any>, options: DelivererOptions) {
    this.options = { leaseMs: 30_000, pollMs: 1000, timeoutMs: 5000, batchSize: 20, ...options };
  }

  get peers(): Partial<Record<InstitutionName, string>> {
    return this.options.peers;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Looks at the outbox soon (after a step has written to it). */
  wake(): void {
    if (!this.stopped) this.schedule(20);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.running) return this.schedule(ms);
      this.running = this.deliverDue()
        .catch((error: Error) => this.options.log?.warn({ err: error }, `delivery pass failed: ${error.message}`))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.options.pollMs);
        });
    }, ms);
    this.timer.unref();
  }

  /** One pass: claims the documents that are due and posts each once. Returns how many were delivered. */
  async deliverDue(): Promise<number> {
    const db = this.db as Kysely<HandoffDatabase>;
    const lease = `${this.options.leaseMs} milliseconds`;
    const claimed = await sql<{ id: string; receiver: string; document: HandoffDocument; digest: string; signature: string; attempts: number; age: number }>`
      update handoff_outbox set next_attempt_at = now() + ${lease}::interval, attempts = attempts + 1
      where id in (
        select id from handoff_outbox where state = 'pending' and next_attempt_at <= now()
        order by next_attempt_at limit ${this.options.batchSize} for update skip locked)
      returning id, receiver, document, digest, signature, attempts, extract(epoch from now() - created_at)::float8 as age`.execute(db);
    const claimedAt = performance.now();
    const { log, metrics } = this.options;
    let delivered = 0;
    await Promise.all(
      claimed.rows.map(async (row) => {
        const outcome = await this.post(row.receiver as InstitutionName, { document: row.document, digest: row.digest, signature: row.signature });
        const where = { document: row.id, kind: row.document.kind, receiver: row.receiver, attempt: row.attempts };
        if (outcome === 'delivered') {
          delivered++;
          await db.updateTable('handoffOutbox').set({ state: 'delivered', deliveredAt: sql`now()` as never, lastError: null }).where('id', '=', row.id).execute();
          metrics?.deliveries.inc({ receiver: row.receiver, result: 'delivered' });
          metrics?.deliveryLag.observe({ receiver: row.receiver }, Number(row.age) + (performance.now() - claimedAt) / 1000);
        } else if (outcome.rejected) {
          metrics?.deliveries.inc({ receiver: row.receiver, result: 'rejected' });
          log?.error({ ...where, reason: outcome.error }, `${row.document.kind} ${row.id} refused by ${row.receiver}: ${outcome.error}`);
          await db.updateTable('handoffOutbox').set({ state: 'rejected', lastError: outcome.error }).where('id', '=', row.id).execute();
        } else {
          const delayMs = retryDelayMs(row.attempts);
          metrics?.deliveries.inc({ receiver: row.receiver, result: 'retry' });
          log?.warn({ ...where, reason: outcome.error, retryInMs: delayMs }, `${row.document.kind} ${row.id} to ${row.receiver} not delivered (attempt ${row.attempts}, again in ${delayMs / 1000} s): ${outcome.error}`);
          await db
            .updateTable('handoffOutbox')
            .set({ nextAttemptAt: sql`now() + ${`${delayMs} milliseconds`}::interval` as never, lastError: outcome.error })
            .where('id', '=', row.id)
            .execute();
        }
      }),
    );
    return delivered;
  }

  private async post(receiver: InstitutionName, signed: SignedDocument): Promise<'delivered' | { rejected: boolean; error: string }> {
    const url = this.options.peers[receiver];
    if (!url) return { rejected: false, error: `no inbox address is configured for ${receiver}` };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(signed),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      if (response.ok) return 'delivered';
      const text = await response.text();
      let error = `HTTP ${response.status}`;
      try {
        error = (JSON.parse(text) as { error?: string }).error ?? error;
      } catch {
        // not JSON: keep the status
      }
      return { rejected: response.status === 422 || response.status === 400, error };
    } catch (error) {
      // fetch says "fetch failed"; its cause says why (ECONNREFUSED, a timeout).
      const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
      const why = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined;
      return { rejected: false, error: why ? `${(error as Error).message} (${why})` : (error as Error).message };
    }
  }
}
