import { createHash } from 'node:crypto';
import { sql, type Kysely, type Migration, type Transaction } from 'kysely';
import type { Viewer } from '../auth/viewer';

/**
 * Each institution's audit log: one row per protected-field read of a record and per
 * write, append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and hash-chained:
 * every entry's hash covers its content and the previous entry's hash, so altering,
 * removing or reordering any entry breaks the chain from there on.
 */
export interface AuditLogTable {
  seq: string;
  at: Date;
  requestId: string;
  subject: string | null;
  roles: string[];
  org: string | null;
  action: 'read' | 'write';
  entity: string;
  recordId: string;
  fields: string[];
  prevHash: string;
  hash: string;
}

export interface AuditDatabase {
  auditLog: AuditLogTable;
}

export const GENESIS_HASH = '0'.repeat(64);

export const auditMigration: Migration = {
  async up(db) {
    await db.schema
      .createTable('audit_log')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('at', 'timestamptz', (c) => c.notNull())
      .addColumn('request_id', 'text', (c) => c.notNull())
      .addColumn('subject', 'text')
      .addColumn('roles', sql`text[]`, (c) => c.notNull())
      .addColumn('org', 'text')
      .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('read', 'write')`))
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('record_id', 'text', (c) => c.notNull())
      .addColumn('fields', sql`text[]`, (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await sql`create function audit_log_refuse_change() returns trigger language plpgsql as $$
      begin raise exception 'audit_log is append-only: % refused', tg_op; end $$`.execute(db);
    await sql`create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_refuse_change()`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_refuse_change()`.execute(db);
  },
};

export interface AuditEntry {
  action: 'read' | 'write';
  entity: string;
  recordId: string;
  fields: string[];
}

type HashedFields = Omit<AuditLogTable, 'hash' | 'prevHash'>;

/** The hash of an entry: SHA-256 over the previous hash and the entry's content, canonically ordered. */
export function hashEntry(prevHash: string, e: HashedFields): string {
  const content = JSON.stringify([
    String(e.seq), new Date(e.at).toISOString(), e.requestId, e.subject, e.roles, e.org,
    e.action, e.entity, e.recordId, e.fields,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/** One request's entries, with who asked. */
export interface AuditBatch {
  viewer: Viewer;
  requestId: string;
  entries: AuditEntry[];
}

/** Appends entries in one transaction; a lock serialises writers so the chain stays linear. */
export async function appendAudit(db: Kysely<any>, viewer: Viewer, requestId: string, entries: AuditEntry[]): Promise<void> {
  await appendAuditBatches(db, [{ viewer, requestId, entries }]);
}

/**
 * Appends several requests' entries in one transaction. A transaction-scoped advisory
 * lock serialises writers (several replicas of a subgraph may share the database), so
 * each entry links to the one written just before it.
 */
export async function appendAuditBatches(db: Kysely<any>, batches: AuditBatch[]): Promise<void> {
  if (batches.every((b) => b.entries.length === 0)) return;
  await db.transaction().execute((tx) => appendAuditInTransaction(tx, batches));
}

/**
 * Appends entries inside a caller's transaction, so a write and its audit entry commit
 * or roll back together.
 */
export async function appendAuditInTransaction(tx: Transaction<any>, batches: AuditBatch[]): Promise<void> {
  if (batches.every((b) => b.entries.length === 0)) return;
  const atx = tx as unknown as Transaction<AuditDatabase>;
  await sql`select pg_advisory_xact_lock(7231001)`.execute(atx);
  const last = await atx.selectFrom('auditLog').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = last ? BigInt(last.seq) : 0n;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const at = new Date();
  const rows = batches.flatMap(({ viewer, requestId, entries }) => entries.map((entry) => {
    seq += 1n;
    const content: HashedFields = {
      seq: seq.toString(), at, requestId, subject: viewer.subject, roles: [...viewer.roles], org: viewer.org,
      action: entry.action, entity: entry.entity, recordId: entry.recordId, fields: entry.fields,
    };
    const hash = hashEntry(prevHash, content);
    const row = { ...content, prevHash, hash };
    prevHash = hash;
    return row;
  }));
  // Well under PostgreSQL's 65,535 bind parameters (12 per row) for any realistic burst.
  for (let i = 0; i < rows.length; i += 4000) await atx.insertInto('auditLog').values(rows.slice(i, i + 4000)).execute();
}

/**
 * Writes audit batches with group commit: a request's entries wait for the next write,
 * which starts at once when none is under way, and otherwise right after the current one,
 * taking every batch that arrived meanwhile. Idle, a request pays one transaction; under
 * load, many requests share one. A request is answered only after its entries are written.
 */
export class AuditWriter {
  private pending: { batch: AuditBatch; done: () => void; failed: (error: unknown) => void }[] = [];
  private writing: Promise<void> | undefined;

  constructor(private readonly db: Kysely<any>) {}

  write(batch: AuditBatch): Promise<void> {
    if (batch.entries.length === 0) return Promise.resolve();
    return new Promise<void>((done, failed) => {
      this.pending.push({ batch, done, failed });
      this.writing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const group = this.pending;
      this.pending = [];
      try {
        await appendAuditBatches(this.db, group.map((g) => g.batch));
        for (const g of group) g.done();
      } catch (error) {
        for (const g of group) g.failed(error);
      }
    }
    this.writing = undefined;
  }
}

/** Collects a request's audit entries (one per record and action) to append when it ends. */
export class AuditCollector {
  private readonly reads = new Map<string, AuditEntry>();
  private readonly writes: AuditEntry[] = [];

  read(entity: string, recordId: string, field: string): void {
    const key = `${entity}\u0000${recordId}`;
    const entry = this.reads.get(key);
    if (!entry) this.reads.set(key, { action: 'read', entity, recordId, fields: [field] });
    else if (!entry.fields.includes(field)) entry.fields.push(field);
  }

  write(entity: string, recordId: string, fields: string[]): void {
    this.writes.push({ action: 'write', entity, recordId, fields });
  }

  drain(): AuditEntry[] {
    const entries = [...this.reads.values(), ...this.writes];
    this.reads.clear();
    this.writes.length = 0;
    return entries;
  }
}

export interface AuditVerification {
  entries: number;
  ok: boolean;
  firstBroken?: { seq: string; reason: string };
}

/** Walks the chain in order and names the first entry whose link or hash does not hold. */
export async function verifyAuditChain(db: Kysely<any>, batchSize = 5000): Promise<AuditVerification> {
  const adb = db as unknown as Kysely<AuditDatabase>;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1n;
  let entries = 0;
  let after = 0n;
  for (;;) {
    const rows = await adb.selectFrom('auditLog').selectAll().where('seq', '>', after.toString()).orderBy('seq').limit(batchSize).execute();
    for (const row of rows) {
      const seq = BigInt(row.seq);
      const fail = (reason: string): AuditVerification => ({ entries, ok: false, firstBroken: { seq: row.seq, reason } });
      if (seq !== expectedSeq) return fail(`expected entry ${expectedSeq}, found ${seq}: an entry is missing`);
      if (row.prevHash !== prevHash) return fail('its prev_hash does not match the previous entry');
      if (hashEntry(prevHash, row) !== row.hash) return fail('its content does not match its hash: it was altered');
      prevHash = row.hash;
      expectedSeq += 1n;
      entries += 1;
      after = seq;
    }
    if (rows.length < batchSize) return { entries, ok: true };
  }
}
