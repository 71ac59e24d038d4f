import { openTasks, signAssertion, signDocument, type Role, type Viewer } from '@xianjie/subgraph-kit';
import { readAccessRules } from '@xianjie/gateway';
import { composeSupergraph } from '@xianjie/schema';
import { CHAIN } from './operations';
import { DIALECTS, post, startStack, type GraphQLResponse, type Stack } from './harness';

/**
 * One test per institution, role and protected field, written from the rules in issue 3
 * (not derived from the SDL, so a wrong directive fails here). Each is checked through
 * the gateway and, for the denials, against the owning subgraph called directly with a
 * valid assertion for that role.
 */
type Caller = 'public' | 'owner' | 'otherAgency' | 'police' | 'procurator' | 'judge' | 'oversight';
const CALLERS: Caller[] = ['public', 'owner', 'otherAgency', 'police', 'procurator', 'judge', 'oversight'];

interface FieldCase {
  institution: 'enforcement' | 'police' | 'procuratorate' | 'court';
  field: string;
  /** A query (with $id) selecting the field, and where in data it is. */
  query: string;
  path: string[];
  allowed: Caller[];
  /** Expected value for some callers, when masked. */
  masked?: Partial<Record<Caller, (full: string) => string>>;
  /**
   * How the field is refused to some callers, when not with FORBIDDEN: `hidden`, its record
   * answers as one that does not exist (null, no error); NOT_FOUND, a write (issue 9).
   */
  deniedAs?: Partial<Record<Caller, 'hidden' | 'NOT_FOUND'>>;
  record: keyof Ids;
  /** The rule it exercises: a type (`PoliceCase`) or a field (`PoliceCase.investigationNotes`). */
  covers: string;
}

interface Ids {
  /** An agency whose newest published decision names a person. */
  publishedPersonAgency: string;
  unpublishedCase: string;
  publishedPersonCase: string;
  judgedChain: string;
  notEffectiveTrial: string;
  unpublishedChain: string;
  reconsideredChain: string;
  notProsecutedChain: string;
  /** What people type into the search box (issue 6, item 5), read from the demo data. */
  unpublishedCaseNumber: string;
  judgedPartyIdNumber: string;
  judgedSuspectIdNumber: string;
  judgedDefendantName: string;
  /** Supervision (issue 7): the judged chain's case (a warning and a 建议移送 are put on it), and its agency. */
  judgedCase: string;
  judgedAgency: string;
  /** 考核通报 (issue 7, item 5): a special campaign of the migration's seed. */
  campaign: string;
}

const maskName = (name: string) => `${Array.from(name)[0]}*`;
/** Every person's name in the demo data, longest first (filled before the tests). */
const personNames: string[] = [];
/** A text as those who may not see persons' identities read it: every person's name masked, every resident ID number starred. */
const maskNames = (text: string) =>
  personNames.reduce((t, name) => t.split(name).join(maskName(name)), text).replace(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g, (id) => '*'.repeat(id.length));
const HIDDEN = { deniedAs: { public: 'hidden', otherAgency: 'hidden' } } as const;
const HIDDEN_FROM_OTHER = { deniedAs: { otherAgency: 'hidden' } } as const;

const FIELDS: FieldCase[] = [
  // enforcement — unpublished cases and full case data: owning agency, police, procurators, judges, oversight.
  { institution: 'enforcement', field: 'AdministrativeCase (unpublished)', query: 'query($id: ID!) { administrativeCase(id: $id) { caseNumber } }', path: ['administrativeCase', 'caseNumber'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'unpublishedCase', covers: 'AdministrativeCase', ...HIDDEN },
  // A chain is as visible as its administrative case.
  { institution: 'enforcement', field: 'CaseChain (unpublished)', query: 'query($id: ID!) { caseChain(id: $id) { id } }', path: ['caseChain', 'id'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'unpublishedChain', covers: 'CaseChain', ...HIDDEN },
  // The facts name the party: a person's name is masked for oversight (the identity rule).
  { institution: 'enforcement', field: 'AdministrativeCase.facts', query: 'query($id: ID!) { administrativeCase(id: $id) { facts } }', path: ['administrativeCase', 'facts'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], masked: { oversight: maskNames }, record: 'publishedPersonCase', covers: 'AdministrativeCase.facts' },
  { institution: 'enforcement', field: 'AdministrativeCase.involvedAmount', query: 'query($id: ID!) { administrativeCase(id: $id) { involvedAmount } }', path: ['administrativeCase', 'involvedAmount'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'publishedPersonCase', covers: 'AdministrativeCase.involvedAmount' },
  // A party's ID number: the owning agency, police, procurators, judges (not oversight).
  { institution: 'enforcement', field: 'Party.idNumber', query: 'query($id: ID!) { administrativeCase(id: $id) { party { idNumber } } }', path: ['administrativeCase', 'party', 'idNumber'], allowed: ['owner', 'police', 'procurator', 'judge'], record: 'publishedPersonCase', covers: 'Party.idNumber' },
  // A published decision is public with a person's name masked.
  { institution: 'enforcement', field: 'Party.name (published)', query: 'query($id: ID!) { administrativeCase(id: $id) { party { name } } }', path: ['administrativeCase', 'party', 'name'], allowed: CALLERS, masked: { public: maskName, otherAgency: maskName, oversight: maskName }, record: 'publishedPersonCase', covers: 'Party.name' },
  // Transfer materials: owning agency, police, procurators, judges, oversight.
  { institution: 'enforcement', field: 'CaseTransfer.materials', query: 'query($id: ID!) { caseChain(id: $id) { administrativeCase { transfer { materials } } } }', path: ['caseChain', 'administrativeCase', 'transfer', 'materials'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'CaseTransfer.materials', ...HIDDEN_FROM_OTHER },
  { institution: 'enforcement', field: 'AdministrativeCase.illegalGains', query: 'query($id: ID!) { caseChain(id: $id) { administrativeCase { illegalGains } } }', path: ['caseChain', 'administrativeCase', 'illegalGains'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'AdministrativeCase.illegalGains' },
  { institution: 'enforcement', field: 'AdministrativeCase.quantity', query: 'query($id: ID!) { caseChain(id: $id) { administrativeCase { quantity } } }', path: ['caseChain', 'administrativeCase', 'quantity'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'AdministrativeCase.quantity' },
  { institution: 'enforcement', field: 'AdministrativeCase.quantityUnit', query: 'query($id: ID!) { caseChain(id: $id) { administrativeCase { quantityUnit } } }', path: ['caseChain', 'administrativeCase', 'quantityUnit'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'AdministrativeCase.quantityUnit' },
  { institution: 'enforcement', field: 'AdministrativeCase.officers', query: 'query($id: ID!) { caseChain(id: $id) { administrativeCase { officers { certificateNumber } } } }', path: ['caseChain', 'administrativeCase', 'officers'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'AdministrativeCase.officers' },
  // The transfer itself: owning agency, police, procurators, judges, oversight.
  { institution: 'enforcement', field: 'CaseTransfer', query: 'query($id: ID!) { caseChain(id: $id) { administrativeCase { transfer { transferredAt } } } }', path: ['caseChain', 'administrativeCase', 'transfer', 'transferredAt'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'CaseTransfer', ...HIDDEN_FROM_OTHER },
  // Published decisions: public, a person's name masked.
  { institution: 'enforcement', field: 'PublishedDecision.partyName', query: 'query($id: ID!) { publishedDecisions(first: 1, agencyId: $id) { edges { node { partyName } } } }', path: ['publishedDecisions', 'edges', '0', 'node', 'partyName'], allowed: CALLERS, masked: { public: maskName, otherAgency: maskName, oversight: maskName }, record: 'publishedPersonAgency', covers: 'PublishedDecision.partyName' },
  // Publishing: the owning agency alone; to another agency's officer the case answers as an unknown one (NOT_FOUND).
  { institution: 'enforcement', field: 'Mutation.publishPenaltyDecision (already published)', query: 'mutation($id: ID!) { publishPenaltyDecision(caseId: $id) { published } }', path: ['publishPenaltyDecision', 'published'], allowed: ['owner'], record: 'publishedPersonCase', covers: 'Mutation.publishPenaltyDecision', deniedAs: { otherAgency: 'NOT_FOUND' } },
  // The transfer's exchanges with the police after it arrived (issue 6): owning agency, police, procurators, judges, oversight.
  // The linkage steps' own records (issue 6): the proposal's reasons, the steps owed, the documents sent, the opinions received.
  { institution: 'enforcement', field: 'CaseTransfer.reason', query: 'query($id: ID!) { caseChain(id: $id) { administrativeCase { transfer { reason } } } }', path: ['caseChain', 'administrativeCase', 'transfer', 'reason'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'CaseTransfer.reason', ...HIDDEN_FROM_OTHER },
  { institution: 'enforcement', field: 'CaseTransfer.refusalReason', query: 'query($id: ID!) { caseChain(id: $id) { administrativeCase { transfer { refusalReason } } } }', path: ['caseChain', 'administrativeCase', 'transfer', 'refusalReason'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'CaseTransfer.refusalReason', ...HIDDEN_FROM_OTHER },
  { institution: 'enforcement', field: 'CaseTransfer.documents', query: 'query($id: ID!) { caseChain(id: $id) { administrativeCase { transfer { documents { number } } } } }', path: ['caseChain', 'administrativeCase', 'transfer', 'documents'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'CaseTransfer.documents', ...HIDDEN_FROM_OTHER },
  { institution: 'enforcement', field: 'CaseTransfer.receivedDocuments', query: 'query($id: ID!) { caseChain(id: $id) { administrativeCase { transfer { receivedDocuments { number } } } } }', path: ['caseChain', 'administrativeCase', 'transfer', 'receivedDocuments'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'CaseTransfer.receivedDocuments', ...HIDDEN_FROM_OTHER },
  { institution: 'enforcement', field: 'AdministrativeCase.steps', query: 'query($id: ID!) { administrativeCase(id: $id) { steps { step dueAt } } }', path: ['administrativeCase', 'steps'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'publishedPersonCase', covers: 'AdministrativeCase.steps' },
  { institution: 'enforcement', field: 'AdministrativeCase.procuratorialOpinions', query: 'query($id: ID!) { administrativeCase(id: $id) { procuratorialOpinions { procuratorateCode } } }', path: ['administrativeCase', 'procuratorialOpinions'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'publishedPersonCase', covers: 'AdministrativeCase.procuratorialOpinions' },
  { institution: 'enforcement', field: 'CaseTransfer.missingMaterials', query: 'query($id: ID!) { caseChain(id: $id) { administrativeCase { transfer { missingMaterials } } } }', path: ['caseChain', 'administrativeCase', 'transfer', 'missingMaterials'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'CaseTransfer.missingMaterials' , ...HIDDEN_FROM_OTHER },
  { institution: 'enforcement', field: 'CaseTransfer.seizedItems', query: 'query($id: ID!) { caseChain(id: $id) { administrativeCase { transfer { seizedItems } } } }', path: ['caseChain', 'administrativeCase', 'transfer', 'seizedItems'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'CaseTransfer.seizedItems' , ...HIDDEN_FROM_OTHER },
  { institution: 'enforcement', field: 'CaseTransfer.reconsiderationReason', query: 'query($id: ID!) { caseChain(id: $id) { administrativeCase { transfer { reconsiderationReason } } } }', path: ['caseChain', 'administrativeCase', 'transfer', 'reconsiderationReason'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'CaseTransfer.reconsiderationReason' , ...HIDDEN_FROM_OTHER },
  { institution: 'enforcement', field: 'CaseTransfer.policeCloseReason', query: 'query($id: ID!) { caseChain(id: $id) { administrativeCase { transfer { policeCloseReason } } } }', path: ['caseChain', 'administrativeCase', 'transfer', 'policeCloseReason'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'CaseTransfer.policeCloseReason' , ...HIDDEN_FROM_OTHER },
  // police — a police case and its filing: police, procurators, judges, oversight, the transferring agency.
  { institution: 'police', field: 'PoliceCase.filing', query: 'query($id: ID!) { caseChain(id: $id) { policeCase { filing { decision reason } } } }', path: ['caseChain', 'policeCase', 'filing', 'decision'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'PoliceCase', ...HIDDEN_FROM_OTHER },
  // Texts that name the suspects: the names masked for the transferring agency and oversight (the identity rule).
  { institution: 'police', field: 'Filing.reason', query: 'query($id: ID!) { caseChain(id: $id) { policeCase { filing { reason } } } }', path: ['caseChain', 'policeCase', 'filing', 'reason'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], masked: { owner: maskNames, oversight: maskNames }, record: 'judgedChain', covers: 'Filing.reason', ...HIDDEN_FROM_OTHER },
  { institution: 'police', field: 'Reconsideration.reason', query: 'query($id: ID!) { caseChain(id: $id) { policeCase { reconsiderations { reason } } } }', path: ['caseChain', 'policeCase', 'reconsiderations', '0', 'reason'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], masked: { owner: maskNames, oversight: maskNames }, record: 'reconsideredChain', covers: 'Reconsideration.reason', ...HIDDEN },
  // Suspects' names and ID numbers: police, procurators, judges; a name masked for those who may read the police case.
  { institution: 'police', field: 'Suspect.name', query: 'query($id: ID!) { caseChain(id: $id) { policeCase { suspects { name } } } }', path: ['caseChain', 'policeCase', 'suspects', '0', 'name'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], masked: { owner: maskName, oversight: maskName }, record: 'judgedChain', covers: 'Suspect.name', ...HIDDEN_FROM_OTHER },
  { institution: 'police', field: 'Suspect.idNumber', query: 'query($id: ID!) { caseChain(id: $id) { policeCase { suspects { idNumber } } } }', path: ['caseChain', 'policeCase', 'suspects', '0', 'idNumber'], allowed: ['police', 'procurator', 'judge'], record: 'judgedChain', covers: 'Suspect.idNumber', ...HIDDEN_FROM_OTHER },
  // Investigation notes: police and procurators only.
  // The texts of a refused or closed case name the party and suspects: masked (张*) for the agency and oversight.
  ...(['closeReason', 'explanationRequestReason', 'nonFilingExplanation'] as const).map((field): FieldCase => ({
    institution: 'police', field: `PoliceCase.${field}`, query: `query($id: ID!) { caseChain(id: $id) { policeCase { ${field} } } }`, path: ['caseChain', 'policeCase', field],
    allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], masked: { owner: maskNames, oversight: maskNames }, record: 'judgedChain', covers: `PoliceCase.${field}`, ...HIDDEN_FROM_OTHER,
  })),
  { institution: 'police', field: 'Reconsideration.requestReason', query: 'query($id: ID!) { caseChain(id: $id) { policeCase { reconsiderations { requestReason } } } }', path: ['caseChain', 'policeCase', 'reconsiderations', '0', 'requestReason'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], masked: { owner: maskNames, oversight: maskNames }, record: 'reconsideredChain', covers: 'Reconsideration.requestReason', ...HIDDEN },
  { institution: 'police', field: 'PoliceCase.investigationNotes', query: 'query($id: ID!) { caseChain(id: $id) { policeCase { investigationNotes } } }', path: ['caseChain', 'policeCase', 'investigationNotes'], allowed: ['police', 'procurator'], record: 'judgedChain', covers: 'PoliceCase.investigationNotes', ...HIDDEN_FROM_OTHER },
  // procuratorate — prosecution cases, decisions, charges: procurators, police, judges, oversight, originating agency.
  { institution: 'procuratorate', field: 'ProsecutionCase.charges', query: 'query($id: ID!) { caseChain(id: $id) { prosecution { decision charges } } }', path: ['caseChain', 'prosecution', 'decision'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'ProsecutionCase', ...HIDDEN_FROM_OTHER },
  // The internal review opinion: procurators only.
  { institution: 'procuratorate', field: 'ProsecutionCase.reviewOpinion', query: 'query($id: ID!) { caseChain(id: $id) { prosecution { reviewOpinion } } }', path: ['caseChain', 'prosecution', 'reviewOpinion'], allowed: ['procurator'], record: 'judgedChain', covers: 'ProsecutionCase.reviewOpinion', ...HIDDEN_FROM_OTHER },
  // The opinion sent back to the agency names the person not prosecuted: masked for the agency and oversight.
  { institution: 'procuratorate', field: 'ReverseTransfer.opinion', query: 'query($id: ID!) { caseChain(id: $id) { prosecution { reverseTransfer { opinion } } } }', path: ['caseChain', 'prosecution', 'reverseTransfer', 'opinion'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], masked: { owner: maskNames, oversight: maskNames }, record: 'notProsecutedChain', covers: 'ReverseTransfer.opinion', ...HIDDEN },
  { institution: 'enforcement', field: 'ProcuratorialOpinion.opinion', query: 'query($id: ID!) { caseChain(id: $id) { administrativeCase { procuratorialOpinions { opinion } } } }', path: ['caseChain', 'administrativeCase', 'procuratorialOpinions', '0', 'opinion'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], masked: { owner: maskNames, oversight: maskNames }, record: 'notProsecutedChain', covers: 'ProcuratorialOpinion.opinion', ...HIDDEN },
  // Searches (issue 6, item 5): a number finds only the records the caller may see; an ID number or a name is searched only by those who read it in full.
  { institution: 'enforcement', field: 'caseSearch by case number (unpublished)', query: 'query($id: String!) { caseSearch(text: $id) { enforcementHits { recordId } } }', path: ['caseSearch', 'enforcementHits', '0', 'recordId'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'unpublishedCaseNumber', covers: 'AdministrativeCase', ...HIDDEN },
  // Another agency may search its own parties: not refused, it finds none of this one's.
  { institution: 'enforcement', field: 'caseSearch by party ID number', query: 'query($id: String!) { caseSearch(text: $id) { enforcementHits { matched } } }', path: ['caseSearch', 'enforcementHits', '0', 'matched'], allowed: ['owner', 'police', 'procurator', 'judge'], record: 'judgedPartyIdNumber', covers: 'Party.idNumber', deniedAs: { otherAgency: 'hidden' } },
  { institution: 'police', field: 'caseSearch by suspect ID number', query: 'query($id: String!) { caseSearch(text: $id) { policeHits { matched } } }', path: ['caseSearch', 'policeHits', '0', 'matched'], allowed: ['police', 'procurator', 'judge'], record: 'judgedSuspectIdNumber', covers: 'Suspect.idNumber' },
  { institution: 'court', field: 'caseSearch by defendant name', query: 'query($id: String!) { caseSearch(text: $id) { courtHits { matched } } }', path: ['caseSearch', 'courtHits', '0', 'matched'], allowed: ['police', 'procurator', 'judge'], record: 'judgedDefendantName', covers: 'CriminalTrial.defendantName' },
  // Supervision (issue 7): the facts thresholds test, the 以罚代刑 warning, the overdue steps, the 建议移送.
  { institution: 'enforcement', field: 'AdministrativeCase.conduct', query: 'query($id: ID!) { caseChain(id: $id) { administrativeCase { conduct } } }', path: ['caseChain', 'administrativeCase', 'conduct'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'AdministrativeCase.conduct' },
  { institution: 'enforcement', field: 'AdministrativeCase.salesAmount', query: 'query($id: ID!) { caseChain(id: $id) { administrativeCase { salesAmount } } }', path: ['caseChain', 'administrativeCase', 'salesAmount'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'AdministrativeCase.salesAmount' },
  { institution: 'enforcement', field: 'AdministrativeCase.unsoldGoodsValue', query: 'query($id: ID!) { caseChain(id: $id) { administrativeCase { unsoldGoodsValue } } }', path: ['caseChain', 'administrativeCase', 'unsoldGoodsValue'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'AdministrativeCase.unsoldGoodsValue' },
  // A warning: procurators, oversight and the agency (not the police or the courts).
  { institution: 'enforcement', field: 'SupervisionWarning', query: 'query($id: ID!) { caseChain(id: $id) { administrativeCase { supervisionWarning { raisedAt } } } }', path: ['caseChain', 'administrativeCase', 'supervisionWarning', 'raisedAt'], allowed: ['owner', 'procurator', 'oversight'], record: 'judgedChain', covers: 'SupervisionWarning', ...HIDDEN_FROM_OTHER },
  // Overdue steps of a unit: procurators and oversight; the agency its own (enforcement's field only).
  { institution: 'enforcement', field: 'OverdueSteps.enforcementSteps', query: 'query($id: String) { overdueSteps(org: $id) { enforcementSteps(first: 1) { totalCount } } }', path: ['overdueSteps', 'enforcementSteps', 'totalCount'], allowed: ['owner', 'procurator', 'oversight'], record: 'judgedAgency', covers: 'OverdueSteps.enforcementSteps' },
  { institution: 'police', field: 'OverdueSteps.policeSteps', query: 'query($id: String) { overdueSteps(org: $id) { policeSteps(first: 1) { totalCount } } }', path: ['overdueSteps', 'policeSteps', 'totalCount'], allowed: ['procurator', 'oversight'], record: 'judgedAgency', covers: 'OverdueSteps.policeSteps' },
  { institution: 'procuratorate', field: 'OverdueSteps.procuratorateSteps', query: 'query($id: String) { overdueSteps(org: $id) { procuratorateSteps(first: 1) { totalCount } } }', path: ['overdueSteps', 'procuratorateSteps', 'totalCount'], allowed: ['procurator', 'oversight'], record: 'judgedAgency', covers: 'OverdueSteps.procuratorateSteps' },
  { institution: 'court', field: 'OverdueSteps.courtSteps', query: 'query($id: String) { overdueSteps(org: $id) { courtSteps(first: 1) { totalCount } } }', path: ['overdueSteps', 'courtSteps', 'totalCount'], allowed: ['procurator', 'oversight'], record: 'judgedAgency', covers: 'OverdueSteps.courtSteps' },
  { institution: 'procuratorate', field: 'FilingSupervision', query: 'query($id: ID!) { caseChain(id: $id) { filingSupervision { explanationRequestNumber } } }', path: ['caseChain', 'filingSupervision', 'explanationRequestNumber'], allowed: ['owner', 'police', 'procurator', 'oversight'], record: 'judgedChain', covers: 'FilingSupervision', ...HIDDEN_FROM_OTHER },
  // Its texts may name persons: masked (张*) for the agency and oversight.
  ...(['reason', 'explanation', 'findingReason'] as const).map((field): FieldCase => ({
    institution: 'procuratorate', field: `FilingSupervision.${field}`, query: `query($id: ID!) { caseChain(id: $id) { filingSupervision { ${field} } } }`, path: ['caseChain', 'filingSupervision', field],
    allowed: ['owner', 'police', 'procurator', 'oversight'], masked: { owner: maskNames, oversight: maskNames }, record: 'judgedChain', covers: `FilingSupervision.${field}`, ...HIDDEN_FROM_OTHER,
  })),
  { institution: 'procuratorate', field: 'TransferSuggestion', query: 'query($id: ID!) { transferSuggestions(caseId: $id) { number } }', path: ['transferSuggestions', '0', 'number'], allowed: ['owner', 'procurator', 'oversight'], record: 'judgedCase', covers: 'TransferSuggestion', ...HIDDEN_FROM_OTHER },
  // 考核通报 (issue 7, item 5): oversight and procurators every row, an agency its own row; special campaigns for them and every agency.
  { institution: 'enforcement', field: 'Query.assessment', query: 'query($id: ID) { assessment(year: 2026, agencyId: $id) { rows { key } } }', path: ['assessment', 'rows', '0', 'key'], allowed: ['owner', 'procurator', 'oversight'], record: 'judgedAgency', covers: 'Query.assessment' },
  { institution: 'enforcement', field: 'AssessmentRow', query: 'query($id: ID) { assessment(year: 2026, agencyId: $id) { total { casesRegistered } } }', path: ['assessment', 'total', 'casesRegistered'], allowed: ['owner', 'procurator', 'oversight'], record: 'judgedAgency', covers: 'AssessmentRow' },
  { institution: 'enforcement', field: 'SpecialCampaign', query: 'query($id: ID!) { specialCampaign(id: $id) { name } }', path: ['specialCampaign', 'name'], allowed: ['owner', 'otherAgency', 'procurator', 'oversight'], record: 'campaign', covers: 'SpecialCampaign' },
  // court — an effective judgment is public, the defendant's name masked (for the originating agency too).
  { institution: 'court', field: 'CriminalTrial.defendantName (effective)', query: 'query($id: ID!) { caseChain(id: $id) { trial { judgment { verdict } defendantName } } }', path: ['caseChain', 'trial', 'defendantName'], allowed: CALLERS, masked: { public: maskName, owner: maskName, otherAgency: maskName, oversight: maskName }, record: 'judgedChain', covers: 'CriminalTrial.defendantName' },
  // The prosecution an effective judgment rests on is not public with it.
  { institution: 'court', field: 'CriminalTrial.prosecution (effective)', query: 'query($id: ID!) { caseChain(id: $id) { trial { prosecution { id } } } }', path: ['caseChain', 'trial', 'prosecution', 'id'], allowed: ['owner', 'police', 'procurator', 'judge', 'oversight'], record: 'judgedChain', covers: 'CriminalTrial.prosecution' },
  // Before effect: judges, procurators, police and the originating agency.
  { institution: 'court', field: 'CriminalTrial (not yet effective)', query: 'query($id: ID!) { caseChain(id: $id) { trial { judgment { verdict } } } }', path: ['caseChain', 'trial', 'judgment', 'verdict'], allowed: ['owner', 'police', 'procurator', 'judge'], record: 'notEffectiveTrial', covers: 'CriminalTrial', deniedAs: { public: 'hidden', otherAgency: 'hidden', oversight: 'hidden' } },
  // 核实上游记录 (issue 7, item 4): a trial's upstream records, confirmed against their issuers — judges and procurators.
  { institution: 'court', field: 'CriminalTrial.upstreamRecords', query: 'query($id: ID!) { caseChain(id: $id) { trial { upstreamRecords { id } } } }', path: ['caseChain', 'trial', 'upstreamRecords', '0', 'id'], allowed: ['procurator', 'judge'], record: 'judgedChain', covers: 'CriminalTrial.upstreamRecords' },
  { institution: 'procuratorate', field: 'ProcuratorateIssuedRecord', query: 'query($id: ID!) { caseChain(id: $id) { trial { upstreamRecords { ... on ProcuratorateIssuedRecord { served { digest } } } } } }', path: ['caseChain', 'trial', 'upstreamRecords', '0', 'served', 'digest'], allowed: ['procurator', 'judge'], record: 'judgedChain', covers: 'ProcuratorateIssuedRecord' },
  { institution: 'police', field: 'PoliceIssuedRecord', query: 'query($id: ID!) { caseChain(id: $id) { trial { upstreamRecords { ... on PoliceIssuedRecord { served { digest } } } } } }', path: ['caseChain', 'trial', 'upstreamRecords', '1', 'served', 'digest'], allowed: ['procurator', 'judge'], record: 'judgedChain', covers: 'PoliceIssuedRecord' },
  { institution: 'enforcement', field: 'EnforcementIssuedRecord', query: 'query($id: ID!) { caseChain(id: $id) { trial { upstreamRecords { ... on EnforcementIssuedRecord { served { digest } } } } } }', path: ['caseChain', 'trial', 'upstreamRecords', '2', 'served', 'digest'], allowed: ['procurator', 'judge'], record: 'judgedChain', covers: 'EnforcementIssuedRecord' },
  // The signed document an issuer serves names the persons, with their ID numbers.
  { institution: 'enforcement', field: 'ServedRecord.document', query: 'query($id: ID!) { caseChain(id: $id) { trial { upstreamRecords { ... on EnforcementIssuedRecord { served { document } } } } } }', path: ['caseChain', 'trial', 'upstreamRecords', '2', 'served', 'document'], allowed: ['procurator', 'judge'], record: 'judgedChain', covers: 'ServedRecord.document' },
  // The panel's deliberation notes: judges only.
  { institution: 'court', field: 'CriminalTrial.deliberationNotes', query: 'query($id: ID!) { caseChain(id: $id) { trial { deliberationNotes } } }', path: ['caseChain', 'trial', 'deliberationNotes'], allowed: ['judge'], record: 'judgedChain', covers: 'CriminalTrial.deliberationNotes' },
];

describe('the permission tests', () => {
  it('cover every @access rule of the supergraph', () => {
    const rules = readAccessRules(composeSupergraph());
    const declared = [...rules.types.keys(), ...rules.fields.keys()].sort();
    expect([...new Set(FIELDS.map((f) => f.covers))].sort()).toEqual(declared);
  });
});

const at = (data: any, path: string[]) => path.reduce((v, k) => (v === null || v === undefined ? v : v[k]), data);

for (const dialect of DIALECTS) {
  describe(`field-level permissions (${dialect})`, () => {
    let stack: Stack;
    let ids: Ids;
    let owners: Record<keyof Ids, string>;
    const ownerTokens = {} as Record<keyof Ids, string>;
    const tokens = {} as Record<Caller, string | undefined>;
    const viewers = {} as Record<Caller, Viewer>;
    let fullValues: Record<string, unknown> = {};

    beforeAll(async () => {
      stack = await startStack(dialect);
      const procurator = await stack.token('procurator', 'PP-421200');
      const list = await stack.query(
        '{ administrativeCases(first: 100) { edges { node { id caseNumber chain { id } agency { id } party { kind } decision { published } } } } }',
        {},
        procurator,
      );
      const nodes = list.data.administrativeCases.edges.map((e: any) => e.node);
      const unpublished = nodes.find((n: any) => n.decision && !n.decision.published);
      const published = nodes.find((n: any) => n.decision?.published && n.party.kind === 'PERSON');
      const chainQuery = 'query($id: ID!) { caseChain(id: $id) { administrativeCase { agency { id } } } }';
      const agencyOfChain = async (chainId: string) =>
        (await stack.query(chainQuery, { id: chainId }, procurator)).data.caseChain.administrativeCase.agency.id as string;
      // A second judged chain, made not yet effective (as just after judgment) for the before-effect rule.
      const court = stack.subgraphs.court!.database.db;
      const notEffective = await court.selectFrom('criminalTrial').select('chainId').where('chainId', '!=', CHAIN.judged).orderBy('chainId').executeTakeFirstOrThrow();
      await court.updateTable('criminalTrial').set({ effectiveAt: null, appealed: true }).where('chainId', '=', notEffective.chainId).execute();
      // Seeded transfers have no exchanges with the police after arrival: the judged chain's is given some, for the visibility checks.
      await stack.subgraphs.enforcement!.database.db.updateTable('caseTransfer')
        .set({
          missingMaterials: ['检验报告'], seizedItems: ['不合格电线电缆300卷'], reconsiderationReason: '已达立案追诉标准', policeCloseReason: '没有犯罪事实',
          reason: '货值金额达到立案追诉标准', refusalReason: '（复核前曾不予批准）',
        })
        .where('chainId', '=', CHAIN.judged).execute();
      // Seeded records have no steps or opinions (a seeded chain that reached the court has its 移送书, signed and delivered): the published case gets a step and an opinion.
      const enforcementDb = stack.subgraphs.enforcement!.database.db;
      const judgedTransfer = await enforcementDb.selectFrom('caseTransfer').select(['id', 'chainId', 'agencyId', 'policeBureauCode']).where('chainId', '=', CHAIN.judged).executeTakeFirstOrThrow();
      // … and the receipt the police sent back, as the agency's inbox keeps it.
      const receipt = await signDocument({
        id: `TRANSFER_RECEIPT:${judgedTransfer.id}:${judgedTransfer.policeBureauCode}`, kind: 'TRANSFER_RECEIPT', title: '涉嫌犯罪案件移送书回执', number: '咸安公（经）受字〔2024〕9号',
        sender: 'police', senderOrg: judgedTransfer.policeBureauCode, receiver: 'enforcement', receiverOrg: judgedTransfer.agencyId,
        chainId: judgedTransfer.chainId, subjectId: judgedTransfer.id.replace(/^TR-/, 'PC-'), issuedAt: '2024-03-01T10:00:00+08:00', content: {}, upstream: [], nextStep: null,
      }, stack.documentKeys.police!.privateKey);
      await enforcementDb.insertInto('handoffInbox').values({
        id: receipt.document.id, sender: 'police', kind: 'TRANSFER_RECEIPT', chainId: judgedTransfer.chainId,
        document: JSON.stringify(receipt.document) as never, digest: receipt.digest, signature: receipt.signature,
      }).execute();
      const decisions = await stack.query('{ publishedDecisions(first: 100) { edges { node { partyKind agency { id } } } } }', {}, procurator);
      const newestByAgency = new Map<string, string>();
      for (const e of decisions.data.publishedDecisions.edges) if (!newestByAgency.has(e.node.agency.id)) newestByAgency.set(e.node.agency.id, e.node.partyKind);
      const personAgency = [...newestByAgency].find(([, kind]) => kind === 'PERSON')![0];
      // A reconsidered case whose party is a person, whom its texts name.
      const personChains = new Set((await stack.subgraphs.enforcement!.database.db.selectFrom('administrativeCase').select('chainId').where('partyKind', '=', 'PERSON').execute()).map((r) => r.chainId));
      const reconsidered = (await stack.subgraphs.police!.database.db.selectFrom('reconsideration').innerJoin('policeCase', 'policeCase.id', 'reconsideration.policeCaseId')
        .select('policeCase.chainId').where('reconsideration.reason', 'is not', null).orderBy('policeCase.chainId').execute()).find((r) => personChains.has(r.chainId))!;
      ids = {
        publishedPersonAgency: personAgency, unpublishedCase: unpublished.id, publishedPersonCase: published.id, judgedChain: CHAIN.judged,
        notEffectiveTrial: notEffective.chainId, unpublishedChain: unpublished.chain.id, reconsideredChain: reconsidered.chainId, notProsecutedChain: CHAIN.notProsecuted,
        unpublishedCaseNumber: unpublished.caseNumber,
        judgedPartyIdNumber: (await stack.subgraphs.enforcement!.database.db.selectFrom('administrativeCase').select('partyIdNumber').where('chainId', '=', CHAIN.judged).executeTakeFirstOrThrow()).partyIdNumber,
        judgedSuspectIdNumber: (await stack.subgraphs.police!.database.db.selectFrom('suspect').innerJoin('policeCase', 'policeCase.id', 'suspect.policeCaseId')
          .select('suspect.idNumber').where('policeCase.chainId', '=', CHAIN.judged).orderBy('suspect.id').executeTakeFirstOrThrow()).idNumber,
        judgedDefendantName: (await court.selectFrom('criminalTrial').select('defendantName').where('chainId', '=', CHAIN.judged).executeTakeFirstOrThrow()).defendantName,
        judgedCase: judgedTransfer.id.replace(/^TR-/, 'AC-'),
        judgedAgency: judgedTransfer.agencyId,
        campaign: (await stack.query('{ specialCampaigns { id } }', {}, procurator)).data.specialCampaigns[0].id,
      };
      // Supervision (issue 7): the judged case's facts as a threshold reads them, a warning on it (as before its transfer) and a 建议移送.
      await enforcementDb.updateTable('administrativeCase').set({ conduct: '销售假冒注册商标的商品', salesFen: '6000000', unsoldValueFen: '100000' }).where('chainId', '=', CHAIN.judged).execute();
      await enforcementDb.insertInto('supervisionWarning').values({
        caseId: ids.judgedCase, chainId: CHAIN.judged, agencyId: judgedTransfer.agencyId, criteria: ['SUBSTANDARD-SALES'], catalogueVersion: 1, raisedAt: new Date('2024-02-01T02:00:00Z'),
        closedAt: null, closeReason: null, suggestionDocumentId: null, suggestionNumber: null, suggestionProcuratorate: null, suggestionReason: null,
        suggestionReceivedAt: null, answerTransfer: null, answerReason: null, answeredAt: null,
      }).execute();
      await stack.subgraphs.procuratorate!.database.db.insertInto('transferSuggestion').values({
        id: `TRANSFER_SUGGESTION:${ids.judgedCase}:咸安检行建〔2024〕1号`, number: '咸安检行建〔2024〕1号', chainId: CHAIN.judged, caseId: ids.judgedCase,
        agencyId: judgedTransfer.agencyId, procuratorateCode: 'PP-421202', reason: '建议移送', sentAt: new Date('2024-02-02T02:00:00Z'),
        answerDueAt: new Date('2024-04-02T15:59:59Z'), answerTransfer: null, answerReason: null, answeredAt: null,
      }).execute();
      const publishedRow = await enforcementDb.selectFrom('administrativeCase').select(['chainId', 'agencyId', 'registeredAt']).where('id', '=', published.id).executeTakeFirstOrThrow();
      await openTasks(enforcementDb, [{
        chainId: publishedRow.chainId, entity: 'AdministrativeCase', recordId: published.id, step: 'decidePenalty', title: '作出行政处罚决定',
        org: publishedRow.agencyId, startedAt: publishedRow.registeredAt, period: { count: 90, unit: 'days', article: '行政处罚法第六十条' },
      }]);
      await enforcementDb.insertInto('procuratorialOpinion').values({
        documentId: `PROCURATORIAL_OPINION:PR-9${published.id.slice(4)}`, caseId: published.id, prosecutionCaseId: `PR-9${published.id.slice(4)}`,
        procuratorateCode: 'PP-421202', opinion: '建议依法给予行政处罚', receivedAt: new Date('2025-01-06T02:00:00Z'), repliedAt: null, reply: null,
      } as never).execute();
      owners = {
        publishedPersonAgency: personAgency,
        unpublishedCase: unpublished.agency.id,
        publishedPersonCase: published.agency.id,
        judgedChain: await agencyOfChain(CHAIN.judged),
        notEffectiveTrial: await agencyOfChain(notEffective.chainId),
        unpublishedChain: unpublished.agency.id,
        reconsideredChain: await agencyOfChain(reconsidered.chainId),
        notProsecutedChain: await agencyOfChain(CHAIN.notProsecuted),
        unpublishedCaseNumber: unpublished.agency.id,
        judgedPartyIdNumber: await agencyOfChain(CHAIN.judged),
        judgedSuspectIdNumber: await agencyOfChain(CHAIN.judged),
        judgedDefendantName: await agencyOfChain(CHAIN.judged),
        judgedCase: await agencyOfChain(CHAIN.judged),
        judgedAgency: await agencyOfChain(CHAIN.judged),
        campaign: await agencyOfChain(CHAIN.judged),
      };
      // 立案监督 (issue 7, item 3): a supervision case on the judged chain's police case, its reasons received.
      const judgedIndex = CHAIN.judged.slice(3);
      const suspect = (await stack.subgraphs.police!.database.db.selectFrom('suspect').select('name').where('idNumber', '=', ids.judgedSuspectIdNumber).executeTakeFirstOrThrow()).name;
      await stack.subgraphs.procuratorate!.database.db.insertInto('filingSupervision').values({
        id: `FS-${judgedIndex}`, chainId: CHAIN.judged, policeCaseId: `PC-${judgedIndex}`, bureauCode: 'PB-421202', agencyId: owners.judgedChain,
        procuratorateCode: 'PP-421202', reason: `${suspect}销售金额已达立案追诉标准，应当立案`, openedAt: new Date('2024-01-20T02:00:00Z'),
        explanationRequestedAt: new Date('2024-01-20T03:00:00Z'), explanationRequestNumber: '咸安检立监要〔2024〕1号',
        explanation: `${suspect}（身份证号码 ${ids.judgedSuspectIdNumber}）的犯罪事实证据不足`, explainedAt: new Date('2024-01-25T03:00:00Z'),
        finding: 'NOT_SOUND', findingReason: `${suspect}销售金额经核实为六十万元`, reviewedAt: new Date('2024-01-26T03:00:00Z'), personNames: [suspect],
      }).execute();
      // … and the police's own texts on it, naming the same suspect; the reconsidered case's request names its party.
      const policeDb = stack.subgraphs.police!.database.db;
      await policeDb.updateTable('policeCase').set({
        closeReason: `${suspect}没有犯罪事实`, explanationRequestReason: `${suspect}涉嫌犯罪，应当立案`, nonFilingExplanation: `${suspect}的行为情节显著轻微`,
      }).where('chainId', '=', CHAIN.judged).execute();
      const reconsideredParty = await stack.subgraphs.enforcement!.database.db.selectFrom('administrativeCase').select('partyName').where('chainId', '=', ids.reconsideredChain).executeTakeFirstOrThrow();
      await policeDb.updateTable('reconsideration').set({ requestReason: `${reconsideredParty.partyName}的销售金额已达立案追诉标准` })
        .where('policeCaseId', '=', `PC-${ids.reconsideredChain.slice(3)}`).execute();
      const names = [
        ...(await stack.subgraphs.police!.database.db.selectFrom('suspect').select('name').execute()),
        ...(await stack.subgraphs.enforcement!.database.db.selectFrom('administrativeCase').select('partyName as name').where('partyKind', '=', 'PERSON').execute()),
      ].map((r: { name: string }) => r.name);
      personNames.push(...[...new Set(names)].sort((a, b) => b.length - a.length));
      const agencies = (await stack.query('{ agencies { id } }')).data.agencies.map((a: any) => a.id as string);
      const otherAgency = agencies.find((a: string) => !Object.values(owners).includes(a))!;
      const ownerAgency = owners.judgedChain;
      const role: Record<Exclude<Caller, 'public'>, [Exclude<Role, 'public'>, string]> = {
        owner: ['enforcement', ownerAgency],
        otherAgency: ['enforcement', otherAgency],
        police: ['police', 'PB-421202'],
        procurator: ['procurator', 'PP-421200'],
        judge: ['judge', 'CO-421202'],
        oversight: ['oversight', 'LA-421200'],
      };
      const institution: Record<string, string> = { enforcement: 'enforcement', police: 'police', procurator: 'procuratorate', judge: 'court', oversight: 'oversight' };
      tokens.public = undefined;
      viewers.public = { subject: null, institution: null, org: null, roles: ['public'], region: null };
      for (const [caller, [r, org]] of Object.entries(role) as [Caller, [Exclude<Role, 'public'>, string]][]) {
        tokens[caller] = await stack.token(r, org);
        viewers[caller] = { subject: `test-${caller}`, institution: institution[r]!, org, roles: [r], region: '421200' };
      }
      for (const key of Object.keys(owners) as (keyof Ids)[]) ownerTokens[key] = await stack.token('enforcement', owners[key]);
      // The full values, as the first allowed of judge, procurator and the owner sees them, for the masking checks.
      fullValues = {};
      for (const f of FIELDS) {
        const res = await stack.query(f.query, { id: ids[f.record] }, f.allowed.includes('judge') ? tokens.judge : f.allowed.includes('procurator') ? tokens.procurator : ownerTokens[f.record]);
        fullValues[f.field] = at(res.data, f.path);
      }
    });
    afterAll(() => stack?.stop());

    describe.each(FIELDS.map((f) => [f.institution, f.field, f] as const))('%s: %s', (_institution, _field, f) => {
      it.each(CALLERS)('as %s, through the gateway', async (caller) => {
        const res = await stack.query(f.query, { id: ids[f.record] }, caller === 'owner' ? ownerTokens[f.record] : tokens[caller]);
        expect(res.status).toBe(200);
        const value = at(res.data, f.path);
        if (f.allowed.includes(caller)) {
          expect(value).not.toBeNull();
          expect(value).not.toBeUndefined();
          const mask = f.masked?.[caller];
          expect(value).toEqual(mask ? mask(String(fullValues[f.field])) : fullValues[f.field]);
          expect(res.errors ?? []).toEqual([]);
        } else {
          expect(value ?? null).toBeNull();
          expect(JSON.stringify(res.data)).not.toContain(String(fullValues[f.field]));
          const as = f.deniedAs?.[caller];
          if (as === 'hidden') {
            expect(res.errors ?? []).toEqual([]); // as if the record did not exist
            return;
          }
          const refused = (res.errors ?? []).filter((e) => e.extensions?.code === (as ?? 'FORBIDDEN'));
          expect(refused.length).toBeGreaterThan(0);
          expect(refused[0]!.path!.length).toBeGreaterThan(0);
        }
      });
    });

    // The same denials, asked of the owning subgraph directly with a valid assertion.
    const direct: { institution: string; query: string; path: string[]; deniedTo: Caller[]; allowedTo: Caller[]; hiddenFrom?: Caller[] }[] = [
      { institution: 'police', query: '{ policeCase(id: "PC-0000005") { caseNumber investigationNotes } }', path: ['policeCase', 'investigationNotes'], deniedTo: ['judge', 'oversight', 'owner', 'public'], allowedTo: ['police', 'procurator'] },
      { institution: 'police', query: '{ policeCase(id: "PC-0000005") { suspects { name idNumber } } }', path: ['policeCase', 'suspects', '0', 'idNumber'], deniedTo: ['oversight', 'owner', 'public'], allowedTo: ['police', 'judge'], hiddenFrom: ['otherAgency'] },
      { institution: 'procuratorate', query: '{ prosecutionCase(id: "PR-0000005") { reviewOpinion } }', path: ['prosecutionCase', 'reviewOpinion'], deniedTo: ['police', 'judge', 'oversight', 'owner', 'public'], allowedTo: ['procurator'] },
      { institution: 'court', query: '{ criminalTrial(id: "CT-0000005") { deliberationNotes } }', path: ['criminalTrial', 'deliberationNotes'], deniedTo: ['procurator', 'police', 'oversight', 'owner', 'public'], allowedTo: ['judge'] },
      { institution: 'enforcement', query: '{ caseTransfer(id: "TR-0000005") { materials } }', path: ['caseTransfer', 'materials'], deniedTo: ['public'], allowedTo: ['oversight', 'owner'], hiddenFrom: ['otherAgency'] },
    ];
    describe.each(direct.map((d) => [d.institution, d.query, d] as const))('%s subgraph called directly: %s', (_i, _q, d) => {
      const ask = async (caller: Caller): Promise<GraphQLResponse> => {
        const assertion = await signAssertion(viewers[caller], d.institution, stack.gatewayKeys.privateKey);
        return post(stack.subgraphs[d.institution]!.url, { query: d.query }, { authorization: `Bearer ${assertion}` });
      };
      it.each(d.deniedTo)('refuses it to %s', async (caller) => {
        const res = await ask(caller);
        expect(res.status).toBe(200);
        expect(at(res.data, d.path) ?? null).toBeNull();
        expect(res.errors?.some((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
      });
      if (d.hiddenFrom) {
        it.each(d.hiddenFrom)('answers %s as if the record did not exist', async (caller) => {
          const res = await ask(caller);
          expect(res.errors).toBeUndefined();
          expect(res.data![d.path[0]!]).toBeNull();
        });
      }
      it.each(d.allowedTo)('serves it to %s', async (caller) => {
        const res = await ask(caller);
        expect(res.errors).toBeUndefined();
        expect(at(res.data, d.path)).toBeTruthy();
      });
    });

    it('leaves out of lists the cases a caller may not see', async () => {
      const q = '{ administrativeCases(first: 100) { totalCount edges { node { id agency { id } decision { published } } } } }';
      const other = await stack.query(q, {}, tokens.otherAgency);
      const all = await stack.query(q, {}, tokens.procurator);
      const agencyOf = (await stack.query('{ administrativeCases(first: 1) { edges { node { agency { id } } } } }', {}, tokens.otherAgency));
      expect(agencyOf.errors).toBeUndefined();
      const visible = other.data.administrativeCases.edges.map((e: any) => e.node);
      expect(other.errors).toBeUndefined();
      expect(visible.length).toBeLessThan(all.data.administrativeCases.edges.length);
      expect(visible.every((n: any) => n.agency.id === viewers.otherAgency.org || n.decision?.published)).toBe(true);
      expect(other.data.administrativeCases.totalCount).toBe(visible.length);
      const pub = await stack.query(q, {});
      expect(pub.data.administrativeCases.edges.every((e: any) => e.node.decision.published)).toBe(true);
    });

    it('does not ask any subgraph for a field the gateway knows is denied', async () => {
      stack.statements();
      stack.plans.length = 0;
      const res = await stack.query('query Pruned($id: ID!) { caseChain(id: $id) { id policeCase { investigationNotes } trial { deliberationNotes } } }', { id: CHAIN.judged });
      const plan = JSON.stringify(stack.plans.find((p) => p.operationName === 'Pruned')!.plan);
      expect(plan).not.toContain('"serviceName":"police"');
      expect(plan).not.toContain('deliberationNotes');
      expect(res.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([
        ['caseChain.policeCase', 'FORBIDDEN'],
        ['caseChain.trial.deliberationNotes', 'FORBIDDEN'],
      ]);
      const counts = stack.statements();
      expect(counts.police).toBe(0); // the public may never see a police case: police was not called
      expect(res.data.caseChain.id).toBe(CHAIN.judged);
    });
  });
}
