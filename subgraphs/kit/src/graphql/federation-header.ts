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
  @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@composeDirective"])
  @link(url: "${ACCESS_SPEC_URL}", import: ["@access"])
  @composeDirective(name: "@access")

"""
Who may read a type or field. Roles: public, enforcement, police, procurator, judge,
oversight. A caller may read when:
- its role is in \`allow\`; or
- \`owner\` names a field of the record holding an agency id, and the caller is an
  enforcement officer of that agency; or
- \`publicWhen\` names a boolean field of the record that is true; the value is then
  masked as \`mask\` says (PERSON_NAME: 张*) for callers not admitted otherwise.
Otherwise the field is null with a FORBIDDEN error; a list leaves the record out.
"""
directive @access(allow: [String!]!, owner: String, publicWhen: String, mask: String) on OBJECT | FIELD_DEFINITION

"An amount in yuan as a decimal string with two decimals (\\"50000.00\\"), stored as integer fen."
scalar Money
"An ISO 8601 date-time in UTC."
scalar DateTime

"""
A step of the linkage that a unit owes, with its statutory deadline: due from the event it
follows, counted as its article says (working days, calendar days moved past a holiday,
hours), in Beijing time.
"""
type WorkflowStep @shareable {
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
}

type PageInfo @shareable {
  hasNextPage: Boolean!
  endCursor: String
}

"A page of steps owed, soonest due first."
type WorkflowStepConnection @shareable {
  totalCount: Int!
  edges: [WorkflowStepEdge!]!
  pageInfo: PageInfo!
}

type WorkflowStepEdge @shareable {
  cursor: String!
  node: WorkflowStep!
}

"""
A document handed from one institution to another (移送书, 立案通知书 …), signed with the
sender's key. The sender sees its delivery; the receiver keeps what it received.
"""
type HandoffDocument @shareable {
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
}
`;
