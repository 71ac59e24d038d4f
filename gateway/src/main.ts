import { gatewayOptionsFromEnv } from './config';
import { startGateway } from './create-gateway';

(async () => {
  const options = await gatewayOptionsFromEnv();
  const running = await startGateway(options);
  console.log(`[gateway] serving ${running.url} (supergraph ${options.supergraphPath}${options.development ? ', development: sandbox on' : ''})`);
  const stop = () => running.stop().then(() => process.exit(0), () => process.exit(1));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
})().catch((error: Error) => {
  console.error(`[gateway] failed to start: ${error.message}`);
  process.exit(1);
});
