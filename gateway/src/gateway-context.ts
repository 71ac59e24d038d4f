import type { Viewer } from '@xianjie/subgraph-kit';

export interface GatewayContext {
  viewer: Viewer;
  requestId: string;
}
