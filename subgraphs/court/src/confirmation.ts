// 核实上游记录 (issue 7, item 4): a trial's upstream records, each confirmed against what its
// issuer serves now through the federation (the issuer's IssuedRecord `served`, required by
// `confirmation`): the signature against the issuer's public key, the document against the
// court's own copy or the digest a later document cites, and each part of the issuer's record
// as sent against the record now. The offsets of 行政处罚法 Art. 35 come from the confirmed
// penalty decision only.
import {
  CONFIRMED_RECORDS,
  confirmedKindOf,
  DocumentRejected,
  partDigests,
  penaltyPart,
  storedDocument,
  verifyDocument,
  type ConfirmedRecordKind,
  type HandoffDocument,
  type InstitutionName,
  type ServedRecord,
  type SubgraphContext,
} from '@xianjie/subgraph-kit';
import DataLoader from 'dataloader';
import type { CourtDatabase } from './db/database';
import type { CourtLoaders, TrialRow } from './loaders';

type Context = SubgraphContext<CourtDatabase, CourtLoaders>;

/** The entity type each issuer serves its records on. */
const ISSUED_TYPE: Record<string, string> = {
  enforcement: 'EnforcementIssuedRecord', police: 'PoliceIssuedRecord', procuratorate: 'ProcuratorateIssuedRecord',
};

const INSTITUTION_NAMES: Partial<Record<InstitutionName, string>> = { enforcement: '行政执法机关', police: '公安机关', procuratorate: '人民检察院' };

const STATUS_LABELS = { CONFIRMED: '已核实', CHANGED: '已变更', UNVERIFIABLE: '无法核实' } as const;

/** 行政处罚法 第三十五条 (shared/laws/administrative-penalty-law-2021.md). */
export const OFFSET_ARTICLE = '行政处罚法第三十五条';

/**
 * The records a trial relies on, oldest last: the 起诉书, the 起诉意见书, the 移送书 and the
 * penalty decision it carries. Every record of a chain carries the chain's index (PR-0000005,
 * PC-0000005, TR-0000005, AC-0000005), so the court names them without reading another's data.
 */
export function upstreamRecordsOf(trial: Pick<TrialRow, 'prosecutionCaseId'>) {
  const n = trial.prosecutionCaseId.replace(/^PR-/, '');
  return (['INDICTMENT:PR-', 'PROSECUTION_TRANSFER:PC-', 'CASE_TRANSFER:TR-', 'PENALTY_DECISION:AC-'] as const).map((prefix) => {
    const id = `${prefix}${n}`;
    return { __typename: ISSUED_TYPE[CONFIRMED_RECORDS[confirmedKindOf(id)!].issuer]!, id };
  });
}

/** What the court itself keeps on a chain: its inbox copies (the 起诉书), and the digests they cite. */
function courtCopies(ctx: Context) {
  const loaders = courtCopyLoaders.get(ctx) ?? new DataLoader(async (chainIds: readonly string[]) => {
    const rows = await ctx.db.selectFrom('handoffInbox').select(['id', 'chainId', 'digest', 'document']).where('chainId', 'in', chainIds).execute();
    return chainIds.map((chainId) => {
      const copies = rows.filter((r) => r.chainId === chainId).map((r) => ({ id: r.id, digest: r.digest, document: storedDocument(r.document) }));
      const cited = new Map(copies.flatMap((c) => c.document.upstream.filter((u) => u.digest).map((u) => [u.id, u.digest!] as const)));
      return { copies: new Map(copies.map((c) => [c.id, c])), cited };
    });
  });
  courtCopyLoaders.set(ctx, loaders);
  return loaders;
}
const courtCopyLoaders = new WeakMap<object, DataLoader<string, { copies: Map<string, { id: string; digest: string; document: HandoffDocument }>; cited: Map<string, string> }>>();

const issuerNameOf = (d: HandoffDocument) => {
  const c = d.content as Record<string, unknown>;
  return String(c.agencyName ?? c.bureauName ?? c.procuratorateName ?? '') || null;
};

type PartConfirmation = { part: string; label: string; digestAsSent: string; digestNow: string | null; changed: boolean };

export interface RecordConfirmation {
  recordId: string; kind: ConfirmedRecordKind; title: string; number: string | null; institution: string; institutionName: string;
  issuerOrg: string | null; issuerName: string | null; issuedAt: Date | null; signatureValid: boolean | null;
  digestAsSent: string | null; digestServed: string | null; status: keyof typeof STATUS_LABELS; statusLabel: string; reason: string;
  parts: PartConfirmation[];
  /** The penalty as sent, for the offsets (PENALTY_DECISION only). */
  penalty?: ReturnType<typeof penaltyPart>;
  chainId: string | null;
}

/** Confirms one record against what its issuer serves (null: the issuer sent no signed document). */
export async function confirmRecord(ctx: Context, recordId: string, served: ServedRecord | null): Promise<RecordConfirmation> {
  const kind = confirmedKindOf(recordId)!;
  const spec = CONFIRMED_RECORDS[kind];
  const institutionName = INSTITUTION_NAMES[spec.issuer]!;
  const result = (status: keyof typeof STATUS_LABELS, reason: string, rest: Partial<RecordConfirmation> = {}): RecordConfirmation => ({
    recordId, kind, title: spec.title, number: null, institution: spec.issuer, institutionName, issuerOrg: null, issuerName: null, issuedAt: null,
    signatureValid: null, digestAsSent: null, digestServed: null, parts: [], chainId: null, ...rest, status, statusLabel: STATUS_LABELS[status], reason,
  });
  if (!served) {
    return result('UNVERIFIABLE', `${institutionName}没有这份${spec.title}的签名文书：系统上线前录入的记录未经本系统签发，无法核实`);
  }
  let document: HandoffDocument;
  try {
    document = JSON.parse(served.document) as HandoffDocument;
  } catch {
    return result('UNVERIFIABLE', `${institutionName}提供的${spec.title}不是有效的文书`, { digestServed: served.digest });
  }
  const penalty = kind === 'PENALTY_DECISION' ? penaltyPart(document.content) : undefined;
  const known: Partial<RecordConfirmation> = {
    number: kind === 'PENALTY_DECISION' ? penalty?.documentNumber ?? null : document.number,
    issuerOrg: document.senderOrg, issuerName: issuerNameOf(document), issuedAt: new Date(document.issuedAt),
    digestServed: served.digest, chainId: document.chainId, penalty,
  };
  if (document.sender !== spec.issuer || document.kind !== spec.documentKind || document.id !== documentIdOf(recordId)) {
    return result('UNVERIFIABLE', `${institutionName}提供的文书不是所要核实的${spec.title}`, known);
  }
  try {
    await verifyDocument({ document, digest: served.digest, signature: served.signature }, ctx.handoff.publicKeys);
  } catch (error) {
    if (!(error instanceof DocumentRejected)) throw error;
    return result('UNVERIFIABLE', `签名不能以${institutionName}（${document.senderOrg}）的公钥验证：文书已被改动，或者不是该机关签发`, { ...known, signatureValid: false });
  }
  known.signatureValid = true;
  // As sent: the court's own copy (the 起诉书 it received), else the digest a later document cites.
  const { copies, cited } = await courtCopies(ctx).load(document.chainId);
  const own = copies.get(document.id);
  const digestAsSent = own?.digest ?? cited.get(document.id) ?? served.digest;
  known.digestAsSent = digestAsSent;
  const asSent = own?.document ?? document;
  const sent = partDigests(kind, asSent.content);
  const now = new Map((served.current ?? []).map((p) => [p.part, p.digest]));
  known.parts = spec.parts.map((p, i) => {
    const digestNow = served.current ? now.get(p.name) ?? null : null;
    return { part: p.name, label: p.label, digestAsSent: sent[i]!.digest, digestNow, changed: !!served.current && digestNow !== sent[i]!.digest };
  });
  if (own) known.penalty = kind === 'PENALTY_DECISION' ? penaltyPart(own.document.content) : undefined;
  if (digestAsSent !== served.digest) {
    const where = own ? `本院收到的${spec.title}` : '后续文书所引用的摘要';
    return result('CHANGED', `${institutionName}现存的${spec.title}与${where}不一致：文书在送达后被重新签发或者改动`, known);
  }
  if (!served.current) return result('UNVERIFIABLE', `${institutionName}已没有这份${spec.title}所载的记录（记录已被删除）`, known);
  const changed = known.parts.filter((p) => p.changed);
  if (changed.length) {
    return result('CHANGED', `${spec.title}送达后，${institutionName}修改了${changed.map((p) => p.label).join('；')}：与送达时不一致`, known);
  }
  return result('CONFIRMED', `签名经${institutionName}（${document.senderOrg}）的公钥验证，记录与送达时一致`, known);
}

const documentIdOf = (recordId: string) =>
  recordId.startsWith('PENALTY_DECISION:') ? `CASE_TRANSFER:${recordId.split(':')[1]!.replace(/^AC-/, 'TR-')}` : recordId;

const fenOf = (v: string | bigint | number | null) => (v === null ? null : BigInt(v));

/**
 * 行政处罚法 第三十五条: 违法行为构成犯罪，人民法院判处拘役或者有期徒刑时，行政机关已经给予当事人
 * 行政拘留的，应当依法折抵相应刑期。…判处罚金时，行政机关已经给予当事人罚款的，应当折抵相应罚金.
 * Computed from the penalty decision only when it is confirmed.
 */
export async function offsetsOf(ctx: Context, c: RecordConfirmation) {
  const base = { article: OFFSET_ARTICLE, administrativeFine: null, fineOffsetAmount: null, detentionOffsetDays: null, agreesWithJudgment: null };
  if (c.status !== 'CONFIRMED') {
    return { ...base, computed: false, reason: `行政处罚决定${c.statusLabel}（${c.reason}），不据以计算折抵；应当先向行政执法机关核实` };
  }
  const trial = c.chainId ? await ctx.loaders.trialByChainId.load(c.chainId) : undefined;
  const penalty = c.penalty ?? null;
  const fine = penalty ? BigInt(penalty.fineFen ?? '0') : 0n;
  const detention = penalty?.detentionDays ?? 0;
  const administrativeFine = penalty ? String(fine) : null;
  if (!trial?.verdict) {
    return { ...base, administrativeFine, computed: false, reason: '尚未宣判：折抵在判处罚金、拘役或者有期徒刑时计算' };
  }
  const criminalFine = fenOf(trial.fineFen);
  const fineOffset = criminalFine === null ? null : fine < criminalFine ? fine : criminalFine;
  const detentionOffsetDays = trial.prisonTermMonths ? detention : null;
  const agrees = String(fineOffset ?? '') === String(trial.fineOffsetFen ?? '') && (detentionOffsetDays ?? 0) === (trial.detentionOffsetDays ?? 0);
  const what = [
    criminalFine === null ? '未判处罚金，罚款不折抵' : `已核实的罚款折抵罚金（以罚金数额为限）`,
    trial.prisonTermMonths ? `行政拘留${detention}日折抵刑期${detention}日` : '未判处拘役或者有期徒刑，行政拘留不折抵',
  ];
  return {
    ...base, computed: true, administrativeFine, reason: `依据已核实的行政处罚决定${penalty?.documentNumber ?? ''}计算：${what.join('；')}`,
    fineOffsetAmount: fineOffset === null ? null : String(fineOffset), detentionOffsetDays, agreesWithJudgment: agrees,
  };
}

const confirmationOf = (record: { id: string; served?: ServedRecord | null }, _: unknown, ctx: Context) => confirmRecord(ctx, record.id, record.served ?? null);
const reference = (ref: { id: string; served?: ServedRecord | null }) => ref;

export const confirmationResolvers = {
  CriminalTrial: {
    upstreamRecords: (t: TrialRow) => upstreamRecordsOf(t),
  },
  UpstreamRecord: {
    __resolveType: (r: { __typename: string }) => r.__typename,
  },
  EnforcementIssuedRecord: { __resolveReference: reference, confirmation: confirmationOf },
  PoliceIssuedRecord: { __resolveReference: reference, confirmation: confirmationOf },
  ProcuratorateIssuedRecord: { __resolveReference: reference, confirmation: confirmationOf },
  RecordConfirmation: {
    offsets: (c: RecordConfirmation, _: unknown, ctx: Context) => (c.kind === 'PENALTY_DECISION' ? offsetsOf(ctx, c) : null),
  },
};
