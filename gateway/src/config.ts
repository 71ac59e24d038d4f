import { readFileSync } from 'node:fs';
import path from 'node:path';
import { admissionLimitsFromEnv, checkProductionConfig, gatewayPort, INSTITUTION_NAMES, loadOrCreateDevKeys, metricsEndpointFromEnv, operationLimitsFromEnv, repoRoot, usablePort } from '@xianjie/subgraph-kit';
import { DEV_AUDIENCE, DEV_ISSUER, jwksConfig } from './auth/user-token';
import type { GatewayOptions } from './create-gateway';


function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');
}

/**
 * The gateway's configuration from flags and the environment:
 * - `--supergraph PATH` or XIANJIE_SUPERGRAPH (default schema/supergraph.graphql);
 * - XIANJIE_GATEWAY_PORT (4000), XIANJIE_HOST, XIANJIE_WEB_DIR (the console's files, web/dist), XIANJIE_<SUBGRAPH>_URL, XIANJIE_SUBGRAPH_TIMEOUT_MS (10000);
 * - the operation limits, XIANJIE_MAX_TOKENS and the others of `operationLimitsFromEnv`;
 * - how many requests are worked on at once: XIANJIE_MAX_IN_FLIGHT (64), XIANJIE_MAX_QUEUED
 *   (1000) and XIANJIE_QUEUE_TIMEOUT_MS (10000), per process (`admissionLimitsFromEnv`);
 * - /metrics: XIANJIE_GATEWAY_METRICS_PORT or XIANJIE_METRICS_PORT (`metricsEndpointFromEnv`);
 *   XIANJIE_TRUST_TRACEPARENT=true continues a caller's trace;
 * - production (NODE_ENV=production): XIANJIE_JWKS_URL, XIANJIE_JWT_ISSUER,
 *   XIANJIE_JWT_AUDIENCE and XIANJIE_GATEWAY_PRIVATE_KEY (PKCS#8 PEM);
 *   otherwise development keys in .xianjie/keys, created on first start.
 */
export async function gatewayOptionsFromEnv(argv = process.argv.slice(2), env = process.env): Promise<GatewayOptions & { supergraphPath: string }> {
  const supergraphPath = path.resolve(flag(argv, 'supergraph') ?? env.XIANJIE_SUPERGRAPH ?? path.join(repoRoot, 'schema', 'supergraph.graphql'));
  const production = env.NODE_ENV === 'production';
  const subgraphUrls: Record<string, string> = {};
  for (const name of INSTITUTION_NAMES) {
    const variable = `XIANJIE_${name.toUpperCase()}_URL`;
    const url = env[variable];
    if (!url) continue;
    const { port } = new URL(url);
    if (port) usablePort(port, `The port of ${variable}`);
    subgraphUrls[name] = url;
  }
  let userTokens;
  let assertionKey;
  let devIssuerKey;
  if (production) {
    checkProductionConfig('gateway', env);
    userTokens = jwksConfig(env.XIANJIE_JWKS_URL!, env.XIANJIE_JWT_ISSUER!, env.XIANJIE_JWT_AUDIENCE!);
    const { importPKCS8 } = await import('jose');
    assertionKey = await importPKCS8(env.XIANJIE_GATEWAY_PRIVATE_KEY!, 'ES256');
  } else {
    const issuer = await loadOrCreateDevKeys('issuer');
    userTokens = { key: issuer.publicKey, issuer: DEV_ISSUER, audience: DEV_AUDIENCE };
    devIssuerKey = issuer.privateKey;
    assertionKey = (await loadOrCreateDevKeys('gateway')).privateKey;
  }
  return {
    supergraphPath,
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    subgraphUrls,
    assertionKey,
    userTokens,
    port: gatewayPort(env),
    host: env.XIANJIE_HOST ?? '127.0.0.1',
    development: !production,
    devIssuerKey,
    webDir: env.XIANJIE_WEB_DIR ?? path.join(repoRoot, 'web', 'dist'),
    subgraphTimeoutMs: env.XIANJIE_SUBGRAPH_TIMEOUT_MS ? Number(env.XIANJIE_SUBGRAPH_TIMEOUT_MS) : undefined,
    limits: operationLimitsFromEnv(env),
    admission: admissionLimitsFromEnv(env),
    metrics: metricsEndpointFromEnv('gateway', env),
    trustTraceparent: env.XIANJIE_TRUST_TRACEPARENT === 'true',
  };
}
