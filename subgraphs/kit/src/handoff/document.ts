import { createHash } from 'node:crypto';
import { CompactSign, compactVerify, type CryptoKey } from 'jose';
import { SIGNING_ALG } from '../auth/keys';
import type { InstitutionName } from '../institutions';

/**
 * A hand-off between institutions (移送书, 立案/不予立案通知书, 复议决定, 起诉书, 判决书,
 * 检察意见, the agency's reply …) as a signed document: what the sending institution
 * decided, the digests of the upstream documents it rests on, and the deadline of the
 * next step it starts. The receiver verifies the signature against the sender's public
 * key (configuration), keeps the document, and can later compare its digest with what
 * the sender serves.
 */
export interface HandoffDocument {
  /** Unique per document; the receiver stores it once by this id however often it arrives. */
  id: string;
  /** The kind of document, e.g. CASE_TRANSFER; the receiver's handler is chosen by it. */
  kind: string;
  /** Its title as printed, e.g. 涉嫌犯罪案件移送书. */
  title: string;
  /** Its document number, e.g. 咸市监移〔2026〕3号. */
  number: string;
  sender: InstitutionName;
  /** The sending unit (agency, bureau, procuratorate, court code). */
  senderOrg: string;
  receiver: InstitutionName;
  receiverOrg: string;
  /** The case chain it belongs to. */
  chainId: string;
  /** The sender's record the document is about. */
  subjectId: string;
  /** When it was issued (ISO 8601). */
  issuedAt: string;
  /** What it says: the facts the receiver acts on. */
  content: Record<string, unknown>;
  /**
   * The documents it rests on, by id and digest. A digest is null where the document rested on
   * is a record from before the platform (seeded), of which no signed copy exists: not
   * available, and never made up.
   */
  upstream: { id: string; digest: string | null }[];
  /** The step it asks of the receiver and when that is due, with the article. */
  nextStep: { step: string; dueAt: string; article: string } | null;
}

export interface SignedDocument {
  document: HandoffDocument;
  /** sha256 (hex) of the document's canonical JSON. */
  digest: string;
  /** A detached JWS (RFC 7515 App. F) over the canonical JSON, by the sender's key. */
  signature: string;
}

/** JSON with object keys sorted at every level and no white space: the bytes that are signed. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('a document holds finite numbers only');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function documentDigest(document: HandoffDocument): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}

export async function signDocument(document: HandoffDocument, key: CryptoKey): Promise<SignedDocument> {
  const payload = new TextEncoder().encode(canonicalJson(document));
  const jws = await new CompactSign(payload).setProtectedHeader({ alg: SIGNING_ALG, kid: document.sender }).sign(key);
  const [header, , signature] = jws.split('.');
  return { document, digest: documentDigest(document), signature: `${header}..${signature}` };
}

/** Why a document was refused, said so the sender's operator can act on it. */
/**
 * A document as a `document` column (jsonb) gives it back: an object from PostgreSQL, the
 * JSON text from some drivers. Every reader of a kept copy goes through this.
 */
export function storedDocument(value: unknown): HandoffDocument {
  return (typeof value === 'string' ? JSON.parse(value) : value) as HandoffDocument;
}

export class DocumentRejected extends Error {}

/**
 * Verifies a received document: its signature against the sending institution's public
 * key, and its digest. Throws DocumentRejected saying what is wrong.
 */
export async function verifyDocument(signed: SignedDocument, publicKeys: Partial<Record<InstitutionName, CryptoKey>>): Promise<void> {
  const key = publicKeys[signed.document.sender];
  if (!key) throw new DocumentRejected(`no public key is configured for ${signed.document.sender}`);
  const canonical = canonicalJson(signed.document);
  const [header, empty, signature] = signed.signature.split('.');
  if (!header || empty !== '' || !signature) throw new DocumentRejected('the signature is not a detached JWS');
  const payload = Buffer.from(canonical).toString('base64url');
  try {
    await compactVerify(`${header}.${payload}.${signature}`, key, { algorithms: [SIGNING_ALG] });
  } catch {
    throw new DocumentRejected(`the signature does not verify against ${signed.document.sender}'s key: the document was altered or signed by another`);
  }
  if (documentDigest(signed.document) !== signed.digest) throw new DocumentRejected('the digest does not match the document');
}
