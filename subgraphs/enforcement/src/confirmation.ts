// 核实上游记录: the agency serves the 移送书 it sent and its record now (the case's facts,
// party and amounts; the penalty decision), for the court's confirmation.
import { issuedRecordResolvers, type DocumentContents, type HandoffDocument } from '@xianjie/subgraph-kit';
import type { Kysely } from 'kysely';
import type { EnforcementDatabase } from './db/database';

/** The content fields the confirmed parts read, rebuilt from the agency's tables now. */
async function currentContent(db: Kysely<EnforcementDatabase>, kind: string, document: HandoffDocument) {
  const { caseId } = document.content as DocumentContents['CASE_TRANSFER'];
  const c = await db.selectFrom('administrativeCase').selectAll().where('id', '=', caseId).executeTakeFirst();
  if (!c) return null;
  if (kind === 'PENALTY_DECISION') {
    const d = await db.selectFrom('penaltyDecision').selectAll().where('caseId', '=', caseId).executeTakeFirst();
    return {
      penaltyDecision: d ? { documentNumber: d.documentNumber, decidedAt: d.decidedAt.toISOString(), fineFen: d.fineFen, otherPenalties: d.otherPenalties } : null,
    };
  }
  return {
    caseNumber: c.caseNumber, violationCategory: c.violationCategory, facts: c.facts,
    party: { kind: c.partyKind, name: c.partyName, idNumber: c.partyIdNumber },
    involvedAmountFen: c.involvedAmountFen, illegalGainsFen: c.illegalGainsFen, quantity: c.quantity, quantityUnit: c.quantityUnit,
  };
}

export const confirmationResolvers = issuedRecordResolvers('EnforcementIssuedRecord', currentContent);
