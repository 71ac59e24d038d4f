import type { AuditDatabase, HandoffDatabase, WorkflowDatabase } from '@xianjie/subgraph-kit';
import type { Generated } from 'kysely';

export interface CriminalTrialTable extends TrialProgressColumns {
  id: string; chainId: string; prosecutionCaseId: string;
  /** （2026）鄂1202刑初1号, given on acceptance (受理); null while the indictment awaits it. */
  caseNumber: string | null;
  /** The originating agency of the chain. */
  agencyId: string;
  courtCode: string; courtName: string; acceptedAt: Date | null; defendantName: string;
  verdict: 'GUILTY' | 'NOT_GUILTY' | 'EXEMPT_FROM_PUNISHMENT' | null; charges: string[];
  prisonTermMonths: number | null; fineFen: string | null; fineOffsetFen: string | null; detentionOffsetDays: number | null;
  judgedAt: Date | null; appealed: boolean; effectiveAt: Date | null; deliberationNotes: string | null;
}
/** What the linkage steps add to a trial (0004-workflow); null where the step was not taken (seeded trials). */
export interface TrialProgressColumns {
  /** When the 起诉书 arrived, and its id in the inbox: the penalty it carries is offset (行政处罚法 Art. 35). */
  receivedAt: Generated<Date | null>;
  indictmentId: Generated<string | null>;
  /** 上诉 by the defendant or 抗诉 by the procuratorate (刑事诉讼法 Arts. 227, 228, 230). */
  appealedAt: Generated<Date | null>;
  appealedBy: Generated<'DEFENDANT' | 'PROCURATORATE' | null>;
  /** The second instance's ruling, final on pronouncement (Art. 244). */
  secondInstanceRuling: Generated<string | null>;
}
export interface CourtDatabase extends AuditDatabase, HandoffDatabase, WorkflowDatabase {
  criminalTrial: CriminalTrialTable;
}
