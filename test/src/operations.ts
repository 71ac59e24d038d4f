import { print } from 'graphql';
import { contractOperations } from '@xianjie/schema';

/** The contract's operations, exactly as written, ready to send. */
const documents = contractOperations();
export const op = Object.fromEntries(Object.entries(documents).map(([name, doc]) => [name, print(doc)])) as Record<
  'CaseChain' | 'FromPenaltyToJudgment' | 'CourtConfirmsUpstream' | 'AdministrativeCases' | 'SunshineAgency' | 'PublishedDecisions',
  string
>;

/** The demo scenarios by chain id (the generator makes chains 1–6 these, in this order). */
export const CHAIN = {
  penaltyOnly: 'XJ-0000001',
  awaitingPolice: 'XJ-0000002',
  notFiled: 'XJ-0000003',
  filed: 'XJ-0000004',
  judged: 'XJ-0000005',
  notProsecuted: 'XJ-0000006',
} as const;
