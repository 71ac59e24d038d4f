// The developers' GraphQL IDE (GraphiQL), bundled so it works with no network; the gateway
// serves it at /graphql to a browser in development only. Queries go to this origin's
// /graphql; a token goes in the Headers tab: {"authorization": "Bearer …"}.
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const fetcher = createGraphiQLFetcher({ url: `${location.origin}/graphql` });
const token = sessionStorage.getItem('xianjie.token');
const defaultQuery = `# 衔接 GraphQL 调试台（开发环境）。令牌填在下方 Headers：{"authorization": "Bearer …"}
query CaseChain($id: ID!) {
  caseChain(id: $id) {
    id
    administrativeCase { caseNumber agency { name } decision { fineAmount } }
    policeCase { caseNumber filing { decision } }
    prosecution { caseNumber decision charges }
    trial { caseNumber judgment { verdict fineAmount fineOffsetAmount } }
  }
}
`;
createRoot(document.getElementById('ide')).render(
  createElement(GraphiQL, {
    fetcher,
    defaultQuery,
    variables: '{ "id": "XJ-0000005" }',
    headers: token ? JSON.stringify({ authorization: `Bearer ${token}` }, null, 2) : undefined,
    shouldPersistHeaders: false,
  }),
);
