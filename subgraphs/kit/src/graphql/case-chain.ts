/**
 * The case chain's type, as the institutions after the agency answer it. A chain is a
 * LinkedCaseChain or an AgencyCaseChain (CaseChain in the agencies' schema says which,
 * and why). The police, the procuratorate and the court cannot know whether the agency
 * transferred a case they refer to, so each of their chain references is a
 * LinkedCaseChain, whose later stages are looked up: right whatever they are.
 */
export const CASE_CHAIN_AFTER_AGENCY = { __resolveType: () => 'LinkedCaseChain' } as const;
