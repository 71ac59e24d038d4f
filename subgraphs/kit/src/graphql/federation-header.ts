/**
 * The head every institution's SDL starts with: federation 2 links, the shared scalars,
 * and the `@access` directive each institution uses to declare who may read its data.
 *
 * `@access` is our own directive, kept in the supergraph with `@composeDirective`:
 * federation's `@requiresScopes`/`@policy` make `@apollo/gateway` refuse the supergraph
 * (UNSUPPORTED_LINKED_FEATURE). Every subgraph enforces its own `@access` rules itself,
 * and the gateway reads them from the supergraph to drop fields it knows are denied.
 */
export const ACCESS_SPEC_URL = 'https://xianjie.example/access/v1.0';

export const federationHeader = /* GraphQL */ `
extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@composeDirective", "@listSize", "@external", "@requires"])
  @link(url: "${ACCESS_SPEC_URL}", import: ["@access"])
  @composeDirective(name: "@access")

"""
Who may read a type or field. Every field of every type carries a rule, its own or its
type's (the key fields of another institution's record excepted). Roles: public,
enforcement, police, procurator, judge, oversight. A caller reads a value in full when:
- its role is in \`allow\`; or
- \`owner\` names a field of the record holding an agency id, and the caller is an
  enforcement officer of that agency.
It reads the value masked as \`mask\` says (PERSON_NAME: 张*; PERSON_NAMES_IN_TEXT: the
names of the persons the record's field \`names\` lists, and resident ID numbers, masked
inside a text) when its role is in \`masked\`, or when \`publicWhen\` names a boolean field
of the record that is true (in full there if no \`mask\` is given). Otherwise the field is
null with a FORBIDDEN error; a record of a type the caller may not read answers as one
that does not exist. Two markers stand alone: \`public: true\` (nothing protected: anyone)
and \`inherit: true\` (no rule of its own: read with the record that holds it). A rule on
an interface is the rule of every type that implements it and declares none of its own.
"""
directive @access(
  allow: [String!]
  owner: String
  masked: [String!]
  publicWhen: String
  mask: String
  names: String
  public: Boolean
  inherit: Boolean
) on OBJECT | INTERFACE | FIELD_DEFINITION

"""
What an argument that selects records (a lookup, a filter, an order) reads: a path of
fields from a type, e.g. "AdministrativeCase.transfer". A caller who may not read every
step of it in full is refused (FORBIDDEN) when it gives the argument, so a filter, an
order or a count never uses what the caller may not see. Subgraph-only (not composed).
"""
directive @reads(path: String!) on ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION

"""
What a search field compares its record's \`text\` with, for each kind of text the kit
reads (readSearchText: a linkage number, a case or document number, an ID number or credit
code, a name): paths of fields as in @reads. A text of a kind whose paths the caller may
not read in full is refused (FORBIDDEN); a kind without paths finds nothing there; a
record found is answered only when the caller reads every step of the path that matched
it in full. Subgraph-only (not composed).
"""
directive @searches(chain: [String!], number: [String!], identity: [String!], name: [String!]) on FIELD_DEFINITION

"An amount in yuan as a decimal string with two decimals (\\"50000.00\\"), stored as integer fen."
scalar Money
"An ISO 8601 date-time with a UTC offset, e.g. \\"2024-03-01T09:00:00+08:00\\"; answered in UTC (\\"2024-03-01T01:00:00.000Z\\")."
scalar DateTime

"""
A step of the linkage that a unit owes, with its statutory deadline: due from the event it
follows, counted as its article says (working days, calendar days moved past a holiday,
hours), in Beijing time.
"""
type WorkflowStep @shareable @access(inherit: true) {
  "The step, as its mutation is named, e.g. decideFiling."
  step: String!
  "The step as people call it, e.g. 立案决定."
  title: String!
  "The unit that owes it (agency id, bureau, procuratorate or court code)."
  org: String!
  "The article that sets the period, e.g. 国务院令第310号第八条."
  article: String!
  "The event it follows."
  startedAt: DateTime!
  dueAt: DateTime!
  doneAt: DateTime
  "Done after its due time, or not done and past it."
  late: Boolean!
  "The due day falls in a year whose holiday notice is not published yet."
  provisional: Boolean!
  "The record it is taken on: its type and id, and its chain."
  entity: String!
  recordId: ID!
  chainId: ID!
  "The chain it belongs to (衔接案件), as visible as its administrative case."
  chain: CaseChain!
}

"""
A record a search found (caseSearch): its chain, the field that matched and the record's
own number. Each institution answers for its own records, by their own rules.
"""
type SearchHit @shareable @access(inherit: true) {
  chain: CaseChain!
  "The field that matched, as officials call it, e.g. 处罚决定书文号, 立案决定书文号, 犯罪嫌疑人身份证号, 被告人姓名."
  field: String!
  "The value that matched, as the record holds it (e.g. 咸安市监罚决〔2024〕12号)."
  matched: String!
  "The record found: AdministrativeCase, CaseTransfer, PoliceCase, ProsecutionCase or CriminalTrial."
  recordType: String!
  recordId: ID!
  "The record's case number as written, e.g. （2024）鄂1202刑初123号; null while it has none."
  number: String
}

type PageInfo @shareable @access(public: true) {
  hasNextPage: Boolean!
  endCursor: String
}

"A page of steps owed, soonest due first."
type WorkflowStepConnection @shareable @access(inherit: true) {
  totalCount: Int!
  edges: [WorkflowStepEdge!]!
  pageInfo: PageInfo!
}

type WorkflowStepEdge @shareable @access(inherit: true) {
  cursor: String!
  node: WorkflowStep!
}

"""
A document handed from one institution to another (移送书, 立案通知书 …), signed with the
sender's key. The sender sees its delivery; the receiver keeps what it received.
"""
type HandoffDocument @shareable @access(inherit: true) {
  id: ID!
  "e.g. CASE_TRANSFER"
  kind: String!
  "e.g. 涉嫌犯罪案件移送书"
  title: String!
  "e.g. 咸安市监移〔2026〕3号"
  number: String!
  sender: String!
  senderOrg: String!
  receiver: String!
  receiverOrg: String!
  issuedAt: DateTime!
  "SHA-256 of the document's canonical JSON."
  digest: String!
  "PENDING, DELIVERED or REJECTED as the sender sees it; RECEIVED for the receiver's copy."
  deliveryState: String!
  deliveredAt: DateTime
  attempts: Int!
  "Why the last delivery failed, or why the receiver refused it."
  lastError: String
  "The step it asks of the receiver, when that is due and by which article."
  nextStep: String
  nextStepDueAt: DateTime
  nextStepArticle: String
  "The documents it rests on (the 移送书 an 起诉意见书 follows …), by id and digest, as signed."
  upstream: [UpstreamDocument!]! @listSize(assumedSize: 2)
}

"A document another rests on: its id and the SHA-256 digest it had when the later one was signed."
type UpstreamDocument @shareable @access(inherit: true) {
  id: ID!
  "Null where it rests on a record from before the platform (seeded), of which no signed copy exists: not available."
  digest: String
}

"""
A record an institution sent another, as it serves it now, for the court's confirmation
(核实上游记录): the signed document as its outbox keeps it, and the digests of the parts of
its own record the document states (facts, party, amounts, penalty, charges …), computed
from the record as it stands now.
"""
type ServedRecord @shareable @access(inherit: true) {
  "The signed document, canonical JSON (the bytes signed): it names the persons concerned, with their ID numbers."
  document: String! @access(allow: ["judge", "procurator"])
  "SHA-256 of the document's canonical JSON."
  digest: String!
  "A detached JWS (ES256) by the issuing institution's key."
  signature: String!
  "Each part's SHA-256 from the record now; null when the record is gone."
  current: [RecordPartDigest!] @listSize(assumedSize: 4)
}

"The SHA-256 of one part of a record (canonical JSON; money in fen)."
type RecordPartDigest @shareable @access(inherit: true) {
  "e.g. facts, penalty, charges"
  part: String!
  digest: String!
}
`;
