import path from 'node:path';
import { loadSdl } from '@xianjie/subgraph-kit';

export const name = 'enforcement';
export const typeDefs = loadSdl(path.join(__dirname, 'schema.graphql'), path.join(__dirname, 'workflow.graphql'), path.join(__dirname, 'search.graphql'), path.join(__dirname, 'supervision.graphql'), path.join(__dirname, 'assessment.graphql'), path.join(__dirname, 'confirmation.graphql'));
