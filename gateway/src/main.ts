import { stopWithParent } from '@xianjie/subgraph-kit';
import { gatewayOptionsFromEnv } from './config';
import { startGateway } from './create-gateway';

(async () => {
  const options = await gatewayOptionsFromEnv();
  const running = await startGateway(options);
  console.log(`[gateway] serving ${running.url} (supergraph ${options.supergraphPath}${options.development ? ', development: GraphQL IDE and /dev/token on' : ''})`);
  stopWithParent(() => running.stop());
})().catch((error: Error) => {
  console.error(`[gateway] failed to start: ${error.message}`);
  process.exit(1);
});
