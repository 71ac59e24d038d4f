export * from './supergraph';
export * from './contract';
export * from './permissions-doc';
