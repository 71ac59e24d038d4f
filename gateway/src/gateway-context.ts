import type { RequestObservation, Viewer } from '@xianjie/subgraph-kit';

export interface GatewayContext {
  viewer: Viewer;
  requestId: string;
  /** The request's ids and logger (`observation.log`), and what the metrics count. */
  observation: RequestObservation;
}
