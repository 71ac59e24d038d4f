/** GraphQL documents are bundled as text (build.mjs). */
declare module '*.graphql' {
  const text: string;
  export default text;
}
