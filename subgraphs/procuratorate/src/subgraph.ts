import { confirmationResolvers } from './confirmation';
import { mergeResolvers, type SubgraphModule } from '@xianjie/subgraph-kit';
import type { ProcuratorateDatabase } from './db/database';
import { migrations } from './db/migrations';
import { createLoaders, type ProcuratorateLoaders } from './loaders';
import { resolvers } from './resolvers';
import { name, typeDefs } from './schema';
import { assessmentResolvers } from './assessment';
import { searchResolvers } from './search';
import { filingSupervisionInbox, filingSupervisionResolvers } from './filing-supervision';
import { supervisionInbox, supervisionResolvers } from './supervision';
import { seed } from './seed';
import { inbox, workflowResolvers } from './workflow';

/** The procuratorate subgraph (检察院). */
export const subgraph: SubgraphModule<ProcuratorateDatabase, ProcuratorateLoaders> = {
  name,
  typeDefs,
  resolvers: mergeResolvers<SubgraphModule['resolvers']>(resolvers, confirmationResolvers, workflowResolvers, searchResolvers, supervisionResolvers, filingSupervisionResolvers, assessmentResolvers),
  migrations,
  createLoaders,
  seed,
  inbox: { ...inbox, ...supervisionInbox, ...filingSupervisionInbox },
};
