import { confirmationResolvers } from './confirmation';
import { mergeResolvers, type SubgraphModule } from '@xianjie/subgraph-kit';
import type { EnforcementDatabase } from './db/database';
import { migrations } from './db/migrations';
import { createLoaders, type EnforcementLoaders } from './loaders';
import { resolvers } from './resolvers';
import { name, typeDefs } from './schema';
import { assessmentResolvers } from './assessment';
import { searchResolvers } from './search';
import { seed } from './seed';
import { supervisionInbox, supervisionResolvers } from './supervision';
import { inbox, judgmentInbox, policeReplyInbox, policeReplyResolvers, reverseLinkageInbox, reverseLinkageResolvers, workflowResolvers } from './workflow';

/** The enforcement agencies' subgraph (行政执法). */
export const subgraph: SubgraphModule<EnforcementDatabase, EnforcementLoaders> = {
  name,
  typeDefs,
  resolvers: mergeResolvers<SubgraphModule['resolvers']>(resolvers, confirmationResolvers, workflowResolvers, policeReplyResolvers, reverseLinkageResolvers, searchResolvers, supervisionResolvers, assessmentResolvers),
  migrations,
  createLoaders,
  seed,
  inbox: { ...inbox, ...policeReplyInbox, ...reverseLinkageInbox, ...judgmentInbox, ...supervisionInbox },
};
