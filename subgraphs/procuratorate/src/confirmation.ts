// 核实上游记录: the procuratorate serves the 起诉书 it sent and its case now (number, charges,
// sentencing recommendation), for the court's confirmation.
import { issuedRecordResolvers, type DocumentContents, type HandoffDocument } from '@xianjie/subgraph-kit';
import type { Kysely } from 'kysely';
import type { ProcuratorateDatabase } from './db/database';

/** The content fields the confirmed parts read, rebuilt from the procuratorate's tables now. */
async function currentContent(db: Kysely<ProcuratorateDatabase>, _kind: string, document: HandoffDocument) {
  const { prosecutionCaseId } = document.content as DocumentContents['INDICTMENT'];
  const c = await db.selectFrom('prosecutionCase').selectAll().where('id', '=', prosecutionCaseId).executeTakeFirst();
  if (!c) return null;
  return { prosecutionCaseNumber: c.caseNumber, charges: c.charges, sentencingRecommendation: c.sentencingRecommendation };
}

export const confirmationResolvers = issuedRecordResolvers('ProcuratorateIssuedRecord', currentContent);
