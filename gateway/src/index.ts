export * from './auth/user-token';
export * from './config';
export * from './create-gateway';
export * from './gateway-context';
export * from './access/prune-denied-fields';
export * from './access/supergraph-access-rules';
export * from './web/serve-web';
export { createHttpFetcher, SUBGRAPH_IDLE_MS } from './datasources/http-fetcher';
export { operationMemo } from './operation-memo';
