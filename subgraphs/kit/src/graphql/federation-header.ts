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
`;
