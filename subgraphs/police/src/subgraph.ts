import type { SubgraphModule } from '@xianjie/subgraph-kit';
import type { PoliceDatabase } from './db/database';
import { migrations } from './db/migrations';
import { createLoaders, type PoliceLoaders } from './loaders';
import { resolvers } from './resolvers';
import { name, typeDefs } from './schema';
import { seed } from './seed';

/** The public security subgraph (公安). */
export const subgraph: SubgraphModule<PoliceDatabase, PoliceLoaders> = {
  name,
  typeDefs,
  resolvers: resolvers as SubgraphModule['resolvers'],
  migrations,
  createLoaders,
  seed,
};
