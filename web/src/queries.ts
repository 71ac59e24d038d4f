// The operations the console runs. The chain view is the contract's CaseChain with each
// record's state, steps (deadlines) and hand-off documents; the portal runs the contract's
// PublishedDecisions as written and its SunshineAgency with the officers' validity.
import contract from '../../schema/contract/operations.graphql';

/** An operation of the contract (schema/contract/operations.graphql, bundled as text) by its name. */
function contractOperation(name: string): string {
  const operation = contract.split(/\n(?=query |mutation )/).find((block) => block.startsWith(`query ${name}(`) || block.startsWith(`query ${name} `));
  if (!operation) throw new Error(`The contract has no operation ${name}`);
  return operation;
}

const STEP = 'fragment Step on WorkflowStep { step title org article startedAt dueAt doneAt late provisional }';
const DOC = 'fragment Doc on HandoffDocument { id title number sender senderOrg receiver receiverOrg issuedAt deliveryState deliveredAt nextStep nextStepDueAt nextStepArticle }';

export const CASE_CHAIN = `query ConsoleCaseChain($id: ID!) {
  caseChain(id: $id) {
    id
    administrativeCase {
      id caseNumber state procedure violationCategory involvedAmount registeredAt
      agency { id name regionCode }
      party { kind name idNumber }
      decision { documentNumber decidedAt fineAmount published }
      transfer { id state policeBureauName proposedAt approvedAt transferredAt materials documents { ...Doc } }
      steps { ...Step }
    }
    policeCase {
      id caseNumber bureauName state receivedAt filingNumber
      filing { decision decidedAt reason }
      suspects { name idNumber }
      investigationNotes
      steps { ...Step } documents { ...Doc }
    }
    prosecution {
      id caseNumber procuratorateName state receivedAt decision decidedAt charges reviewOpinion
      steps { ...Step } documents { ...Doc }
    }
    trial {
      id caseNumber courtName state acceptedAt defendantName
      judgment { verdict charges prisonTermMonths fineAmount fineOffsetAmount judgedAt effectiveAt }
      steps { ...Step } documents { ...Doc }
    }
  }
}
${STEP}
${DOC}`;

/** Each institution's work list, by the role that reads it. */
export const WORK_LISTS: Record<string, { field: string; title: string }> = {
  enforcement: { field: 'enforcementWorkList', title: '本机关待办' },
  'agency-head': { field: 'enforcementWorkList', title: '本机关待办' },
  police: { field: 'policeWorkList', title: '本局待办' },
  procurator: { field: 'procuratorateWorkList', title: '本院待办（检察院）' },
  judge: { field: 'courtWorkList', title: '本院待办（法院）' },
};

export const workListQuery = (field: string) => `query ConsoleWorkList($first: Int!, $after: String, $overdueOnly: Boolean) {
  list: ${field}(first: $first, after: $after, overdueOnly: $overdueOnly) {
    totalCount
    edges { node { ...Step entity recordId chainId } }
    pageInfo { hasNextPage endCursor }
  }
}
${STEP}`;

export const AGENCIES = 'query ConsoleAgencies { agencies { id name kind regionCode } }';

export const SUNSHINE_AGENCY = `query ConsoleSunshineAgency($id: ID!) {
  agency(id: $id) {
    name
    regionCode
    powerList { code name category legalBasis }
    officers { name certificateNumber validUntil }
    discretionBenchmarks { code violation legalBasis circumstance minFine maxFine }
  }
}`;

/** An effective judgment, as the public may see it (defendant's name masked). */
export const EFFECTIVE_JUDGMENT = `query ConsoleEffectiveJudgment($caseNumber: String!) {
  criminalTrial(caseNumber: $caseNumber) {
    caseNumber courtName defendantName
    judgment { verdict charges prisonTermMonths fineAmount fineOffsetAmount judgedAt effectiveAt }
  }
}`;

/** The contract's PublishedDecisions, exactly as written there. */
export const PUBLISHED_DECISIONS = contractOperation('PublishedDecisions');

/** The roles the 监督 view serves: procurators and oversight see every unit, an agency its own. */
export const SUPERVISING_ROLES = ['procurator', 'oversight', 'enforcement', 'agency-head'];

const WARNING = `fragment Warning on SupervisionWarning {
  administrativeCase { id caseNumber }
  chain { id }
  agency { id name }
  due dueSince dueAt article raisedAt
  criteria { value criterion { id offence criminalArticle text basis } }
  suggestion { number procuratorateCode reason receivedAt answerDueAt answerTransfer answerReason answeredAt }
}`;

/** 以罚代刑预警, newest first as the API orders them. */
export const SUPERVISION_WARNINGS = `query ConsoleSupervisionWarnings($first: Int!, $after: String) {
  supervisionWarnings(first: $first, after: $after) {
    totalCount
    edges { node { ...Warning } }
    pageInfo { hasNextPage endCursor }
  }
}
${WARNING}`;

/** One institution's overdue steps: its own field of `overdueSteps` (enforcementSteps, policeSteps …). */
export const overdueStepsQuery = (field: string) => `query ConsoleOverdueSteps($first: Int!, $after: String) {
  overdueSteps {
    ${field}(first: $first, after: $after) { totalCount edges { node { ...Step chainId } } pageInfo { hasNextPage endCursor } }
  }
}
${STEP}`;

export const SUGGEST_TRANSFER = `mutation ConsoleSuggestTransfer($input: SuggestTransferInput!) {
  suggestTransfer(input: $input) { number sentAt answerDueAt }
}`;

export const ANSWER_TRANSFER_SUGGESTION = `mutation ConsoleAnswerTransferSuggestion($caseId: ID!, $input: AnswerTransferSuggestionInput!) {
  answerTransferSuggestion(caseId: $caseId, input: $input) { ...Warning }
}
${WARNING}`;

/** 核实上游记录: a trial's upstream records, each confirmed against its issuer (judges and procurators). */
export const UPSTREAM_CONFIRMATION = `query ConsoleUpstreamConfirmation($id: ID!) {
  caseChain(id: $id) {
    trial {
      upstreamRecords {
        __typename id
        confirmation {
          title number institutionName issuerName issuerOrg signatureValid status statusLabel reason
          offsets { computed reason fineOffsetAmount detentionOffsetDays agreesWithJudgment }
        }
      }
    }
  }
}`;
