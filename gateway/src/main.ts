import { serviceLogger, stopWithParent, tracingFromEnv } from '@xianjie/subgraph-kit';
import { gatewayOptionsFromEnv } from './config';
import { startGateway } from './create-gateway';

const log = serviceLogger('gateway');
const tracing = tracingFromEnv('gateway');
(async () => {
  const options = await gatewayOptionsFromEnv();
  const running = await startGateway(options);
  log.info(`serving ${running.url} (supergraph ${options.supergraphPath}${options.development ? ', development: GraphQL IDE and /dev/token on' : ''}${running.metricsUrl ? `; metrics at ${running.metricsUrl}` : ''}${tracing ? '; traces exported by OTLP' : ''})`);
  stopWithParent(async () => {
    await running.stop();
    await tracing?.shutdown();
  });
})().catch((error: Error) => {
  log.fatal(`failed to start: ${error.message}`);
  process.exit(1);
});
