import { runSubgraphMain } from '@xianjie/subgraph-kit';
import { subgraph } from './subgraph';

runSubgraphMain(subgraph);
