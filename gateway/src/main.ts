import cluster from 'node:cluster';
import { metricsEndpointFromEnv, runServiceProcesses, serveClusterMetrics, serviceLogger, tracingFromEnv, workerCount } from '@xianjie/subgraph-kit';
import { gatewayOptionsFromEnv } from './config';
import { startGateway } from './create-gateway';

// On XIANJIE_WORKERS processes (every core in production): the primary checks the
// configuration (and makes the development keys) once, and serves the workers' metrics
// summed; each worker serves the port.
const log = serviceLogger('gateway');
const metrics = metricsEndpointFromEnv('gateway');
runServiceProcesses({
  name: 'gateway',
  workers: workerCount(process.env),
  prepare: async () => void (await gatewayOptionsFromEnv()),
  primary: async () => (metrics ? serveClusterMetrics(metrics) : undefined),
  serve: async () => {
    const tracing = tracingFromEnv('gateway');
    const options = await gatewayOptionsFromEnv();
    const running = await startGateway({ ...options, metrics: cluster.isWorker ? undefined : options.metrics, shareMetrics: cluster.isWorker && options.metrics !== undefined });
    log.info(`serving ${running.url} (supergraph ${options.supergraphPath}${options.development ? ', development: GraphQL IDE and /dev/token on' : ''}${running.metricsUrl ? `; metrics at ${running.metricsUrl}` : ''}${tracing ? '; traces exported by OTLP' : ''})`);
    return {
      stop: async () => {
        await running.stop();
        await tracing?.shutdown();
      },
    };
  },
});
