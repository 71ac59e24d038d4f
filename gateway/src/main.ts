import { runServiceProcesses, workerCount } from '@xianjie/subgraph-kit';
import { gatewayOptionsFromEnv } from './config';
import { startGateway } from './create-gateway';

// On XIANJIE_WORKERS processes (every core in production): the primary checks the
// configuration (and makes the development keys) once, each worker serves the port.
runServiceProcesses({
  name: 'gateway',
  workers: workerCount(process.env),
  prepare: async () => void (await gatewayOptionsFromEnv()),
  serve: async () => {
    const options = await gatewayOptionsFromEnv();
    const running = await startGateway(options);
    console.log(`[gateway] serving ${running.url} (supergraph ${options.supergraphPath}${options.development ? ', development: GraphQL IDE and /dev/token on' : ''})`);
    return running;
  },
});
