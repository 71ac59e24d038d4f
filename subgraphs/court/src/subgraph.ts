import type { SubgraphModule } from '@xianjie/subgraph-kit';
import type { CourtDatabase } from './db/database';
import { migrations } from './db/migrations';
import { createLoaders, type CourtLoaders } from './loaders';
import { resolvers } from './resolvers';
import { name, typeDefs } from './schema';
import { seed } from './seed';

/** The courts subgraph (法院). */
export const subgraph: SubgraphModule<CourtDatabase, CourtLoaders> = {
  name,
  typeDefs,
  resolvers: resolvers as SubgraphModule['resolvers'],
  migrations,
  createLoaders,
  seed,
};
