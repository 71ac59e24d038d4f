export * from './schema';
export { subgraph } from './subgraph';
