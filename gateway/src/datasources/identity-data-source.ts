import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { signAssertion } from '@xianjie/subgraph-kit';
import type { CryptoKey } from 'jose';
import type { GatewayContext } from '../gateway-context';

/**
 * Calls a subgraph with the verified identity as a short-lived assertion signed by the
 * gateway and addressed to that subgraph alone; the user's own token is never forwarded.
 */
export class IdentityDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly assertionKey: CryptoKey,
  ) {
    super({ url });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const viewer = 'viewer' in context && context.viewer ? context.viewer : undefined;
    if (!viewer || !request.http) return; // health checks: no identity, and subgraphs will refuse them
    const requestId = 'requestId' in context ? String(context.requestId) : undefined;
    request.http.headers.set('authorization', `Bearer ${await signAssertion(viewer, this.subgraph, this.assertionKey, requestId)}`);
  }
}
