// 核实上游记录: the bureau serves the 起诉意见书 it sent and its case now (numbers, suspects,
// charges), for the court's confirmation.
import { issuedRecordResolvers, type DocumentContents, type HandoffDocument } from '@xianjie/subgraph-kit';
import type { Kysely } from 'kysely';
import type { PoliceDatabase } from './db/database';

/** The content fields the confirmed parts read, rebuilt from the bureau's tables now. */
async function currentContent(db: Kysely<PoliceDatabase>, _kind: string, document: HandoffDocument) {
  const { policeCaseId } = document.content as DocumentContents['PROSECUTION_TRANSFER'];
  const c = await db.selectFrom('policeCase').selectAll().where('id', '=', policeCaseId).executeTakeFirst();
  if (!c) return null;
  const suspects = await db.selectFrom('suspect').selectAll().where('policeCaseId', '=', policeCaseId).orderBy('id').execute();
  return {
    policeCaseNumber: c.caseNumber, filingNumber: c.filingNumber, proposedCharges: c.proposedCharges ?? [],
    suspects: suspects.map((s) => ({ kind: s.kind, name: s.name, idNumber: s.idNumber })),
  };
}

export const confirmationResolvers = issuedRecordResolvers('PoliceIssuedRecord', currentContent);
