import { createHash } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';
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
    // The canonical text an entry's hash covers; canonicalEntry() below writes the same in
    // TypeScript, and the verifier recomputes every hash there, not with these functions.
    await sql`create function audit_part(v text) returns text language sql immutable as $$
      select case when v is null then '-' else octet_length(v)::text || ':' || v end $$`.execute(db);
    await sql`create function audit_parts(a text[]) returns text language sql immutable as $$
      select cardinality(a)::text || '[' || coalesce((select string_agg(audit_part(x), ',' order by i)
        from unnest(a) with ordinality as t(x, i)), '') || ']' $$`.execute(db);
    // Appends a batch in one statement: the lock serialises writers (replicas included);
    // each statement of the function sees what the previous holder of the lock committed.
    await sql`create function audit_append(entries jsonb) returns void language plpgsql as $$
      declare
        n bigint; prev text; e jsonb; ts timestamptz; r text[]; f text[]; h text;
      begin
        perform pg_advisory_xact_lock(7231001);
        select seq, hash into n, prev from audit_log order by seq desc limit 1;
        n := coalesce(n, 0);
        prev := coalesce(prev, repeat('0', 64));
        for e in select value from jsonb_array_elements(entries) loop
          n := n + 1;
          ts := (e->>'at')::timestamptz;
          r := array(select jsonb_array_elements_text(e->'roles'));
          f := array(select jsonb_array_elements_text(e->'fields'));
          h := encode(sha256(convert_to(prev || chr(10) || concat_ws('|',
                 audit_part(n::text), audit_part(to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
                 audit_part(e->>'requestId'), audit_part(e->>'subject'), audit_parts(r), audit_part(e->>'org'),
                 audit_part(e->>'action'), audit_part(e->>'entity'), audit_part(e->>'recordId'), audit_parts(f)), 'UTF8')), 'hex');
          insert into audit_log (seq, at, request_id, subject, roles, org, action, entity, record_id, fields, prev_hash, hash)
            values (n, ts, e->>'requestId', e->>'subject', r, e->>'org', e->>'action', e->>'entity', e->>'recordId', f, prev, h);
          prev := h;
        end loop;
      end $$`.execute(db);
  },
};

/**
 * audit_append_rows(entries): what audit_append does, in less of the database's CPU. Each
 * entry comes with its canonical text after the sequence number (`rest`, written by
 * canonicalRest, as the verifier reads it back), so the function's loop only numbers and
 * hashes, and the batch is inserted in one statement. audit_append cost about 37 µs of
 * PostgreSQL's CPU per entry (two subqueries, ten length-prefixed parts and an INSERT per
 * entry); audit appends were 40 % of PostgreSQL's CPU per chain query. The chain it writes is
 * the same: verifyAuditChain recomputes every hash from the stored columns, so an entry
 * whose `rest` did not match its columns would be reported as altered.
 */
export const auditAppendRowsMigration: Migration = {
  async up(db) {
    await sql`create or replace function audit_append_rows(entries jsonb) returns void language plpgsql as $$
      declare
        last bigint; first_prev text; prev text; rests text[]; hashes text[] := '{}';
      begin
        perform pg_advisory_xact_lock(7231001);
        select seq, hash into last, first_prev from audit_log order by seq desc limit 1;
        last := coalesce(last, 0);
        first_prev := coalesce(first_prev, repeat('0', 64));
        prev := first_prev;
        rests := array(select e->>'rest' from jsonb_array_elements(entries) with ordinality as t(e, i) order by i);
        for i in 1 .. coalesce(cardinality(rests), 0) loop
          prev := encode(sha256(convert_to(prev || chr(10) || audit_part((last + i)::text) || '|' || rests[i], 'UTF8')), 'hex');
          hashes := hashes || prev;
        end loop;
        insert into audit_log (seq, at, request_id, subject, roles, org, action, entity, record_id, fields, prev_hash, hash)
          select last + t.i, t.at, t.request_id, t.subject, t.roles, t.org, t.action, t.entity, t.record_id, t.fields,
                 case when t.i = 1 then first_prev else hashes[t.i - 1] end, hashes[t.i]
          from rows from (jsonb_to_recordset(entries) as ("at" timestamptz, "requestId" text, "subject" text, "roles" text[], "org" text,
                 "action" text, "entity" text, "recordId" text, "fields" text[]))
            with ordinality as t(at, request_id, subject, roles, org, action, entity, record_id, fields, i);
      end $$`.execute(db);
  },
};

export interface AuditEntry {
  action: 'read' | 'write';
  entity: string;
  recordId: string;
  fields: string[];
}

type HashedFields = Omit<AuditLogTable, 'hash' | 'prevHash'>;

const part = (v: string | null) => (v === null ? '-' : `${Buffer.byteLength(v, 'utf8')}:${v}`);
const parts = (a: string[]) => `${a.length}[${a.map(part).join(',')}]`;

/**
 * The text an entry's hash covers: every field length-prefixed (so no value can pass for
 * two), in a fixed order — the same text audit_append() built in SQL, and audit_append_rows()
 * builds from the entry's number and canonicalRest().
 */
export function canonicalEntry(e: HashedFields): string {
  return `${part(String(e.seq))}|${canonicalRest(e)}`;
}

/** The canonical text after the sequence number (which only the database assigns): audit_append_rows hashes it. */
export function canonicalRest(e: Omit<HashedFields, 'seq'>): string {
  return [
    part(new Date(e.at).toISOString()), part(e.requestId), part(e.subject), parts(e.roles),
    part(e.org), part(e.action), part(e.entity), part(e.recordId), parts(e.fields),
  ].join('|');
}

/** The hash of an entry: SHA-256 over the previous entry's hash and this entry's canonical text. */
export function hashEntry(prevHash: string, e: HashedFields): string {
  return createHash('sha256').update(`${prevHash}\n${canonicalEntry(e)}`, 'utf8').digest('hex');
}

/** One request's entries, with who asked. */
export interface AuditBatch {
  viewer: Viewer;
  requestId: string;
  entries: AuditEntry[];
}

/** The batch as audit_append_rows() takes it: each entry's columns, and its canonical text after the sequence number. */
function toJson(batches: AuditBatch[]): string {
  // Milliseconds: the precision of a JavaScript Date, in which the verifier reads `at`.
  const at = new Date();
  const iso = at.toISOString();
  return JSON.stringify(
    batches.flatMap(({ viewer, requestId, entries }) =>
      entries.map((e) => {
        const entry = { requestId, subject: viewer.subject, roles: viewer.roles, org: viewer.org, action: e.action, entity: e.entity, recordId: e.recordId, fields: e.fields };
        return { at: iso, ...entry, rest: canonicalRest({ at, ...entry }) };
      }),
    ),
  );
}

/**
 * Appends several requests' entries in one statement (audit_append_rows: lock, read the last
 * entry, insert the batch, chained), so an audited read costs one round trip. Given a
 * transaction, the entries commit or roll back with it.
 */
export async function appendAuditBatches(db: Kysely<any>, batches: AuditBatch[], latency?: AuditLatency): Promise<void> {
  if (batches.every((b) => b.entries.length === 0)) return;
  const started = performance.now();
  await sql`select audit_append_rows(${toJson(batches)}::jsonb)`.execute(db);
  latency?.observe((performance.now() - started) / 1000);
}

/** Where the time of each append goes (the service's xianjie_audit_append_duration_seconds). */
export interface AuditLatency {
  observe(seconds: number): void;
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

  constructor(
    private readonly db: Kysely<any>,
    private readonly latency?: AuditLatency,
  ) {}

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
        await appendAuditBatches(this.db, group.map((g) => g.batch), this.latency);
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
