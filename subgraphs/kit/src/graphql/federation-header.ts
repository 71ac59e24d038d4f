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
  @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@composeDirective", "@listSize"])
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
and \`inherit: true\` (no rule of its own: read with the record that holds it).
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
) on OBJECT | FIELD_DEFINITION

"""
What an argument that selects records (a lookup, a filter, an order) reads: a path of
fields from a type, e.g. "AdministrativeCase.transfer". A caller who may not read every
step of it in full is refused (FORBIDDEN) when it gives the argument, so a filter, an
order or a count never uses what the caller may not see. Subgraph-only (not composed).
"""
directive @reads(path: String!) on ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION

"An amount in yuan as a decimal string with two decimals (\\"50000.00\\"), stored as integer fen."
scalar Money
"An ISO 8601 date-time with a UTC offset, e.g. \\"2024-03-01T09:00:00+08:00\\"; answered in UTC (\\"2024-03-01T01:00:00.000Z\\")."
scalar DateTime
`;
