import type { SubgraphModule } from '@xianjie/subgraph-kit';
import type { EnforcementDatabase } from './db/database';
import { migrations } from './db/migrations';
import { createLoaders, type EnforcementLoaders } from './loaders';
import { resolvers } from './resolvers';
import { name, typeDefs } from './schema';
import { seed } from './seed';

/** The enforcement agencies' subgraph (行政执法). */
export const subgraph: SubgraphModule<EnforcementDatabase, EnforcementLoaders> = {
  name,
  typeDefs,
  resolvers: resolvers as SubgraphModule['resolvers'],
  migrations,
  createLoaders,
  seed,
};
