import { confirmationResolvers } from './confirmation';
import { mergeResolvers, type SubgraphModule } from '@xianjie/subgraph-kit';
import type { CourtDatabase } from './db/database';
import { migrations } from './db/migrations';
import { createLoaders, type CourtLoaders } from './loaders';
import { resolvers } from './resolvers';
import { name, typeDefs } from './schema';
import { assessmentResolvers } from './assessment';
import { searchResolvers } from './search';
import { supervisionResolvers } from './supervision';
import { seed } from './seed';
import { inbox, workflowResolvers } from './workflow';

/** The courts subgraph (法院). */
export const subgraph: SubgraphModule<CourtDatabase, CourtLoaders> = {
  name,
  typeDefs,
  resolvers: mergeResolvers<SubgraphModule['resolvers']>(resolvers, confirmationResolvers, workflowResolvers, searchResolvers, supervisionResolvers, assessmentResolvers),
  migrations,
  createLoaders,
  seed,
  inbox,
};
