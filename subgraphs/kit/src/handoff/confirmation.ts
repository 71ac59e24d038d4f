/**
 * 核实上游记录 (issue 7, item 4): a court confirms every upstream record a trial relies on.
 * Each issuing institution serves, through the federation, the signed document it sent
 * (its outbox copy) and the digests of the parts of its own record that document states,
 * computed from the record as it stands now. The court verifies the signature against the
 * issuer's public key and compares the digests of the parts as sent with those now.
 *
 * What is digested is what the document states of the issuer's record — the facts, the
 * party, the amounts, the penalty, the charges — each part on its own, as canonical JSON
 * with money as fen strings: a delivery time, an attempt count or a step taken later on
 * another record is not in any part, so it changes nothing; an amended fine or facts does.
 */
import { createHash } from 'node:crypto';
import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { InstitutionName } from '../institutions';
import { canonicalJson, storedDocument, type HandoffDocument } from './document';
import type { HandoffDatabase } from './outbox';

/** The records a court confirms, by the prefix of their id (`CASE_TRANSFER:TR-0000005` …). */
export type ConfirmedRecordKind = 'INDICTMENT' | 'PROSECUTION_TRANSFER' | 'CASE_TRANSFER' | 'PENALTY_DECISION';

type Content = Record<string, unknown>;

export interface RecordPart {
  /** Stable name, e.g. facts. */
  name: string;
  /** As a judge reads it, e.g. 案件事实. */
  label: string;
  /** The part's value from a document's content (or from the record now, in the same shape). */
  of(content: Content): unknown;
}

const fen = (v: unknown) => (v === null || v === undefined ? null : String(v));
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v ?? null);
const persons = (v: unknown) =>
  ((v as { kind: string; name: string; idNumber: string }[] | null) ?? []).map((p) => ({ kind: p.kind, name: p.name.trim(), idNumber: p.idNumber.toUpperCase() }));

/** The penalty as a 移送书 carries it (行政处罚法 Art. 35 offsets it), normalised. */
export function penaltyPart(content: Content) {
  const p = content.penaltyDecision as { documentNumber: string; decidedAt: string; fineFen: unknown; otherPenalties?: string[]; detentionDays?: number } | null | undefined;
  if (!p) return null;
  return {
    documentNumber: p.documentNumber, decidedAt: new Date(p.decidedAt).toISOString(), fineFen: fen(p.fineFen),
    otherPenalties: [...(p.otherPenalties ?? [])], detentionDays: p.detentionDays ?? null,
  };
}

/** Each confirmed kind: its issuer, title, the document that states it, and the parts of the issuer's record it states. */
export const CONFIRMED_RECORDS: Record<ConfirmedRecordKind, {
  issuer: InstitutionName; title: string; documentKind: string; parts: RecordPart[];
}> = {
  INDICTMENT: {
    issuer: 'procuratorate', title: '起诉书', documentKind: 'INDICTMENT',
    parts: [
      { name: 'caseNumber', label: '审查起诉案号', of: (c) => c.prosecutionCaseNumber ?? null },
      { name: 'charges', label: '指控罪名', of: (c) => [...((c.charges as string[]) ?? [])] },
      { name: 'sentencingRecommendation', label: '量刑建议', of: (c) => text(c.sentencingRecommendation) },
    ],
  },
  PROSECUTION_TRANSFER: {
    issuer: 'police', title: '起诉意见书', documentKind: 'PROSECUTION_TRANSFER',
    parts: [
      { name: 'numbers', label: '案件编号、立案决定书文号', of: (c) => ({ caseNumber: c.policeCaseNumber ?? null, filingNumber: c.filingNumber ?? null }) },
      { name: 'suspects', label: '犯罪嫌疑人', of: (c) => persons(c.suspects) },
      { name: 'charges', label: '涉嫌罪名', of: (c) => [...((c.proposedCharges as string[]) ?? [])] },
    ],
  },
  CASE_TRANSFER: {
    issuer: 'enforcement', title: '涉嫌犯罪案件移送书', documentKind: 'CASE_TRANSFER',
    parts: [
      { name: 'case', label: '案件编号、违法类别', of: (c) => ({ caseNumber: c.caseNumber ?? null, violationCategory: c.violationCategory ?? null }) },
      { name: 'facts', label: '案件事实', of: (c) => text(c.facts) },
      { name: 'party', label: '当事人', of: (c) => persons(c.party ? [c.party] : []) },
      {
        name: 'amounts', label: '涉案金额、违法所得、数量',
        of: (c) => ({ involvedAmountFen: fen(c.involvedAmountFen), illegalGainsFen: fen(c.illegalGainsFen), quantity: fen(c.quantity), quantityUnit: c.quantityUnit ?? null }),
      },
    ],
  },
  // The penalty decision is confirmed as the signed 移送书 carries it, against the agency's decision now.
  PENALTY_DECISION: {
    issuer: 'enforcement', title: '行政处罚决定书', documentKind: 'CASE_TRANSFER',
    parts: [{ name: 'penalty', label: '行政处罚决定（文号、罚款、其他处罚）', of: penaltyPart }],
  },
};

export const confirmedKindOf = (recordId: string): ConfirmedRecordKind | undefined => {
  const kind = recordId.split(':')[0] as ConfirmedRecordKind;
  return kind in CONFIRMED_RECORDS ? kind : undefined;
};

/** SHA-256 (hex) of a part's canonical JSON. */
export const partDigest = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex');

export interface PartDigest { part: string; digest: string }

/** The digests of the parts of a record kind, from a document's content or the record now in that shape. */
export function partDigests(kind: ConfirmedRecordKind, content: Content): PartDigest[] {
  return CONFIRMED_RECORDS[kind].parts.map((p) => ({ part: p.name, digest: partDigest(p.of(content)) }));
}

/** What an issuer serves of a record it sent (`served` on its IssuedRecord entity). */
export interface ServedRecord {
  /** The signed document, canonical JSON, as the issuer's outbox keeps it. */
  document: string;
  digest: string;
  signature: string;
  /** The parts' digests from the issuer's record now; null when the record is gone. */
  current: PartDigest[] | null;
}

/**
 * The issuer's side: the records asked for, each from its outbox copy and the record now.
 * `documentIdOf` maps a record id to the id of the document that states it (the penalty
 * decision's is its 移送书); `currentContent` rebuilds, from the issuer's own tables, the
 * content fields the parts read (null when the record is gone).
 */
export async function servedRecords(
  db: Kysely<any>,
  recordIds: readonly string[],
  currentContent: (kind: ConfirmedRecordKind, document: HandoffDocument) => Promise<Content | null>,
): Promise<(ServedRecord | null)[]> {
  const documentIdOf = (id: string) => {
    const [kind, subject] = id.split(':') as [string, string | undefined];
    return kind === 'PENALTY_DECISION' ? `CASE_TRANSFER:${(subject ?? '').replace(/^AC-/, 'TR-')}` : id;
  };
  const ids = [...new Set(recordIds.map(documentIdOf))];
  const rows = ids.length
    ? await (db as Kysely<HandoffDatabase>).selectFrom('handoffOutbox').select(['id', 'document', 'digest', 'signature']).where('id', 'in', ids).execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return Promise.all(recordIds.map(async (recordId) => {
    const kind = confirmedKindOf(recordId);
    const row = byId.get(documentIdOf(recordId));
    if (!kind || !row) return null;
    const document = storedDocument(row.document);
    if (document.kind !== CONFIRMED_RECORDS[kind].documentKind) return null;
    const now = await currentContent(kind, document);
    return { document: canonicalJson(document), digest: row.digest, signature: row.signature, current: now ? partDigests(kind, now) : null };
  }));
}

/**
 * The resolvers of an issuer's `<Institution>IssuedRecord` entity: `served` batched per
 * request (one outbox statement per batch), each record's parts rebuilt by `currentContent`.
 */
export function issuedRecordResolvers(
  typeName: string,
  currentContent: (db: Kysely<any>, kind: ConfirmedRecordKind, document: HandoffDocument) => Promise<Content | null>,
) {
  const perRequest = new WeakMap<object, DataLoader<string, ServedRecord | null>>();
  return {
    [typeName]: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      served: (record: { id: string }, _: unknown, ctx: { db: Kysely<any> }) => {
        let loader = perRequest.get(ctx);
        if (!loader) {
          loader = new DataLoader((ids: readonly string[]) => servedRecords(ctx.db, ids, (kind, document) => currentContent(ctx.db, kind, document)));
          perRequest.set(ctx, loader);
        }
        return loader.load(record.id);
      },
    },
  };
}
